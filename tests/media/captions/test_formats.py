"""Caption files: every refusal code, SRT -> WebVTT, nothing but cues survives (blind judging)."""
import pytest

from contest.media.captions import formats as captions
from contest.media.captions.formats import CaptionProblem, convert, parse, transcript

SRT = ("1\r\n00:00:00,500 --> 00:00:02,000\r\n<i>Halo</i> semua,\r\nASN harus netral.\r\n\r\n"
       "2\r\n00:00:02,500 --> 00:00:04,000\r\nPilkada damai & a < b\r\n")


def code_of(data, *, filename="takarir.vtt", duration_s=5.0, **kwargs):
    with pytest.raises(CaptionProblem) as caught:
        convert(data, filename=filename, duration_s=duration_s, **kwargs)
    return caught.value.code, caught.value.params


def test_srt_becomes_webvtt():
    vtt = convert(SRT.encode(), filename="Karya Budi.SRT", duration_s=5)
    assert vtt == ("WEBVTT\n\n"
                   "00:00:00.500 --> 00:00:02.000\n<i>Halo</i> semua,\nASN harus netral.\n\n"
                   "00:00:02.500 --> 00:00:04.000\nPilkada damai & a &lt; b\n")


def test_srt_with_a_byte_order_mark_and_a_blank_line_inside_a_cue():
    data = "\ufeff1\n00:00:01,000 --> 00:00:02,000\nsatu\n\ndua\n\n2\n00:00:03,000 --> 00:00:04,000\ntiga\n"
    vtt = convert(data.encode("utf-8"), filename="a.srt", duration_s=5)
    assert vtt.split("\n\n")[1:] == ["00:00:01.000 --> 00:00:02.000\nsatu\ndua",
                                     "00:00:03.000 --> 00:00:04.000\ntiga\n"]


def test_webvtt_keeps_its_own_markup_and_loses_everything_that_is_not_a_cue():
    data = """WEBVTT - dibuat oleh Andi Pratama, NIP 198601012010011001

NOTE penyunting: Andi Pratama (Dinas Kesehatan)

STYLE
::cue { color: yellow }

REGION
id:bawah

andi-pembuka
00:00.500 --> 00:02.000 line:0 align:start region:bawah
<v Narator>Halo</v> <c.kuning>semua</c> <b>tebal</b> <u>garis</u>

00:02.500 --> 00:04.000
<00:03.000>dua <lang en>hello</lang> <ruby>漢<rt>kan</rt></ruby>
"""
    vtt = convert(data.encode(), filename="a.vtt", duration_s=5)
    for secret in ("Andi", "1986", "Dinas", "NOTE", "STYLE", "REGION", "pembuka", "align:", "line:0"):
        assert secret not in vtt
    assert vtt.startswith("WEBVTT\n\n00:00:00.500 --> 00:00:02.000\n<v Narator>Halo</v> <c.kuning>semua</c>")
    assert "<00:03.000>dua <lang en>hello</lang> <ruby>漢<rt>kan</rt></ruby>" in vtt


def test_converting_twice_changes_nothing():
    once = convert(SRT.encode(), filename="a.srt", duration_s=5)
    assert convert(once.encode(), filename="a.vtt", duration_s=5) == once


@pytest.mark.parametrize("data, filename, code", [
    (b"", "a.vtt", "caption_empty"),
    (b"   \n\n", "a.srt", "caption_empty"),
    (b"WEBVTT\n\n", "a.vtt", "caption_empty"),
    (b"WEBVTT\n\nNOTE hanya catatan\n", "a.vtt", "caption_empty"),
    (b"1\n00:00:01,000 --> 00:00:02,000\n\n", "a.srt", "caption_empty"),
    (b"Ini bukan takarir sama sekali.", "a.srt", "caption_unreadable"),
    (b"00:01.000 --> 00:02.000\nhai\n", "a.vtt", "caption_unreadable"),  # no WEBVTT line
    (b"WEBVTT\n\n00:01 --> 00:02\nhai\n", "a.vtt", "caption_unreadable"),  # bad timestamps
    ("1\n00:00:01,000 --> 00:00:02,000\nsemua\n".encode("utf-16"), "a.srt", "caption_bad_encoding"),
    ("1\n00:00:01,000 --> 00:00:02,000\nsaya sehat\n".encode("cp1252") + b"\xe9\xff", "a.srt",
     "caption_bad_encoding"),
    (b"1\n00:00:03,000 --> 00:00:02,000\nmundur\n", "a.srt", "caption_bad_timing"),
    (b"1\n00:00:02,000 --> 00:00:02,000\nnol\n", "a.srt", "caption_bad_timing"),
    (b"1\n00:00:01,000 --> 00:00:09,000\nkepanjangan\n", "a.srt", "caption_outside_video"),
    (b"1\n00:00:01,000 --> 00:00:02,000\n<font color=\"red\">merah</font>\n", "a.srt", "caption_markup"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\n<script>alert(1)</script>\n", "a.vtt", "caption_markup"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\n<div>kotak</div>\n", "a.vtt", "caption_markup"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\n<B>besar</B>\n", "a.vtt", "caption_markup"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\n<!-- komentar -->\n", "a.vtt", "caption_markup"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\nhai\n", "a.txt", "caption_bad_type"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\nhai\n", "takarir", "caption_bad_type"),
])
def test_each_refusal_has_its_code(data, filename, code):
    assert code_of(data, filename=filename)[0] == code


def test_too_large_is_refused():
    body = "".join(f"{i}\n00:00:01,000 --> 00:00:02,000\nbaris takarir nomor {i}\n\n" for i in range(1, 20000))
    code, params = code_of(body.encode(), filename="a.srt")
    assert code == "caption_too_large" and params["max_kb"] == 512 and params["size_kb"] > 512


def test_the_messages_name_the_place():
    assert code_of(b"1\n00:00:01,000 --> 00:00:09,000\nx\n", filename="a.srt") == (
        "caption_outside_video", {"at": "00:00:09.000", "duration": "00:00:05.000"})
    assert code_of(b"WEBVTT\n\n00:01.000 --> 00:02.000\n<font x>y</font>\n")[1] == {"tag": "<font>"}
    assert code_of(b"WEBVTT\n\nbukan waktu\nhai\n")[1] == {"line": "bukan waktu"}


def test_a_cue_may_end_a_little_after_the_probed_duration():
    data = b"1\n00:00:01,000 --> 00:00:05,400\nakhir\n"
    assert "00:00:05.400" in convert(data, filename="a.srt", duration_s=5.0)


def test_transcript_is_plain_text():
    vtt = convert(b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Narator><i>Halo</i></v> a &lt; b\n\n"
                  b"01:02.000 --> 01:03.000\n<ruby>\xe6\xbc\xa2<rt>kan</rt></ruby>\n",
                  filename="a.vtt", duration_s=70)
    assert transcript(vtt) == [(1000, "Halo a < b"), (62000, "漢")]


def test_parse_reports_the_source_format():
    assert parse(SRT.encode(), filename="a.srt").source_format == "srt"
    assert len(parse(SRT.encode(), filename="a.srt").cues) == 2
    assert captions.LANGUAGES[0] == "id"
