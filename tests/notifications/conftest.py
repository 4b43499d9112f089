"""Mail servers on loopback for the outbox tests: a real SMTP server, one that never answers."""
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from contest.core.tasks import huey

SMTP_PORT = 18301  # this branch's loopback range is 18300-18319
SILENT_PORT = 18302
CLOSED_PORT = 18303  # nothing listens here: connections are refused


class Inbox:
    """aiosmtpd handler: keeps every message it accepts; refuses recipients listed in `refuse`."""

    def __init__(self):
        self.messages = []
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server on 127.0.0.1; the app's SMTP_* settings point at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", SMTP_PORT)
    monkeypatch.setitem(app.config, "SMTP_TLS", False)
    yield inbox
    controller.stop()


class SilentServer:
    """Accepts TCP connections and never says a word (a hung mail server); counts the connections."""

    def __init__(self, port):
        self.sock = socket.create_server(("127.0.0.1", port), reuse_port=False)
        self.sock.settimeout(0.2)
        self.connections = 0
        self._open = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            self._open.append(conn)

    def close(self):
        self._stop.set()
        self._thread.join()
        for conn in self._open:
            conn.close()
        self.sock.close()


@pytest.fixture
def silent_smtp(app, monkeypatch):
    """SMTP_HOST points at a server that accepts connections and never answers."""
    server = SilentServer(SILENT_PORT)
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", SILENT_PORT)
    yield server
    server.close()


@pytest.fixture
def refused_smtp(app, monkeypatch):
    """SMTP_HOST points at a port where nothing listens."""
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", CLOSED_PORT)
    monkeypatch.setitem(app.config, "SMTP_TLS", False)


@pytest.fixture
def empty_queue():
    """The scratch queue emptied, so a test sees only the tasks it caused."""
    huey.flush()
    yield huey
    huey.flush()


def queued_message_ids(queue):
    return [task.args[0] for task in queue.pending() if task.name == "notifications.send_outbox"]
