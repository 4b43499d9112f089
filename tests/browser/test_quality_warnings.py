"""The entrant's quality warnings in Chromium: they appear when the report is in, a time seeks."""
import pytest

from contest.core.extensions import db
from contest.entries.services import create_entry
from contest.media.quality import stage as quality_stage
from tests.browser.test_video_upload import log_in, panel_violations, wait_until
from tests.media.quality_helpers import faulty_clip
from tests.media.video_helpers import process, upload

pytestmark = pytest.mark.browser
RULES = dict(min_duration_s=2, max_duration_s=12, min_short_side_px=200, max_size_mb=20,
             orientations="landscape,portrait", audio_required=True)


def test_warnings_appear_when_the_report_is_in_and_seek_the_player(
        live_server, phone, make_contest, make_entrant, tmp_path):
    contest = make_contest(**RULES)
    user = make_entrant()
    entry = create_entry(contest=contest, user=user, title="Netral Itu Pilihan", synopsis="S.",
                         social_url=None)
    db.session.commit()
    video, outcome = process(upload(entry, faulty_clip(tmp_path / "faulty.mp4")))
    assert video.state == "ready"

    log_in(phone, live_server, user.email)
    phone.goto(f"{live_server}/entries/{entry.id}")
    pending = phone.locator('[data-role="quality-pending"]')
    assert pending.is_visible()

    assert quality_stage.run_followup(video.id) == "analysed"  # the worker's follow-up
    silence = phone.locator('[data-role="quality-warnings"] [data-code="silence"] button')
    silence.wait_for(timeout=20_000)
    assert not pending.is_visible()
    assert silence.inner_text() == "Tanpa suara 0:06–0:09"
    silence.click()
    wait_until(phone, "Math.abs(document.querySelector('[data-role=player] video').currentTime - 6) < 0.6")
    assert panel_violations(phone) == []
