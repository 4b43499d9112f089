"""The platform's inventory of personal data: the record of processing activities (UU PDP Pasal 31).

Each activity names the columns it holds ("table.column"), what they are, why (purpose), on what
legal basis, how long they are kept and who can see them. tests/privacy/duties/test_processing_record.py
walks the models: a column that links to a person or is named like personal data must appear here
(or in NOT_PERSONAL with a reason), so the record cannot silently fall behind the schema.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

CONSENT = _l("Persetujuan subjek data (UU PDP Pasal 20 ayat (2) huruf a)")
PUBLIC_TASK = _l("Pelaksanaan tugas dan kewenangan pengendali data (UU PDP Pasal 20 ayat (2) huruf e)")
LEGAL_DUTY = _l("Pemenuhan kewajiban hukum pengendali data (UU PDP Pasal 20 ayat (2) huruf c)")
EDITION_RETENTION = _l("Sampai masa simpan edisi berakhir (bawaan 365 hari setelah pengumuman); data peserta "
                       "yang tidak menang lalu dianonimkan, pemenang disimpan sebagai arsip penghargaan")
ACCOUNT_RETENTION = _l("Selama akun aktif; dihapus atau dianonimkan atas permintaan penghapusan")
COMMITTEE = _l("Panitia (admin)")


@dataclass(frozen=True)
class Activity:
    key: str
    name: object
    data: object  # what, in words
    purpose: object
    legal_basis: object
    retention: object
    who_can_see: object
    columns: tuple


ACTIVITIES = (
    Activity(
        "registration", _l("Pendaftaran dan akun peserta ASN"),
        _l("Nama, email, kata sandi (hash), NIP/NI PPPK, jenis kepegawaian, jenis kelamin, tanggal lahir, jabatan, "
           "pangkat/golongan, unit kerja, instansi, kabupaten/kota, nomor WhatsApp, waktu persetujuan"),
        _l("Memastikan peserta adalah ASN yang berhak, satu akun per NIP, dan menghubungi peserta"),
        CONSENT, EDITION_RETENTION, _l("Panitia (admin); NIP disamarkan kecuali dibuka dengan alasan dan dicatat"),
        ("user.id", "user.email", "user.full_name", "user.password_hash", "user.active", "user.created_at",
         "user.last_login_at", "user.session_epoch", "user_role.user_id", "asn_profile.user_id", "asn_profile.nip",
         "asn_profile.employment_type", "asn_profile.gender", "asn_profile.birth_date", "asn_profile.position",
         "asn_profile.rank", "asn_profile.work_unit", "asn_profile.agency", "asn_profile.regency",
         "asn_profile.phone", "asn_profile.terms_accepted_at", "asn_profile.data_consent_at",
         "consent_record.user_id")),
    Activity(
        "entries", _l("Karya dan video peserta"),
        _l("Karya milik peserta, nama berkas video asli, nama dan peran kru"),
        _l("Menerima, memverifikasi dan menilai karya; menampilkan karya pemenang yang disetujui peserta"),
        CONSENT, EDITION_RETENTION,
        _l("Panitia; juri hanya melihat kode dan judul karya serta videonya, tanpa nama peserta; publik hanya "
           "karya pemenang yang dipublikasikan"),
        ("entry.user_id", "video.original_filename", "crew_member.name", "crew_member.role")),
    Activity(
        "judging", _l("Penjurian"),
        _l("Akun juri, instansi dan afiliasi juri, penugasan, nilai, catatan, konflik kepentingan"),
        _l("Penilaian yang adil dan dapat dipertanggungjawabkan; mencegah konflik kepentingan"),
        PUBLIC_TASK, _l("Selama arsip edisi disimpan"), _l("Panitia; setiap juri hanya data dan nilainya sendiri"),
        ("judge_profile.user_id", "judge_profile.agency", "judge_profile.affiliation",
         "judge_profile.invited_by_id", "round_judge.user_id",
         "assignment.judge_id", "scorecard.judge_id", "conflict.judge_id", "judge_note.judge_id",
         "judge_affiliation.judge_id", "judge_affiliation.name", "affiliation_decision.judge_id",
         "judge_reminder.judge_id", "pairwise_vote.judge_id", "audit_event.judge_id")),
    Activity(
        "voting", _l("Pemungutan suara Video Terfavorit"),
        _l("Hash alamat email dan IP, email yang disamarkan, domain email, user agent"),
        _l("Satu suara per orang; mendeteksi kecurangan suara"),
        CONSENT, _l("Sampai masa simpan edisi berakhir"), COMMITTEE,
        ("vote.voter_hash", "vote.email_domain", "vote.email_masked", "vote.ip_hash", "vote.ip_prefix_hash",
         "vote.user_agent", "vote_challenge.voter_hash", "vote_challenge.email_domain",
         "vote_challenge.email_masked")),
    Activity(
        "certificates", _l("E-Sertifikat dan Piagam Penghargaan"),
        _l("Nama dan instansi penerima; nama, jabatan dan NIP penanda tangan; sertifikat penanda tangan elektronik"),
        _l("Menerbitkan sertifikat bertanda tangan elektronik dan memungkinkan siapa pun memeriksa keasliannya"),
        PUBLIC_TASK, _l("Tanpa batas waktu: sertifikat harus tetap dapat diverifikasi"),
        _l("Penerima; publik melalui kode verifikasi (nama, instansi, karya)"),
        ("certificate.user_id", "certificate.recipient_name", "certificate.recipient_agency",
         "certificate.signature", "certificate.revoked_by_id", "certificate_template.signatory1_name",
         "certificate_template.signatory1_position", "certificate_template.signatory1_nip",
         "certificate_template.signatory2_name", "certificate_template.signatory2_position",
         "certificate_template.signatory2_nip")),
    Activity(
        "mail", _l("Email pemberitahuan"),
        _l("Alamat email penerima, isi email, pengirim pesan massal"),
        _l("Memberi tahu peserta, juri dan pemilih tentang sayembara"),
        PUBLIC_TASK, _l("Isi yang memuat rahasia dihapus setelah terkirim; sisanya selama arsip edisi"),
        COMMITTEE, ("outbox_message.to_address", "outbox_message.user_id", "broadcast.sent_by_id")),
    Activity(
        "privacy", _l("Pemenuhan hak subjek data dan insiden"),
        _l("Permintaan subjek data, ekspor, penghapusan, catatan akses data pribadi, insiden dan orang terdampak"),
        _l("Memenuhi hak subjek data dan kewajiban pemberitahuan kegagalan pelindungan data dalam 3 × 24 jam"),
        LEGAL_DUTY, _l("Lima tahun sebagai bukti kepatuhan"), COMMITTEE,
        ("data_subject_request.user_id", "data_subject_request.subject_label", "data_subject_request.contact",
         "data_subject_request.resolved_by_id", "erasure_request.user_id", "erasure_request.subject_label",
         "erasure_request.notify_address", "data_export.user_id", "personal_data_access_log.actor_id",
         "personal_data_access_log.subject_user_id", "incident.affected_emails", "incident.created_by_id",
         "incident_event.actor_id")),
    Activity(
        "accountability", _l("Jejak keputusan panitia"),
        _l("Akun panitia yang mengambil keputusan (mengunci, menetapkan, membatalkan, mengubah)"),
        _l("Akuntabilitas keputusan sayembara"),
        PUBLIC_TASK, _l("Selama arsip edisi disimpan"), COMMITTEE,
        ("caption_settings.updated_by_id", "gallery_settings.updated_by_id", "quality_settings.updated_by_id",
         "judging_round.locked_by_id",
         "judging_round.results_final_by_id", "notification_template.updated_by_id",
         "timeline_change.changed_by_id", "admin_check.checked_by_id", "prize_award.awarded_by_id",
         "round_method.changed_by_id", "pairwise_final.created_by_id", "pairwise_final.locked_by_id",
         "voting_settings.favourite_set_by_id", "winner_note.updated_by_id", "hidden_comment.hidden_by_id",
         "tie_decision.decided_by_id", "vote_log.actor_id", "vote.voided_by_id",
         "affiliation_decision.decided_by_id", "audit_event.actor_id", "calibration_item.added_by_id")),
)

# Columns named like personal data that are not: (column, why).
NOT_PERSONAL = {
    "judging_round.name": "the round's name",
    "prize.name": "the prize's name",
    "rubric_criterion.name": "a scoring criterion",
    "pairwise_final.name": "the pairwise final's name",
    "caption.name": "a caption track's label",
    "user_role.name": "a role name (the person is user_role.user_id)",
    "certificate.award_name": "the prize's name (Juara I)",
    "video.format_name": "the container format ffprobe reports",
}


def columns():
    """{"table.column": activity key} of every inventoried column."""
    return {column: activity.key for activity in ACTIVITIES for column in activity.columns}
