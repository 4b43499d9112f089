from contest.privacy.masking import mask_nip, placeholder_nip


def test_mask_shows_first_and_last_four_digits():
    assert mask_nip("198609262015051001") == "1986••••••••••1001"


def test_short_values_are_hidden_whole():
    assert mask_nip("12345678") == "••••••••"
    assert mask_nip("") == ""
    assert mask_nip(None) == ""


def test_placeholder_is_unique_18_chars_and_never_a_nip():
    a, b = placeholder_nip(7), placeholder_nip(70)
    assert a != b and len(a) == len(b) == 18
    assert not a.isdigit()
