"""Privacy fixtures: a small real clip (ffmpeg lavfi) and a judged edition with scores."""
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.rounds.models import RubricCriterion
from contest.judging.scoring.models import CardStatus, Score, Scorecard
from contest.media import storage
from tests import bulk
from tests.gallery.helpers import build_edition, fresh_gallery_cache, write_media  # noqa: F401


@pytest.fixture(scope="session")
def clip_bytes(tmp_path_factory):
    """A one-second 160x120 H.264 clip, generated once."""
    out = tmp_path_factory.mktemp("clips") / "clip.mp4"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=160x120:rate=10:duration=1", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                    str(out)], check=True, timeout=60)
    return out.read_bytes()


def put_original(video, data, *, name="rekaman saya.mp4"):
    """The upload as received, where media/storage.py keeps it, plus its renditions."""
    path = storage.original_path(video)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    video.original_filename, video.original_size = name, len(data)
    write_media(video)
    db.session.commit()
    return path


def score_round(edition, *, judges=2):
    """Give the edition's scoring round a rubric and submitted cards from `judges` judges."""
    rnd = edition.round
    criteria = [RubricCriterion(round_id=rnd.id, position=i + 1, name=f"K{i + 1}", weight=w, scale_min=1,
                                scale_max=100) for i, w in enumerate((60, 40))]
    db.session.add_all(criteria)
    panel = bulk.judges(judges)
    rnd.judges = panel
    db.session.flush()
    now = utcnow()
    for j, judge in enumerate(panel):
        for e, entry in enumerate(edition.entries):
            card = Scorecard(round_id=rnd.id, entry_id=entry.id, judge_id=judge.id,
                             status=CardStatus.SUBMITTED.value, submitted_at=now - timedelta(days=20))
            db.session.add(card)
            db.session.flush()
            values = (90 - 7 * e + 3 * j, 70 + 5 * e - 2 * j)
            card.total = sum(v * c.weight / 100 for v, c in zip(values, criteria, strict=True))
            db.session.add_all([Score(scorecard_id=card.id, criterion_id=c.id, value=v)
                                for c, v in zip(criteria, values, strict=True)])
    rnd.opens_at = now - timedelta(days=29)
    db.session.commit()
    return db.session.scalars(select(Scorecard).where(Scorecard.round_id == rnd.id)).all()
