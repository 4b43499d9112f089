"""One commit per request: services flush, and only the request (or the task) commits.

Read from the source: a `.commit()` call may appear only in the modules that are a unit of work
themselves (views, the tus handler, queue tasks and the worker's pipeline, CLI commands and
demo seeding, the outbox's sender) and in contest/core/http/actions.py, whose helpers are how views commit.
"""
import ast
from pathlib import Path

CONTEST = Path(__file__).resolve().parents[1] / "contest"
UNITS_OF_WORK = {
    "core/http/actions.py", "cli.py",                   # commit_action & co.; CLI commands
    "media/uploads/tus.py",                             # the tus request handler (hand_over)
    "media/pipeline.py", "notifications/sending.py",  # worker code (every */tasks.py is too)
    "media/quality/stage.py",                           # the follow-up after ready (worker code)
    "media/hls/build.py",                               # the worker's HLS ladder builds
}
VIEW_SUFFIX = "views.py"  # views.py, admin_views.py, results_views.py, entrant_views.py, ...


def commits_in(path):
    return [node.lineno for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "commit"]


def allowed(relative):
    return (relative in UNITS_OF_WORK or relative.startswith("demo/")
            or relative.rpartition("/")[2].endswith(VIEW_SUFFIX) or relative.endswith("/tasks.py"))


def test_only_units_of_work_commit():
    offenders = []
    for path in sorted(CONTEST.rglob("*.py")):
        relative = path.relative_to(CONTEST).as_posix()
        if not allowed(relative):
            offenders += [f"{relative}:{line}" for line in commits_in(path)]
    assert offenders == []


def test_the_scan_sees_commits():
    assert commits_in(CONTEST / "core" / "http" / "actions.py")
    assert not allowed("media/uploads/services.py") and not allowed("judging/scoring/scorecards.py")
