"""Scoring: a judge's queue and order through it, scorecards with autosave, timestamped notes,
calibration items, reminders; the judges' pages."""
