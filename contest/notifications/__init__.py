"""Notifications: an outbox table written in the request's transaction, sent by the worker after the commit."""
