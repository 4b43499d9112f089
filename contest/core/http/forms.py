"""Form base classes whose built-in WTForms messages speak Indonesian (WTForms ships no `id`).

Use `Form` instead of FlaskForm, and `SubForm` for a FormField's form. In English the
original WTForms text is used, so no catalogue entry is needed for it. Both also clean text:
every text field is NFC-normalized, and single-line ones refuse bidi and zero-width characters
(contest/core/text.py); passwords are left exactly as typed.
"""
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form as WTForm
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import ValidationError

from ..text import invisible_characters, nfc

# WTForms' own msgids (wtforms/locale/wtforms.pot) → our Indonesian text.
_MESSAGES = {
    "This field is required.": _l("Wajib diisi."),
    "Field must be equal to %(other_name)s.": _l("Isian tidak sama."),
    "Field must be at least %(min)d character long.": _l("Minimal %(min)d karakter."),
    "Field must be at least %(min)d characters long.": _l("Minimal %(min)d karakter."),
    "Field cannot be longer than %(max)d character.": _l("Maksimal %(max)d karakter."),
    "Field cannot be longer than %(max)d characters.": _l("Maksimal %(max)d karakter."),
    "Field must be exactly %(max)d character long.": _l("Harus tepat %(max)d karakter."),
    "Field must be exactly %(max)d characters long.": _l("Harus tepat %(max)d karakter."),
    "Field must be between %(min)d and %(max)d characters long.": _l("Harus %(min)d–%(max)d karakter."),
    "Number must be at least %(min)s.": _l("Angka minimal %(min)s."),
    "Number must be at most %(max)s.": _l("Angka maksimal %(max)s."),
    "Number must be between %(min)s and %(max)s.": _l("Angka harus antara %(min)s dan %(max)s."),
    "Invalid input.": _l("Isian tidak valid."),
    "Invalid email address.": _l("Alamat email tidak valid."),
    "Invalid URL.": _l("Tautan tidak valid."),
    "Not a valid choice.": _l("Pilihan tidak valid."),
    "Invalid Choice: could not coerce.": _l("Pilihan tidak valid."),
    "'%(value)s' is not a valid choice for this field.": _l("Pilihan '%(value)s' tidak valid."),
    "'%(value)s' are not valid choices for this field.": _l("Pilihan '%(value)s' tidak valid."),
    "Not a valid datetime value.": _l("Tanggal dan jam tidak valid."),
    "Not a valid date value.": _l("Tanggal tidak valid."),
    "Not a valid integer value.": _l("Harus berupa bilangan bulat."),
    "Not a valid decimal value.": _l("Harus berupa angka."),
    "Not a valid float value.": _l("Harus berupa angka."),
}


class IndonesianMessages:
    """The `translations` object WTForms asks for its built-in messages."""

    def gettext(self, string):
        if str(get_locale() or "id") == "en" or string not in _MESSAGES:
            return string
        return str(_MESSAGES[string])

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


MESSAGES = IndonesianMessages()


def refuse_invisible(form, field):
    """A single-line field with bidi controls or zero-width characters is refused, not stored."""
    found = invisible_characters(field.data)
    if found:
        raise ValidationError(_("Isian ini memuat karakter tersembunyi (%(chars)s), biasanya terbawa saat "
                                "menyalin teks. Hapus lalu ketik ulang isian ini.", chars=", ".join(found)))


class CleanTextMeta:
    """Binds every field with the text rules: NFC for text, refuse_invisible for single lines."""

    def get_translations(self, form):
        return MESSAGES

    def bind_field(self, form, unbound_field, options):
        field = unbound_field.bind(form=form, **options)
        kind = unbound_field.field_class
        if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
            field.filters = (nfc, *field.filters)
            if not issubclass(kind, TextAreaField):
                field.validators = [*field.validators, refuse_invisible]
        return field


class Form(FlaskForm):
    """FlaskForm (CSRF-protected) with Indonesian built-in messages and clean text."""

    class Meta(CleanTextMeta):
        pass


class SubForm(WTForm):
    """A form nested with FormField (no CSRF of its own), with Indonesian messages and clean text."""

    class Meta(CleanTextMeta):
        pass
