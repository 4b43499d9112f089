"""Low-level email delivery: SMTP when configured, otherwise an outbox folder a developer can read.

Only the worker calls this (contest/notifications/sending.py); a request writes an outbox row
instead, so no page ever waits on a mail server.
"""
import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

SMTP_TIMEOUT_S = 30


def build_message(*, to, subject, body, message_id=None):
    """A plain-text message from MAIL_FROM."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{message_id or uuid.uuid4().hex}@contest>"
    message.set_content(body)
    return message


def deliver(message):
    """Hand `message` to SMTP_HOST; without one, write it to MAIL_OUTBOX and return the path.

    Raises OSError or smtplib.SMTPException when the server cannot be reached or refuses.
    """
    config = current_app.config
    if config["SMTP_HOST"]:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=SMTP_TIMEOUT_S) as smtp:
            if config["SMTP_TLS"]:
                smtp.starttls()
            if config["SMTP_USER"]:
                smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
            smtp.send_message(message)
        return None
    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{uuid.uuid4().hex}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bytes(message))
    tmp.replace(path)
    current_app.logger.info("mail to %s (%s) written to %s", message["To"], message["Subject"], path)
    return path
