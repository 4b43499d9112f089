"""The committee's content checklist, crew matches and per-entry notes cost the same for 5 rows as for 50."""
from contest.core.extensions import db
from contest.judging.checks.models import ContentCheck
from contest.judging.panel.crew import save_affiliations, save_crew
from contest.judging.rounds.models import RoundKind
from contest.judging.rounds.settings import update_settings
from contest.judging.scoring.models import JudgeNote
from tests import bulk
from tests.conftest import query_count
from tests.judging.test_query_counts import SIZES, _counts, admin  # noqa: F401  (admin: a fixture)


def test_check_page_with_checklist(client, admin, make_contest, make_round):
    def build(n):
        contest = make_contest(current=False)
        rnd = make_round(contest, [], kind=RoundKind.ADMIN_CHECK.value, actor=admin)
        for i, entry in enumerate(bulk.entries(contest, n)):
            if i % 2:
                db.session.add(ContentCheck(round_id=rnd.id, entry_id=entry.id,
                                            failures=[{"rule": "Tidak memuat unsur SARA", "reason": "detik 3"}]))
        return f"/admin/judging/rounds/{rnd.id}/checks"

    few, many = _counts(build, client)
    assert few == many, (few, many)


def test_assignment_page_with_matches(client, admin, make_contest, make_round):
    def build(n):
        contest = make_contest(current=False)
        judges = bulk.judges(3)
        rnd = make_round(contest, judges, actor=admin)
        for entry in bulk.entries(contest, n):
            save_crew(entry=entry, rows=[(f"Kru {entry.id}", "editor"), ("Rina Wulandari", "sutradara")])
        save_affiliations(judge=judges[0], orgs_text="", people_text="Rina Wulandari", actor=admin)
        return f"/admin/judging/rounds/{rnd.id}"

    few, many = _counts(build, client)
    assert few == many, (few, many)


def test_committee_entry_page_with_notes(client, admin, make_contest, make_round):
    def build(n):
        contest = make_contest(current=False)
        judges = bulk.judges(3)
        rnd = make_round(contest, judges, actor=admin)
        entry = bulk.entries(contest, 1)[0]
        update_settings(contest=contest, actor=admin, committee_reads_notes=True, feedback_enabled=False, rules=[],
                        rule_fail_outcome="needs_fix")
        for i in range(n):
            db.session.add(JudgeNote(round_id=rnd.id, entry_id=entry.id, judge_id=judges[i % 3].id, seconds=i,
                                     body=f"Catatan {i}"))
        return f"/admin/judging/rounds/{rnd.id}/entries/{entry.id}"

    urls = [build(n) for n in SIZES]
    db.session.commit()
    few, many = (query_count(client, url) for url in urls)
    assert few == many, (few, many)
