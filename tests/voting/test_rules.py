"""Pure vote rules: who a voter is, allowed domains, hashed networks, one-time codes."""
import pytest

from contest.voting import rules


@pytest.mark.parametrize("raw, expected", [
    ("Rina@Example.go.id", "rina@example.go.id"),
    ("  rina+pilih@example.go.id ", "rina@example.go.id"),
    ("Rina.S+vote@GoogleMail.com", "rinas@gmail.com"),
    ("r.i.n.a.s@gmail.com", "rinas@gmail.com"),
    ("rina.s@yahoo.co.id", "rina.s@yahoo.co.id"),  # dots matter outside Gmail
])
def test_normalize_email_makes_one_voter_of_variants(raw, expected):
    assert rules.normalize_email(raw) == expected


@pytest.mark.parametrize("raw", ["", "rina", "rina@", "@example.go.id", "a@b@c.id", "rina@localhost",
                                 "ri na@example.go.id", "+tag@example.go.id", "rina@-bad-.id", "rina@exa_mple.id"])
def test_normalize_email_refuses_malformed(raw):
    assert rules.normalize_email(raw) is None


def test_mask_email_keeps_domain_and_two_letters():
    assert rules.mask_email("rinas@gmail.com") == "ri***@gmail.com"


def test_parse_domains_tolerates_prefixes_and_separators():
    assert rules.parse_domains("go.id\n@Kaltimprov.go.id, *.ac.id; go.id") == ["ac.id", "go.id", "kaltimprov.go.id"]
    assert rules.parse_domains("  ") == []
    with pytest.raises(ValueError, match="bad_domain"):
        rules.parse_domains("go.id bad_domain")


@pytest.mark.parametrize("domain, allowed, ok", [
    ("gmail.com", [], True),
    ("kaltimprov.go.id", ["go.id"], True),
    ("go.id", ["go.id"], True),
    ("kaltimprov.go.id", ["kaltimprov.go.id"], True),
    ("bkd.kaltimprov.go.id", ["kaltimprov.go.id"], True),
    ("evilkaltimprov.go.id", ["kaltimprov.go.id"], False),
    ("go.id.evil.com", ["go.id"], False),
    ("gmail.com", ["go.id", "ac.id"], False),
])
def test_domain_allowed_matches_domain_and_subdomains_only(domain, allowed, ok):
    assert rules.domain_allowed(domain, allowed) is ok


@pytest.mark.parametrize("ip, prefix", [
    ("203.0.113.77", "203.0.113.0/24"),
    ("::ffff:203.0.113.5", "203.0.113.0/24"),
    ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
    ("not-an-ip", "?not-an-ip"),
])
def test_ip_prefix_is_the_24_or_48_network(ip, prefix):
    assert rules.ip_prefix(ip) == prefix


def test_keyed_hashes_depend_on_secret_and_purpose():
    a = rules.keyed_hash("k1", "ip", "203.0.113.7")
    assert a == rules.keyed_hash("k1", "ip", "203.0.113.7") and len(a) == 64
    assert a != rules.keyed_hash("k2", "ip", "203.0.113.7")
    assert a != rules.keyed_hash("k1", "net", "203.0.113.7")
    assert "203.0.113.7" not in a


def test_codes_are_six_digits_and_bound_to_their_challenge():
    codes = {rules.new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes) and len(codes) > 150
    stored = rules.code_hash("k", "token-a", "012345")
    assert rules.code_matches("k", "token-a", "012 345", stored)
    assert rules.code_matches("k", "token-a", "012-345", stored)
    assert not rules.code_matches("k", "token-b", "012345", stored)
    assert not rules.code_matches("k", "token-a", "012346", stored)
