"""Results: aggregates and normalization, reliability, rank intervals and ties, order effects,
prizes and the final seal, exports, feedback to entrants."""
