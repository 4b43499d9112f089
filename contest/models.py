"""Every model, imported in one place so Alembic and the CLI see the whole schema."""
from .accounts.models import ASNProfile, User, UserRole  # noqa: F401
from .contests.models import Contest, Prize  # noqa: F401
from .entries.models import Entry  # noqa: F401
