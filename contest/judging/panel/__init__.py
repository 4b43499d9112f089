"""The jury panel: judges and invitations, who sits on a round, balanced assignment, conflicts of
interest, declared crew and judges' affiliations."""
