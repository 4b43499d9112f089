"""Data-subject rights under UU PDP 27/2022: Data Saya, export, correction, erasure, retention,
the privacy notice, consent records and the log of every access to personal data."""
