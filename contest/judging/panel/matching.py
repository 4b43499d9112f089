"""Matching declared crew and the entrant's agency against judges' declared affiliations.

Pure: no Flask, no database. Names are compared after normalising case, punctuation, spaces
and Indonesian academic/honorific titles ("Drs. H. Budi Santoso, S.Kom., M.M." → "budi santoso").
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Titles before or after a name (compared without dots and spaces, lower case).
_TITLES = {
    "dr", "drs", "dra", "ir", "prof", "h", "hj", "kh", "st", "bapak", "ibu", "bpk", "sdr", "sdri",
    "skom", "sh", "se", "sag", "sip", "ssos", "spd", "spdi", "ssi", "sked", "sikom", "sst", "stp",
    "sts", "ak", "mm", "mh", "msi", "mkom", "mpd", "mt", "msc", "ma", "mba", "phd", "mag",
    "map", "mpa", "ssn", "amd", "amkeb", "amk", "sfarm", "skm", "skep", "ds", "sds", "sstp",
    "mtr", "mhum", "msos", "mkes", "mkm", "dsc", "lc", "ssy", "shi", "sei", "mi", "mp",
}
_AGENCY_WORDS = {"dinas": "dinas", "dis": "dinas", "badan": "badan", "kab": "kabupaten",
                 "kabupaten": "kabupaten", "prov": "provinsi", "provinsi": "provinsi", "pemkab": "pemkab"}


def _ascii(text):
    return unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()


def normalize_name(text: str) -> str:
    """A person's name without titles, punctuation or extra spaces, in lower case."""
    parts = []
    for chunk in re.split(r"[,\s]+", _ascii(text)):
        word = re.sub(r"[^a-z0-9]", "", chunk)
        if not word:
            continue
        if word in _TITLES:
            continue
        parts.append(word)
    return " ".join(parts)


def normalize_org(text: str) -> str:
    """An organisation name without punctuation or extra spaces, in lower case."""
    words = [re.sub(r"[^a-z0-9]", "", w) for w in re.split(r"[\s,./()\-]+", _ascii(text))]
    return " ".join(_AGENCY_WORDS.get(w, w) for w in words if w)


@dataclass(frozen=True)
class Match:
    judge_id: object
    entry_id: object
    key: str  # the normalised name that matched (stable across runs: decisions refer to it)
    affiliation: str  # as the judge wrote it
    found: str  # as the entrant wrote it (a crew name or the agency)
    source: str  # "crew" or "agency"


def find_matches(affiliations: Iterable[tuple[object, str, str]],
                 crews: Iterable[tuple[object, str]],
                 agencies: Iterable[tuple[object, str]]) -> list[Match]:
    """Every (judge, entry) pair where a declared affiliation matches a crew name or the agency.

    affiliations: (judge_id, kind "org"/"person", name); crews: (entry_id, crew name);
    agencies: (entry_id, entrant's agency). A person matches crew names; an organisation matches
    the agency (and crew names too, for a production house named as crew).
    """
    people, orgs = {}, {}
    for judge_id, kind, name in affiliations:
        if kind == "person":
            key = normalize_name(name)
            if key:
                people.setdefault(key, []).append((judge_id, name))
        else:
            key = normalize_org(name)
            if key:
                orgs.setdefault(key, []).append((judge_id, name))
    found = {}
    for entry_id, name in crews:
        for key, table in ((normalize_name(name), people), (normalize_org(name), orgs)):
            for judge_id, declared in table.get(key, ()):
                found.setdefault((judge_id, entry_id, key), Match(judge_id, entry_id, key, declared, name, "crew"))
    for entry_id, agency in agencies:
        key = normalize_org(agency)
        for judge_id, declared in orgs.get(key, ()):
            found.setdefault((judge_id, entry_id, key), Match(judge_id, entry_id, key, declared, agency, "agency"))
    return sorted(found.values(), key=lambda m: (str(m.entry_id), str(m.judge_id), m.key))
