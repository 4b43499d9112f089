"""Forms of the panel: who sits on a round, a manual assignment, inviting and editing judges."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from ...core.http.forms import Form


class PanelForm(Form):
    judges = SelectMultipleField(_l("Anggota dewan juri babak ini"), coerce=int,
                                 option_widget=widgets.CheckboxInput(),
                                 widget=widgets.ListWidget(prefix_label=False))


class OverrideAssignmentForm(Form):
    entry_id = SelectField(_l("Karya"), coerce=int, choices=[])
    judge_id = SelectField(_l("Juri"), coerce=int, choices=[])
    action = RadioField(_l("Tindakan"),
                        choices=[SelectChoice("assign", _l("Tugaskan")), SelectChoice("remove", _l("Lepaskan"))],
                        default="assign")
    reason = StringField(_l("Alasan"), validators=[Optional(), Length(max=500)])


class InviteForm(Form):
    full_name = StringField(_l("Nama lengkap (dengan gelar)"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(message=_l("Alamat email tidak valid.")), Length(max=254)]
    )
    agency = StringField(_l("Instansi"), validators=[Optional(), Length(max=200)],
                         description=_l("Dipakai untuk mendeteksi konflik kepentingan: "
                                        "juri tidak menilai karya dari instansinya sendiri."))
    affiliation = StringField(_l("Lembaga / jabatan (untuk berita acara)"), validators=[Optional(), Length(max=200)])


class JudgeEditForm(Form):
    full_name = StringField(_l("Nama lengkap (dengan gelar)"), validators=[DataRequired(), Length(max=200)])
    agency = StringField(_l("Instansi"), validators=[Optional(), Length(max=200)])
    affiliation = StringField(_l("Lembaga / jabatan (untuk berita acara)"), validators=[Optional(), Length(max=200)])
