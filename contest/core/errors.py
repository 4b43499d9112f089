"""Domain errors: services raise them, views turn them into form errors or flashes."""


class DomainError(Exception):
    """A rule of the contest was broken; `message` is already translated, `field` optional."""

    def __init__(self, message, *, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field
