"""The pure HLS module: the ladder a source gets, H.264 levels, playlists read and written."""
from contest.media.hls import ladder as hls


def sizes(width, height):
    return [(r.name, r.width, r.height) for r in hls.ladder_for(width, height)]


def test_ladder_reaches_the_source_and_adds_1080p_only_when_the_source_has_it():
    assert sizes(1920, 1080) == [("360p", 640, 360), ("540p", 960, 540), ("720p", 1280, 720),
                                 ("1080p", 1920, 1080)]
    assert sizes(1280, 720) == [("360p", 640, 360), ("540p", 960, 540), ("720p", 1280, 720)]


def test_portrait_counts_the_shorter_side():
    assert sizes(1080, 1920) == [("360p", 360, 640), ("540p", 540, 960), ("720p", 720, 1280),
                                 ("1080p", 1080, 1920)]


def test_a_source_below_360p_gets_one_rendition_at_its_own_size():
    assert sizes(320, 568) == [("360p", 320, 568)]


def test_levels_allow_frame_size_and_rate():
    assert hls.h264_level(640, 360, 30) == "3.0"
    assert hls.h264_level(960, 540, 30) == "3.1"
    assert hls.h264_level(1280, 720, 30) == "3.1"
    assert hls.h264_level(1920, 1080, 30) == "4.0"
    assert hls.h264_level(1280, 720, 60) == "3.2"


def test_high_frame_rates_are_halved_and_keyframes_every_two_seconds():
    assert hls.output_fps(59.94) == 29.97
    assert hls.output_fps(25) == 25
    assert hls.gop_frames(25) == 50
    assert hls.SEGMENT_SECONDS <= 6 and hls.SEGMENT_SECONDS % hls.KEYFRAME_SECONDS == 0


def test_bandwidth_is_the_peak_segment_and_average_bandwidth_the_mean():
    assert hls.bit_rates([(4.0, 100_000), (4.0, 300_000), (2.0, 50_000)]) == (600_000, 360_000)
    assert hls.bit_rates([]) == (0, 0)


def test_master_playlist_lists_lowest_first_with_codecs_resolution_and_subtitle_group():
    variants = [{"uri": "720p/index.m3u8", "bandwidth": 2_900_000, "average_bandwidth": 2_000_000,
                 "width": 1280, "height": 720, "codecs": "avc1.64001f,mp4a.40.2", "frame_rate": 25},
                {"uri": "360p/index.m3u8", "bandwidth": 800_000, "average_bandwidth": 600_000,
                 "width": 640, "height": 360, "codecs": "avc1.4d401e,mp4a.40.2", "frame_rate": 25}]
    text = hls.master_playlist(variants, [("id", "subs/id.m3u8"), ("en", "subs/en.m3u8")])
    parsed = hls.parse_master(text)
    assert list(parsed) == ["360p/index.m3u8", "720p/index.m3u8"]
    assert parsed["360p/index.m3u8"] == {
        "BANDWIDTH": "800000", "AVERAGE-BANDWIDTH": "600000", "CODECS": "avc1.4d401e,mp4a.40.2",
        "RESOLUTION": "640x360", "FRAME-RATE": "25.000", "SUBTITLES": "subs"}
    assert text.startswith("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n")
    assert ('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Bahasa Indonesia",LANGUAGE="id",'
            'DEFAULT=YES,AUTOSELECT=YES,FORCED=NO,URI="subs/id.m3u8"') in text
    assert 'LANGUAGE="en",DEFAULT=NO' in text
    assert "SUBTITLES=" not in hls.master_playlist(variants)


def test_subtitle_playlist_is_one_webvtt_segment():
    text = hls.subtitle_playlist(65.2, "/media/v/abc/captions/id.vtt?v=1")
    assert "#EXT-X-TARGETDURATION:66" in text and "#EXT-X-PLAYLIST-TYPE:VOD" in text
    assert hls.parse_media_playlist(text) == ([(65.2, "/media/v/abc/captions/id.vtt?v=1")], None)


def test_media_playlist_parsing():
    text = ('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI="init_0.mp4"\n#EXTINF:4.000000,\n'
            'seg_000.m4s\n#EXTINF:1.5,\nseg_001.m4s\n#EXT-X-ENDLIST\n')
    assert hls.parse_media_playlist(text) == ([(4.0, "seg_000.m4s"), (1.5, "seg_001.m4s")], "init_0.mp4")


def test_only_ladder_file_names_are_served():
    assert hls.is_served_name("360p", "seg_000.m4s")
    assert hls.is_served_name("1080p", "index.m3u8")
    assert hls.is_served_name("540p", "init_1.mp4")
    for rendition, name in [("360p", "../web.mp4"), ("360p", "ffmpeg-master.m3u8"), ("hls", "index.m3u8"),
                            ("..", "seg_000.m4s"), ("360p", "seg_000.m4s.bak")]:
        assert not hls.is_served_name(rendition, name)
