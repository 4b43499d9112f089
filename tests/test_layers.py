"""The packages form layers: a package imports only packages in lower layers, at every level.

The import graph is read from the source (every `import`, including those inside functions),
so a cycle cannot hide behind a function-level import. Where a lower package needs an answer
from a higher one, the higher one registers with it (media/access.py for who may watch,
entries/hooks.py for what blocks a submission and what the entrant's pages show).

Three levels are checked: the feature packages of contest/ (LAYERS), the sub-packages inside a
feature (SUBLAYERS), and the modules themselves (no cycle at all).
"""
import ast
from pathlib import Path

CONTEST = Path(__file__).resolve().parents[1] / "contest"

# Lowest first. A package may import any package in a lower layer, none in its own or higher.
LAYERS = [
    ["core"],           # config, extensions, the queue, errors, time, text; core/http: view helpers
    ["notifications", "records"],  # the mail outbox; consents, publication withdrawals, access log
    ["contests"],       # editions, phases, timeline, prizes
    ["accounts"],       # users, roles, ASN profile
    ["entries"],        # an entrant's entries; offers hooks to the features above
    ["media"],          # videos of entries; offers the access-policy registry
    ["judging"],        # rounds, panel, checks, scoring, results, pairwise final
    ["voting"],         # Video Terfavorit
    ["gallery", "certificates"],  # public pages; e-sertifikat
    ["main", "privacy", "console"],  # home page; Data Saya, erasure, duties; committee console
    ["demo"],           # seeds every feature; no feature imports it
]
LAYER = {package: level for level, packages in enumerate(LAYERS) for package in packages}

# Inside a feature, its sub-packages are layered the same way, lowest first; modules directly in
# the feature package (media's pipeline, privacy's erasure, ...) are the feature's own root and
# may use its sub-packages. Two kinds of module are above the order: views (a page may gather
# several parts, as the round page shows panel, assignment and calibration) and models (the
# tables are one schema: recusing a judge touches a scorecard, editing a rubric asks whether
# cards exist). What the order governs is the domain code that gives the tables meaning.
SUBLAYERS = {
    "core": [["http"]],
    "judging": [["rounds"], ["checks"], ["panel"], ["pairwise"], ["scoring"], ["results"]],
    "media": [["uploads", "quality"], ["hls", "captions"]],
    "privacy": [["duties"]],
}

# Modules directly under contest/ assemble the app from the features; everything else is in a package.
COMPOSITION = {"contest", "contest.web", "contest.cli", "contest.models", "contest.health"}
# The queue is below the features (they register their tasks on it); only a bare worker thread
# with no bound app makes one through create_app().
ALLOWED = {("contest.core.tasks", "contest")}


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


def is_package(module):
    return (CONTEST.parent / module.replace(".", "/") / "__init__.py").exists()


def feature_of(module):
    """'judging' for contest.judging and contest.judging.scoring.views; None for contest.web."""
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in LAYER else None


def part_of(module):
    """The sub-package inside its feature: 'scoring' for contest.judging.scoring.views (and for the
    package contest.judging.scoring itself); None for a module at the feature's root."""
    parts = module.split(".")
    return parts[2] if len(parts) >= 3 and is_package(".".join(parts[:3])) else None


def real_module(name):
    """contest.judging.scoring.models for contest.judging.scoring.models.Scorecard (a name in it)."""
    path = CONTEST.parent / name.replace(".", "/")
    return name if path.with_suffix(".py").exists() or (path / "__init__.py").exists() else name.rpartition(".")[0]


def kind_of(module):
    """'views' for any *views module, 'models' for any models module, else 'domain'."""
    leaf = module.rpartition(".")[2]
    return "views" if leaf.endswith("views") else "models" if leaf == "models" else "domain"


def cycles_of(edges):
    """Every cycle a depth-first walk meets in {node: {successors}} (empty when there is none)."""
    state, found = {}, []

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def feature_edges():
    """{feature: {features it imports}}, read from every module (the package-level graph)."""
    edges = {}
    for module, targets in graph().items():
        source = feature_of(module)
        for target in targets:
            dest = feature_of(target)
            if source and dest and source != dest:
                edges.setdefault(source, set()).add(dest)
    return edges


def part_edges(feature):
    """[(module, target, source part, target part)] between two sub-packages of one feature,
    leaving out what SUBLAYERS' order does not govern (imports made by views, imports of models)."""
    found = []
    for module, targets in graph().items():
        if feature_of(module) != feature or kind_of(module) == "views":
            continue
        for target in targets:
            source, dest = part_of(module), part_of(target)
            if (feature_of(target) == feature and source and dest and source != dest
                    and kind_of(real_module(target)) != "models"):
                found.append((module, target, source, dest))
    return found


def test_every_feature_package_has_a_layer():
    packages = {p.parent.name for p in CONTEST.glob("*/__init__.py")}
    assert packages == set(LAYER)


def test_only_the_app_assembly_sits_loose_in_contest():
    """Infrastructure lives in core/; the modules directly under contest/ only assemble the app."""
    loose = {module_name(p) for p in CONTEST.glob("*.py")}
    assert loose == COMPOSITION


def test_features_import_only_lower_layers():
    wrong = []
    for module, targets in graph().items():
        source = feature_of(module)
        for target in targets:
            dest = feature_of(target)
            if source and dest and source != dest and LAYER[dest] >= LAYER[source]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_the_package_graph_has_no_cycle():
    """At package level: accounts writes consents into records/, which imports no accounts."""
    assert cycles_of(feature_edges()) == []


def test_core_imports_no_feature_and_not_the_app_assembly():
    wrong = []
    for module, targets in graph().items():
        if feature_of(module) != "core":
            continue
        for target in targets:
            if (feature_of(target) not in (None, "core") or target in COMPOSITION) and (module, target) not in ALLOWED:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_every_sub_package_has_a_sub_layer():
    found = {}
    for init in CONTEST.glob("*/*/__init__.py"):
        found.setdefault(init.parent.parent.name, set()).add(init.parent.name)
    listed = {feature: {part for level in levels for part in level} for feature, levels in SUBLAYERS.items()}
    assert found == listed


def test_sub_packages_import_only_lower_sub_layers():
    wrong = []
    for feature, levels in SUBLAYERS.items():
        level = {part: n for n, parts in enumerate(levels) for part in parts}
        wrong += [f"{module} -> {target}" for module, target, source, dest in part_edges(feature)
                  if level[dest] >= level[source]]
    assert wrong == []


def test_no_import_cycle_between_modules():
    """No cycle at all among the modules below the app factory (within a package too)."""
    edges = {m: {t for t in targets if t not in COMPOSITION} for m, targets in graph().items()
             if m not in COMPOSITION}
    edges = {m: {t for t in targets if t in edges and t != m} for m, targets in edges.items()}
    assert cycles_of(edges) == []


def test_the_checker_sees_function_level_and_relative_imports():
    """The graph reader itself: relative imports at every depth, and imports inside functions."""
    found = imports(CONTEST / "media" / "uploads" / "tus.py")
    assert {"contest.media.uploads.services", "contest.core.aftercommit", "contest.contests.services"} <= found
    assert "contest" in imports(CONTEST / "core" / "tasks.py")  # from contest import create_app, in a function
    assert "contest.demo" in imports(CONTEST / "cli.py")  # from .demo import seed_demo, in a function


def test_the_checker_finds_cycles_and_classifies_modules():
    assert cycles_of({"accounts": {"records"}, "records": {"accounts"}}) == [["accounts", "records", "accounts"]]
    assert cycles_of({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert part_of("contest.judging.scoring.views") == "scoring" and part_of("contest.judging.scoring") == "scoring"
    assert part_of("contest.media.pipeline") is None
    assert kind_of("contest.judging.results.analysis_views") == "views"
    assert kind_of(real_module("contest.judging.panel.models.Conflict")) == "models"
