"""The committee's "Kotak Keluar Email": what the platform sent, what is waiting, what failed."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action
from . import services
from .models import OutboxMessage, OutboxState

bp = Blueprint("notifications_admin", __name__, url_prefix="/admin/outbox")

STATE_LABELS = {
    OutboxState.PENDING.value: _l("Menunggu"),
    OutboxState.SENDING.value: _l("Sedang dikirim"),
    OutboxState.SENT.value: _l("Sudah dikirim"),
    OutboxState.FAILED.value: _l("Gagal"),
}
TEMPLATE_LABELS = {  # the kinds the committee words per edition (wording.DEFAULTS)
    "registration_confirmed": _l("Pendaftaran berhasil"),
    "entry_submitted": _l("Karya terkirim (dengan kodenya)"),
    "video_rejected": _l("Video ditolak (dengan alasannya)"),
    "admin_check_result": _l("Hasil verifikasi administrasi"),
    "judge_invite": _l("Undangan juri"),
    "judge_reminder": _l("Pengingat penilaian untuk juri"),
    "winners_announced": _l("Pengumuman pemenang"),
    "certificate_ready": _l("Sertifikat tersedia"),
    "deadline_changed": _l("Perubahan jadwal"),
}
KIND_LABELS = {
    **TEMPLATE_LABELS,
    "password_reset": _l("Atur ulang kata sandi"),
    "vote_code": _l("Kode pemilihan"),
    "broadcast": _l("Pesan panitia"),
}


@bp.get("/")
@role_required("admin")
def index():
    state = request.args.get("state") or None
    if state is not None and state not in STATE_LABELS:
        abort(404)
    return render_template("admin/notifications/outbox.html", state=state, messages=services.messages(state=state),
                           counts=services.state_counts(), state_labels=STATE_LABELS, kind_labels=KIND_LABELS,
                           limit=services.LIST_LIMIT)


@bp.post("/<int:message_id>/retry")
@role_required("admin")
def retry(message_id):
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    commit_action(lambda: services.retry_message(message=message),
                  success=_("Email ke %(to)s dimasukkan kembali ke antrean pengiriman.", to=message.to_address))
    return redirect(url_for("notifications_admin.index", state=request.form.get("state") or None))
