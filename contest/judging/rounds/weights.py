"""Pure rubric math: a criterion's scale and weight, weights that total 100 %, a card's weighted total.

Rubric editing checks weights with it, the scorecard computes its total with it, and the results
math (results/scores.py) builds on the same Criterion. No Flask, no database.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Criterion", "check_value", "counted_factors", "criteria_by_id", "validate_weights", "weighted_total"]

WEIGHT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Criterion:
    """A rubric criterion: weight is a percent of the 0–100 total, values lie in [min, max]."""

    id: Hashable
    weight: float
    scale_min: float
    scale_max: float
    counted: bool = True

    def __post_init__(self) -> None:
        """Reject an empty scale or a negative / non-finite weight."""
        if not (math.isfinite(self.scale_min) and math.isfinite(self.scale_max)):
            raise ValueError(f"criterion {self.id!r}: scale bounds must be finite")
        if not self.scale_max > self.scale_min:
            raise ValueError(f"criterion {self.id!r}: scale_max must be greater than scale_min")
        if not math.isfinite(self.weight) or self.weight < 0:
            raise ValueError(f"criterion {self.id!r}: weight must be a finite number >= 0")


def criteria_by_id(criteria: Iterable[Criterion]) -> dict[Hashable, Criterion]:
    """Map criterion id to criterion, refusing duplicate ids."""
    index: dict[Hashable, Criterion] = {}
    for c in criteria:
        if c.id in index:
            raise ValueError(f"duplicate criterion id {c.id!r}")
        index[c.id] = c
    return index


def validate_weights(criteria: Iterable[Criterion]) -> None:
    """Raise ValueError unless the counted weights total exactly 100 (within 1e-9)."""
    index = criteria_by_id(criteria)
    total = math.fsum(c.weight for c in index.values() if c.counted)
    if abs(total - 100.0) > WEIGHT_TOLERANCE:
        raise ValueError(f"counted criterion weights total {total:g}, not 100")


def check_value(c: Criterion, value: float) -> None:
    """Raise ValueError when a value lies outside its criterion's scale (or is NaN)."""
    if not (c.scale_min <= value <= c.scale_max):
        raise ValueError(
            f"value {value!r} for criterion {c.id!r} outside [{c.scale_min:g}, {c.scale_max:g}]")


def counted_factors(index: Mapping[Hashable, Criterion]) -> list[tuple[Hashable, float, float]]:
    """(id, min, weight / (max - min)) per counted criterion: total = sum((v - min) * factor)."""
    return [(c.id, c.scale_min, c.weight / (c.scale_max - c.scale_min))
            for c in index.values() if c.counted]


def weighted_total(scores: Mapping[Hashable, float], criteria: Iterable[Criterion]) -> float:
    """0–100 total of one scorecard; raises ValueError if a counted criterion is missing."""
    index = criteria_by_id(criteria)
    validate_weights(index.values())
    for cid, value in scores.items():
        if cid in index:
            check_value(index[cid], value)
    total = 0.0
    for cid, lo, factor in counted_factors(index):
        if cid not in scores:
            raise ValueError(f"scorecard incomplete: counted criterion {cid!r} missing")
        total += (scores[cid] - lo) * factor
    return total
