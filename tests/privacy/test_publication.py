"""A winner's public page follows the consent they gave: withdrawn hides it, consenting again shows it."""
from contest.core.extensions import db
from contest.gallery.publication import publication, winners
from contest.gallery.services import set_public_consent
from tests.conftest import login, post
from tests.privacy.conftest import build_edition


def _winner_ids(contest):
    return {card.entry_id for card in winners(publication(contest))}


def test_withdrawing_publication_consent_hides_a_winner(client, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant, n=2, winners=2)
    entry = edition.entries[0]
    set_public_consent(entry=entry, consent=True)
    db.session.commit()
    assert entry.id in _winner_ids(edition.contest)
    login(client, entry.user)
    assert post(client, f"/profil/data-saya/karya/{entry.id}/tarik-publikasi").status_code == 302
    assert entry.id not in _winner_ids(edition.contest)
    assert edition.entries[1].id in _winner_ids(edition.contest)
    set_public_consent(entry=entry, consent=True)
    db.session.commit()
    assert entry.id in _winner_ids(edition.contest)


def test_another_entrant_cannot_withdraw_someone_elses_entry(client, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant, n=1, winners=1)
    login(client, make_entrant())
    assert post(client, f"/profil/data-saya/karya/{edition.entries[0].id}/tarik-publikasi").status_code == 404
    assert edition.entries[0].id in _winner_ids(edition.contest)
