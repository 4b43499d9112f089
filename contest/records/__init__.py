"""Records every feature may write and none may change: consents under a notice version,
publication withdrawals, the personal-data access log. Below every feature, so accounts can write
consents without importing privacy's pages."""
