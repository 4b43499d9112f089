"""The follow-up of a ready video: the quality report, even loudness, fingerprints and duplicates."""
