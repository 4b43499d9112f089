"""Anomaly report on hand-made vote rows: what is flagged, and what an ordinary office vote is not."""
from datetime import UTC, datetime, timedelta

from contest.voting.anomalies import (
    Thresholds,
    VoteRow,
    bucket_size,
    disposable_reason,
    find_anomalies,
    timeline,
)

T0 = datetime(2024, 11, 20, 8, 0, tzinfo=UTC)


class Rows:
    """Builds rows with increasing ids."""

    def __init__(self):
        self.rows = []

    def add(self, *, s, entry=1, net="netA", ip=None, domain="kaltimprov.go.id"):
        n = len(self.rows) + 1
        self.rows.append(VoteRow(id=n, entry_id=entry, at=T0 + timedelta(seconds=s), ip_hash=ip or f"ip{n}",
                                 ip_prefix_hash=net, domain=domain))
        return self


def spread(rows, n, *, every_s, start_s=0, **kw):
    for i in range(n):
        rows.add(s=start_s + i * every_s, **kw)
    return rows


def test_ordinary_office_voting_over_a_day_is_not_flagged():
    rows = Rows()
    for i, entry in enumerate([1, 2, 3] * 6):  # 18 votes, one network, one every 40 minutes
        rows.add(s=i * 2400, entry=entry, net="office", domain="kaltimprov.go.id")
    for i in range(10):  # people at home, each on their own network
        rows.add(s=100 + i * 3000, entry=2, net=f"home{i}", domain="gmail.com")
    report = find_anomalies(rows.rows)
    assert report.total == 28
    assert report.findings == [] and report.flagged_ids == []


def test_burst_from_one_network_is_one_finding_with_its_votes():
    rows = Rows()
    rows.add(s=0, net="other")
    spread(rows, 6, every_s=60, start_s=1000, net="burstnet", entry=2)  # 6 votes in 5 minutes
    rows.add(s=5000, net="burstnet", entry=2)  # long after: not part of the burst
    [finding] = find_anomalies(rows.rows).of_kind("ip_burst")
    assert finding.key == "burstnet"
    assert finding.vote_ids == [2, 3, 4, 5, 6, 7]
    assert finding.entry_ids == [2]
    assert finding.seconds == 300
    assert finding.detail["ips"] == 6


def test_burst_threshold_is_exact():
    rows = spread(Rows(), 4, every_s=100, net="n")  # 4 votes < 5
    assert find_anomalies(rows.rows).of_kind("ip_burst") == []
    rows.add(s=400, net="n")  # 5 votes within 400 s <= 600 s
    assert len(find_anomalies(rows.rows).of_kind("ip_burst")) == 1
    late = spread(Rows(), 5, every_s=151, net="n")  # 5 votes over 604 s: no window holds 5
    assert find_anomalies(late.rows).of_kind("ip_burst") == []


def test_two_separate_bursts_are_two_findings():
    rows = spread(Rows(), 5, every_s=10, net="n")
    spread(rows, 5, every_s=10, start_s=7200, net="n")
    bursts = find_anomalies(rows.rows).of_kind("ip_burst")
    assert [b.count for b in bursts] == [5, 5]


def test_many_votes_within_seconds_for_one_entry_across_networks():
    rows = Rows()
    for i in range(5):
        rows.add(s=i * 3, entry=7, net=f"net{i}", domain=f"d{i}.go.id")
    rows.add(s=2000, entry=7, net="net9")
    [finding] = find_anomalies(rows.rows).of_kind("rapid")
    assert finding.key == "7" and finding.vote_ids == [1, 2, 3, 4, 5]
    assert finding.detail["networks"] == 5
    assert find_anomalies(rows.rows).of_kind("ip_burst") == []


def test_concentration_of_an_entrys_votes_in_one_network():
    rows = Rows()
    spread(rows, 6, every_s=1800, entry=3, net="same")  # spread out: no burst
    spread(rows, 4, every_s=1800, start_s=900, entry=3, net="elsewhere", domain="gmail.com")
    [finding] = find_anomalies(rows.rows).of_kind("concentration")
    assert finding.key == "3" and finding.count == 6
    assert finding.detail == {"share": 0.6, "of": 10, "network": "same"}
    fewer = Rows()
    spread(fewer, 9, every_s=1800, entry=3, net="same")  # under the 10-vote minimum
    assert find_anomalies(fewer.rows).of_kind("concentration") == []


def test_disposable_domains_from_the_list_and_heuristics():
    assert disposable_reason("mailinator.com") == "listed"
    assert disposable_reason("eu.mailinator.com") == "listed"
    assert disposable_reason("my-tempbox.net") == "keyword"
    assert disposable_reason("pilih-cepat.xyz") == "tld"
    for fine in ("gmail.com", "kaltimprov.go.id", "unmul.ac.id", "yahoo.co.id", "contoh.co.id", "temp.go.id"):
        assert disposable_reason(fine) is None, fine
    rows = (
        Rows().add(s=0, domain="yopmail.com").add(s=5000, domain="kaltimprov.go.id").add(s=9000, domain="yopmail.com")
    )
    [finding] = find_anomalies(rows.rows).of_kind("disposable")
    assert finding.key == "yopmail.com" and finding.vote_ids == [1, 3] and finding.detail == {"reason": "listed"}


def test_many_votes_from_one_unusual_domain():
    rows = Rows()
    for i in range(10):
        rows.add(s=i * 4000, net=f"n{i}", domain="pilihanku.com")
        rows.add(s=i * 4000 + 1, net=f"m{i}", domain="kaltimprov.go.id")
        rows.add(s=i * 4000 + 2, net=f"g{i}", domain="gmail.com")
    report = find_anomalies(rows.rows)
    [finding] = report.of_kind("domain_volume")
    assert finding.key == "pilihanku.com" and finding.count == 10
    assert {f.kind for f in report.findings} == {"domain_volume"}


def test_thresholds_are_configurable():
    rows = spread(Rows(), 3, every_s=10, net="n")
    assert find_anomalies(rows.rows).findings == []
    strict = Thresholds(burst_min_votes=3, rapid_min_votes=3)
    assert {f.kind for f in find_anomalies(rows.rows, strict).findings} == {"ip_burst", "rapid"}


def test_timeline_buckets_per_entry():
    rows = Rows().add(s=0, entry=1).add(s=3599, entry=1).add(s=3600, entry=2).add(s=20 * 3600, entry=1)
    rows.add(s=-5, entry=1).add(s=30 * 3600, entry=1)  # outside the window
    starts, counts = timeline(rows.rows, start=T0, end=T0 + timedelta(hours=24))
    assert len(starts) == 24 and starts[1] - starts[0] == timedelta(hours=1)
    assert counts[1][0] == 2 and counts[1][20] == 1 and sum(counts[1]) == 3
    assert counts[2][1] == 1 and sum(counts[2]) == 1


def test_bucket_size_grows_with_the_window():
    assert bucket_size(T0, T0 + timedelta(hours=6)) == timedelta(minutes=15)
    assert bucket_size(T0, T0 + timedelta(days=2)) == timedelta(hours=1)
    assert bucket_size(T0, T0 + timedelta(days=7)) == timedelta(hours=6)
    assert bucket_size(T0, T0 + timedelta(days=40)) == timedelta(days=1)
