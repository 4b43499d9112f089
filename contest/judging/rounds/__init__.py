"""Rounds: the tables every part of judging builds on, round windows, the rubric and its weights,
the audit log and per-edition options; the committee's round pages."""
