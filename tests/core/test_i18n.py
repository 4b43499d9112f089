"""The page's language follows the interface; text people wrote keeps its own (WCAG 3.1.1, 3.1.2)."""
import re

from tests.conftest import post


def lang_of_title(html):
    return re.search(r'<h1 class="h2 fw-bold"([^>]*)>', html).group(1)


def test_indonesian_pages_need_no_lang_on_indonesian_text(client, make_contest):
    make_contest()
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="id">' in html
    assert lang_of_title(html) == ""
    assert '<button class="btn btn-sm btn-outline-light" name="lang" value="en" lang="en">English</button>' in html


def test_english_pages_mark_the_contest_text_as_indonesian(client, make_contest):
    make_contest()
    post(client, "/lang", {"lang": "en", "next": "/"})
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert lang_of_title(html) == ' lang="id"'
    assert html.count('<div class="markdown" lang="id">') == 2  # description and rules
    assert 'value="id" lang="id">Bahasa Indonesia</button>' in html
