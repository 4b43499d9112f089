"""Every feature is always installed: nothing may turn a missing piece into a quiet wrong answer.

A missing module fails at import and a missing template at compile time (below), so neither
can hide behind an `except ImportError` or an `{% include ... ignore missing %}`.
"""
import re
from pathlib import Path

import pytest
from jinja2 import meta

ROOT = Path(__file__).resolve().parents[1]
GUARDS = [
    (re.compile(r"except\s*\(?[^:\n]*\bImportError\b"), ("contest", "bench", "scripts", "wsgi.py")),
    (re.compile(r"ignore\s+missing"), ("templates",)),
    (re.compile(r"\bis\s+defined\b|\burl_map_endpoints\b"), ("templates",)),
]


def _files(places):
    for place in places:
        path = ROOT / place
        yield from ([path] if path.is_file() else (p for p in path.rglob("*") if p.is_file()
                                                    and p.suffix in {".py", ".html", ".txt", ".xml"}))


@pytest.mark.parametrize("pattern, places", GUARDS, ids=["except-ImportError", "ignore-missing",
                                                          "is-defined"])
def test_no_silent_optional_feature(pattern, places):
    found = [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}"
             for path in _files(places) for text in [path.read_text()] for m in pattern.finditer(text)]
    assert found == []


def test_the_patterns_catch_what_they_are_for():
    samples = ["except ImportError:", "except (ImportError, OSError):", "except ModuleNotFoundError, ImportError:"]
    assert all(GUARDS[0][0].search(s) for s in samples)
    assert GUARDS[1][0].search('{% include "x.html" ignore missing %}')
    assert GUARDS[2][0].search("{% if f is defined %}") and GUARDS[2][0].search("url_map_endpoints")


def test_every_template_compiles_and_names_only_templates_that_exist(app):
    """A syntax error fails here, and so does an include, extends or import of a missing template
    (Jinja itself would only notice when that branch is rendered)."""
    env = app.jinja_env
    names = set(env.list_templates())
    assert len(names) > 50
    missing = []
    for name in sorted(names):
        env.get_template(name)
        source = env.loader.get_source(env, name)[0]
        missing += [f"{name} -> {ref}" for ref in meta.find_referenced_templates(env.parse(source))
                    if ref is not None and ref not in names]
    assert missing == []


def test_a_missing_include_fails_to_render(app):
    from jinja2 import TemplateNotFound

    template = app.jinja_env.from_string('{% include "gallery/_no_such_part.html" %}')
    with app.test_request_context(), pytest.raises(TemplateNotFound):
        template.render()
