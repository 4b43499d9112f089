"""Small helpers shared by the media tests."""
from __future__ import annotations

import subprocess
from pathlib import Path


def ffmpeg_help(topic: str = "full") -> str:
    """`ffmpeg -h <topic>` output (used to pick options this ffmpeg version supports)."""
    return subprocess.run(["ffmpeg", "-hide_banner", "-h", topic], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL).stdout


def has_encoder(name: str) -> bool:
    """True when this ffmpeg build has the named encoder."""
    out = subprocess.run(["ffmpeg", "-hide_banner", "-encoders"], capture_output=True,
                         text=True, stdin=subprocess.DEVNULL).stdout
    return any(line.split()[1:2] == [name] for line in out.splitlines() if line.strip())


def pid_alive(pid: int) -> bool:
    """True while pid exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def read_pid(path: Path) -> int:
    """Integer pid written by a shell into path."""
    return int(path.read_text().strip())
