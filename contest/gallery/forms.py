"""Forms of the public side: the entrant's consent, the committee's switch and jury notes."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length

from ..core.http.forms import Form
from .services import NOTE_MAX


class ConsentForm(Form):
    consent = BooleanField(_l("Tampilkan karya saya di galeri publik"))


class GallerySettingsForm(Form):
    show_all_entries = BooleanField(
        _l("Tampilkan galeri seluruh karya yang lolos verifikasi"),
        description=_l("Hanya karya yang pesertanya setuju ditampilkan; galeri terbuka bersama "
                       "pengumuman pemenang."))
    banner_title = StringField(_l("Judul pesan netralitas di galeri"), validators=[Length(max=200)],
                               description=_l("Kosongkan untuk memakai teks bawaan."))
    banner_text = TextAreaField(_l("Isi pesan netralitas di galeri"), validators=[Length(max=2000)],
                                render_kw={"rows": 3})


class WinnerNoteForm(Form):
    note = TextAreaField(_l("Catatan dewan juri"), validators=[Length(max=NOTE_MAX)],
                         render_kw={"rows": 3})
