"""Uploads: the tus server and its on-disk store, and what a finished upload becomes."""
