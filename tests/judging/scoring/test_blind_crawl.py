"""Blind judging, crawled: every page a panel judge can reach, every header and body, carries no
identity of an entrant (name, NIP, email, agency, work unit, crew, phone, file name).

The crawl starts at Penjurian and the pairwise final, follows every same-site URL it finds in
links, sources, forms that GET, data attributes and JSON (video.json, media, captions), and
searches each answer's headers and body.
"""
import json
import re
from urllib.parse import urldefrag, urljoin, urlsplit

from tests.authz_world import PASSWORD, seed_world
from tests.conftest import post

URL_IN_HTML = re.compile(r'(?:href|src|action|poster|data-[\w-]+)="(/[^"#]*)"')
SKIP = ("/static/", "/logout", "/lang")
MAX_PAGES = 400


def urls_in(response):
    text = response.get_data(as_text=True)
    found = set(URL_IN_HTML.findall(text))
    if response.mimetype == "application/json":
        found |= {v for v in re.findall(r'"(/[^"]+)"', json.dumps(response.get_json()))}
    return {urldefrag(url.replace("&amp;", "&"))[0] for url in found}


def crawl(client, starts):
    """{url: response} for every GET-able same-site URL reachable from `starts`."""
    seen, queue = {}, list(starts)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIP):
            continue
        response = client.get(url)
        seen[url] = response
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(urlsplit(urljoin(url, response.location)).path)
        elif response.mimetype in ("text/html", "application/json"):
            queue.extend(u for u in urls_in(response) if u not in seen)
    return seen


def test_no_entrant_identity_reaches_a_judge(app):
    world = seed_world()
    judge = world.people["judge_on_panel"]
    client = app.test_client()
    assert post(client, "/login", {"email": judge.email, "password": PASSWORD}).status_code == 302
    starts = ["/judging/", f"/judging/pairwise/{world.final.id}", f"/entries/{world.entry.id}/video.json",
              f"/entries/{world.other_entry.id}/video.json"]
    pages = crawl(client, starts)
    reached = {url for url, response in pages.items() if response.status_code == 200}
    # The crawl really walked the judge's world: queue, both scoring pages, the duel, the videos.
    rnd = world.round.id
    assert {f"/judging/rounds/{rnd}", f"/judging/rounds/{rnd}/entries/{world.entry.id}",
            f"/judging/rounds/{rnd}/entries/{world.other_entry.id}", f"/judging/pairwise/{world.final.id}",
            f"/media/v/{world.video.uuid}/web.mp4"} <= reached, sorted(reached)
    secrets = [s.lower() for s in world.identity] + [world.video.original_filename.lower()]
    leaks = []
    for url, response in pages.items():
        haystack = "\n".join(f"{k}: {v}" for k, v in response.headers.items()).lower() + "\n" + \
            response.get_data().decode("utf-8", "replace").lower()
        leaks += [f"{url}: {secret!r}" for secret in secrets if secret in haystack]
    assert not leaks, "entrant identity reached the judge:\n" + "\n".join(leaks)
    assert len(pages) >= 15, sorted(pages)
