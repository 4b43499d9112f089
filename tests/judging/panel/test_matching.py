"""Pure matching of judges' declared affiliations against crew names and agencies."""
from contest.judging.panel.matching import find_matches, normalize_name, normalize_org


def test_names_lose_titles_case_and_spaces():
    assert normalize_name("Drs. H. Budi  Santoso, S.Kom., M.M.") == "budi santoso"
    assert normalize_name("BUDI SANTOSO") == "budi santoso"
    assert normalize_name("Ir. Siti Aminah, M.T.") == "siti aminah"
    assert normalize_name("Dr. Ahmad Yani, S.H., M.H.") == "ahmad yani"
    assert normalize_name("Andi Setiawan") != normalize_name("Andi Setiawati")
    assert normalize_name("") == ""


def test_orgs_lose_punctuation_and_abbreviations():
    assert normalize_org("Dinas Kominfo Kab. Kutai Timur") == normalize_org("dinas  kominfo kabupaten kutai timur")
    assert normalize_org("Bawaslu Prov. Kaltim") == "bawaslu provinsi kaltim"


def test_matches_crew_people_and_agencies():
    affiliations = [(1, "person", "Dra. Rina Wulandari"), (1, "org", "Dinas Kominfo Kab. Kutai Timur"),
                    (2, "person", "Joko Susilo"), (3, "org", "Rumah Produksi Sinar")]
    crews = [(10, "rina wulandari, S.Sos"), (11, "Joko Susilo"), (11, "Budi"), (12, "Rumah Produksi Sinar")]
    agencies = [(10, "BPKAD"), (11, "Dinas Kominfo Kabupaten Kutai Timur"), (12, "Dinas Kesehatan")]
    found = {(m.judge_id, m.entry_id, m.source) for m in find_matches(affiliations, crews, agencies)}
    assert found == {(1, 10, "crew"), (1, 11, "agency"), (2, 11, "crew"), (3, 12, "crew")}
    match = next(m for m in find_matches(affiliations, crews, agencies) if m.judge_id == 1 and m.entry_id == 10)
    assert match.key == "rina wulandari" and match.affiliation == "Dra. Rina Wulandari"
    assert match.found == "rina wulandari, S.Sos"


def test_no_match_on_partial_names_or_empty_lists():
    assert find_matches([(1, "person", "Budi")], [(10, "Budi Santoso")], []) == []
    assert find_matches([], [(10, "Budi")], [(10, "Dinas")]) == []
    assert find_matches([(1, "person", "S.Kom.")], [(10, "S.Kom")], []) == []  # only titles: nothing to match
