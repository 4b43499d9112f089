"""Modules stay short enough to read: a file nearing 400 lines wants splitting (STYLE.md)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 400


def test_no_module_is_over_the_limit():
    too_long = {}
    for folder in ("contest", "tests", "bench", "scripts", "migrations"):
        for path in (ROOT / folder).rglob("*.py"):
            if "versions" in path.parts:
                continue  # Alembic writes whole schemas in one revision
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LIMIT:
                too_long[str(path.relative_to(ROOT))] = lines
    assert not too_long, f"split these by what they do: {too_long}"
