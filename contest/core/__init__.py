"""Infrastructure every feature shares: configuration (the one reader of the environment), extensions,
the task queue, domain errors, UTC time, text rules, logs, mail, backup, language, after-commit hooks."""
