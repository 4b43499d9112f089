"""Timeline changes with care: who a moved deadline affects, notifying them, and the change log."""
