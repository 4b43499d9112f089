"""Duplicates across editions: a re-encoded copy is flagged to the committee, never to entrants."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.services import create_entry, submit_entry
from contest.judging.rounds.editing import create_round
from contest.judging.rounds.models import RoundKind
from contest.media.quality import stage as quality_stage
from contest.media.quality.models import VideoFingerprint, VideoMatch
from tests.conftest import login
from tests.media.quality_helpers import different_clip, original_clip, reencoded_copy
from tests.media.video_helpers import (  # noqa: F401  (fixtures)
    SMALL_RULES,
    _clean_state,
    process,
    queue_file,
    reload,
    upload,
    upload_root,
)


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("duplicates")
    source = original_clip(folder / "original.mp4")
    return {"original": source, "copy": reencoded_copy(source, folder / "copy.mp4"),
            "letterboxed": reencoded_copy(source, folder / "box.mp4", letterbox=True),
            "different": different_clip(folder / "different.mp4")}


@pytest.fixture
def entered(make_contest, make_entrant, upload_root):
    """Factory: entered(contest, clip, name) -> a submitted entry whose video went through."""

    def make(contest, clip, name):
        user = make_entrant(full_name=name)
        entry = create_entry(contest=contest, user=user, title=f"Karya {name}", synopsis="S.",
                             social_url=None)
        db.session.commit()
        video, outcome = process(upload(entry, clip))
        assert video.state == "ready", video.problems
        assert quality_stage.run_followup(video.id) == "analysed"
        submit_entry(entry=entry)
        db.session.commit()
        entry.video = video
        return entry

    return make


def matches_of(video):
    return db.session.scalars(select(VideoMatch).where(VideoMatch.video_id == video.id)).all()


def test_copy_across_editions_is_flagged_and_a_different_video_is_not(
        client, make_contest, make_staff, entered, clips):
    older = make_contest(current=False, code_prefix="NTR-2024", **SMALL_RULES)
    newer = make_contest(code_prefix="NTR-2025", **SMALL_RULES)
    original = entered(older, clips["original"], "Andi")
    copy = entered(newer, clips["copy"], "Budi")
    letterboxed = entered(newer, clips["letterboxed"], "Citra")
    different = entered(newer, clips["different"], "Dewi")

    [match] = matches_of(copy.video)
    assert match.other_video_id == original.video.id and not match.exact
    assert match.query_share == 1.0 and match.other_share >= 0.7
    assert [m.other_video_id for m in matches_of(letterboxed.video)][:1] == [original.video.id]
    assert all(m.other_video_id != different.video.id for m in db.session.scalars(select(VideoMatch)))
    assert matches_of(different.video) == []

    admin = make_staff("admin")
    rnd = create_round(contest=newer, kind=RoundKind.ADMIN_CHECK.value, actor=admin, values={
        "name": "Verifikasi", "opens_at": utcnow(), "closes_at": utcnow() + timedelta(days=1), "assignment_mode": "all",
        "judges_per_entry": None, "max_per_judge": None})
    db.session.commit()
    login(client, admin)
    page = client.get(f"/admin/judging/rounds/{rnd.id}/checks").get_data(as_text=True)
    share = round(100 * match.share)
    assert f"mirip dengan {original.code} ({share} % bingkai cocok)" in text_of_html(page)
    assert page.count(f"/media/v/{original.video.uuid}/web.mp4") >= 1  # both players side by side
    assert page.count(f"/media/v/{copy.video.uuid}/web.mp4") >= 1


def text_of_html(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_exact_copy_is_named_identical(make_contest, entered, clips):
    contest = make_contest(**SMALL_RULES)
    first = entered(contest, clips["different"], "Eka")
    second = entered(contest, clips["different"], "Fajar")
    [match] = matches_of(second.video)
    assert (match.other_video_id, match.exact) == (first.video.id, True)
    digests = db.session.scalars(select(VideoFingerprint.sha256)).all()
    assert len(digests) == 2 and digests[0] == digests[1]


def test_entrants_never_see_other_entrants_matches(client, make_contest, entered, clips):
    contest = make_contest(**SMALL_RULES)
    original = entered(contest, clips["original"], "Gita")
    copy = entered(contest, clips["copy"], "Hadi")
    assert matches_of(copy.video)
    login(client, copy.user)
    for url in (f"/entries/{copy.id}", f"/entries/{copy.id}/video.json", "/entries/"):
        body = client.get(url).get_data(as_text=True)
        assert original.code not in body and original.video.uuid not in body
        assert "mirip" not in body and "bingkai cocok" not in body
    assert client.get(f"/entries/{original.id}/video.json").status_code == 404
