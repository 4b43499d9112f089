"""Data-subject rights under UU PDP 27/2022: Data Saya, export, correction, erasure, retention, the
privacy notice, and the committee's duties (duties/). The records lower features write (consents,
the access log) are in contest/records/."""
