"""The administrative check (Verifikasi Administrasi) and its content checklist; which entries a
round judges."""
