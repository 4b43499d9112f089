"""Editions: which one is current, saving, copying."""
from datetime import timedelta

from sqlalchemy import func, select

from contest.contests.models import Contest, Prize
from contest.contests.services import (
    copy_contest,
    current_contest,
    get_contest_by_slug,
    make_current,
    save_contest,
    unique_copy_slug,
)
from contest.core.extensions import db
from contest.demo.contests import PRIZES, demo_contest_values


def values(**overrides):
    return {**demo_contest_values(), **overrides}


def test_no_contest_means_none():
    assert current_contest() is None


def test_first_saved_edition_becomes_current_later_ones_do_not():
    first = save_contest(values=values(slug="pemilu-2024"), prizes=PRIZES)
    second = save_contest(values=values(slug="pilkada-2024"), prizes=[])
    assert first.is_current and not second.is_current
    assert current_contest() is first


def test_make_current_keeps_exactly_one():
    first = save_contest(values=values(slug="a"), prizes=[])
    second = save_contest(values=values(slug="b"), prizes=[])
    make_current(contest=second)
    db.session.commit()
    assert [c.slug for c in db.session.scalars(select(Contest).where(Contest.is_current))] == ["b"]
    assert current_contest() is second and not first.is_current


def test_without_a_current_mark_the_latest_opened_edition_is_shown():
    base = demo_contest_values()
    old = save_contest(values=values(slug="lama"), prizes=[])
    new = save_contest(values=values(
        slug="baru", registration_opens_at=base["registration_opens_at"] + timedelta(days=1)), prizes=[])
    old.is_current = False
    db.session.flush()
    assert current_contest() is new


def test_prizes_keep_their_order_and_amounts():
    contest = save_contest(values=values(), prizes=PRIZES)
    assert [p.position for p in contest.prizes] == list(range(1, len(PRIZES) + 1))
    assert contest.prizes[0].name == "Juara I" and contest.prizes[0].amount_rp == 7_500_000
    save_contest(contest=contest, values=values(), prizes=[("Juara I", None, None)])
    assert [(p.name, p.amount_rp, p.description) for p in contest.prizes] == [("Juara I", 0, "")]


def test_copy_keeps_rules_and_prizes_but_not_current():
    original = save_contest(values=values(slug="pilkada-2024", max_duration_s=120), prizes=PRIZES)
    copy = copy_contest(contest=original, slug=unique_copy_slug(original.slug), title="Salinan")
    db.session.commit()
    assert copy.id != original.id and not copy.is_current
    assert copy.slug == "pilkada-2024-salinan" and copy.title == "Salinan"
    assert copy.max_duration_s == 120 and copy.submissions_close_at == original.submissions_close_at
    assert [p.name for p in copy.prizes] == [p.name for p in original.prizes]
    assert {p.id for p in copy.prizes}.isdisjoint({p.id for p in original.prizes})
    assert unique_copy_slug("pilkada-2024") == "pilkada-2024-salinan-2"
    assert get_contest_by_slug("pilkada-2024") is original


def test_orientation_set_and_size_in_bytes():
    contest = save_contest(values=values(orientations="portrait", max_size_mb=2), prizes=[])
    assert contest.orientation_set == {"portrait"}
    assert contest.max_size_bytes == 2 * 1024 * 1024


def test_saving_again_keeps_prize_rows_that_remain():
    """Awards and certificates point at prize rows: an edit must not recreate them."""
    contest = save_contest(values=values(), prizes=PRIZES)
    db.session.commit()
    ids = [p.id for p in contest.prizes]
    save_contest(contest=contest, values=values(theme="Tema baru"),
                 prizes=[("Juara Satu", 8_000_000, "Naik"), *PRIZES[1:3]])
    db.session.commit()
    assert [p.id for p in contest.prizes] == ids[:3]
    assert (contest.prizes[0].name, contest.prizes[0].amount_rp) == ("Juara Satu", 8_000_000)
    assert db.session.scalar(select(func.count(Prize.id))) == 3
