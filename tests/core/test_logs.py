"""One log format: every line says which request, user and video it is about."""
import logging
import re

from contest.core.logs import FORMAT, REQUEST_ID_HEADER
from tests.conftest import login


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "contest.request"]


def test_a_request_line_carries_the_sent_request_id_and_the_user(client, make_entrant, caplog):
    user = make_entrant()
    login(client, user)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        response = client.get("/entries/", headers={REQUEST_ID_HEADER: "nginx-7f3a9c"})
    assert response.headers[REQUEST_ID_HEADER] == "nginx-7f3a9c"
    (record,) = request_lines(caplog)
    assert (record.request_id, record.user_id) == ("nginx-7f3a9c", str(user.id))
    line = logging.Formatter(FORMAT).format(record)
    assert f"req=nginx-7f3a9c user={user.id} video=-: GET /entries/ {response.status_code}" in line


def test_without_a_header_a_request_id_is_generated_and_echoed(client, caplog):
    with caplog.at_level(logging.INFO):
        first = client.get("/healthz")
        second = client.get("/healthz", headers={REQUEST_ID_HEADER: "bad id; <script>" + "x" * 80})
    ids = [first.headers[REQUEST_ID_HEADER], second.headers[REQUEST_ID_HEADER]]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and ids[0] != ids[1]
    assert [r.request_id for r in request_lines(caplog)] == ids
    assert [r.user_id for r in request_lines(caplog)] == ["-", "-"]  # anonymous


def test_lines_outside_a_request_carry_dashes(app, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("contest.test").info("hello")
    (record,) = [r for r in caplog.records if r.name == "contest.test"]
    assert (record.request_id, record.user_id, record.video_id) == ("-", "-", "-")


def test_the_user_is_known_even_when_the_view_never_loads_it(client, make_entrant, caplog):
    user = make_entrant()
    login(client, user)
    with caplog.at_level(logging.INFO):
        client.get("/healthz")
    assert [r.user_id for r in request_lines(caplog)][-1] == str(user.id)
