"""A Streamlit session without a browser: the app's own websocket and protobuf messages, from the streamlit package.

A browser does three things a load test needs: it signs in (our /auth/login form sets the session cookie),
it opens the websocket at /_stcore/stream and asks for a script run (BackMsg.rerun_script with the page,
the query string and the widgets' values), and it draws what comes back (ForwardMsg deltas) until the
run ends (script_finished). This module does the same with `websockets` and `httpx`, so that hundreds
of sessions fit on a machine where hundreds of Chromiums do not. A page run is timed from the request to
script_finished, which is what the browser test helpers wait for too (minus drawing).

    async with ProtocolSession(base_url) as s:
        await s.sign_in("demo", "demo-viewer-2024")
        run = await s.open("", query="lang=zh")          # the overview
        run = await s.choose("截至月份", "2024年8月")   # a selectbox, by label and shown option
        run = await s.open("task", query="lang=zh")
"""

from __future__ import annotations

import asyncio
import secrets
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

RUN_TIMEOUT = 60.0  # seconds a page run may take before it counts as an error


class ProtocolError(RuntimeError):
    """The server refused, closed, or showed an exception."""


@dataclass(frozen=True)
class Widget:
    """A widget as the last run drew it: its id, kind, label and (for pickers) the options as shown."""

    id: str
    kind: str
    label: str
    options: tuple[str, ...] = ()


@dataclass
class PageRun:
    """One script run as the client saw it."""

    page: str
    seconds: float
    messages: int
    bytes: int
    elements: dict[str, int] = field(default_factory=dict)  # element kind -> count
    texts: list[str] = field(default_factory=list)  # what alerts and markdown said
    exceptions: list[str] = field(default_factory=list)
    status: str = ""

    @property
    def ok(self) -> bool:
        return not self.exceptions and self.status in ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY")


class ProtocolSession:
    """One signed-in Streamlit session over the app's websocket."""

    def __init__(self, base_url: str, *, timeout: float = RUN_TIMEOUT, affinity: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = httpx.AsyncClient(base_url=self.base_url, follow_redirects=False, timeout=timeout)
        # What a sticky proxy gives each browser (docs/deploy/nginx.conf, bench/balancer.py): one server per session.
        self.http.cookies.set("lh_affinity", affinity or secrets.token_hex(8))
        self.ws: Any = None
        self.session_id = ""
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page = ""
        self.query = ""
        self.widgets: dict[str, Widget] = {}  # label -> widget (the last run's)
        self.states: dict[str, WidgetState] = {}  # id -> the value this client set

    async def __aenter__(self) -> ProtocolSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None
        await self.http.aclose()

    # --- signing in and connecting ----------------------------------------------------------------

    async def sign_in(self, name: str, password: str) -> None:
        """The sign-in form, as a browser posts it; the session cookie lands in the client's jar."""
        r = await self.http.post(
            "/auth/login",
            data={"name": name, "password": password, "next": "/"},
            headers={"Origin": self.base_url},
        )
        if r.status_code not in (302, 303) or not self.http.cookies:
            raise ProtocolError(f"sign-in as {name} refused: HTTP {r.status_code}")

    async def connect(self) -> None:
        url = self.base_url.replace("http", "ws", 1) + "/_stcore/stream"
        # As the browser: the health check sets the XSRF cookie, whose token the websocket and uploads echo.
        await self.http.get("/_stcore/health")
        xsrf = self.http.cookies.get("_streamlit_xsrf", "")
        cookie = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        self.ws = await websockets.connect(
            url,
            subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
            additional_headers={"Cookie": cookie, "Origin": self.base_url},
            max_size=None,
            open_timeout=self.timeout,
        )

    # --- page runs --------------------------------------------------------------------------------

    async def open(self, page: str = "", query: str = "") -> PageRun:
        """Open a page as a click in the menu does (the widgets' values are the page's own again)."""
        self.page, self.query = page, query
        self.states.clear()
        return await self._run()

    async def choose(self, label: str, option: str) -> PageRun:
        """Pick an option of a selectbox or a radio on the current page, by its label and the option as shown."""
        w = self._widget(label)
        if w.options and option not in w.options:
            raise ProtocolError(f"{label!r} has no option {option!r}: {list(w.options)}")
        self.states[w.id] = WidgetState(id=w.id, string_value=option)
        return await self._run()

    async def click(self, label: str) -> PageRun:
        """Press a button by its label."""
        w = self._widget(label)
        state = WidgetState(id=w.id, trigger_value=True)
        runs = await self._run(extra=[state])
        return runs

    async def upload(self, label: str, name: str, data: bytes, mime: str = "text/csv") -> PageRun:
        """Choose a file in an st.file_uploader, as the browser does: ask for an upload URL, PUT the file, rerun."""
        w = self._widget(label)
        request_id = uuid.uuid4().hex
        ask = BackMsg()
        ask.file_urls_request.request_id = request_id
        ask.file_urls_request.file_names.append(name)
        ask.file_urls_request.session_id = self.session_id
        await self.ws.send(ask.SerializeToString())
        async with asyncio.timeout(self.timeout):
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await self.ws.recv())
                if fwd.WhichOneof("type") == "file_urls_response" and fwd.file_urls_response.response_id == request_id:
                    break
        if fwd.file_urls_response.error_msg:
            raise ProtocolError(f"upload refused: {fwd.file_urls_response.error_msg}")
        urls = fwd.file_urls_response.file_urls[0]
        xsrf = self.http.cookies.get("_streamlit_xsrf", "")
        put = await self.http.put(urls.upload_url, files={"file": (name, data, mime)}, headers={"X-Xsrftoken": xsrf})
        if put.status_code >= 300:
            raise ProtocolError(f"upload PUT {urls.upload_url}: HTTP {put.status_code} {put.text[:200]}")
        state = WidgetState(id=w.id)
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = name, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        self.states[w.id] = state
        return await self._run()

    def _widget(self, label: str) -> Widget:
        try:
            return self.widgets[label]
        except KeyError:
            raise ProtocolError(f"no widget labelled {label!r}; the page has {sorted(self.widgets)}") from None

    async def _run(self, extra: list[WidgetState] | None = None) -> PageRun:
        if self.ws is None:
            await self.connect()
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.page
        cs.page_script_hash = self.pages.get(self.page, "")
        cs.widget_states.widgets.extend([*self.states.values(), *(extra or [])])
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = PageRun(page=self.page, seconds=0.0, messages=0, bytes=0)
        widgets: dict[str, Widget] = {}
        try:
            async with asyncio.timeout(self.timeout):
                while True:
                    data = await self.ws.recv()
                    run.messages += 1
                    run.bytes += len(data)
                    fwd = ForwardMsg()
                    fwd.ParseFromString(data)
                    if self._read(fwd, run, widgets):
                        break
        except TimeoutError:
            run.exceptions.append(f"no script_finished within {self.timeout:.0f} s")
        except websockets.ConnectionClosed as e:
            run.exceptions.append(f"websocket closed: {e}")
            self.ws = None
        run.seconds = time.perf_counter() - started
        self.widgets = widgets
        return run

    def _read(self, fwd: ForwardMsg, run: PageRun, widgets: dict[str, Widget]) -> bool:
        """Take in one message; True when the run has finished."""
        kind = fwd.WhichOneof("type")
        if kind == "new_session":
            init = fwd.new_session.initialize
            if init.session_id:
                self.session_id = init.session_id
            for p in fwd.new_session.app_pages:
                self.pages[p.url_pathname] = p.page_script_hash
        elif kind == "navigation":
            for p in fwd.navigation.app_pages:
                self.pages[p.url_pathname] = p.page_script_hash
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            ek = element.WhichOneof("type") or "?"
            run.elements[ek] = run.elements.get(ek, 0) + 1
            if ek == "alert":
                run.texts.append(element.alert.body)
            elif ek == "markdown":
                run.texts.append(element.markdown.body)
            if ek == "exception":
                run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            body = getattr(element, ek, None)
            wid = getattr(body, "id", "") if body is not None else ""
            if wid:
                label = getattr(body, "label", "") or wid
                options = tuple(getattr(body, "options", ()) or ())
                widgets[label] = Widget(wid, ek, label, options)
        elif kind == "page_not_found":
            run.exceptions.append(f"page not found: {fwd.page_not_found.page_name!r}")
        elif kind == "script_finished":
            run.status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
            return fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        return False


def query(**params: str | int) -> str:
    return urllib.parse.urlencode(params)
