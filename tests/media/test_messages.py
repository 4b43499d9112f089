"""Indonesian messages for every problem code."""
from __future__ import annotations

import pytest

from contest.media.problem_messages import message_for
from contest.media.rules import PROBLEM_CODES, Problem

CASES = {
    "empty": ({}, "Berkas kosong"),
    "not_a_video": ({"reason": "format", "format": "avi"},
                    "Berkas bukan video yang dikenali. Unggah berkas MP4, MOV, MKV atau WebM."),
    "corrupt": ({"reason": "truncated"}, "rusak"),
    "no_video": ({}, "tanpa gambar"),
    "no_audio": ({}, "Video tidak memiliki suara; karya wajib bersuara."),
    "too_short": ({"duration": 3, "min": 60}, "Durasi video 3 detik; minimal 60 detik."),
    "too_long": ({"duration": 181.1, "max": 180}, "Durasi video 181,1 detik; maksimal 180 detik."),
    "resolution_too_low": ({"width": 640, "height": 360, "min": 720},
                           "Resolusi video 640×360; sisi terpendek minimal 720 piksel."),
    "resolution_too_high": ({"width": 7680, "height": 4320, "max": 4096},
                            "Resolusi video 7680×4320; sisi terpanjang maksimal 4096 piksel."),
    "frame_rate_too_high": ({"fps": 119.9, "max": 60}, "Laju bingkai video 119,9 fps; maksimal 60 fps."),
    "wrong_orientation": ({"actual": "landscape", "allowed": ["portrait", "square"]},
                          "Video harus berorientasi potret (tegak) atau persegi; "
                          "video Anda lanskap (mendatar)."),
    "too_large": ({"size_mb": 612.5, "max_mb": 500}, "Ukuran berkas 612,5 MB; maksimal 500 MB."),
    "unsupported_codec": ({"stream": "video", "codec": "prores"}, "prores"),
}


def test_cases_cover_every_code():
    assert set(CASES) == set(PROBLEM_CODES)


@pytest.mark.parametrize("code", PROBLEM_CODES)
def test_message(code):
    params, expected = CASES[code]
    assert expected in message_for(Problem(code, params))


def test_variants():
    assert "gambar" in message_for(Problem("not_a_video", {"reason": "image"}))
    audio = message_for(Problem("unsupported_codec", {"stream": "audio", "codec": "wmav2"}))
    assert "suara" in audio and "wmav2" in audio
    assert "lanskap" in message_for(Problem("wrong_orientation",
                                            {"actual": "portrait", "allowed": ["landscape"]}))
    assert message_for(Problem("something_new", {}))


def test_inside_a_flask_app_with_indonesian_locale():
    flask = pytest.importorskip("flask")
    from flask_babel import Babel

    app = flask.Flask(__name__)
    Babel(app, default_locale="id")
    with app.test_request_context():
        text = message_for(Problem("too_short", {"duration": 1059.4, "min": 60}))
    assert text == "Durasi video 1.059,4 detik; minimal 60 detik."


def test_inside_the_project_app_request(request):
    """With the real app (its locale selector reads the session), messages are Indonesian."""
    try:
        app = request.getfixturevalue("app")
    except pytest.FixtureLookupError:
        pytest.skip("no project app fixture")
    with app.test_request_context():
        text = message_for(Problem("resolution_too_low", {"width": 640, "height": 360, "min": 720}))
    assert text == "Resolusi video 640×360; sisi terpendek minimal 720 piksel."
