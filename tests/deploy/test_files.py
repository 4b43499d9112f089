"""The deployment files agree with the README and with each other."""
import re
from pathlib import Path

from tests.servers import PROJECT, SITE_FILE

DEPLOY = PROJECT / "deploy"


def readme_variables():
    """Every `VARIABLE` in the first column of README.md's configuration table."""
    table = PROJECT.joinpath("README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_the_example_env_file_names_every_readme_variable_and_holds_no_secret():
    text = DEPLOY.joinpath("contest.env.example").read_text()
    assigned = dict(re.findall(r"^#?([A-Z][A-Z0-9_]+)=(.*)$", text, re.M))
    names = readme_variables()
    assert len(names) > 20
    assert names - set(assigned) == set()
    assert assigned["SECRET_KEY"] == "" and assigned["SMTP_PASSWORD"] == ""
    assert assigned["PROXY_COUNT"] == "1" and assigned["SESSION_COOKIE_SECURE"] == "true"
    assert assigned["PRODUCTION"] == "true" and assigned["PUBLIC_URL"].startswith("https://")


def test_x_accel_prefix_and_upload_root_match_the_nginx_site():
    env = DEPLOY.joinpath("contest.env.example").read_text()
    site = SITE_FILE.read_text()
    prefix = re.search(r"^X_ACCEL_REDIRECT=(\S+)$", env, re.M).group(1)
    root = re.search(r"^UPLOAD_ROOT=(\S+)$", env, re.M).group(1)
    block = re.search(rf"location {re.escape(prefix)} \{{(.*?)\}}", site, re.S).group(1)
    assert "internal;" in block and f"alias {root.rstrip('/')}/;" in block


def test_systemd_units_use_the_env_file_the_gunicorn_config_and_hardening():
    web = DEPLOY.joinpath("systemd", "contest-web.service").read_text()
    worker = DEPLOY.joinpath("systemd", "contest-worker.service").read_text()
    assert "-c deploy/gunicorn.conf.py" in web and "wsgi:app" in web
    assert "contest worker" in worker
    for unit in (web, worker):
        assert "EnvironmentFile=/etc/contest/contest.env" in unit
        assert "Environment=PRODUCTION=true" in unit  # no start without PUBLIC_URL, whatever the env file
        assert "User=contest" in unit
        for option in ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes"):
            assert option in unit
    assert Path(DEPLOY / "gunicorn.conf.py").exists()
