"""Pages ship only the Bootstrap rules they use (static/css/bootstrap.purged.css, built by
scripts/purge_css.py), and that file is current: a template that starts using a Bootstrap class
the file lacks fails here until `make purge-css` is run."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("purge_css", ROOT / "scripts" / "purge_css.py")
purge_css = importlib.util.module_from_spec(spec)
spec.loader.exec_module(purge_css)


def test_the_purged_stylesheet_is_current():
    assert purge_css.TARGET.read_text(encoding="utf-8") == purge_css.purged_css(), \
        "static/css/bootstrap.purged.css is out of date: run `make purge-css`"


def test_it_keeps_what_pages_use_and_drops_the_rest():
    css = purge_css.TARGET.read_text(encoding="utf-8")
    assert "Licensed under MIT" in css  # Bootstrap's licence notice travels with its code
    for used in (".navbar-toggler{", ".btn-primary{", ".alert-danger{", ".visually-hidden-focusable",
                 ".collapsing{", ".card-body{", ".is-invalid"):
        assert used in css, used
    for unused in (".carousel", ".popover", ".offcanvas-backdrop", ".toast{", ".accordion-button"):
        assert unused not in css, unused
    assert len(css.encode()) < purge_css.SOURCE_CSS.stat().st_size / 2


def test_base_template_links_the_purged_file():
    base = (ROOT / "templates" / "base.html").read_text()
    assert "css/bootstrap.purged.css" in base and "bootstrap.min.css" not in base


def test_a_class_built_in_a_template_keeps_its_whole_family():
    words, prefixes = purge_css.used_words()
    assert "alert-" in prefixes and "bg-" in prefixes  # alert-{{ category }}, bg-{{ colour }}
    assert purge_css._selector_used(".alert-warning .alert-link", set(), prefixes)
    assert not purge_css._selector_used(".carousel-item.active", words, prefixes)
