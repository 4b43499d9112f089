"""Write a gzip twin (`<file>.gz`) beside every static text file, for nginx's gzip_static and the
app's own compression (contest/core/http/compression.py). Run by `make static-gz` (part of `make run` and
`make test`); only files whose twin is missing or older are rewritten. The twins are not committed.

    .venv/bin/python scripts/compress_static.py [static-folder]
"""
import gzip
import sys
from pathlib import Path

SUFFIXES = (".css", ".js", ".svg", ".json", ".txt", ".vtt")
MIN_BYTES = 1024  # smaller files gain nothing


def compress_folder(folder):
    """Write the missing or stale twins under folder; returns the paths written."""
    written = []
    for source in sorted(Path(folder).rglob("*")):
        if not source.is_file() or source.suffix not in SUFFIXES or source.stat().st_size < MIN_BYTES:
            continue
        twin = source.with_name(source.name + ".gz")
        if twin.exists() and twin.stat().st_mtime >= source.stat().st_mtime:
            continue
        tmp = twin.with_name(f".{twin.name}.tmp")
        tmp.write_bytes(gzip.compress(source.read_bytes(), compresslevel=9, mtime=0))
        tmp.replace(twin)
        written.append(twin)
    return written


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "static"
    done = compress_folder(root)
    print(f"{len(done)} berkas statis dikompresi (gzip)" if done else "berkas statis sudah terkompresi")
