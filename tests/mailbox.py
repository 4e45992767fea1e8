"""Local servers the reminder tests send to: an SMTP server (aiosmtpd) and a webhook receiver (http.server)."""

from __future__ import annotations

import email
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    """One message as the SMTP server got it: the envelope and the raw bytes."""

    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=default_policy)  # type: ignore[return-value]


@dataclass
class Mailbox:
    port: int
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"

    def env(self, sender: str = "tracker@example.gov.cn") -> dict[str, str]:
        return {
            "LIVELIHOOD_SMTP_HOST": "127.0.0.1",
            "LIVELIHOOD_SMTP_PORT": str(self.port),
            "LIVELIHOOD_SMTP_SECURITY": "none",
            "LIVELIHOOD_SMTP_FROM": sender,
        }


@contextmanager
def smtp_server(port: int | None = None) -> Iterator[Mailbox]:
    """A real SMTP server on a local port (default: a free one) for the block."""
    box = Mailbox(port or free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@dataclass
class Hook:
    url: str
    posts: list[dict] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    answer: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    status: int = 200


@contextmanager
def webhook_server() -> Iterator[Hook]:
    """An HTTP server in a thread that keeps every JSON posted to it and answers as a group robot does."""
    hook: Hook

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # http.server calls it by this name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            hook.posts.append(json.loads(body.decode("utf-8")))
            hook.headers.append(dict(self.headers))
            answer = json.dumps(hook.answer).encode()
            self.send_response(hook.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook = Hook(f"http://127.0.0.1:{server.server_address[1]}/robot/send?key=test")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()
