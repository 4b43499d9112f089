"""Pure rubric helpers: level bands, the Kutim default rubric, agency keys for conflicts."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["KUTIM_RUBRIC", "LevelError", "parse_levels", "format_levels", "level_for", "agency_key",
           "same_agency", "check_levels"]


class LevelError(ValueError):
    """A level line could not be read; `line` is 1-based."""

    def __init__(self, line: int, code: str):
        super().__init__(f"line {line}: {code}")
        self.line, self.code = line, code


_LINE = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*[-–]\s*(-?\d+(?:[.,]\d+)?)\s*\|\s*([^|]+?)\s*(?:\|\s*(.*?))?\s*$")


def _num(text: str) -> float:
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def parse_levels(text: str) -> list[dict]:
    """Read "81-100 | Sangat baik | description" lines into [{min, max, label, description}]."""
    levels = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            raise LevelError(n, "format")
        lo, hi = _num(match.group(1)), _num(match.group(2))
        if hi < lo:
            raise LevelError(n, "order")
        levels.append({"min": lo, "max": hi, "label": match.group(3), "description": match.group(4) or ""})
    return sorted(levels, key=lambda level: level["min"])


def format_levels(levels: Iterable[dict]) -> str:
    """The inverse of parse_levels, for editing."""
    lines = []
    for level in levels:
        line = f"{_num(str(level['min']))}-{_num(str(level['max']))} | {level['label']}"
        if level.get("description"):
            line += f" | {level['description']}"
        lines.append(line)
    return "\n".join(lines)


def check_levels(levels: Sequence[dict], scale_min: float, scale_max: float) -> list[str]:
    """Problems with bands on a scale: 'outside' the scale or 'overlap' between bands."""
    problems = []
    for level in levels:
        if level["min"] < scale_min or level["max"] > scale_max:
            problems.append("outside")
            break
    for a, b in zip(levels, levels[1:], strict=False):
        if b["min"] <= a["max"]:
            problems.append("overlap")
            break
    return problems


def level_for(value: float | None, levels: Sequence[dict]) -> dict | None:
    """The band a value falls in; a decimal between integer bands (40.5) takes the lower one."""
    if value is None:
        return None
    found = None
    for level in levels:
        if value >= level["min"]:
            found = level
    return found


def agency_key(agency: str | None) -> str:
    """Compare agencies loosely: case, punctuation, spacing and "&" vs "dan" do not matter."""
    text = (agency or "").casefold().replace("&", " dan ")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def same_agency(a: str | None, b: str | None) -> bool:
    """True when both are given and name the same agency (an automatic conflict of interest)."""
    ka, kb = agency_key(a), agency_key(b)
    return bool(ka) and ka == kb


def _bands(names: Sequence[tuple[str, str]]) -> list[dict]:
    edges = [(1, 40), (41, 60), (61, 80), (81, 100)]
    return [{"min": lo, "max": hi, "label": label, "description": text}
            for (lo, hi), (label, text) in zip(edges, names, strict=False)]


# Kesbangpol Kutai Timur (DOMAIN.md): tema 30, kreativitas 25, isi & dampak 25, teknik 20; 1–100.
KUTIM_RUBRIC = [
    {"name": "Kesesuaian tema", "weight": 30,
     "description": "Sejauh mana karya mengangkat netralitas ASN dalam Pilkada sesuai tema sayembara.",
     "levels": _bands([
         ("Kurang", "Tema netralitas ASN tidak tampak atau hanya disinggung sekilas."),
         ("Cukup", "Tema tampak, tetapi pesan netralitas kabur atau tidak konsisten."),
         ("Baik", "Tema jelas dan konsisten sepanjang video."),
         ("Sangat baik", "Tema tergarap tajam, relevan dengan situasi ASN dan Pilkada 2024."),
     ])},
    {"name": "Kreativitas & orisinalitas", "weight": 25,
     "description": "Kebaruan ide, cara bertutur dan pendekatan visual; bukan tiruan karya lain.",
     "levels": _bands([
         ("Kurang", "Ide klise atau meniru karya lain."),
         ("Cukup", "Ada usaha kreatif, tetapi pendekatannya umum."),
         ("Baik", "Ide segar dengan cara bertutur yang menarik."),
         ("Sangat baik", "Ide orisinal dan berani, mudah diingat."),
     ])},
    {"name": "Isi & dampak pesan", "weight": 25,
     "description": "Ketepatan isi (sesuai aturan netralitas) dan kekuatan pesan bagi penonton ASN.",
     "levels": _bands([
         ("Kurang", "Pesan keliru, menyesatkan, atau tidak sampai."),
         ("Cukup", "Pesan benar tetapi lemah dampaknya."),
         ("Baik", "Pesan benar, jelas, dan mengajak."),
         ("Sangat baik", "Pesan kuat, menyentuh, dan mendorong perubahan perilaku."),
     ])},
    {"name": "Teknik videografi", "weight": 20,
     "description": "Gambar, suara, penyuntingan, pencahayaan, dan keterbacaan teks.",
     "levels": _bands([
         ("Kurang", "Gambar atau suara mengganggu; penyuntingan kasar."),
         ("Cukup", "Teknis memadai dengan beberapa kekurangan."),
         ("Baik", "Gambar, suara, dan penyuntingan rapi."),
         ("Sangat baik", "Teknis setara produksi profesional."),
     ])},
]
