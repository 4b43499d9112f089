"""The features above entries register what they add to it (entries never imports them)."""
from contest.entries import hooks


def test_media_judging_and_certificates_registered(app):
    assert hooks.registered() == {
        "submission_checks": {"contest.media.services.video_blocker",
                              "contest.media.captions.services.caption_blocker"},
        "entry_page": {"check_notice", "entry_certificates"},
        "my_page": {"my_certificates", "my_awards"},
    }
