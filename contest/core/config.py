"""Configuration: safe defaults for one machine, overridden by environment variables.

This is the only module that reads the environment. Every variable is declared once in
VARIABLES (name, typed parser, default) and documented in README.md's configuration table;
tests/core/test_config.py holds the two lists equal and proves each variable reaches app.config.
Features read `current_app.config[...]`, never the environment. A bad value stops start-up
with a ConfigError whose one-line message names the variable.
"""
import math
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse_many
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parents[2]

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "ya"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "tidak"})
DATABASE_DRIVERS = ("sqlite", "sqlite+pysqlite", "postgresql+psycopg")
REDIS_SCHEMES = ("redis", "rediss", "unix")
RATELIMIT_SCHEMES = ("memory", "redis", "rediss", "redis+unix", "redis+sentinel", "redis+cluster")
X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower",
                "veryslow", "placebo")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEMO_P12 = "demo.p12"  # in SIGNING_DEMO_FOLDER, made by `make run` (contest/certificates/signing_demo.py)


class ConfigError(Exception):
    """A bad environment variable; the message names it and says what was expected."""


# -- parsers: (name, raw text) -> typed value, or ConfigError ---------------------------------

def text(name, raw):
    return raw


def boolean(name, raw):
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}: harus true atau false, bukan {raw!r}")


def whole(*, minimum, unit="", maximum=None):
    """A parser for a whole number >= minimum (and <= maximum), e.g. seconds or a port."""
    what = f"bilangan bulat {unit}".strip()

    def parse(name, raw):
        try:
            value = int(raw.strip())
        except ValueError:
            raise ConfigError(f"{name}: harus {what}, bukan {raw!r}") from None
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"antara {minimum} dan {maximum}" if maximum is not None else f"minimal {minimum}"
            raise ConfigError(f"{name}: harus {bound} ({what}), bukan {raw!r}")
        return value

    return parse


def seconds_fraction(name, raw):
    """Seconds that may have a fraction (2.5), never negative."""
    try:
        value = float(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}: harus jumlah detik (mis. 2 atau 0.5), bukan {raw!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ConfigError(f"{name}: harus jumlah detik tidak negatif, bukan {raw!r}")
    return value


def choice(options, *, upper=False):
    def parse(name, raw):
        value = raw.strip().upper() if upper else raw.strip().lower()
        if value not in options:
            raise ConfigError(f"{name}: harus salah satu dari {', '.join(options)}, bukan {raw!r}")
        return value

    return parse


def database_url(name, raw):
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise ConfigError(f"{name}: bukan URL basis data, {raw!r}") from None
    if url.drivername not in DATABASE_DRIVERS:
        raise ConfigError(f"{name}: skema {url.drivername!r} tidak dikenal; gunakan "
                          "sqlite:///… atau postgresql+psycopg://…")
    return raw.strip()


def url_with(schemes, example):
    def parse(name, raw):
        value = raw.strip()
        scheme = urlsplit(value).scheme.lower() if "://" in value else ""
        if scheme not in schemes:
            raise ConfigError(f"{name}: skema {scheme or value!r} tidak dikenal; gunakan "
                              f"{' atau '.join(s + '://' for s in schemes)} (mis. {example})")
        return value

    return parse


def public_url(name, raw):
    value = raw.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{name}: harus URL http:// atau https:// lengkap, bukan {raw!r}")
    return value


HOST_NAME = re.compile(r"\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


def host_names(name, raw):
    """Comma-separated host names ("sayembara.kaltimprov.go.id, .kaltimprov.go.id": a leading dot
    trusts every subdomain); no ports, no schemes."""
    hosts = tuple(part.strip().lower() for part in raw.split(",") if part.strip())
    for host in hosts:
        if not HOST_NAME.fullmatch(host):
            raise ConfigError(f"{name}: nama host tidak valid {host!r}; pisahkan dengan koma, tanpa "
                              "skema atau port (mis. sayembara.kaltimprov.go.id,127.0.0.1)")
    return hosts


def location_prefix(name, raw):
    value = raw.strip()
    if not value.startswith("/") or " " in value:
        raise ConfigError(f"{name}: harus awalan lokasi nginx yang diawali '/', bukan {raw!r}")
    return value


def rate_limits(name, raw):
    value = raw.strip()
    try:
        parse_many(value)
    except ValueError:
        raise ConfigError(f"{name}: batas laju tidak valid {raw!r} (mis. '10/minute;60/hour')") from None
    return value


# -- the variables ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Variable:
    name: str
    parse: Callable
    default: object = None  # None: computed in from_environment (instance folder, REDIS_URL)
    key: str = ""  # the app.config key, when it is not the variable's own name
    secret: bool = False

    @property
    def config_key(self):
        return self.key or self.name


SECONDS = "detik"
VARIABLES = (
    Variable("SECRET_KEY", text, secret=True),
    Variable("DATABASE_URL", database_url, key="SQLALCHEMY_DATABASE_URI", secret=True),
    Variable("REDIS_URL", url_with(REDIS_SCHEMES, "redis://127.0.0.1:6379/0"), "", secret=True),
    Variable("HUEY_SQLITE_PATH", text),
    Variable("UPLOAD_ROOT", text, str(PROJECT_ROOT / "uploads")),
    Variable("X_ACCEL_REDIRECT", location_prefix, ""),
    Variable("RATELIMIT_STORAGE_URI", url_with(RATELIMIT_SCHEMES, "redis://127.0.0.1:6379/1"),
             secret=True),
    Variable("RATELIMIT_ENABLED", boolean, True),
    Variable("SESSION_COOKIE_SECURE", boolean, False),
    Variable("SMTP_HOST", text, ""),
    Variable("SMTP_PORT", whole(minimum=1, maximum=65535), 587),
    Variable("SMTP_USER", text, ""),
    Variable("SMTP_PASSWORD", text, "", secret=True),
    Variable("SMTP_TLS", boolean, True),
    Variable("MAIL_OUTBOX", text),
    Variable("MAIL_FROM", text, "Panitia Sayembara <noreply@localhost>"),
    Variable("MAIL_MAX_ATTEMPTS", whole(minimum=1), 5),
    Variable("PROXY_COUNT", whole(minimum=0), 0),
    Variable("PUBLIC_URL", public_url, ""),
    # Without PUBLIC_URL, absolute links take the request's host: only these hosts are answered.
    Variable("TRUSTED_HOSTS", host_names, ("localhost", "127.0.0.1")),
    Variable("PRODUCTION", boolean, False),  # deploy/contest.env.example: start only with PUBLIC_URL
    Variable("LOG_LEVEL", choice(LOG_LEVELS, upper=True), "INFO"),
    Variable("TUS_EXPIRY_SECONDS", whole(minimum=60, unit=SECONDS), 24 * 60 * 60),
    Variable("MEDIA_TRANSCODE_PRESET", choice(X264_PRESETS), "veryfast"),
    Variable("MEDIA_MAX_REMUX_BITRATE", whole(minimum=1, unit="bit/s"), 20_000_000),
    Variable("MEDIA_STUCK_AFTER_S", whole(minimum=1, unit=SECONDS), 120),
    Variable("MEDIA_HEARTBEAT_S", whole(minimum=1, unit=SECONDS), 10),
    Variable("MEDIA_MAX_ATTEMPTS", whole(minimum=1), 3),
    Variable("MEDIA_RETRY_DELAY_S", whole(minimum=0, unit=SECONDS), 30),
    Variable("GALLERY_CACHE", boolean, True),
    Variable("GALLERY_CACHE_REVALIDATE_S", seconds_fraction, 2.0),
    # Offices share one address behind NAT: per-IP limits are generous, per-email ones tight.
    Variable("VOTE_START_LIMIT_IP", rate_limits, "10/minute;60/hour"),
    Variable("VOTE_START_LIMIT_EMAIL", rate_limits, "3/hour"),
    Variable("VOTE_CONFIRM_LIMIT_IP", rate_limits, "20/minute;120/hour"),
    Variable("VOTE_CODE_TTL_S", whole(minimum=60, unit=SECONDS), 15 * 60),
    # Certificate signing key (PKCS#12); unset: the demo key in instance/signing/ when present.
    Variable("SIGNING_P12", text),
    Variable("SIGNING_P12_PASSWORD", text, secret=True),
    Variable("SIGNING_TSA_URL", public_url, ""),
)
NAMES = tuple(variable.name for variable in VARIABLES)
# Fixed defaults by variable name (None where computed); features read app.config, not this.
DEFAULTS = {variable.name: variable.default for variable in VARIABLES}


def read_environment(environ=None):
    """{variable name: typed value} for every variable set (non-empty) in the environment."""
    environ = os.environ if environ is None else environ
    values = {}
    for variable in VARIABLES:
        raw = environ.get(variable.name, "")
        if raw.strip():
            values[variable.name] = variable.parse(variable.name, raw)
    return values


def _check_together(settings):
    if settings["MEDIA_HEARTBEAT_S"] >= settings["MEDIA_STUCK_AFTER_S"]:
        raise ConfigError(f"MEDIA_HEARTBEAT_S: harus lebih pendek dari MEDIA_STUCK_AFTER_S "
                          f"({settings['MEDIA_STUCK_AFTER_S']} detik), bukan {settings['MEDIA_HEARTBEAT_S']}")


def _secret_key(instance_path):
    """A key generated once into the instance folder (when SECRET_KEY is not set)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text().strip()


def _limiter_storage(redis_url):
    """Flask-Limiter spells a Redis socket redis+unix://; the queue spells it unix://."""
    if redis_url.startswith("unix://"):
        return "redis+" + redis_url
    return redis_url or "memory://"


def _signing_key(values, instance):
    """SIGNING_P12 unset: the demo key `flask contest signing-demo-cert` made, if it exists."""
    demo = instance / "signing" / DEMO_P12
    if values["SIGNING_P12"] is None:
        values["SIGNING_P12"] = str(demo) if demo.is_file() else ""
    if values["SIGNING_P12_PASSWORD"] is None:
        secret = demo.with_name("demo.p12.pass")
        use_demo = values["SIGNING_P12"] == str(demo) and secret.is_file()
        values["SIGNING_P12_PASSWORD"] = secret.read_text().strip() if use_demo else ""


def settings(instance_path, environ=None):
    """{variable name: effective value}: the environment over the defaults; ConfigError if bad."""
    instance = Path(instance_path)
    values = {**DEFAULTS, **read_environment(environ)}
    computed = {
        "DATABASE_URL": f"sqlite:///{instance / 'contest.db'}",
        "HUEY_SQLITE_PATH": str(instance / "queue.db"),
        "MAIL_OUTBOX": str(instance / "outbox"),
        "RATELIMIT_STORAGE_URI": _limiter_storage(values["REDIS_URL"]),
    }
    for name, default in computed.items():
        if values[name] is None:
            values[name] = default
    _check_together(values)
    _signing_key(values, instance)
    if values["SECRET_KEY"] is None:  # last: nothing is written when another value is bad
        values["SECRET_KEY"] = _secret_key(instance)
    return values


def from_environment(instance_path, environ=None):
    """Build the app config mapping: every variable under its config key, plus fixed settings."""
    values = settings(instance_path, environ)
    config = {variable.config_key: values[variable.name] for variable in VARIABLES}
    config.update({
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Makassar",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "LANGUAGES": ("id", "en"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": values["SESSION_COOKIE_SECURE"],
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 12,
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,  # forms; video bytes go through /tus/ streams
        "PASSWORD_RESET_MAX_AGE": 60 * 60,
        "VOTE_CODE_ATTEMPTS": 5,  # wrong codes before a vote code is void
        "WTF_CSRF_TIME_LIMIT": None,
        "SIGNING_DEMO_FOLDER": str(Path(instance_path) / "signing"),
    })
    return config


def rate_limits_in_memory(environ=None):
    """True when the rate-limit counters would live in process memory (memory://)."""
    values = read_environment(environ)
    storage = values.get("RATELIMIT_STORAGE_URI") or _limiter_storage(values.get("REDIS_URL", ""))
    return storage.startswith("memory://")


def web_processes(requested, environ=None):
    """gunicorn's worker processes: `requested`, or 1 while rate-limit counters live in process
    memory, where each process would count on its own; deploy/gunicorn.conf.py."""
    return 1 if rate_limits_in_memory(environ) else max(1, requested)


def trusted_hosts(hosts, public):
    """Flask's TRUSTED_HOSTS: the configured hosts plus PUBLIC_URL's; any other Host gets a 400."""
    extra = urlsplit(public).hostname if public else None
    return (*hosts, *([extra] if extra and extra not in hosts else []))


def production_problem(app_config):
    """Why a production start must stop (a one-line message), or None.

    PRODUCTION=true (set by deploy/contest.env.example) means links in mail and QR codes must not
    depend on any request: PUBLIC_URL is required. Tests and `flask --debug` are not production.
    """
    if not app_config.get("PRODUCTION") or app_config.get("TESTING") or app_config.get("DEBUG"):
        return None
    if not app_config.get("PUBLIC_URL"):
        return ("PUBLIC_URL: wajib diisi bila PRODUCTION=true (mis. https://sayembara.kaltimprov.go.id), "
                "agar tautan di email dan kode QR tidak mengikuti header Host permintaan")
    return None


def environment_problem(environ=None):
    """production_problem() for the environment alone, for gunicorn's master before any worker."""
    values = {**DEFAULTS, **read_environment(environ)}
    return production_problem(values)


def masked(value):
    """A secret for display: URLs keep their scheme and host, anything else becomes ***."""
    if not value:
        return value
    if "://" in str(value):
        parts = urlsplit(str(value))
        if parts.password:
            return str(value).replace(f":{parts.password}@", ":***@", 1)
        return str(value)
    return "***"


def describe(app_config):
    """[(variable, effective value)] for `flask contest config`, secrets masked."""
    rows = []
    for variable in VARIABLES:
        value = app_config.get(variable.config_key)
        if isinstance(value, tuple):  # TRUSTED_HOSTS, written back the way it is set
            value = ",".join(value)
        rows.append((variable.name, masked(value) if variable.secret else value))
    return rows
