"""Public pages: an edition's home, its winners, all entries, one entry; sitemap and robots.txt."""
from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from ..contests.models import Contest
from ..contests.phases import Phase, is_open, timeline
from ..contests.services import current_contest
from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action
from ..core.timeutil import utcnow
from ..entries.hooks import my_page_part
from ..entries.models import Entry
from ..media import storage
from . import (
    cache,
    ladders,  # noqa: F401  (registers the HLS ladder source)
    publication,
    seo,
    services,
)
from .forms import ConsentForm

bp = Blueprint("gallery", __name__)

PER_PAGE = 24
SITEMAP_SECONDS = 60


def _contest_or_404(slug):
    """The edition by slug; its prizes load only if a page uses them (most do not)."""
    contest = db.session.scalar(select(Contest).where(Contest.slug == slug).options(lazyload(Contest.prizes)))
    return contest or abort(404)


@my_page_part("my_awards")
def my_awards(user):
    """Karya Saya shows "Juara I" instead of "Terkirim" once the winners are announced."""
    return services.my_awards(user)


@bp.app_template_global("neutrality_banner")
def neutrality_banner(contest):
    """(title, text) of the edition's neutrality banner on the public pages."""
    return services.banner(contest)


def poster_url(card, width=storage.CARD_WIDTH, *, endpoint="media.frame"):
    """The card's poster JPEG (share previews, JSON), or another endpoint's rendering of it."""
    if not card.has_video or not card.frame_count:
        return None
    return url_for(endpoint, uuid=card.video_uuid, index=card.poster_index, width=width)


@bp.app_template_global("gallery_poster_url")
def page_poster_url(card, width=storage.CARD_WIDTH):
    """What the pages show: the poster as WebP (lighter on a phone)."""
    return poster_url(card, width, endpoint="posters.frame_webp")


@bp.app_template_global("gallery_video_url")
def video_url(card):
    return url_for("media.stream", uuid=card.video_uuid) if card.has_video else None


@bp.app_template_global("gallery_entry_url")
def entry_url(contest, card, **kwargs):
    return url_for("gallery.entry", slug=contest.slug, number=card.number, **kwargs)


@bp.app_template_global("absolute_url")
def absolute_url(path):
    """A path made absolute on the public host (PUBLIC_URL, else this request's)."""
    return seo.absolute(path)


@bp.app_template_global("seo_meta")
def seo_meta(meta=None, contest=None):
    """The page's preview tags: its own Meta, else the edition's title and theme, else the site's."""
    if not isinstance(meta, seo.Meta):
        contest = contest if isinstance(contest, Contest) else None
        meta = seo.Meta(
            title=contest.title if contest else _("Sayembara Video ASN"),
            description=contest.theme if contest else _(
                "Sayembara video pendek netralitas ASN Pemerintah Provinsi Kalimantan Timur."))
    if not meta.image:
        meta.image = seo.absolute(url_for("static", filename=seo.DEFAULT_IMAGE))
        meta.image_width, meta.image_height = seo.DEFAULT_IMAGE_SIZE
    return meta


@bp.app_template_global("gallery_consent")
def gallery_consent(entry):
    """For the owner's entry page: the consent form's state."""
    return {"consented": services.has_public_consent(entry),
            "url": url_for("gallery.consent", entry_id=entry.id)}


# -- edition home --------------------------------------------------------------------------

@bp.get("/c/<slug>")
def edition(slug):
    """An edition's home page (the current one is also at /)."""
    contest = _contest_or_404(slug)
    now = utcnow()
    return render_template("main/home.html", contest=contest, steps=timeline(contest), now=now,
                           submissions_open=is_open(contest, Phase.SUBMISSION, now=now),
                           **services.home_sections(contest, now=now))


# -- winners -------------------------------------------------------------------------------

@bp.get("/pemenang")
def winners_latest():
    """The newest edition with public winners, else the current edition's (not yet) page."""
    contest = services.latest_published() or current_contest() or abort(404)
    return redirect(url_for("gallery.winners", slug=contest.slug))


@bp.get("/c/<slug>/pemenang")
def winners(slug):
    """The winners in prize order, each with poster, player, entrant, agency and the jury's note."""
    hit = cache.cached_hit(slug)
    if hit is not None:
        return hit
    contest = _contest_or_404(slug)
    pub = publication.publication(contest)
    if not pub.winners_public:
        meta = seo.Meta(title=_("Pengumuman Pemenang · %(title)s", title=contest.title),
                        description=contest.theme)
        return render_template("gallery/not_announced.html", contest=contest, pub=pub, meta=meta)
    return cache.cached_page(pub, lambda: _render_winners(pub))


def _render_winners(pub):
    contest, cards = pub.contest, publication.winners(pub)
    meta = seo.Meta(title=_("Pemenang %(title)s", title=contest.title),
                    description=_("%(n)s karya terbaik ASN Kalimantan Timur tentang netralitas ASN. "
                                  "Tonton dan bagikan.", n=len(cards)),
                    image=(poster_url(cards[0], storage.PLAYER_WIDTH) or "") if cards else "")
    return render_template("gallery/winners.html", contest=contest, pub=pub, cards=cards, meta=meta)


def _card_json(contest, card):
    return {
        "code": card.code, "number": card.number, "title": card.title, "synopsis": card.synopsis,
        "entrant": card.entrant, "agency": card.agency, "regency": card.regency,
        "prize": card.prize, "jury_note": card.note or None,
        "url": seo.absolute(entry_url(contest, card)),
        "poster_url": seo.absolute(p) if (p := poster_url(card, storage.PLAYER_WIDTH)) else None,
        "video_url": seo.absolute(v) if (v := video_url(card)) else None,
        "duration": round(card.duration, 2) if card.duration else None,
        "width": card.width, "height": card.height,
    }


@bp.get("/c/<slug>/pemenang.json")
def winners_json(slug):
    """The winners as JSON (for journalists and embeds); 404 until they are public."""
    contest = _contest_or_404(slug)
    pub = publication.publication(contest)
    if not pub.winners_public:
        abort(404)
    response = jsonify(contest={"slug": contest.slug, "title": contest.title, "theme": contest.theme,
                                "announced_at": contest.announcement_at.isoformat()},
                       winners=[_card_json(contest, c) for c in publication.winners(pub)])
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response


# -- all entries, one entry ----------------------------------------------------------------

@bp.get("/c/<slug>/karya")
def entries(slug):
    """The gallery of all accepted entries whose entrants consented, when the edition shows it."""
    hit = cache.cached_hit(slug)
    if hit is not None:
        return hit
    contest = _contest_or_404(slug)
    pub = publication.publication(contest)
    if not pub.all_entries_public:
        abort(404)
    return cache.cached_page(pub, lambda: _render_entries(pub))


def _render_entries(pub):
    contest = pub.contest
    query = (request.args.get("q") or "").strip()[:100]
    agency = (request.args.get("instansi") or "").strip()[:200]
    regency = (request.args.get("wilayah") or "").strip()[:100]
    page = publication.all_entries(pub, page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                                   query=query, agency=agency, regency=regency)
    agencies, regencies = publication.filter_choices(pub)
    meta = seo.Meta(title=_("Galeri Karya · %(title)s", title=contest.title), description=contest.theme,
                    image=(poster_url(page.items[0], storage.PLAYER_WIDTH) or "") if page.items else "")
    return render_template("gallery/entries.html", contest=contest, pub=pub, page=page, query=query,
                           agency=agency, regency=regency, agencies=agencies, regencies=regencies,
                           meta=meta)


@bp.get("/c/<slug>/karya/<int:number>")
def entry(slug, number):
    """One public entry: the player, the prize, the jury's note, and a preview card when shared."""
    hit = cache.cached_hit(slug)
    if hit is not None:
        return hit
    contest = _contest_or_404(slug)
    pub = publication.publication(contest)
    if not pub.winners_public:
        abort(404)
    return cache.cached_page(pub, lambda: _render_entry(pub, number))


def _render_entry(pub, number):
    contest = pub.contest
    card = publication.public_card(pub, number)
    if card is None:
        abort(404)
    others = [c for c in publication.winners(pub) if c.entry_id != card.entry_id]
    title = f"{card.title} — {card.prize}" if card.prize else card.title
    meta = seo.Meta(title=title, description=card.synopsis, type="video.other",
                    image=poster_url(card, storage.PLAYER_WIDTH) or "",
                    image_alt=_("Cuplikan video “%(title)s”", title=card.title),
                    url=seo.absolute_url("gallery.entry", slug=contest.slug, number=card.number))
    return render_template("gallery/entry.html", contest=contest, pub=pub, card=card, others=others,
                           meta=meta)


# -- the entrant's consent -----------------------------------------------------------------

@bp.post("/entries/<int:entry_id>/public-consent")
@role_required("entrant")
def consent(entry_id):
    """The owner agrees, or no longer agrees, to show the entry in the public gallery."""
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.user_id != current_user.id:
        abort(404)
    form = ConsentForm()
    if not form.validate_on_submit():
        abort(400)
    commit_action(lambda: services.set_public_consent(entry=entry, consent=form.consent.data),
                  success=_("Karya Anda akan ditampilkan di galeri publik setelah pengumuman.") if form.consent.data
                  else _("Karya Anda tidak akan ditampilkan di galeri publik."))
    return redirect(url_for("entries.detail", entry_id=entry.id))


# -- for crawlers --------------------------------------------------------------------------

@bp.get("/sitemap.xml")
def sitemap():
    """Every public page; kept a minute in this process (crawlers, not people, ask for it)."""
    xml = cache.pages.get(("sitemap", seo.base_url()))
    if xml is None:
        xml = cache.pages.put(("sitemap", seo.base_url()), _sitemap_xml(), ttl_s=SITEMAP_SECONDS)
    response = Response(xml, mimetype="application/xml")
    response.cache_control.public = True
    response.cache_control.max_age = SITEMAP_SECONDS
    return response


def _sitemap_xml():
    now = utcnow()
    urls = [(seo.absolute_url("main.home"), None), (seo.absolute_url("main.terms"), None)]
    for contest in db.session.scalars(select(Contest).order_by(Contest.announcement_at.desc())):
        urls.append((seo.absolute_url("gallery.edition", slug=contest.slug), None))
        pub = publication.publication(contest, now=now)
        if not pub.winners_public:
            continue
        final_at = pub.round.results_final_at
        urls.append((seo.absolute_url("gallery.winners", slug=contest.slug), final_at))
        if pub.all_entries_public:
            urls.append((seo.absolute_url("gallery.entries", slug=contest.slug), None))
        for card in publication.public_cards(pub):
            urls.append((seo.absolute_url("gallery.entry", slug=contest.slug, number=card.number), final_at))
    return seo.sitemap_xml(urls)


@bp.get("/robots.txt")
def robots():
    response = Response(seo.robots_txt(seo.absolute_url("gallery.sitemap")), mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response

