"""Clips with known faults (black, frozen, silent, quiet), made with ffmpeg lavfi."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                   check=True, stdin=subprocess.DEVNULL, timeout=120)


def faulty_clip(path: Path) -> Path:
    """10 s, 320x240: black 0–3 s, picture frozen 5–9 s, silence 6–9.5 s; H.264/AAC MP4."""
    if not path.exists():
        video = ("[0:v]drawbox=enable='between(t,0,3)':color=black:t=fill,split[a][b];"
                 "[a][b]freezeframes=first=125:last=224:replace=125[v]")
        audio = "[1:a]volume=enable='between(t,6,9.5)':volume=0[s]"
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=10",
               "-f", "lavfi", "-i", "sine=f=440:d=10:sample_rate=48000",
               "-filter_complex", f"{video};{audio}", "-map", "[v]", "-map", "[s]",
               "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", str(path))
    return path


def quiet_clip(path: Path, *, lufs_offset_db: float = -11.0) -> Path:
    """4 s of a 440 Hz tone at about −33 LUFS over a moving picture; H.264/AAC MP4."""
    if not path.exists():
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=4",
               "-f", "lavfi", "-i", "sine=f=440:d=4:sample_rate=48000",
               "-af", f"volume={lufs_offset_db}dB", "-c:v", "libx264", "-preset", "ultrafast",
               "-c:a", "aac", "-b:a", "128k", "-shortest", str(path))
    return path


def integrated_lufs(path: Path) -> float:
    """EBU R128 integrated loudness of a file's first audio stream (ffmpeg's own ebur128)."""
    out = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path),
                          "-map", "0:a:0", "-af", "ebur128=framelog=verbose", "-f", "null", "-"],
                         capture_output=True, text=True, check=True, timeout=60).stderr
    summary = out[out.rfind("Summary:"):]
    return float(summary.split("I:", 1)[1].split("LUFS", 1)[0])


def video_packets_md5(path: Path) -> str:
    """MD5 of the video stream's packets: equal when the picture was copied, not re-encoded."""
    return subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i",
                           str(path), "-map", "0:v:0", "-c", "copy", "-f", "md5", "-"],
                          capture_output=True, text=True, check=True, timeout=60).stdout.strip()


def probe_streams(path: Path) -> list[dict]:
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams",
                          str(path)], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["streams"]


def original_clip(path: Path) -> Path:
    """10 s, 640x360 test pattern with a tone."""
    if not path.exists():
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=10", "-f", "lavfi", "-i",
               "sine=f=440:d=10", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
               "-shortest", str(path))
    return path


def reencoded_copy(source: Path, path: Path, *, letterbox: bool = False) -> Path:
    """The source scaled down, at CRF 30, without its first 2 s (or letterboxed instead)."""
    if not path.exists():
        if letterbox:
            args = ["-i", str(source), "-vf", "scale=640:270,pad=640:360:0:45"]
        else:
            args = ["-ss", "2", "-i", str(source), "-vf", "scale=426:240"]
        ffmpeg(*args, "-c:v", "libx264", "-crf", "30", "-preset", "ultrafast", "-c:a", "aac",
               str(path))
    return path


def different_clip(path: Path) -> Path:
    """10 s of another picture (a zooming fractal) with the same tone."""
    if not path.exists():
        ffmpeg("-f", "lavfi", "-i", "mandelbrot=s=640x360:r=25", "-f", "lavfi", "-i",
               "sine=f=440:d=10", "-t", "10", "-c:v", "libx264", "-preset", "ultrafast",
               "-c:a", "aac", "-shortest", str(path))
    return path
