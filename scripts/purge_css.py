"""Build static/css/bootstrap.purged.css: Bootstrap's CSS with only the rules our pages can use.

The full bootstrap.min.css is 233 KB and render-blocking, >90 % unused. A rule is kept when every
class its selector names appears as a word in the sources: the templates, our JavaScript, the
Python code (flash categories, badge colours), and the classes Bootstrap's JavaScript adds to the
components the pages use (JS_ADDED: the navbar's collapse, dismissible alerts). A class built in a
template (`alert-{{ category }}`) keeps every Bootstrap class with that prefix. @keyframes, :root
variables and element rules stay.

    .venv/bin/python scripts/purge_css.py          # rewrite the file (`make purge-css`)
    .venv/bin/python scripts/purge_css.py --check  # exit 1 if it is out of date

tests/test_static_css.py fails when a template starts using a Bootstrap class the file lacks.
"""
import re
import sys
from pathlib import Path

import tinycss2

ROOT = Path(__file__).resolve().parents[1]
BOOTSTRAP = ROOT / "static" / "vendor" / "bootstrap-5.3.9"
SOURCE_CSS = BOOTSTRAP / "bootstrap.min.css"
TARGET = ROOT / "static" / "css" / "bootstrap.purged.css"
SOURCES = [("templates", "*.html"), ("static/js", "*.js"), ("contest", "*.py")]
# Added at run time by bootstrap.bundle.js (collapse, alert, and the transitions they run).
JS_ADDED = {"show", "showing", "hiding", "fade", "collapse", "collapsing", "collapse-horizontal",
            "collapsed", "active", "disabled", "was-validated", "is-invalid", "is-valid"}
HEADER = ("/*! Bootstrap v5.3.9 (https://getbootstrap.com/) | Copyright 2011-2026 The Bootstrap Authors"
          " | Licensed under MIT (https://github.com/twbs/bootstrap/blob/main/LICENSE)"
          " | only the rules this site uses: scripts/purge_css.py */\n")

WORD = re.compile(r"[A-Za-z0-9_-]+")
BUILT_PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9-]*-)\{\{")  # class="alert-{{ category }}"
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def source_texts():
    for folder, pattern in SOURCES:
        for path in sorted((ROOT / folder).rglob(pattern)):
            yield path.read_text(encoding="utf-8", errors="replace")


def used_words():
    """(words, prefixes): every word in the sources, and the prefixes templates build classes on."""
    words, prefixes = set(JS_ADDED), set()
    for text in source_texts():
        words.update(WORD.findall(text))
        prefixes.update(BUILT_PREFIX.findall(text))
    return words, tuple(sorted(prefixes))


def _selector_used(selector, words, prefixes):
    return all(name in words or name.startswith(prefixes) for name in CLASS.findall(selector))


def _split_selectors(prelude):
    """Top-level comma-separated selectors of a rule's prelude (commas inside :is() stay)."""
    parts, depth, current = [], 0, []
    for char in prelude:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _purge(rules, words, prefixes):
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            kept = [s for s in _split_selectors(tinycss2.serialize(rule.prelude))
                    if _selector_used(s, words, prefixes)]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content).strip() + "}")
        elif rule.type == "at-rule":
            prelude = tinycss2.serialize(rule.prelude).strip()
            if rule.content is None:
                out.append(f"@{rule.at_keyword} {prelude};")
            elif rule.lower_at_keyword in ("media", "supports", "container", "layer"):
                inner = _purge(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                        skip_whitespace=True), words, prefixes)
                if inner:
                    out.append(f"@{rule.at_keyword} {prelude}{{{''.join(inner)}}}")
            else:  # @keyframes, @font-face: kept whole
                out.append(f"@{rule.at_keyword} {prelude}{{{tinycss2.serialize(rule.content).strip()}}}")
    return out


def purged_css():
    """The purged stylesheet's text, from the current sources."""
    words, prefixes = used_words()
    rules = tinycss2.parse_stylesheet(SOURCE_CSS.read_text(encoding="utf-8"), skip_comments=True,
                                      skip_whitespace=True)
    kept = [r for r in _purge(rules, words, prefixes) if not r.startswith("@charset")]
    return '@charset "UTF-8";' + HEADER + "\n".join(kept) + "\n"


if __name__ == "__main__":
    text = purged_css()
    if "--check" in sys.argv[1:]:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} kedaluwarsa: jalankan `make purge-css`")
            sys.exit(1)
        sys.exit(0)
    TARGET.write_text(text, encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(text.encode()) // 1024} KB "
          f"(dari {SOURCE_CSS.stat().st_size // 1024} KB)")
