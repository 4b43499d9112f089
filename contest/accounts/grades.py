"""ASN grades: PNS pangkat/golongan (I/a–IV/e) and PPPK golongan (I–XVII); pure, no Flask.

PNS have a pangkat with its golongan/ruang (PP 99/2000), e.g. Penata Muda (III/a). PPPK have a
golongan only, I–XVII in Roman numerals (Perpres 98/2020), and no pangkat. The stored value is
the canonical code ("III/a" or "IX"); describe() gives the text people read.
"""

from __future__ import annotations

from .nip import PNS, PPPK

PNS_GRADES = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)
PPPK_GRADES = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
               "XIV", "XV", "XVI", "XVII")

_PANGKAT = dict(PNS_GRADES)
_KIND = {**{code: PNS for code, _name in PNS_GRADES}, **{code: PPPK for code in PPPK_GRADES}}


def codes_for(kind: str) -> tuple[str, ...]:
    """The grade codes an employee of `kind` (PNS or PPPK) may have, lowest first."""
    if kind == PNS:
        return tuple(code for code, _name in PNS_GRADES)
    if kind == PPPK:
        return PPPK_GRADES
    raise ValueError(f"unknown employment type {kind!r}")


def kind_of(code: str | None) -> str | None:
    """PNS or PPPK for a canonical grade code, None for anything else."""
    return _KIND.get(code or "")


def describe(value: str | None) -> str:
    """What to show for a stored grade: "Penata Muda (III/a)" for PNS, the numeral for PPPK.

    Values stored before grades were a choice are free text: shown as they are.
    """
    value = (value or "").strip()
    if value in _PANGKAT:
        return f"{_PANGKAT[value]} ({value})"
    return value
