"""Bulk certificate generation on the task queue: issue what is owed, render each PDF, commit as it goes.

The task takes ids (and the public address for the QR codes), reloads everything, and skips
whatever already exists, so it is safe to run twice, side by side, or after a crash.
"""
import logging

from sqlalchemy.exc import IntegrityError

from ..contests.models import Contest
from ..core.extensions import db
from ..core.tasks import app_context, huey
from ..core.timeutil import utcnow
from . import notices, services
from .models import CertificateTemplate

log = logging.getLogger(__name__)


def generate_certificates(contest_id, *, root):
    """Issue every missing certificate of the contest and render every missing PDF; returns counts."""
    contest = db.session.get(Contest, contest_id)
    if contest is None:
        return {"issued": 0, "rendered": 0}
    issued = rendered = 0
    try:
        for recipient in services.missing(contest):
            try:
                services.issue(recipient=recipient, contest=contest)
                db.session.commit()
                issued += 1
            except IntegrityError:  # another worker issued it first
                db.session.rollback()
        for cert in services.needs_pdf(contest_id):
            services.render_pdf(cert=cert, root=root)
            db.session.commit()  # one at a time: the committee's page shows n of m growing
            rendered += 1
        notices.certificates_ready(contest=contest, base=root)  # one message per person, never twice
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        _finish(contest_id, error=f"{type(error).__name__}: {error}")
        raise
    _finish(contest_id)
    log.info("certificates for contest %s: %s issued, %s rendered", contest_id, issued, rendered)
    return {"issued": issued, "rendered": rendered}


def _finish(contest_id, error=""):
    template = db.session.get(CertificateTemplate, contest_id)
    if template is not None:
        template.generation_finished_at = utcnow()
        template.generation_error = error[:2000]
        db.session.commit()


@huey.task(retries=2, retry_delay=30, name="certificates.generate")
def generate_certificates_task(contest_id, root):
    with app_context():
        return generate_certificates(contest_id, root=root)


def enqueue_generation(contest_id, root):
    """Ask a worker to make the contest's certificates."""
    generate_certificates_task(contest_id, root)
