"""The committee's console: an edition's dashboard, checklist, lists and exports (imports the features)."""
