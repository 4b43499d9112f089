"""contest/core/config.py: the README's configuration table is what the app reads, and nothing else.

Every variable in README.md's table is set to a valid non-default value and must change the app's
config; every variable config.py reads must be in the table; bad values stop start-up with one
line naming the variable.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from contest import create_app
from contest.core import config
from contest.media import services
from contest.media.uploads import tus
from contest.voting import services as voting
from contest.voting import views as voting_views

PROJECT_ROOT = Path(__file__).resolve().parents[2]
README = PROJECT_ROOT / "README.md"


def readme_variables():
    """Every backticked UPPER_CASE name in the first column of README's configuration table."""
    section = README.read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names = []
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names += re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell)
    return names


README_NAMES = readme_variables()
KEYS = {variable.name: variable.config_key for variable in config.VARIABLES}

# Values whose format a generic sample cannot guess (URLs, choices, rate-limit strings).
SAMPLES = {
    "DATABASE_URL": "postgresql+psycopg://contest:pw@db.example/contest",
    "REDIS_URL": "redis://127.0.0.1:6379/7",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/8",
    "X_ACCEL_REDIRECT": "/_media/",
    "PUBLIC_URL": "https://video.example.go.id",
    "TRUSTED_HOSTS": "video.example.go.id, .kaltimprov.go.id",
    "SIGNING_TSA_URL": "http://tsa.example.go.id/tsr",
    "LOG_LEVEL": "DEBUG",
    "MEDIA_TRANSCODE_PRESET": "medium",
    "VOTE_START_LIMIT_IP": "5/minute",
    "VOTE_START_LIMIT_EMAIL": "1/hour;2/day",
    "VOTE_CONFIRM_LIMIT_IP": "7/minute",
}


def sample(name):
    """A valid value that is not the default."""
    if name in SAMPLES:
        return SAMPLES[name]
    default = config.DEFAULTS.get(name)
    if isinstance(default, bool):
        return "false" if default else "true"
    if isinstance(default, int):
        return str(default + 61)  # above every minimum, below MEDIA_STUCK_AFTER_S for the heartbeat
    if isinstance(default, float):
        return str(default + 1.5)
    return f"sample-{name.lower()}"


@pytest.fixture
def clean_env(monkeypatch):
    """No configuration variable from the developer's shell leaks into these tests."""
    for name in {*README_NAMES, *config.NAMES}:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_readme_table_is_found():
    assert len(README_NAMES) >= 30 and "VOTE_CODE_TTL_S" in README_NAMES and "SMTP_TLS" in README_NAMES
    assert len(README_NAMES) == len(set(README_NAMES)), "a variable is documented twice"


@pytest.mark.parametrize("name", README_NAMES)
def test_each_readme_variable_changes_the_config(name, clean_env, tmp_path):
    assert name in KEYS, f"README documents {name} but contest/core/config.py does not read it"
    baseline = config.from_environment(tmp_path)
    clean_env.setenv(name, sample(name))
    changed = config.from_environment(tmp_path)
    key = KEYS[name]
    assert changed[key] != baseline[key]
    default = config.DEFAULTS[name]
    if default is not None:  # typed like its default: "121" became 121, "false" became False
        assert type(changed[key]) is type(default)


def test_config_reads_only_documented_variables(tmp_path):
    """Record every name config.py asks the environment for; each one is in the README table."""

    class Recording(dict):
        asked = set()

        def get(self, key, default=None):
            self.asked.add(key)
            return super().get(key, default)

        def __getitem__(self, key):
            self.asked.add(key)
            return super().__getitem__(key)

    environ = Recording()
    config.from_environment(tmp_path, environ)
    assert environ.asked, "config.py read nothing from the environment it was given"
    assert environ.asked <= set(README_NAMES), environ.asked - set(README_NAMES)
    assert set(config.NAMES) == set(README_NAMES)


def test_only_config_py_reads_the_environment():
    readers = {
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "contest").rglob("*.py")
        if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text())
    }
    assert readers == {"contest/core/config.py"}


def test_defaults_match_the_readme(clean_env, tmp_path):
    values = config.from_environment(tmp_path)
    assert values["VOTE_CODE_TTL_S"] == 900
    assert values["MEDIA_HEARTBEAT_S"] == 10 and values["MEDIA_RETRY_DELAY_S"] == 30
    assert values["MEDIA_MAX_REMUX_BITRATE"] == 20_000_000
    assert values["TUS_EXPIRY_SECONDS"] == 86400
    assert values["RATELIMIT_STORAGE_URI"] == "memory://"
    assert values["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'contest.db'}"
    table = README.read_text().split("## Configuration", 1)[1]
    for name, shown in [("VOTE_CODE_TTL_S", "`900`"), ("MEDIA_STUCK_AFTER_S", "`120`, `10`"),
                        ("MEDIA_MAX_ATTEMPTS", "`3`, `30`"), ("TUS_EXPIRY_SECONDS", "`86400`")]:
        row = next(line for line in table.splitlines() if line.startswith(f"| `{name}`"))
        assert shown in row


def test_redis_url_also_backs_the_rate_limiter(clean_env, tmp_path):
    clean_env.setenv("REDIS_URL", "unix:///run/redis/redis.sock?db=2")
    values = config.from_environment(tmp_path)
    assert values["RATELIMIT_STORAGE_URI"] == "redis+unix:///run/redis/redis.sock?db=2"


BAD = [
    ("VOTE_CODE_TTL_S", "abc"),
    ("VOTE_CODE_TTL_S", "-5"),
    ("VOTE_CODE_TTL_S", "30"),  # shorter than the minute the email promises
    ("MEDIA_RETRY_DELAY_S", "-1"),
    ("MEDIA_MAX_ATTEMPTS", "0"),
    ("TUS_EXPIRY_SECONDS", "1.5"),
    ("SMTP_PORT", "smtp"),
    ("SMTP_PORT", "70000"),
    ("PROXY_COUNT", "-1"),
    ("GALLERY_CACHE_REVALIDATE_S", "soon"),
    ("GALLERY_CACHE_REVALIDATE_S", "-2"),
    ("GALLERY_CACHE_REVALIDATE_S", "nan"),
    ("SMTP_TLS", "maybe"),
    ("GALLERY_CACHE", "kadang"),
    ("SESSION_COOKIE_SECURE", "2"),
    ("DATABASE_URL", "postgres://contest@db/contest"),
    ("DATABASE_URL", "mysql+pymysql://contest@db/contest"),
    ("DATABASE_URL", "contest.db"),
    ("REDIS_URL", "http://127.0.0.1:6379/0"),
    ("REDIS_URL", "127.0.0.1:6379"),
    ("RATELIMIT_STORAGE_URI", "ftp://127.0.0.1/"),
    ("VOTE_START_LIMIT_IP", "10 per mnute"),
    ("VOTE_START_LIMIT_EMAIL", "3/hour;"),
    ("VOTE_CONFIRM_LIMIT_IP", "banyak"),
    ("LOG_LEVEL", "LOUD"),
    ("MEDIA_TRANSCODE_PRESET", "turbo"),
    ("PUBLIC_URL", "video.example.go.id"),
    ("TRUSTED_HOSTS", "https://video.example.go.id"),
    ("TRUSTED_HOSTS", "video.example.go.id:443"),
    ("SIGNING_TSA_URL", "tsa.example.go.id"),
    ("X_ACCEL_REDIRECT", "_media"),
    ("MEDIA_HEARTBEAT_S", "120"),  # not shorter than MEDIA_STUCK_AFTER_S: every video looks stuck
]


@pytest.mark.parametrize(("name", "raw"), BAD)
def test_a_bad_value_names_the_variable_in_one_line(name, raw, clean_env, tmp_path):
    clean_env.setenv(name, raw)
    with pytest.raises(config.ConfigError) as caught:
        config.from_environment(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and "\n" not in message
    assert not (tmp_path / "secret_key").exists()  # nothing written on the way to the error


def test_the_message_says_what_was_expected(clean_env, tmp_path):
    clean_env.setenv("VOTE_CODE_TTL_S", "abc")
    with pytest.raises(config.ConfigError, match=r"^VOTE_CODE_TTL_S: harus bilangan bulat detik, bukan 'abc'$"):
        config.from_environment(tmp_path)
    clean_env.setenv("VOTE_CODE_TTL_S", "900")
    clean_env.setenv("DATABASE_URL", "postgres://contest@db/contest")
    with pytest.raises(config.ConfigError, match=r"^DATABASE_URL: skema 'postgres' tidak dikenal"):
        config.from_environment(tmp_path)


def test_an_empty_value_counts_as_unset(clean_env, tmp_path):
    clean_env.setenv("SMTP_PORT", "")
    clean_env.setenv("GALLERY_CACHE", "  ")
    values = config.from_environment(tmp_path)
    assert values["SMTP_PORT"] == 587 and values["GALLERY_CACHE"] is True


def test_features_follow_the_environment(clean_env):
    """Before, VOTE_CODE_TTL_S=60 still gave 15 minutes: features read what config.py parsed."""
    clean_env.setenv("SECRET_KEY", "k" * 32)
    clean_env.setenv("VOTE_CODE_TTL_S", "120")
    clean_env.setenv("VOTE_START_LIMIT_EMAIL", "1/day")
    clean_env.setenv("MEDIA_MAX_ATTEMPTS", "5")
    clean_env.setenv("TUS_EXPIRY_SECONDS", "600")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})
    with app.app_context():
        assert voting.code_ttl_minutes() == 2
        assert voting_views._limit("VOTE_START_LIMIT_EMAIL")() == "1/day"
        assert services.setting("MEDIA_MAX_ATTEMPTS") == 5
        assert tus._store().ttl == 600


# -- start-up, as gunicorn and flask see it ------------------------------------------------------

def run(argv, **env):
    environ = {key: value for key, value in os.environ.items() if key not in {*README_NAMES, *config.NAMES}}
    environ.update(SECRET_KEY="k" * 32, **env)
    return subprocess.run(argv, cwd=PROJECT_ROOT, env=environ, capture_output=True, text=True, timeout=120)


def test_bad_value_stops_wsgi_start_up_with_one_line():
    result = run([sys.executable, "-c", "import wsgi"], VOTE_CODE_TTL_S="abc")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "Konfigurasi salah: VOTE_CODE_TTL_S: harus bilangan bulat detik, bukan 'abc'")


def test_production_does_not_start_without_public_url():
    """deploy/contest.env.example sets PRODUCTION=true: links must never come from a Host header."""
    result = run([sys.executable, "-c", "import wsgi"], PRODUCTION="true")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Konfigurasi salah: PUBLIC_URL: wajib diisi")
    started = run([sys.executable, "-c", "import wsgi; print(wsgi.app.config['TRUSTED_HOSTS'])"],
                  PRODUCTION="true", PUBLIC_URL="https://sayembara.kaltimprov.go.id")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "('localhost', '127.0.0.1', 'sayembara.kaltimprov.go.id')"


def test_bad_value_stops_the_flask_cli_with_one_line():
    result = run([sys.executable, "-m", "flask", "--app", "wsgi", "contest", "config"],
                 REDIS_URL="http://127.0.0.1:6379/0")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Konfigurasi salah: REDIS_URL: ")


def test_config_command_prints_effective_values_with_secrets_masked(tmp_path):
    result = run([sys.executable, "-m", "flask", "--app", "wsgi", "contest", "config"],
                 VOTE_CODE_TTL_S="120", SMTP_PASSWORD="hunter2", REDIS_URL="redis://:sandi@127.0.0.1:6379/7",
                 HUEY_SQLITE_PATH=str(tmp_path / "queue.db"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "VOTE_CODE_TTL_S=120" in lines and "SMTP_PASSWORD=***" in lines and "SECRET_KEY=***" in lines
    assert "REDIS_URL=redis://:***@127.0.0.1:6379/7" in lines
    assert "TRUSTED_HOSTS=localhost,127.0.0.1" in lines
    assert "hunter2" not in result.stdout and "sandi" not in result.stdout and "k" * 32 not in result.stdout
    assert {line.split("=", 1)[0] for line in lines} == set(README_NAMES)
