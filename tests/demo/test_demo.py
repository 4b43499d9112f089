"""`flask --app wsgi contest demo` and `contest create-admin`, run through Flask's CLI runner."""
import io
import re

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import func, select

from contest.accounts import grades
from contest.accounts.models import User
from contest.accounts.nip import check_declared, parse_nip
from contest.accounts.services import find_user_by_email
from contest.certificates import services
from contest.certificates.models import Certificate
from contest.contests.models import Contest
from contest.contests.phases import Phase, is_open
from contest.contests.services import current_contest
from contest.core.extensions import db
from contest.entries.models import Entry
from contest.media.hls.models import HlsLadder
from tests.certificates.validation import validate_signature
from tests.conftest import login, post

LOGIN_LINE = re.compile(r"^\s+(admin|judge|entrant)\s+(\S+@\S+)\s+(\S+)$", re.MULTILINE)


@pytest.fixture
def cli(app, tmp_path, monkeypatch):
    """The CLI runner, with the demo's password file kept out of the real instance folder."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    runner = app.test_cli_runner()

    def run(*args, **kwargs):
        result = runner.invoke(args=list(args), **kwargs)
        db.session.expire_all()
        return result

    return run


def signed_demo_certificates_validate():
    """The announced edition's certificates are issued, signed with the demo key, and a validator accepts them."""
    past = db.session.scalar(select(Contest).where(Contest.slug == "netralitas-asn-pemilu-2024"))
    certs = db.session.scalars(select(Certificate).where(Certificate.contest_id == past.id)).all()
    assert len(certs) >= 6 and {c.kind for c in certs} == {"participation", "award"}
    assert all(c.signature and c.signature["demo"] and c.pdf_sha256 for c in certs)
    reader = PdfFileReader(io.BytesIO(services.absolute(certs[0].pdf_path).read_bytes()))
    [embedded] = reader.embedded_signatures
    status = validate_signature(embedded, ValidationContext(trust_roots=[embedded.signer_cert]))
    assert status.bottom_line and status.coverage.name == "ENTIRE_FILE"


def counts():
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (User, Contest, Entry))


def logins_in(output):
    return LOGIN_LINE.findall(output)


def test_demo_seeds_prints_working_logins_and_is_idempotent(cli, client, tmp_path):
    """One test, because the first run is slow (the demo makes its videos with ffmpeg)."""
    result = cli("contest", "demo")
    assert result.exit_code == 0, result.output
    assert "Data demo siap" in result.output
    logins = logins_in(result.output)
    assert [role for role, _, _ in logins] == ["admin", "judge", "judge", "judge", "entrant", "entrant", "entrant"]
    assert (tmp_path / "demo-logins.json").exists()

    # The published winners stream adaptively from the first page: their HLS ladders are built.
    ladders = db.session.scalars(select(HlsLadder)).all()
    assert len(ladders) == 6 and all(row.is_ready for row in ladders)
    assert client.get(f"/media/v/{ladders[0].video.uuid}/hls/master.m3u8").status_code == 200

    contest = current_contest()
    assert contest.slug == "netralitas-asn-pilkada-2024" and is_open(contest, Phase.SUBMISSION)
    assert len(contest.prizes) == 7
    for role, email, password in logins:
        user = find_user_by_email(email)
        assert user.has_role(role)
        if role == "entrant":  # demo people obey the same NIP rules as everyone
            profile = user.profile
            parsed = parse_nip(profile.nip)
            assert check_declared(parsed, kind=profile.employment_type, gender=profile.gender) == []
            assert profile.phone.startswith("+628")
            assert profile.rank is None or grades.kind_of(profile.rank) == profile.employment_type
        login(client, user, password=password)
        post(client, "/logout")
    demo_entries = db.session.scalars(
        select(Entry).join(User).where(User.email.in_([e for _, e, _ in logins]))).all()
    assert len(demo_entries) == 2
    signed_demo_certificates_validate()

    # Again: nothing new, the same logins.
    seeded = counts()
    again = cli("contest", "demo")
    assert again.exit_code == 0, again.output
    assert counts() == seeded
    assert logins_in(again.output) == logins

    # The password file is gone: the printout must still be true.
    (tmp_path / "demo-logins.json").unlink()
    lost = cli("contest", "demo")
    assert lost.exit_code == 0, lost.output
    assert counts() == seeded
    role, email, password = logins_in(lost.output)[0]
    assert password != logins[0][2]
    login(client, find_user_by_email(email), password=password)


def test_create_admin_with_password_option(cli, client):
    result = cli("contest", "create-admin", "Panitia@Example.go.id", "--password", "rahasia-123")
    assert result.exit_code == 0, result.output
    assert "Admin siap: panitia@example.go.id" in result.output
    user = find_user_by_email("panitia@example.go.id")
    assert user.role_names == {"admin"} and user.password_hash != "rahasia-123"
    response = login(client, user)
    assert response.location.endswith("/admin/console/")


def test_create_admin_asks_for_the_password(cli):
    result = cli("contest", "create-admin", "ketua@example.go.id", input="rahasia-123\nrahasia-123\n")
    assert result.exit_code == 0, result.output
    assert find_user_by_email("ketua@example.go.id").check_password("rahasia-123")


@pytest.mark.parametrize("args,message", [
    (["ketua@example.go.id", "--password", "pendek"], "minimal 8 karakter"),
    (["bukan-email", "--password", "rahasia-123"], "alamat email tidak valid"),
])
def test_create_admin_refuses_bad_input(cli, args, message):
    result = cli("contest", "create-admin", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_create_admin_promotes_an_existing_account(cli, make_entrant):
    user = make_entrant(email="peserta@example.go.id")
    result = cli("contest", "create-admin", "peserta@example.go.id", "--password", "sandi-baru-123")
    assert result.exit_code == 0, result.output
    user = db.session.get(User, user.id)
    assert user.role_names == {"entrant", "admin"} and user.check_password("sandi-baru-123")
