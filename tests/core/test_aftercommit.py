"""after_commit: side effects run once the transaction committed, never after a rollback."""
from contest.core.aftercommit import after_commit, pending
from contest.core.extensions import db


def test_runs_after_the_commit_in_order_and_only_once(app):
    ran = []
    after_commit(ran.append, 1)
    after_commit(ran.append, 2)
    assert ran == []
    db.session.commit()
    assert ran == [1, 2] and pending() == []
    db.session.commit()
    assert ran == [1, 2]


def test_a_rollback_forgets_them(app):
    ran = []
    after_commit(ran.append, "lost")
    db.session.rollback()
    db.session.commit()
    assert ran == [] and pending() == []


def test_closing_the_session_forgets_them(app):
    ran = []
    db.session.execute(db.text("SELECT 1"))  # a transaction is open
    after_commit(ran.append, "lost")
    db.session.remove()  # end of a request that never committed
    db.session.commit()
    assert ran == []


def test_a_failing_callable_does_not_stop_the_others(app, caplog):
    ran = []

    def broken():
        raise RuntimeError("queue down")

    after_commit(broken)
    after_commit(ran.append, "still")
    db.session.commit()
    assert ran == ["still"] and "queue down" in caplog.text
