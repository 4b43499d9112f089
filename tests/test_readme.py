"""Every image and relative link in the README (and deploy/README.md) points at a file in the repo."""
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [path for path in (ROOT / "README.md", ROOT / "deploy" / "README.md") if path.exists()]
# [text](target) and ![alt](target), optionally with a "title"; <img src="..."> too
MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_SRC = re.compile(r"<(?:img|a)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", re.IGNORECASE)


def _targets(doc):
    text = re.sub(r"```.*?```", "", doc.read_text(), flags=re.DOTALL)  # code blocks are not links
    return [*MARKDOWN_LINK.findall(text), *HTML_SRC.findall(text)]


def _relative(target):
    return not re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) and not target.startswith("#")


def test_the_readme_exists_and_shows_screenshots():
    assert (ROOT / "README.md") in DOCS
    images = [t for t in _targets(ROOT / "README.md") if t.endswith(".png")]
    assert len(images) >= 6 and all(t.startswith("docs/screenshots/") for t in images)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_and_image_exists(doc):
    missing = []
    for target in _targets(doc):
        if not _relative(target):
            continue
        path = (doc.parent / target.split("#")[0].split("?")[0]).resolve()
        if not path.exists() or ROOT not in path.parents:
            missing.append(target)
    assert not missing, f"{doc.name} links to missing files: {missing}"


def test_screenshots_stay_small_and_are_not_ignored_by_git():
    shots = sorted((ROOT / "docs" / "screenshots").glob("*.png"))
    assert shots
    for shot in shots:
        assert shot.stat().st_size < 200 * 1024, f"{shot.name} is {shot.stat().st_size // 1024} KB"
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    ignored = subprocess.run(["git", "check-ignore", *map(str, shots)], cwd=ROOT, capture_output=True,
                             text=True, check=False)  # exit 1: none ignored
    assert ignored.stdout == "", f"ignored by .gitignore: {ignored.stdout}"
