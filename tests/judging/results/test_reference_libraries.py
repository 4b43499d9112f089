"""The judging math agrees with independent libraries on many random panels.

krippendorff (interval alpha with missing values), pingouin (ICC(2,1) and ICC(2,k)), choix
(Bradley–Terry with the same prior: one win and one loss against a virtual entry of strength 1),
scipy / numpy (trimmed mean, median). The peer libraries are test-only (requirements-dev.txt).
"""
import math
import random

import choix
import krippendorff
import numpy as np
import pandas as pd
import pingouin
import pytest
from scipy import stats

from contest.judging.pairwise import bradley_terry
from contest.judging.results import reliability, robust
from contest.judging.results import scores as scoring

PANELS = 200
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword")  # pingouin on pandas 3


def random_ratings(rng, *, missing):
    n_entries, n_judges = rng.randint(3, 25), rng.randint(2, 7)
    ratings = {}
    for e in range(n_entries):
        quality = rng.uniform(20, 90)
        for j in range(n_judges):
            if missing and rng.random() < 0.3:
                continue
            ratings[(e, j)] = round(quality + rng.gauss(0, rng.choice([2, 8, 20])), rng.choice([0, 1, 3]))
    return ratings, n_entries, n_judges


def test_alpha_agrees_with_krippendorff():
    rng = random.Random(1)
    compared = 0
    for _ in range(PANELS):
        ratings, n_entries, n_judges = random_ratings(rng, missing=True)
        ours = reliability.krippendorff_alpha(ratings)
        if ours is None:
            continue
        data = np.full((n_judges, n_entries), np.nan)
        for (e, j), x in ratings.items():
            data[j, e] = x
        theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="interval")
        assert ours == pytest.approx(theirs, abs=1e-12)
        compared += 1
    assert compared > PANELS * 0.9


def test_icc_agrees_with_pingouin():
    rng = random.Random(2)
    for _ in range(PANELS):
        ratings, n_entries, n_judges = random_ratings(rng, missing=False)
        if n_entries < 5:
            continue
        ours = reliability.icc(ratings)
        frame = pd.DataFrame([(e, j, x) for (e, j), x in ratings.items()], columns=["entry", "judge", "score"])
        table = pingouin.intraclass_corr(data=frame, targets="entry", raters="judge", ratings="score")
        by_type = dict(zip(table["Type"], table["ICC"], strict=True))  # McGraw & Wong A = Shrout & Fleiss 2
        assert ours.single == pytest.approx(by_type["ICC(A,1)"], abs=1e-12)
        assert ours.average == pytest.approx(by_type["ICC(A,k)"], abs=1e-12)


def test_bradley_terry_agrees_with_choix_under_the_same_prior():
    # choix has no fixed virtual entry, but an extra free item v with one win and one loss against
    # every entry gives the same fixed point once strengths are scaled so that p_v = 1 (the entries'
    # score equations are scale-free and v's own equation is implied by theirs).
    rng = random.Random(3)
    for _ in range(50):
        n = rng.randint(2, 8)
        items = list(range(n))
        true = [2.0 ** rng.uniform(-2, 2) for _ in items]
        votes = []
        for judge in range(rng.randint(1, 5)):
            for a, b in bradley_terry.schedule(items, judge):
                votes.append((a, b) if rng.random() < true[a] / (true[a] + true[b]) else (b, a))
        ours = bradley_terry.strengths(items, votes)
        virtual = [(i, n) for i in items] + [(n, i) for i in items]
        theta = choix.mm_pairwise(n + 1, votes + virtual, alpha=0.0, tol=1e-13, max_iter=100_000)
        for i in items:
            assert ours[i] == pytest.approx(math.exp(theta[i] - theta[n]), rel=1e-7)


def test_trimmed_mean_and_median_agree_with_scipy_and_numpy():
    rng = random.Random(4)
    for _ in range(PANELS * 5):
        xs = [rng.uniform(0, 100) for _ in range(rng.randint(1, 9))]
        expected = stats.trim_mean(xs, 1.5 / len(xs)) if len(xs) >= scoring.TRIM_MIN_JUDGES else np.mean(xs)
        assert scoring.trimmed_mean(xs) == pytest.approx(expected, abs=1e-12)
        assert robust.aggregate("median")(xs) == pytest.approx(np.median(xs), abs=1e-12)
        assert scoring.entry_results({("e", j): x for j, x in enumerate(xs)})[0].median == pytest.approx(
            np.median(xs), abs=1e-12)
