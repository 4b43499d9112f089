"""Privacy work on the shared queue: export ZIPs, erasure requests, the daily retention sweep.

Tasks take ids, reload the row and do nothing when its state moved on (safe to run twice).
"""
import logging
from datetime import timedelta

from flask import current_app
from huey import crontab
from sqlalchemy import select

from ..core.extensions import db
from ..core.tasks import app_context, huey
from ..core.timeutil import utcnow
from . import erasure, exports, retention
from .duties import requests as duties
from .models import DataExport, ErasureRequest, RequestState

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=10)  # a request still pending after this was lost: enqueue again


def _fail(model, row_id, error):
    db.session.rollback()
    row = db.session.get(model, row_id)
    if row is not None and row.state == RequestState.PENDING.value:
        row.state, row.error, row.finished_at = RequestState.FAILED.value, str(error)[:2000], utcnow()
        db.session.commit()


@huey.task(name="privacy.build_export")
def build_export_task(export_id):
    with app_context():
        try:
            exports.build_export(export_id)
            db.session.commit()
        except Exception as error:
            _fail(DataExport, export_id, f"{type(error).__name__}: {error}")
            raise


@huey.task(name="privacy.erase")
def erasure_task(request_id):
    with app_context():
        try:
            erasure.carry_out(request_id)
            db.session.commit()
        except Exception as error:
            _fail(ErasureRequest, request_id, f"{type(error).__name__}: {error}")
            raise


@huey.periodic_task(crontab(minute="17", hour="2"), name="privacy.retention")
def retention_task():
    """Daily: purge what each edition's retention period says, and drop week-old export ZIPs."""
    with app_context():
        plans = retention.run_all()
        exports.delete_old_exports()
        db.session.commit()
        log.info("retention: %s", [(p.contest.slug, len(p.videos), len(p.people)) for p in plans if p.due])


@huey.periodic_task(crontab(minute="*/5"), name="privacy.pending")
def pending_sweep_task():
    """Re-enqueue requests a crashed worker (or a lost enqueue) left pending."""
    with app_context():
        before = utcnow() - STALE_AFTER
        for request_id in db.session.scalars(select(ErasureRequest.id).where(
                ErasureRequest.state == RequestState.PENDING.value, ErasureRequest.requested_at < before)):
            erasure_task(request_id)
        for export_id in db.session.scalars(select(DataExport.id).where(
                DataExport.state == RequestState.PENDING.value, DataExport.requested_at < before)):
            build_export_task(export_id)


@huey.periodic_task(crontab(minute="7"), name="privacy.deadline_reminders")
def deadline_reminders_task():
    """Hourly: email the committee about requests and incidents due within 24 hours or overdue."""
    with app_context():
        count = duties.send_reminders(base_url=current_app.config.get("PUBLIC_URL") or "")
        db.session.commit()
        if count:
            log.info("UU PDP reminders: %s item(s)", count)
