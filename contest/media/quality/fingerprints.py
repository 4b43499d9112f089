"""Pure duplicate search: vPDQ frame hashes, compared vPDQ-style, found through a band index.

A video is a list of 256-bit PDQ hashes, one per second (32 bytes each). Two videos match when
enough of each one's frames have a frame in the other within Hamming distance 31 (vPDQ's
"share of matching frames both ways"). The index never compares all pairs: each hash is cut into
16 bands of 16 bits, and two hashes within distance 31 share at least one band up to one bit
(pigeonhole: 16 bands × 2 bits > 31), so probing each band's value and its 16 one-bit
neighbours finds every candidate; only candidates get an exact distance.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HASH_BYTES = 32
BANDS = 16
MAX_DISTANCE = 31  # vPDQ's default distance tolerance
MIN_QUALITY = 50  # vPDQ's default quality tolerance: flat frames (black, one colour) say nothing
MIN_SHARE = 0.5  # both ways, for a match to be reported
_FLIPS = np.array([0] + [1 << k for k in range(16)], dtype=np.uint16)


def pack(hex_hashes) -> bytes:
    """Frame hashes as hex strings (vPDQ's features) into one blob."""
    return b"".join(bytes.fromhex(h) for h in hex_hashes)


def unpack(blob: bytes) -> np.ndarray:
    """Blob -> (n, 32) uint8 array."""
    return np.frombuffer(blob, dtype=np.uint8).reshape(-1, HASH_BYTES)


def _bands(frames: np.ndarray) -> np.ndarray:
    """(n, 32) uint8 -> (n, 16) uint16 band values."""
    return np.ascontiguousarray(frames).view(">u2").astype(np.uint16).reshape(-1, BANDS)


def distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Hamming distances of the rows of a (n, 32) and b (m, 32): an (n, m) matrix."""
    xor = np.bitwise_xor(a[:, None, :], b[None, :, :])
    return np.bitwise_count(xor).sum(axis=2, dtype=np.int32)


def shares(query: np.ndarray, other: np.ndarray, *, max_distance: int = MAX_DISTANCE):
    """(share of query frames matched in other, share of other frames matched in query)."""
    if not len(query) or not len(other):
        return 0.0, 0.0
    close = distances(query, other) <= max_distance
    return float(close.any(axis=1).mean()), float(close.any(axis=0).mean())


@dataclass(frozen=True)
class Match:
    video_id: int
    query_share: float
    other_share: float

    @property
    def share(self) -> float:
        return min(self.query_share, self.other_share)


class FrameIndex:
    """Every stored video's frame hashes, searchable by band; add() as new videos come."""

    def __init__(self):
        self._pending: list[tuple[int, np.ndarray]] = []
        self._frames = np.zeros((0, HASH_BYTES), dtype=np.uint8)
        self._owner = np.zeros(0, dtype=np.int64)
        self._sorted: list[tuple[np.ndarray, np.ndarray]] = []
        self._spans: dict[int, tuple[int, int]] = {}
        self.video_ids: set[int] = set()

    def __len__(self):
        return len(self.video_ids)

    def add(self, video_id: int, blob: bytes) -> None:
        if video_id in self.video_ids:
            return
        self.video_ids.add(video_id)
        frames = unpack(blob)
        if len(frames):
            self._pending.append((video_id, frames))

    def _build(self) -> None:
        if not self._pending:
            return
        start = len(self._frames)
        parts, owners = [self._frames], [self._owner]
        for video_id, frames in self._pending:
            self._spans[video_id] = (start, start + len(frames))
            start += len(frames)
            parts.append(frames)
            owners.append(np.full(len(frames), video_id, dtype=np.int64))
        self._pending = []
        self._frames = np.concatenate(parts)
        self._owner = np.concatenate(owners)
        bands = _bands(self._frames)
        self._sorted = []
        for b in range(BANDS):
            order = np.argsort(bands[:, b], kind="stable").astype(np.int32)  # half the memory
            self._sorted.append((bands[order, b], order))

    def frames_of(self, video_id: int) -> np.ndarray:
        self._build()
        lo, hi = self._spans.get(video_id, (0, 0))
        return self._frames[lo:hi]

    def _candidates(self, query: np.ndarray):
        """(query row, stored row) pairs sharing a band up to one bit, deduplicated."""
        qbands = _bands(query)
        rows_q, rows_s = [], []
        for b, (values, order) in enumerate(self._sorted):
            probes = (qbands[:, b, None] ^ _FLIPS[None, :]).ravel()
            lo = np.searchsorted(values, probes, side="left")
            hi = np.searchsorted(values, probes, side="right")
            counts = hi - lo
            total = int(counts.sum())
            if not total:
                continue
            qrow = np.repeat(np.arange(len(probes)) // len(_FLIPS), counts)
            offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            rows_q.append(qrow)
            rows_s.append(order[np.repeat(lo, counts) + offsets])
        if not rows_q:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        key = np.unique(np.concatenate(rows_q) * len(self._frames) + np.concatenate(rows_s))
        return key // len(self._frames), key % len(self._frames)

    def search(self, blob: bytes, *, exclude=(), min_share: float = MIN_SHARE,
               max_distance: int = MAX_DISTANCE) -> list[Match]:
        """Videos whose frames match the query's both ways by at least min_share, best first."""
        self._build()
        query = unpack(blob)
        if not len(query) or not len(self._frames):
            return []
        qrow, srow = self._candidates(query)
        close = np.bitwise_count(query[qrow] ^ self._frames[srow]).sum(axis=1) <= max_distance
        qrow, owners = qrow[close], self._owner[srow[close]]
        found = []
        excluded = set(exclude)
        for video_id in np.unique(owners):
            video_id = int(video_id)
            if video_id in excluded:
                continue
            if len(np.unique(qrow[owners == video_id])) < min_share * len(query):
                continue
            query_share, other_share = shares(query, self.frames_of(video_id),
                                              max_distance=max_distance)
            if query_share >= min_share and other_share >= min_share:
                found.append(Match(video_id, query_share, other_share))
        return sorted(found, key=lambda m: -m.share)
