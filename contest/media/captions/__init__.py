"""Captions: WebVTT / SRT files checked and converted, tracks, transcripts, the edition's rule."""
