"""The ladder's one ffmpeg run: argv built like media/ffmpeg.py's, run by its limited runner.

One decode of the web rendition (already stripped of metadata, with the pipeline's audio),
split and scaled to every rendition, each encoded H.264 with keyframes forced every
KEYFRAME_SECONDS (no scene-cut keyframes, so all renditions cut segments at the same
instants) and AAC, written as fMP4 HLS: <out>/<name>/init.mp4, seg_NNN.m4s, index.m3u8.
"""
from ..ffmpeg import _NO_METADATA, GiB, _compile, _file_url, _input, _output, run
from . import ladder as hls


def ladder_argv(src, out_dir, renditions, *, fps, preset="veryfast", has_audio=True):
    """ffmpeg argv encoding src into every rendition (see hls.ladder_for) under out_dir."""
    fps = hls.output_fps(fps)
    gop = hls.gop_frames(fps)
    inp = _input(src)
    video = inp["V:0"].filter("fps", fps=f"{fps:.3f}") if fps else inp["V:0"]
    video = video.filter("format", "yuv420p")
    if len(renditions) > 1:
        split = video.filter_multi_output("split", len(renditions))
        branches = [split[n] for n in range(len(renditions))]
    else:
        branches = [video]
    streams, options, stream_map = [], {}, []
    for n, (rendition, branch) in enumerate(zip(renditions, branches, strict=True)):
        rung = rendition.rung
        streams.append(branch.filter("scale", w=rendition.width, h=rendition.height))
        options.update({
            f"profile:v:{n}": rung.profile,
            f"level:v:{n}": hls.h264_level(rendition.width, rendition.height, fps),
            f"maxrate:v:{n}": f"{rung.video_kbps}k", f"bufsize:v:{n}": f"{2 * rung.video_kbps}k"})
        if has_audio:
            streams.append(inp["a:0"])
            options[f"b:a:{n}"] = f"{rung.audio_kbps}k"
            stream_map.append(f"v:{n},a:{n},name:{rendition.name}")
        else:
            stream_map.append(f"v:{n},name:{rendition.name}")
    base = _file_url(out_dir)
    out = _output(
        *streams, f"{base}/%v/{hls.PLAYLIST_NAME}", f="hls", **{
            "c:v": "libx264", "preset": str(preset), "crf": 23, "pix_fmt": "yuv420p",
            "g": gop, "keyint_min": gop, "sc_threshold": 0,
            "force_key_frames": f"expr:gte(t,n_forced*{hls.KEYFRAME_SECONDS})",
            "c:a": "aac", "ac": 2, **options, **_NO_METADATA,
            "hls_time": hls.SEGMENT_SECONDS, "hls_playlist_type": "vod",
            "hls_segment_type": "fmp4", "hls_flags": "independent_segments",
            "hls_fmp4_init_filename": hls.INIT_NAME,
            "hls_segment_filename": f"{base}/%v/seg_%03d.m4s",
            "master_pl_name": hls.ENCODER_MASTER, "var_stream_map": " ".join(stream_map)})
    return _compile(out)


def encode_ladder(src, out_dir, renditions, *, fps, duration, preset="veryfast", has_audio=True,
                  progress_cb=None):
    """Run ladder_argv with a timeout that grows with the duration and the number of rungs."""
    for rendition in renditions:  # ffmpeg writes into these, it does not create them
        (out_dir / rendition.name).mkdir(parents=True, exist_ok=True)
    timeout = 300 + 6 * float(duration or 0) * len(renditions)
    run(ladder_argv(src, out_dir, renditions, fps=fps, preset=preset, has_audio=has_audio),
        timeout=timeout, memory_bytes=6 * GiB, max_file_bytes=8 * GiB, progress_cb=progress_cb)
