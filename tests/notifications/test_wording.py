"""Notification templates as text: placeholders checked, braces escaped, defaults valid (pure)."""
import pytest

from contest.notifications import wording


@pytest.mark.parametrize("kind", wording.KINDS)
def test_every_default_template_uses_only_known_placeholders(kind):
    subject, body = wording.DEFAULTS[kind]
    assert wording.check(subject) == [] and wording.check(body) == []


@pytest.mark.parametrize(("text", "problems"), [
    ("Halo {nama}, kode {kode_karya}", []),
    ("Kurung biasa: {{ini}}", []),
    ("Halo {nam}", [("unknown", "{nam}")]),
    ("{judul.upper} {judul[0]} {nama!r} {nama:>9}",
     [("unknown", "{judul.upper}"), ("unknown", "{judul[0]}"), ("unknown", "{nama!r}"), ("unknown", "{nama:>9}")]),
    ("{x} dan {x}", [("unknown", "{x}")]),
    ("Halo {nama", [("broken", "{nama")]),
    ("Halo nama}", [("broken", "}")]),
    ("Kosong {} di sini", [("broken", "{} di sini")]),
    ("Halo {nama {judul}", [("broken", "{nama {judul}")]),
])
def test_check_names_what_is_wrong(text, problems):
    assert wording.check(text) == problems


def test_render_fills_values_and_leaves_unknown_values_empty():
    text = "Halo {nama}, karya {kode_karya} {{tetap}}{alasan}"
    assert wording.render(text, {"nama": "Siti", "kode_karya": "NTR-2024-0007"}) == \
        "Halo Siti, karya NTR-2024-0007 {tetap}"


def test_sample_values_cover_every_placeholder():
    assert set(wording.SAMPLE_VALUES) == set(wording.PLACEHOLDERS)
