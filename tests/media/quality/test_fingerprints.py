"""The band index finds every frame within distance 31 without comparing all pairs."""
import numpy as np

from contest.media.quality import fingerprints as fp


def flip(frames, bits, rng):
    out = frames.copy()
    for row in out:
        for b in rng.choice(256, bits, replace=False):
            row[b // 8] ^= 1 << (b % 8)
    return out


def test_pigeonhole_guarantee_finds_frames_at_distance_31():
    rng = np.random.default_rng(7)
    index = fp.FrameIndex()
    stored = rng.integers(0, 256, (40, 32), dtype=np.uint8)
    index.add(1, stored.tobytes())
    for other in range(2, 200):
        index.add(other, rng.integers(0, 256, (20, 32), dtype=np.uint8).tobytes())
    near = flip(stored, 31, rng)
    assert (fp.distances(near, stored).diagonal() == 31).all()
    [match] = index.search(near.tobytes())
    assert (match.video_id, match.query_share, match.other_share) == (1, 1.0, 1.0)
    assert index.search(flip(stored, 60, rng).tobytes()) == []


def test_candidates_are_a_small_part_of_all_pairs():
    rng = np.random.default_rng(3)
    index = fp.FrameIndex()
    for video in range(2000):
        index.add(video, rng.integers(0, 256, (30, 32), dtype=np.uint8).tobytes())
    index._build()
    query = rng.integers(0, 256, (30, 32), dtype=np.uint8)
    rows, _ = index._candidates(query)
    assert len(rows) < 0.02 * 30 * 2000 * 30


def test_both_ways_share_and_exclusions():
    rng = np.random.default_rng(5)
    long = rng.integers(0, 256, (10, 32), dtype=np.uint8)
    index = fp.FrameIndex()
    index.add(1, long.tobytes())
    trimmed = long[2:]  # the first two seconds cut
    [match] = index.search(trimmed.tobytes())
    assert (match.query_share, match.other_share) == (1.0, 0.8)
    assert index.search(trimmed.tobytes(), exclude={1}) == []
    assert index.search(long[:3].tobytes()) == []  # a 3 s excerpt covers too little of the other
    assert fp.FrameIndex().search(b"") == []


def test_pack_and_unpack_hex_hashes():
    blob = fp.pack(["00" * 31 + "ff", "ab" * 32])
    assert fp.unpack(blob).shape == (2, 32) and fp.unpack(blob)[0, 31] == 255
