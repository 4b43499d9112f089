"""The public pages on a phone: they render, read well and pass axe-core's WCAG 2.2 AA checks."""
import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path,name", [("/", "home"), ("/register", "register"), ("/login", "login"),
                                       ("/terms", "terms")])
def test_public_page_on_phone(live_server, phone, make_contest, path, name):
    make_contest()
    response = phone.goto(live_server + path)
    assert response.status == 200
    # Nothing wider than the phone: no horizontal scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, f"phone-{name}")
    assert axe_violations(phone) == []
