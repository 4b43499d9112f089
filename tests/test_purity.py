"""The pure modules import neither Flask, the database nor ffmpeg-python, checked in a fresh
interpreter: importing them must not put flask, sqlalchemy or ffmpeg into sys.modules.

contest/__init__.py is the app factory (it imports Flask), not part of these modules, so the
child registers an empty `contest` package first; every other package's __init__ runs as usual.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE = [
    "contest.accounts.nip",
    "contest.judging.results.scores",
    "contest.judging.scoring.order",
    "contest.judging.results.order_stats",
    "contest.media.rules",
    "contest.media.mediainfo",
    "contest.core.text",
    "contest.media.quality.analysis",
    "contest.media.quality.fingerprints",
    "contest.judging.results.robust",
    "contest.judging.results.rank_sets",
    "contest.judging.results.reliability",
    "contest.judging.pairwise.bradley_terry",
    "contest.media.hls.ladder",
    "contest.judging.rounds.weights",
    "contest.judging.rounds.rubric",
    "contest.judging.panel.assignment",
    "contest.judging.panel.matching",
    "contest.judging.scoring.timecode",
    "contest.judging.results.charts",
    "contest.media.captions.formats",
]
FORBIDDEN = ("flask", "flask_babel", "flask_sqlalchemy", "sqlalchemy", "ffmpeg", "werkzeug", "jinja2")

CHILD = """
import json, sys, types
package = types.ModuleType("contest")
package.__path__ = [{root!r} + "/contest"]
sys.modules["contest"] = package
import importlib
importlib.import_module({module!r})
print(json.dumps(sorted(sys.modules)))
"""


def loaded_by(module):
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), module=module)],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return set(json.loads(out))


@pytest.mark.parametrize("module", PURE)
def test_pure_module_loads_no_framework(module):
    loaded = loaded_by(module)
    assert module in loaded
    assert sorted(m for m in loaded if m.split(".")[0] in FORBIDDEN) == []


def test_the_check_sees_a_framework_import():
    assert "ffmpeg" in loaded_by("contest.media.ffmpeg")  # ffmpeg.py builds argv with ffmpeg-python
