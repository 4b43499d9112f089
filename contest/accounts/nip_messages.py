"""Translatable Indonesian messages for NIP error and mismatch codes, kept apart from the pure parser."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from . import grades
from .nip import ERROR_CODES, FEMALE, MALE, MISMATCH_CODES, PPPK

GENDER_LABELS = {MALE: _l("laki-laki"), FEMALE: _l("perempuan")}

# One factory per code so every msgid is a literal inside _l() (pybabel -k _l extracts it)
# and placeholders are filled lazily, at render time, in the request's locale.
_MESSAGES: dict[str, Callable[..., LazyString]] = {
    "not_digits": lambda: _l("NIP hanya boleh berisi angka 0–9"),
    "length": lambda: _l("NIP harus terdiri dari 18 angka"),
    "birth_date": lambda: _l("Tanggal lahir pada NIP tidak valid"),
    "month": lambda: _l("Bulan TMT CPNS pada NIP tidak valid (harus 01–12)"),
    "pppk_code": lambda: _l(
        "Digit ke-13 dan ke-14 pada NIP harus bulan TMT CPNS (01–12) atau kode PPPK (21–29)"
    ),
    "contracts": lambda: _l("Jumlah kontrak pada NI PPPK harus 1–9"),
    "gender": lambda: _l("Kode jenis kelamin pada NIP harus 1 (laki-laki) atau 2 (perempuan)"),
    "sequence": lambda: _l("Nomor urut pada NIP tidak boleh 000"),
    "appointment_before_birth": lambda: _l("TMT pada NIP tidak boleh sebelum tanggal lahir"),
    "too_young": lambda: _l("TMT pada NIP kurang dari 18 tahun setelah tanggal lahir"),
    "future_appointment": lambda: _l("TMT pada NIP terlalu jauh di masa depan"),
    "kind_mismatch": lambda actual=None, declared=None: (
        _l("Status kepegawaian yang Anda pilih tidak sesuai dengan NIP")
        if actual is None or declared is None
        else _l(
            "NIP menunjukkan Anda %(actual)s, tetapi Anda memilih %(declared)s",
            actual=actual,
            declared=declared,
        )
    ),
    "gender_mismatch": lambda actual=None, declared=None: (
        _l("Jenis kelamin yang Anda pilih tidak sesuai dengan NIP")
        if actual is None or declared is None
        else _l(
            "NIP menunjukkan jenis kelamin %(actual)s, tetapi Anda memilih %(declared)s",
            actual=GENDER_LABELS.get(actual, actual),
            declared=GENDER_LABELS.get(declared, declared),
        )
    ),
}

if set(_MESSAGES) != set(ERROR_CODES) | set(MISMATCH_CODES):  # fail at import, not in a form
    raise RuntimeError("every NIP error and mismatch code needs exactly one message")


def nip_error_message(code: str, **kw: str) -> LazyString:
    """Lazy message for a NIP code; mismatches may add actual= and declared= (PNS/PPPK or L/P)."""
    try:
        factory = _MESSAGES[code]
    except KeyError:
        raise KeyError(f"no message for NIP code {code!r}") from None
    return factory(**kw)


def grade_mismatch_message(grade: str, kind: str) -> LazyString:
    """Why the grade code `grade` does not fit an employee whose number says `kind`."""
    if kind == PPPK:
        return _l("%(grade)s adalah pangkat/golongan PNS, sedangkan nomor Anda NI PPPK. PPPK hanya "
                  "memiliki golongan I–XVII: pilih dari kelompok PPPK atau kosongkan.",
                  grade=grades.describe(grade))
    return _l("Golongan %(grade)s adalah golongan PPPK, sedangkan nomor Anda NIP PNS. Pilih "
              "pangkat/golongan PNS (I/a–IV/e) atau kosongkan.", grade=grade)
