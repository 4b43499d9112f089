"""The UU PDP duties the committee is audited on: data-subject requests, the breach register and
the record of processing activities."""
