"""Adaptive streaming: the HLS ladder of a published video, built by the worker and served like the MP4."""
