"""WCAG 2.2 AA with axe-core on every public, entrant, judge and committee page, phone and laptop.

PAGES is the registry: a feature that adds a page adds one line here —
    Page("name", "role", lambda s: "/url", status=200, prepare=None)
where role is "anonymous", "entrant", "judge" or "admin" (":en" appended: the English
interface, so <html lang> must say "en"), the url builder takes the seeded
Site (tests/browser/site.py) and `prepare(page, base, site)` may drive the browser first (to
reach a page that needs session state, such as the vote's code form). The site is seeded once
for the module (fixture `site`); each (role, viewport) gets one logged-in browser page
(fixture `role_page`) reused for its visits.
"""
import collections
import itertools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.browser.conftest import VIEWPORTS, axe_audit, describe, screenshot
from tests.browser.site import vote_code

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Page:
    name: str
    role: str  # anonymous | entrant | judge | admin, optionally ":en" (the English interface)
    url: Callable
    status: int = 200
    prepare: Callable | None = None


_voters = itertools.count(1)


def start_vote(page, base, site):
    """Ask for a code for the first candidate, as a voter does; returns the address used."""
    email = f"pemilih{next(_voters)}@example.go.id"
    page.goto(f"{base}/vote/{site.candidate_id}")
    page.fill("input[name=email]", email)
    with page.expect_navigation():
        page.click("form button.btn-warning")
    return email


def cast_vote(page, base, site):
    email = start_vote(page, base, site)
    page.fill("input[name=code]", vote_code(email))
    with page.expect_navigation():
        page.press("input[name=code]", "Enter")


PAGES = [
    # public
    Page("home", "anonymous", lambda s: "/"),
    Page("register", "anonymous", lambda s: "/register"),
    Page("login", "anonymous", lambda s: "/login"),
    Page("forgot-password", "anonymous", lambda s: "/forgot-password"),
    Page("reset-password", "anonymous", lambda s: f"/reset-password/{s.extra['reset_token']}"),
    Page("terms", "anonymous", lambda s: "/terms"),
    Page("privacy-notice", "anonymous", lambda s: "/privasi"),
    Page("edition-current", "anonymous", lambda s: f"/c/{s.slug}"),
    Page("edition-past", "anonymous", lambda s: f"/c/{s.past_slug}"),
    Page("winners", "anonymous", lambda s: f"/c/{s.past_slug}/pemenang"),
    Page("all-entries", "anonymous", lambda s: f"/c/{s.past_slug}/karya"),
    Page("gallery-entry", "anonymous", lambda s: f"/c/{s.past_slug}/karya/1"),
    Page("vote-candidates", "anonymous", lambda s: f"/c/{s.slug}/video-terfavorit"),
    Page("vote-start", "anonymous", lambda s: f"/vote/{s.candidate_id}"),
    Page("vote-confirm", "anonymous", lambda s: "/vote/confirm", prepare=start_vote),
    Page("vote-thanks", "anonymous", lambda s: "/vote/thanks", prepare=cast_vote),
    Page("certificate-verify-form", "anonymous", lambda s: "/verify"),
    Page("certificate-verify", "anonymous", lambda s: f"/verify/{s.certificate_code}"),
    Page("error-404", "anonymous", lambda s: "/c/tidak-ada", status=404),
    Page("judge-invite", "anonymous", lambda s: f"/judging/invite/{s.extra['invite_token']}"),
    # the English interface: <html lang="en">, the Indonesian contest text marked lang="id"
    Page("home-en", "anonymous:en", lambda s: "/"),
    Page("register-en", "anonymous:en", lambda s: "/register"),
    Page("winners-en", "anonymous:en", lambda s: f"/c/{s.past_slug}/pemenang"),
    Page("gallery-entry-en", "anonymous:en", lambda s: f"/c/{s.past_slug}/karya/1"),
    Page("vote-candidates-en", "anonymous:en", lambda s: f"/c/{s.slug}/video-terfavorit"),
    Page("judge-score-en", "judge:en",
         lambda s: f"/judging/rounds/{s.scoring_round_id}/entries/{s.score_entry_id}"),
    # entrant
    Page("my-entries", "entrant", lambda s: "/entries/"),
    Page("entry-form", "entrant", lambda s: f"/entries/{s.entry_id}/edit"),
    Page("entry-detail-video", "entrant", lambda s: f"/entries/{s.entry_id}"),
    Page("error-403", "entrant", lambda s: "/admin/contests", status=403),
    Page("entry-crew", "entrant", lambda s: f"/entries/{s.entry_id}/crew"),
    Page("my-data", "entrant", lambda s: "/profil/data-saya"),
    Page("my-data-correct", "entrant", lambda s: "/profil/data-saya/koreksi"),
    Page("my-data-erase", "entrant", lambda s: "/profil/data-saya/hapus"),
    Page("entry-new", "entrant", lambda s: "/entries/new"),
    Page("phase-closed", "entrant", lambda s: f"/entries/{s.extra['late_entry_id']}/edit", status=403),
    Page("caption-transcript", "entrant", lambda s: f"/media/v/{s.extra['video_uuid']}/transcript/id"),
    Page("entry-upload", "uploader", lambda s: f"/entries/{s.upload_entry_id}"),
    # judge
    Page("judge-dashboard", "judge", lambda s: "/judging/"),
    Page("judge-queue", "judge", lambda s: f"/judging/rounds/{s.scoring_round_id}"),
    Page("judge-score", "judge", lambda s: f"/judging/rounds/{s.scoring_round_id}/entries/{s.score_entry_id}"),
    Page("judge-conflict", "judge",
         lambda s: f"/judging/rounds/{s.scoring_round_id}/entries/{s.score_entry_id}/conflict"),
    Page("judge-affiliations", "judge", lambda s: "/judging/affiliations"),
    Page("judge-pairwise", "judge", lambda s: f"/judging/pairwise/{s.extra['final_id']}"),  # all pairs chosen
    Page("judge-pairwise-duel", "judge", lambda s: f"/judging/pairwise/{s.extra['final_id']}?{s.extra['duel']}"),
    # committee
    Page("admin-contests", "admin", lambda s: "/admin/contests"),
    Page("admin-contest-new", "admin", lambda s: "/admin/contests/new"),
    Page("admin-contest-edit", "admin", lambda s: f"/admin/contests/{s.contest_id}/edit"),
    Page("admin-judging", "admin", lambda s: "/admin/judging/"),
    Page("admin-judging-contest", "admin", lambda s: f"/admin/judging/contests/{s.contest_id}"),
    Page("admin-round", "admin", lambda s: f"/admin/judging/rounds/{s.scoring_round_id}"),
    Page("admin-round-edit", "admin", lambda s: f"/admin/judging/rounds/{s.scoring_round_id}/edit"),
    Page("admin-rubric", "admin", lambda s: f"/admin/judging/rounds/{s.scoring_round_id}/rubric"),
    Page("admin-checks", "admin", lambda s: f"/admin/judging/rounds/{s.check_round_id}/checks"),
    Page("admin-results", "admin", lambda s: f"/admin/judging/rounds/{s.past_round_id}/results"),
    Page("admin-audit", "admin", lambda s: f"/admin/judging/contests/{s.past_id}/audit"),
    Page("admin-judges", "admin", lambda s: "/admin/judging/judges"),
    Page("admin-judge-edit", "admin", lambda s: f"/admin/judging/judges/{s.extra['judge_id']}"),
    Page("admin-judge-affiliations", "admin", lambda s: f"/admin/judging/judges/{s.extra['judge_id']}/affiliations"),
    Page("admin-round-new", "admin", lambda s: f"/admin/judging/contests/{s.contest_id}/rounds/new"),
    Page("admin-rubric-copy", "admin", lambda s: f"/admin/judging/rounds/{s.extra['second_round_id']}/rubric"),
    Page("admin-results-open", "admin", lambda s: f"/admin/judging/rounds/{s.scoring_round_id}/results"),
    Page("admin-pairwise", "admin", lambda s: f"/admin/judging/pairwise/{s.extra['final_id']}"),
    Page("admin-voting", "admin", lambda s: "/admin/voting/"),
    Page("admin-voting-overview", "admin", lambda s: f"/admin/voting/{s.contest_id}"),
    Page("admin-voting-candidates", "admin", lambda s: f"/admin/voting/{s.contest_id}/candidates"),
    Page("admin-voting-votes", "admin", lambda s: f"/admin/voting/{s.contest_id}/votes"),
    Page("admin-voting-anomalies", "admin", lambda s: f"/admin/voting/{s.contest_id}/anomalies"),
    Page("admin-voting-log", "admin", lambda s: f"/admin/voting/{s.contest_id}/log"),
    Page("admin-certificates", "admin", lambda s: "/admin/certificates/"),
    Page("admin-certificates-contest", "admin", lambda s: f"/admin/certificates/{s.past_id}"),
    Page("admin-gallery", "admin", lambda s: f"/admin/gallery/contests/{s.past_id}"),
    Page("admin-outbox", "admin", lambda s: "/admin/outbox/"),
    Page("admin-outbox-user", "admin", lambda s: f"/admin/outbox/users/{s.extra['judge_id']}"),
    Page("admin-notification-templates", "admin", lambda s: f"/admin/contests/{s.contest_id}/notifications/"),
    Page("admin-notification-template", "admin",
         lambda s: f"/admin/contests/{s.contest_id}/notifications/templates/entry_submitted"),
    Page("admin-broadcast", "admin", lambda s: f"/admin/contests/{s.contest_id}/notifications/broadcast"),
    Page("admin-console", "admin", lambda s: "/admin/console/"),
    Page("admin-console-dashboard", "admin", lambda s: f"/admin/console/{s.contest_id}"),
    Page("admin-console-entries", "admin", lambda s: f"/admin/console/{s.contest_id}/entries"),
    Page("admin-console-registrants", "admin", lambda s: f"/admin/console/{s.contest_id}/registrants"),
    # The seeded vote opened before the deadline, so moving the deadline is refused: the page says why.
    Page("admin-phase-action", "admin", lambda s: f"/admin/console/{s.contest_id}/phase/close_submissions",
         status=409),
    Page("admin-entry-captions", "admin", lambda s: f"/admin/entries/{s.entry_id}/captions"),
    Page("admin-judging-options", "admin", lambda s: f"/admin/judging/contests/{s.contest_id}/options"),
    Page("admin-judging-entry", "admin",
         lambda s: f"/admin/judging/rounds/{s.scoring_round_id}/entries/{s.score_entry_id}"),
    Page("admin-privacy", "admin", lambda s: "/admin/privasi/"),
    Page("admin-privacy-edition", "admin", lambda s: f"/admin/privasi/edisi/{s.past_id}"),
    Page("admin-privacy-entrants", "admin", lambda s: "/admin/privasi/peserta"),
    Page("admin-privacy-log", "admin", lambda s: "/admin/privasi/log"),
    Page("admin-privacy-duties", "admin", lambda s: "/admin/privasi/kewajiban"),
    Page("admin-privacy-incident-new", "admin", lambda s: "/admin/privasi/insiden/baru"),
    Page("admin-privacy-incident", "admin", lambda s: f"/admin/privasi/insiden/{s.extra['incident_id']}"),
    Page("admin-privacy-processing", "admin", lambda s: "/admin/privasi/catatan-pemrosesan"),
]
REPORT = os.environ.get("A11Y_REPORT")
SHOTS = {"home", "judge-score", "winners-en"}  # saved to SCREENSHOT_DIR for reviewers


@pytest.fixture(autouse=True)
def _clean_state():
    """Overrides the per-test wipe: this module's tests share one seeded site (see `site`)."""
    yield


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.name)
def test_page_meets_wcag_22_aa(role_page, base, site, spec, viewport):
    page = role_page(spec.role, viewport)
    if spec.prepare:
        spec.prepare(page, base, site)
    response = page.goto(base + spec.url(site))
    assert response.status == spec.status, (spec.name, response.status)
    assert page.evaluate("document.documentElement.lang") == (spec.role.partition(":")[2] or "id")
    if spec.name in SHOTS:
        screenshot(page, f"a11y-{viewport}-{spec.name}")
    violations = axe_audit(page)
    if REPORT:  # A11Y_REPORT=file.jsonl: keep every page's violations, for counting per rule
        with open(REPORT, "a") as out:
            out.write(json.dumps({"page": spec.name, "viewport": viewport, "violations": violations}) + "\n")
    assert not violations, f"{spec.name} ({viewport}) breaks WCAG 2.2 AA:\n{describe(violations)}"


# GET endpoints that never render an HTML page, so axe has nothing to audit there. A new
# endpoint that renders a page belongs in PAGES instead.
NOT_HTML = {
    # files and feeds
    "static", "gallery.robots", "gallery.sitemap", "gallery.winners_json", "favicon", "apple_touch_icon",
    "certificates.download", "certificates_admin.preview", "privacy.download_export",
    "console.export_entries", "console.export_judges", "console.export_registrants",
    "judging_results.export_csv", "judging_results.export_xlsx", "privacy_duties.processing_download",
    # media: the video, its frames, the caption track; JSON progress; resumable upload (tus)
    "media.stream", "media.original", "media.frame", "captions.track", "media.status", "tus.upload",
    # adaptive streaming (HLS playlists and segments) and WebP posters
    "hls.master", "hls.segment", "hls.subtitles", "posters.frame_webp",
    # health probes (plain text / JSON)
    "health.healthz", "health.readyz",
    # redirects only
    "gallery.winners_latest",  # to the newest edition's winners (registered as "winners")
    "judging.next_entry",  # to the judge's next score page (registered as "judge-score")
}


class _AnySite:
    """Stands in for the seeded Site when only the URLs' shapes matter: every id is 1."""

    extra = collections.defaultdict(lambda: 1)

    def __getattr__(self, name):
        return 1


def test_every_html_page_is_in_the_registry(app):
    """Each HTML GET endpoint is audited (in PAGES) or listed in NOT_HTML with its reason."""
    adapter = app.url_map.bind("localhost")
    audited = {adapter.match(spec.url(_AnySite()).partition("?")[0], method="GET")[0] for spec in PAGES}
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    missing = sorted(endpoints - audited - NOT_HTML)
    assert not missing, f"pages axe never audits, add them to PAGES: {missing}"
    assert not audited & NOT_HTML, "listed as not HTML, yet audited"
    assert not NOT_HTML - endpoints, "NOT_HTML names endpoints that no longer exist"
