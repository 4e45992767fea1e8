"""A small sticky load balancer for the load benchmark: the docs/deploy/nginx.conf cookie variant, in asyncio.

nginx's documented variant hashes on an affinity cookie (lh_affinity) so that a browser's websocket, its
uploads and its page loads all reach the server that holds its Streamlit session. This does the same for
two or more local app servers: it reads each connection's request head, hashes the lh_affinity cookie
(or, without one, takes the next server in turn), and then copies bytes both ways, websockets included.

    python -m bench.balancer --listen 8600 --backend 127.0.0.1:8601 --backend 127.0.0.1:8602
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import itertools
import re

AFFINITY = "lh_affinity"
_COOKIE = re.compile(rb"^cookie:(.*)$", re.I | re.M)
HEAD_LIMIT = 64 * 1024


def pick(head: bytes, backends: list[tuple[str, int]], turn: itertools.cycle) -> tuple[str, int]:
    """The backend for a request: by the affinity cookie's hash, else the next in turn."""
    for line in _COOKIE.findall(head):
        for part in line.decode("latin-1").split(";"):
            name, _, value = part.strip().partition("=")
            if name == AFFINITY and value:
                digest = hashlib.sha256(value.encode()).digest()
                return backends[int.from_bytes(digest[:4], "big") % len(backends)]
    return next(turn)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


class Balancer:
    """Listens on host:port and spreads connections over the backends, sticky by the affinity cookie."""

    def __init__(self, backends: list[tuple[str, int]], host: str = "127.0.0.1", port: int = 0) -> None:
        self.backends = backends
        self.host, self.port = host, port
        self._turn = itertools.cycle(backends)
        self._server: asyncio.Server | None = None
        self.connections: dict[tuple[str, int], int] = dict.fromkeys(backends, 0)

    async def start(self) -> Balancer:
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        backend = pick(head[:HEAD_LIMIT], self.backends, self._turn)
        self.connections[backend] += 1
        try:
            up_reader, up_writer = await asyncio.open_connection(*backend)
        except OSError:
            writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
            writer.close()
            return
        up_writer.write(head)
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listen", type=int, required=True)
    ap.add_argument("--backend", action="append", required=True, help="host:port, repeated")
    args = ap.parse_args()
    backends = [(h, int(p)) for h, p in (b.rsplit(":", 1) for b in args.backend)]

    async def serve() -> None:
        lb = await Balancer(backends, port=args.listen).start()
        print(f"balancing {lb.url} over {args.backend}", flush=True)
        await asyncio.Event().wait()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
