"""commit_action and commit_form_action: one commit when the operation went through; after a
DomainError, a rollback that leaves nothing half-written and a message for the user."""
import pytest
from sqlalchemy import func, select

from contest.core.errors import DomainError
from contest.core.extensions import db
from contest.core.http.actions import commit_action, commit_form_action
from contest.judging.rounds import editing as rounds
from contest.judging.rounds.models import AuditEvent, JudgingRound
from tests.conftest import login, post, text_of


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def admin_client(client, make_staff):
    login(client, make_staff("admin"))
    return client


def test_a_domain_error_after_writes_leaves_nothing_half_written(admin_client, make_contest, monkeypatch):
    """The round and its audit event are flushed, then the operation fails: neither is kept,
    and the message lands on the form field the error names."""
    contest = make_contest()
    real = rounds.create_round

    def fails_after_writing(**kwargs):
        real(**kwargs)
        assert db.session.scalar(select(func.count(JudgingRound.id))) == 1  # really written (flushed)
        raise DomainError("Nama babak sudah dipakai.", field="name")

    monkeypatch.setattr(rounds, "create_round", fails_after_writing)
    response = post(admin_client, f"/admin/judging/contests/{contest.id}/rounds/new",
                    {"name": "Penilaian Tahap 1", "kind": "scoring", "assignment_mode": "all",
                     "source_round_id": "0"})
    assert response.status_code == 200
    assert "Nama babak sudah dipakai." in text_of(response)
    assert (count(JudgingRound), count(AuditEvent)) == (0, 0)


class _Field:
    def __init__(self):
        self.errors = []


class _Form:
    def __init__(self):
        self.name, self.email = _Field(), _Field()


def test_commit_form_action_puts_the_error_on_its_field(app):
    form = _Form()

    def operation():
        raise DomainError("Email sudah terdaftar.", field="email")

    with app.test_request_context():
        outcome = commit_form_action(form, operation)
    assert not outcome and form.email.errors == ["Email sudah terdaftar."] and form.name.errors == []


def test_commit_action_returns_the_result_and_flashes(app):
    with app.test_request_context():
        from flask import get_flashed_messages

        outcome = commit_action(lambda: 42, success=lambda n: f"{n} tersimpan")
        assert outcome and outcome.value == 42
        assert get_flashed_messages(with_categories=True) == [("success", "42 tersimpan")]
