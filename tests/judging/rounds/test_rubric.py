"""Rubric helpers (pure) and the rubric service: level bands, agencies, weights total 100 %."""
import pytest

from contest.core.errors import DomainError
from contest.judging.results.charts import bars, histogram
from contest.judging.rounds.editing import save_rubric
from contest.judging.rounds.rubric import (
    KUTIM_RUBRIC,
    LevelError,
    agency_key,
    check_levels,
    format_levels,
    level_for,
    parse_levels,
    same_agency,
)
from contest.judging.scoring.scorecards import card_total
from tests.judging.conftest import kutim_criteria


def test_levels_round_trip_and_lookup():
    text = "81-100 | Sangat baik | Tema tajam\n1-40 | Kurang\n41–60 | Cukup | kabur\n61-80 | Baik"
    levels = parse_levels(text)
    assert [lv["label"] for lv in levels] == ["Kurang", "Cukup", "Baik", "Sangat baik"]
    assert parse_levels(format_levels(levels)) == levels
    assert level_for(40.5, levels)["label"] == "Kurang"
    assert level_for(81, levels)["label"] == "Sangat baik"
    assert level_for(None, levels) is None
    assert check_levels(levels, 1, 100) == []
    assert check_levels(levels, 1, 10) == ["outside"]
    assert check_levels(parse_levels("1-50 | a\n40-100 | b"), 1, 100) == ["overlap"]


@pytest.mark.parametrize("line, code", [("sangat baik", "format"), ("90-80 | x", "order")])
def test_bad_level_lines(line, code):
    with pytest.raises(LevelError) as error:
        parse_levels("1-10 | ok\n" + line)
    assert error.value.line == 2 and error.value.code == code


def test_agency_comparison_is_forgiving():
    assert same_agency("Dinas Komunikasi & Informatika", "  dinas komunikasi DAN informatika. ")
    assert not same_agency("Dinas Kesehatan", "Dinas Pendidikan")
    assert not same_agency("", "")
    assert agency_key(None) == ""


def test_kutim_rubric_is_the_documented_one():
    assert [(c["name"], c["weight"]) for c in KUTIM_RUBRIC] == [
        ("Kesesuaian tema", 30), ("Kreativitas & orisinalitas", 25), ("Isi & dampak pesan", 25),
        ("Teknik videografi", 20)]
    assert all(len(c["levels"]) == 4 and all(lv["description"] for lv in c["levels"]) for c in KUTIM_RUBRIC)


def test_histogram_and_bars():
    assert histogram([0, 9.9, 10, 55, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 1]
    rects = bars([1, 2, 0], width=30, height=10, gap=0)
    assert [r["h"] for r in rects] == [5.0, 10.0, 0.0] and rects[1]["y"] == 0.0


def test_weights_must_total_100(make_contest, make_judge, make_round):
    contest = make_contest()
    rnd = make_round(contest, [make_judge()])
    bad = kutim_criteria()
    bad[0]["weight"] = 35
    with pytest.raises(DomainError, match="100%"):
        save_rubric(rnd=rnd, criteria=bad, actor=rnd.judges[0])
    comments = kutim_criteria() + [{"name": "Catatan umum", "weight": 0, "scale_min": 1, "scale_max": 10,
                                    "counted": False, "levels": []}]
    save_rubric(rnd=rnd, criteria=comments, actor=rnd.judges[0])
    assert [c.counted for c in rnd.criteria] == [True, True, True, True, False]
    values = {c.id: 100 for c in rnd.criteria[:4]}
    assert card_total(rnd, values) == pytest.approx(100)
    assert card_total(rnd, {rnd.criteria[0].id: 100}) is None


def test_levels_must_fit_the_scale(make_contest, make_judge, make_round):
    rnd = make_round(make_contest(), [make_judge()])
    bad = kutim_criteria()
    bad[3]["scale_max"] = 10  # levels run to 100
    with pytest.raises(DomainError, match="tingkat"):
        save_rubric(rnd=rnd, criteria=bad, actor=rnd.judges[0])
