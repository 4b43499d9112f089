"""E-Sertifikat for entrants who passed the administrative check, Piagam Penghargaan for winners."""
