"""The checklist's steps over hand-made states: done, next, and why a step is blocked."""
import pytest

from contest.console.checklist import Facts, RoundFacts, next_step, steps


def link(endpoint, **values):
    return endpoint + "".join(f"/{k}={v}" for k, v in sorted(values.items()))


def scoring(**overrides):
    values = {"id": 7, "name": "Penilaian Dewan Juri", "has_rubric": True, "judges": 3, "state": "upcoming",
              "final": False, "assigned": 0, "scored": 0, "eligible": 10}
    return RoundFacts(**{**values, **overrides})


def by_key(facts):
    return {s["key"]: s for s in steps(facts, link)}


def test_a_new_edition_starts_with_the_rubric_and_says_why_everything_waits():
    result = by_key(Facts(contest_id=1, submissions_open=True))
    assert result["make_current"]["done"]  # Facts() describes the edition on the home page
    assert not any(s["done"] for key, s in result.items() if key != "make_current")
    assert result["rubric"]["blocked_reason"].startswith("Belum ada babak penilaian")
    assert result["rubric"]["url"] == "judging_rounds.contest/contest_id=1"
    assert result["judges"]["url"] == "judging_panel.judges"
    assert result["admin_check"]["blocked_reason"].startswith("Belum ada babak verifikasi")
    assert next_step(steps(Facts(contest_id=1), link))["key"] == "rubric"


def test_round_cannot_open_while_entries_are_unchecked():
    facts = Facts(contest_id=1, rounds=[scoring()], check_round_id=3, submitted=5, unchecked=3, judge_accounts=3)
    result = by_key(facts)
    assert result["rubric"]["done"] and result["judges"]["done"]
    assert not result["admin_check"]["done"]
    assert result["admin_check"]["url"] == "judging_checks.checks/round_id=3"
    assert result["round_open"]["blocked_reason"] == "Penjurian belum bisa dibuka: 3 karya belum diverifikasi."
    assert next_step(steps(facts, link))["key"] == "admin_check"


def test_missing_rubric_and_panel_name_their_round():
    facts = Facts(contest_id=1, rounds=[scoring(has_rubric=False, judges=0)], check_round_id=3, submitted=2,
                  judge_accounts=2)
    result = by_key(facts)
    assert result["rubric"]["url"] == "judging_rounds.rubric/round_id=7"
    assert result["judges"]["url"] == "judging_rounds.round/round_id=7"
    assert result["round_open"]["blocked_reason"] == "Penjurian belum bisa dibuka: rubrik belum ditetapkan."


def test_needs_fix_keeps_the_check_open():
    facts = Facts(contest_id=1, rounds=[scoring()], check_round_id=3, submitted=4, needs_fix=1)
    assert not by_key(facts)["admin_check"]["done"]
    assert "1 menunggu perbaikan" in by_key(facts)["admin_check"]["note"]
    assert by_key(Facts(contest_id=1, rounds=[scoring()], check_round_id=3, submitted=4))["admin_check"]["done"]


def test_lock_waits_for_scorecards():
    facts = Facts(contest_id=1, rounds=[scoring(state="open", assigned=30, scored=18)], check_round_id=3, submitted=10)
    result = by_key(facts)
    assert result["round_open"]["done"]
    assert result["round_locked"]["blocked_reason"] == "Babak belum siap dikunci: 12 penilaian belum dikirim juri."
    assert result["results_final"]["blocked_reason"].startswith("Hasil belum bisa ditetapkan final")


def test_final_results_then_announcement_then_certificates():
    locked = scoring(state="locked", final=True, assigned=30, scored=30)
    facts = Facts(contest_id=1, rounds=[locked], check_round_id=3, submitted=10, announced=False,
                  announcement_text="Senin")
    result = by_key(facts)
    assert result["round_locked"]["done"] and result["results_final"]["done"]
    assert not result["announcement"]["done"] and result["announcement"]["blocked_reason"] is None
    assert result["certificates"]["blocked_reason"].startswith("Sertifikat belum bisa diterbitkan")
    facts.announced = True
    result = by_key(facts)
    assert result["announcement"]["done"] and result["certificates"]["blocked_reason"] is None
    facts.certificates = 12
    assert next_step(steps(facts, link)) is None


def test_a_hidden_edition_first_asks_to_be_shown_on_the_home_page():
    facts = Facts(contest_id=4, is_current=False)
    first = steps(facts, link)[0]
    assert first["key"] == "make_current" and first["label"] == "Tampilkan di beranda (jadikan aktif)"
    assert first["post"] and first["url"] == "admin.make_current/contest_id=4"
    assert "belum tampil di beranda" in first["note"]
    assert next_step(steps(facts, link))["key"] == "make_current"


def test_admin_check_is_done_once_every_submitted_entry_has_a_decision_even_before_the_deadline():
    facts = Facts(contest_id=1, rounds=[scoring()], check_round_id=3, submitted=4, submissions_open=True)
    assert by_key(facts)["admin_check"]["done"]


@pytest.mark.parametrize("facts", [
    Facts(contest_id=1, is_current=False),
    Facts(contest_id=1, rounds=[scoring(has_rubric=False, judges=0)], check_round_id=3),
    Facts(contest_id=1, rounds=[scoring(has_rubric=False, judges=0)], check_round_id=3, judge_accounts=2),
    Facts(contest_id=1, rounds=[scoring()], check_round_id=3, submitted=4, unchecked=2),
    Facts(contest_id=1, rounds=[scoring(state="open", assigned=4, scored=4)], check_round_id=3, submitted=4),
    Facts(contest_id=1, rounds=[scoring(state="locked", assigned=4, scored=4)], check_round_id=3, submitted=4),
    Facts(contest_id=1, rounds=[scoring(state="locked", final=True)], check_round_id=3, submitted=4),
    Facts(contest_id=1, rounds=[scoring(state="locked", final=True)], check_round_id=3, submitted=4,
          announced=True),
])
def test_no_step_says_not_yet_without_a_reason(facts):
    for step in steps(facts, link):
        assert step["done"] or step["blocked_reason"] or step["note"], step["key"]
