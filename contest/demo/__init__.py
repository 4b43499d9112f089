"""Demo data for a newcomer's first `make run`: seeded above the features, which never import it.

One module per feature's demo data; seed_demo() runs them in order and is idempotent.
"""
from .certificates import seed_certificates, seed_issued_certificates
from .contests import seed_current_edition
from .gallery import seed_past_edition
from .judging import seed_judging
from .streaming import seed_ladders
from .voting import seed_demo_vote


def seed_demo():
    """Create whatever of the demo is missing; returns (role, email, password) rows."""
    contest, logins = seed_current_edition()
    seed_judging(contest)
    past = seed_past_edition()  # Pemilu 2024: final, published winners with real clips
    seed_ladders()  # their HLS ladders, so the winners stream adaptively from the first page
    seed_demo_vote(contest)
    seed_certificates(contest)
    seed_issued_certificates(past["contest"])  # signed e-sertifikat and piagam of the announced edition
    return logins
