"""Regencies and cities of Kalimantan Timur, plus the provincial government itself."""
REGENCIES = (
    "Pemerintah Provinsi Kalimantan Timur",
    "Kabupaten Berau",
    "Kabupaten Kutai Barat",
    "Kabupaten Kutai Kartanegara",
    "Kabupaten Kutai Timur",
    "Kabupaten Mahakam Ulu",
    "Kabupaten Paser",
    "Kabupaten Penajam Paser Utara",
    "Kota Balikpapan",
    "Kota Bontang",
    "Kota Samarinda",
)
