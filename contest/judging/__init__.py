"""Judging, one sub-package per concept; the lower ones know nothing of the higher ones:

- rounds/   the tables every part builds on (rounds, rubric, finalists, options, audit log), round
            windows, the pure rubric math; the committee's round pages
- checks/   the administrative check and its content checklist; which entries a round judges
- panel/    judges and invitations, who sits on a round, balanced assignment, conflicts of
            interest, declared crew and affiliations
- pairwise/ the pairwise final and its Bradley–Terry standings
- scoring/  a judge's queue and order, scorecards with autosave, timestamped notes, calibration
            items, reminders; the judges' pages
- results/  aggregates and normalization, reliability, rank intervals and ties, order effects,
            prizes and the final seal, exports, feedback to entrants
"""


def blueprints():
    """Judging's blueprints, for the app factory (imported here, not at module level, so that
    importing a pure module such as results.scores loads no Flask)."""
    from .checks.views import bp as checks_bp
    from .pairwise.views import admin_bp as pairwise_admin_bp
    from .pairwise.views import bp as pairwise_bp
    from .panel.entrant_views import bp as entry_crew_bp
    from .panel.judge_views import bp as judge_affiliations_bp
    from .panel.views import bp as panel_bp
    from .results.analysis_views import bp as analysis_bp
    from .results.views import bp as results_bp
    from .rounds.views import bp as rounds_bp
    from .scoring.notes_views import bp as judge_notes_bp
    from .scoring.views import bp as judging_bp

    return [judging_bp, rounds_bp, checks_bp, panel_bp, results_bp, judge_notes_bp, judge_affiliations_bp,
            entry_crew_bp, analysis_bp, pairwise_admin_bp, pairwise_bp]
