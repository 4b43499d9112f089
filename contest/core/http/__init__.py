"""What views share: role and phase decorators, commit_action, form base classes, the date-time field,
safe redirects, Markdown rendering and gzip."""
