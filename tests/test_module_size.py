"""Modules stay short enough to read: a file nearing 400 lines wants splitting, a package past ~15
modules wants sub-packages (STYLE.md)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 400
PACKAGE_LIMIT = 15  # modules in one folder, __init__.py aside


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


def test_no_package_holds_more_than_fifteen_modules():
    crowded = {}
    for init in (ROOT / "contest").rglob("__init__.py"):
        count = sum(1 for path in init.parent.glob("*.py") if path.name != "__init__.py")
        if count > PACKAGE_LIMIT:
            crowded[str(init.parent.relative_to(ROOT))] = count
    assert not crowded, f"gather these into sub-packages by concept: {crowded}"
