"""requirements.txt is what production installs: the app's imports, nothing of the test toolchain,
and the same direct dependencies pyproject.toml declares."""
import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
TEST_ONLY = {"pytest", "hypothesis", "playwright", "tuspy", "pypdf", "zxing-cpp", "ruff", "requests"}
RUNTIME_CODE = ("contest", "migrations", "wsgi.py")


def canon(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(path):
    """{canonical name: (pin line, 'via' note or None)} for one requirements file (no -r)."""
    pins = {}
    for raw in path.read_text().splitlines():
        line, _, comment = raw.partition("#")
        line = line.strip()
        if not line or line.startswith("-r"):
            continue
        name, sep, version = line.partition("==")
        assert sep and version, f"{path.name}: {raw!r} is not pinned with =="
        via = comment.strip()[4:] if comment.strip().startswith("via ") else None
        pins[canon(name)] = (line, via)
    return pins


def runtime():
    return parse(ROOT / "requirements.txt")


def dev():
    return parse(ROOT / "requirements-dev.txt")


def imported_modules():
    """Top-level module names imported by the code production runs (absolute imports only)."""
    names = set()
    files = [p for part in RUNTIME_CODE for p in ((ROOT / part).rglob("*.py") if (ROOT / part).is_dir()
                                                  else [ROOT / part])]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"contest"}


def test_no_test_only_package_in_requirements():
    assert not TEST_ONLY & set(runtime())
    assert "bleach" not in runtime()  # unmaintained upstream; nh3 sanitizes


def test_dev_requirements_build_on_the_runtime_and_add_the_test_toolchain():
    text = (ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in text.splitlines()
    assert {"pytest", "hypothesis", "playwright", "tuspy", "pypdf", "zxing-cpp"} <= set(dev())
    assert not set(dev()) & set(runtime()), "a package pinned in both files"


def _single_module(module):
    """A distribution that is one extension module (vpdq's .so): Python 3.11 does not map it."""
    try:
        return {canon(importlib.metadata.distribution(module).name)}
    except importlib.metadata.PackageNotFoundError:
        return set()


def test_every_runtime_import_is_a_direct_dependency():
    distributions = importlib.metadata.packages_distributions()
    direct = {name for name, (_, via) in runtime().items() if via is None}
    missing = {}
    for module in imported_modules():
        provided_by = {canon(d) for d in distributions.get(module, [])} or _single_module(module)
        assert provided_by, f"nothing installed provides {module!r}"
        if not provided_by & direct:
            missing[module] = sorted(provided_by)
    assert not missing, f"imported by the app but not a direct dependency in requirements.txt: {missing}"


def test_pins_match_what_is_installed_and_via_notes_are_true():
    """Every pin is the installed version, and a `# via X` line really is required by X."""
    pins = runtime() | dev()
    for name, (line, via) in pins.items():
        assert importlib.metadata.version(name) == line.partition("==")[2], line
        for parent in (via or "").split(","):
            if parent.strip():
                requires = importlib.metadata.requires(parent.strip()) or []
                assert name in {canon(Requirement(r).name) for r in requires}, f"{line}: not needed by {parent}"


def test_runtime_requirements_are_closed_under_their_dependencies():
    """Installing requirements.txt alone pulls in nothing unpinned (no extras, no markers that apply)."""
    pins = runtime()
    for name in pins:
        for raw in importlib.metadata.requires(name) or []:
            req = Requirement(raw)
            if req.marker and not req.marker.evaluate({"extra": ""}):
                continue
            assert canon(req.name) in pins, f"{name} needs {req.name}, not pinned in requirements.txt"


def test_pyproject_declares_the_direct_runtime_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {canon(Requirement(r).name) for r in project["dependencies"]}
    direct = {name for name, (_, via) in runtime().items() if via is None}
    assert declared == direct
