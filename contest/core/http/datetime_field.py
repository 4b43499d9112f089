"""A date and a time typed as Indonesians write them (27-11-2024, 23.59), the same on every browser.

`<input type="datetime-local">` shows mm/dd/yyyy and a 12-hour clock when the browser's locale
asks for it, so a committee in Samarinda reads a deadline differently on each laptop. This field
renders two plain text inputs (day-month-year, 24-hour time) followed by the zone's abbreviation
(WITA), and still accepts the ISO `2024-11-27T23:59` value of a single input (scripts, old forms).
"""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import Field

DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d")
TIME_FORMATS = ("%H.%M", "%H:%M")
DATE_PATTERN = r"\d{1,2}[\-/.]\d{1,2}[\-/.]\d{4}"
TIME_PATTERN = r"\d{1,2}[.:]\d{2}"
DATE_PLACEHOLDER = _l("hh-bb-tttt")
TIME_PLACEHOLDER = _l("jj.mm")
DATE_PART = _l("tanggal (hari-bulan-tahun)")
TIME_PART = _l("jam (24 jam)")


def parse_date_time(date_text, time_text):
    """A naive datetime from '27-11-2024' and '23.59' (or '23:59'); None when either does not parse."""
    date_text, time_text = (date_text or "").strip(), (time_text or "").strip()
    for date_format in DATE_FORMATS:
        for time_format in TIME_FORMATS:
            try:
                return datetime.strptime(f"{date_text} {time_text}", f"{date_format} {time_format}")
            except ValueError:
                continue
    return None


class DateTimeWidget:
    """Two text inputs (date, time) and the zone's abbreviation, in one Bootstrap input group."""

    def __call__(self, field, **kwargs):
        css = kwargs.pop("class", "form-control")
        described = kwargs.pop("aria-describedby", None)
        date_value, time_value = field.date_text(), field.time_text()
        extra = f' aria-describedby="{escape(described)}"' if described else ""
        label = escape(field.label.text)
        return Markup(
            f'<div class="input-group datetime-split" data-zone="{escape(field.zone_label)}">'
            f'<input type="text" class="{escape(css)}" id="{escape(field.id)}" name="{escape(field.name)}-date" '
            f'value="{escape(date_value)}" inputmode="numeric" autocomplete="off" pattern="{DATE_PATTERN}" '
            f'placeholder="{escape(DATE_PLACEHOLDER)}" aria-label="{label}: {escape(DATE_PART)}"'
            f'{extra}>'
            f'<input type="text" class="{escape(css)} datetime-time" id="{escape(field.id)}-time" '
            f'name="{escape(field.name)}-time" value="{escape(time_value)}" inputmode="numeric" autocomplete="off" '
            f'pattern="{TIME_PATTERN}" placeholder="{escape(TIME_PLACEHOLDER)}" maxlength="5" '
            f'aria-label="{label}: {escape(TIME_PART)}">'
            f'<span class="input-group-text">{escape(field.zone_label)}</span></div>'
        )


class SplitDateTimeField(Field):
    """A naive local datetime from `<name>-date` (dd-mm-yyyy) and `<name>-time` (HH.MM, 24-hour)."""

    widget = DateTimeWidget()

    def __init__(self, label=None, validators=None, zone_label="WITA", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.zone_label = zone_label

    def process(self, formdata, data=None, extra_filters=None):
        if formdata is not None and (f"{self.name}-date" in formdata or f"{self.name}-time" in formdata):
            # Fold the pair into raw_data so InputRequired sees an empty pair as missing.
            date_text = formdata.get(f"{self.name}-date", "")
            time_text = formdata.get(f"{self.name}-time", "")
            self._typed = (date_text, time_text)
            pair = " ".join(p for p in (date_text.strip(), time_text.strip()) if p)
            if "T" in date_text:  # an ISO date-and-time pasted into the date box carries its own time
                pair = date_text.strip()
            formdata = {self.name: [pair] if pair else []}
            formdata = _Multi(formdata)
        super().process(formdata, data, extra_filters)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip()
        if "T" in text:  # the ISO value of a single datetime-local input
            try:
                self.data = datetime.strptime(text, "%Y-%m-%dT%H:%M")
                return
            except ValueError:
                pass
        date_text, _, time_text = text.partition(" ")
        self.data = parse_date_time(date_text, time_text)
        if self.data is None:
            raise ValueError(_l(
                "Tanggal dan jam tidak valid. Tulis tanggal sebagai hari-bulan-tahun (27-11-2024) dan jam 24 jam "
                "(23.59)."))

    def date_text(self):
        if self.data is not None and not self.errors:
            return self.data.strftime("%d-%m-%Y")
        return getattr(self, "_typed", ("", ""))[0]

    def time_text(self):
        if self.data is not None and not self.errors:
            return self.data.strftime("%H.%M")
        return getattr(self, "_typed", ("", ""))[1]

    def _value(self):
        return self.data.strftime("%d-%m-%Y %H.%M") if self.data else ""


class _Multi(dict):
    """The smallest multidict WTForms' Field.process reads (`in` and `getlist`)."""

    def getlist(self, key):
        return self.get(key, [])
