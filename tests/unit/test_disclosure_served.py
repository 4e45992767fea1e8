"""The disclosure site served by a plain file server (Python's http.server, as any web server would): every page
and download answers 200 with the right content type, and nothing asks for a file the site does not hold."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from targets.disclosure.content import build_content
from targets.disclosure.site import render_site
from tests.unit.test_disclosure_content import PARTICULARS, sources

TYPES = {".html": "text/html", ".csv": "text/csv", ".css": "text/css"}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """A plain static file server on a free local port for the folder; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_plain_file_server_serves_every_page_and_download(tmp_path):
    files = render_site(build_content(sources(), PARTICULARS))
    for name, data in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    with serving(tmp_path) as base:
        for name, data in files.items():
            with urllib.request.urlopen(base + name) as answer:
                assert answer.status == 200, name
                assert answer.headers.get_content_type() == TYPES[Path(name).suffix], name
                assert answer.read() == data, name
        with urllib.request.urlopen(base) as answer:  # the folder's own address gives the Chinese index
            assert answer.read() == files["index.html"]
        with urllib.request.urlopen(base + "en/") as answer:
            assert answer.read() == files["en/index.html"]
