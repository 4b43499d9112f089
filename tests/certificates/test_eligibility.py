"""Who is owed what: passed the check → E-Sertifikat; final prize or Video Terfavorit → Piagam."""
from datetime import timedelta

from contest.certificates import eligibility
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.rounds.models import JudgingRound
from contest.voting.models import VoteCandidate, VotingSettings


def owed(contest):
    return {(r.entry.user.full_name.split()[0], r.kind, r.award_name) for r in eligibility.recipients(contest)}


def test_passed_entrants_and_final_winners(results):
    assert owed(results["contest"]) == {
        ("Rina", "participation", ""), ("Budi", "participation", ""), ("Rina", "award", "Juara I")}


def test_no_prize_certificate_before_results_are_final(results):
    results["scoring"].results_final_at = None
    db.session.commit()
    assert owed(results["contest"]) == {("Rina", "participation", ""), ("Budi", "participation", "")}


def test_no_participation_certificate_without_a_passed_check(results, make_contest):
    assert eligibility.participants(make_contest(current=False)) == []
    results["entries"]["budi"].status = "withdrawn"
    db.session.commit()
    assert {r.entry.id for r in eligibility.participants(results["contest"])} == {results["entries"]["rina"].id}


def test_only_the_latest_sealed_round_counts(results):
    contest, rina, budi = results["contest"], results["entries"]["rina"], results["entries"]["budi"]
    final = JudgingRound(contest=contest, kind="final", name="Final", position=3,
                         results_final_at=utcnow() + timedelta(minutes=5))
    db.session.add(final)
    db.session.flush()
    from contest.judging.results.models import PrizeAward

    db.session.add(PrizeAward(round_id=final.id, prize_id=contest.prizes[0].id, entry_id=budi.id, rank=1))
    db.session.add(PrizeAward(round_id=final.id, prize_id=contest.prizes[1].id, entry_id=rina.id, rank=2))
    db.session.commit()
    assert {(r.entry.id, r.award_name) for r in eligibility.jury_winners(contest)} == {
        (budi.id, "Juara I"), (rina.id, "Juara II")}


def test_video_terfavorit_named_after_the_vote(results):
    contest, budi = results["contest"], results["entries"]["budi"]
    db.session.add(VoteCandidate(contest_id=contest.id, entry_id=budi.id))
    db.session.add(VotingSettings(contest_id=contest.id, favourite_entry_id=budi.id, favourite_set_at=utcnow()))
    db.session.commit()
    favourite = eligibility.favourite_winner(contest)
    assert favourite.entry == budi and favourite.award_name == "Video Terfavorit"
    assert favourite.award_key == f"prize-{favourite.prize_id}"
    assert ("Budi", "award", "Video Terfavorit") in owed(contest)
