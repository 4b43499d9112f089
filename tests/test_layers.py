"""The feature packages form layers: a package imports only packages in lower layers.

The import graph is read from the source (every `import`, including those inside functions),
so a cycle cannot hide behind a function-level import. Where a lower package needs an answer
from a higher one, the higher one registers with it (media/access.py for who may watch,
entries/hooks.py for what blocks a submission and what the entrant's pages show).
"""
import ast
from pathlib import Path

CONTEST = Path(__file__).resolve().parents[1] / "contest"

# Lowest first. A package may import any package in a lower layer, none in its own or higher.
LAYERS = [
    ["notifications", "privacy-records"],  # the mail outbox; consents, access log, withdrawals
    ["contests"],       # editions, phases, timeline, prizes
    ["accounts"],       # users, roles, ASN profile
    ["entries"],        # an entrant's entries; offers hooks to the features above
    ["media"],          # videos of entries; offers the access-policy registry
    ["judging"],        # rounds, scorecards, results
    ["voting"],         # Video Terfavorit
    ["gallery", "certificates"],  # public pages; e-sertifikat
    ["main", "privacy", "console"],  # home page; Data Saya, erasure, exports; committee console
    ["demo"],           # seeds every feature; no feature imports it
]
LAYER = {package: level for level, packages in enumerate(LAYERS) for package in packages}
# Modules that sit in another layer than the rest of their package: the privacy records every
# feature writes, while the rest of privacy (erasure, exports, inventory) reads every feature.
MODULE_LAYER = {"contest.privacy.models": "privacy-records", "contest.privacy.consents": "privacy-records",
                "contest.privacy.access_log": "privacy-records"}

# Modules directly under contest/ are infrastructure below every feature (extensions, errors,
# actions, aftercommit, timeutil, ...), except these, which assemble the app from the features.
COMPOSITION = {"contest", "contest.web", "contest.cli", "contest.models", "contest.health"}
# tasks.py is below the features (they register their tasks on its queue); only a bare worker
# thread with no bound app makes one through create_app().
ALLOWED = {("contest.tasks", "contest")}


def module_name(path):
    parts = list(path.relative_to(CONTEST.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path):
    """Every contest.* module `path` imports, anywhere in the file, relative ones resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            # `from . import services` imports the module contest.x.services
            found |= {target} | {f"{target}.{alias.name}" for alias in node.names}
    return {m for m in found if m == "contest" or m.startswith("contest.")}


def graph():
    return {module_name(p): imports(p) for p in CONTEST.rglob("*.py")}


def feature_of(module):
    """'judging' for contest.judging and contest.judging.views; None for contest.extensions."""
    for prefix, unit in MODULE_LAYER.items():
        if module == prefix or module.startswith(prefix + "."):
            return unit
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in LAYER else None


def test_every_feature_package_has_a_layer():
    packages = {p.parent.name for p in CONTEST.glob("*/__init__.py")}
    assert packages == set(LAYER) - set(MODULE_LAYER.values())


def test_features_import_only_lower_layers():
    wrong = []
    for module, targets in graph().items():
        source = feature_of(module)
        for target in targets:
            dest = feature_of(target)
            if source and dest and source != dest and LAYER[dest] >= LAYER[source]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_infrastructure_modules_import_no_feature():
    wrong = []
    for module, targets in graph().items():
        if feature_of(module) or module in COMPOSITION:
            continue
        for target in targets:
            if (feature_of(target) or target in COMPOSITION) and (module, target) not in ALLOWED:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_import_cycle_between_modules():
    """No cycle at all among the modules below the app factory (within a package too)."""
    edges = {m: {t for t in targets if t not in COMPOSITION} for m, targets in graph().items()
             if m not in COMPOSITION}
    edges = {m: {t for t in targets if t in edges and t != m} for m, targets in edges.items()}
    state, cycles = {}, []

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(edges[node]):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_checker_sees_function_level_and_relative_imports():
    """The graph reader itself: relative imports at both depths, and imports inside functions."""
    found = imports(CONTEST / "media" / "tus.py")
    assert {"contest.media.uploads", "contest.aftercommit", "contest.contests.services"} <= found
    assert "contest" in imports(CONTEST / "tasks.py")  # from contest import create_app, in a function
    assert "contest.demo" in imports(CONTEST / "cli.py")  # from .demo import seed_demo, in a function
