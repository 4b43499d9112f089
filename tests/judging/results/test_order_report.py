"""The results page's order report: the position effect, each judge's drift chart, calibration deviations."""
import re

import pytest

from contest.core.extensions import db
from contest.judging.results.order_report import order_report
from contest.judging.results.services import round_results
from contest.judging.scoring.calibration import set_calibration
from contest.judging.scoring.queue import judge_queue
from contest.judging.scoring.scorecards import save_scorecard
from tests.conftest import login, text_of


def score_in_order(rnd, judges, *, drift, bias=None, skip=0):
    """Every judge scores their queue in their own order; the total climbs `drift` points per entry."""
    for j, judge in enumerate(judges):
        for position, item in enumerate(judge_queue(rnd, judge), start=1):
            value = 40 + (item.entry_id * 7) % 30 + drift * position + (bias or {}).get(j, 0)
            save_scorecard(rnd=rnd, entry_id=item.entry_id, judge=judge, require_watch=False, submit=True,
                           raw_values={c.id: str(max(1, min(100, round(value, 2)))) for c in rnd.criteria})
    db.session.commit()


@pytest.fixture
def world(make_contest, make_judge, make_entry, make_round, make_staff):
    contest = make_contest()
    judges = [make_judge(agency=f"Instansi {i}") for i in range(4)]
    entries = [make_entry(contest) for _ in range(12)]
    rnd = make_round(contest, judges)
    return rnd, judges, entries, make_staff("admin")


def test_a_drift_shows_as_an_order_effect_with_a_chart_per_judge(client, world):
    rnd, judges, entries, admin = world
    score_in_order(rnd, judges, drift=2.0)
    login(client, admin)
    html = client.get(f"/admin/judging/rounds/{rnd.id}/results").get_data(as_text=True)
    assert 'data-order-verdict="later_higher"' in html
    assert "cenderung mendapat nilai lebih tinggi" in text_of(client.get(f"/admin/judging/rounds/{rnd.id}/results"))
    assert len(re.findall(r'<svg class="drift-chart', html)) == 4
    assert html.count('class="trend"') == 4
    report = order_report(rnd, round_results(rnd))
    assert report.effect.count == 48 and report.effect.rho > 0.5
    assert all(d.per_ten > 5 for d in report.drifts)  # every judge drifts upwards (2 points per entry)
    assert [t.count for t in report.effect.thirds] == [16, 16, 16]


def test_no_drift_no_effect(client, world):
    rnd, judges, _entries, admin = world
    score_in_order(rnd, judges, drift=0.0)
    report = order_report(rnd, round_results(rnd))
    assert report.effect.verdict == "none"
    login(client, admin)
    assert "Tidak tampak pengaruh urutan" in text_of(client.get(f"/admin/judging/rounds/{rnd.id}/results"))


def test_calibration_items_show_a_harsh_judge(client, world):
    rnd, judges, entries, admin = world
    set_calibration(rnd=rnd, entry_ids=[entries[0].id, entries[1].id], actor=admin)
    db.session.commit()
    score_in_order(rnd, judges, drift=0.0, bias={2: -15})
    report = order_report(rnd, round_results(rnd))
    verdicts = {row.name: row.result.verdict for row in report.calibration}
    assert verdicts[judges[2].full_name] == "harsh"
    assert [v for name, v in verdicts.items() if name != judges[2].full_name] == ["aligned"] * 3
    assert report.effect.count == 4 * 10  # calibration items are not counted in the position effect
    login(client, admin)
    page = text_of(client.get(f"/admin/judging/rounds/{rnd.id}/results"))
    assert "lebih keras dari panel" in page and entries[0].code in page


def test_an_empty_round_explains_itself(client, world):
    rnd, _judges, _entries, admin = world
    login(client, admin)
    page = text_of(client.get(f"/admin/judging/rounds/{rnd.id}/results"))
    assert "Terlalu sedikit nilai dengan urutan tercatat" in page
    assert "tidak memakai karya kalibrasi" in page
