"""A websocket client that speaks Streamlit's own protocol, the way the browser does.

It connects to ws://HOST/_stcore/stream, sends a `BackMsg.rerun_script` (query string, page name,
and the hashes of the large messages it already holds, like the browser's message cache) and
reads `ForwardMsg`s until `script_finished`. Each run reports its wall time, the bytes received,
the elements sent (type and size), any exception the page showed, and the largest Vega dataset.
"""

from __future__ import annotations

import asyncio
import io
import json
import statistics
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED_OK = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
FINISHED_COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR


@dataclass
class RunResult:
    """One script run as the client saw it."""

    seconds: float
    bytes: int = 0
    messages: int = 0
    ok: bool = True
    error: str = ""
    elements: list[tuple[int, str]] = field(default_factory=list)
    vega_rows: int = 0
    deck_layers: list[tuple[int, str]] = field(default_factory=list)


def _arrow_rows(data: bytes) -> int:
    if not data:
        return 0
    import pyarrow as pa

    try:
        return pa.ipc.open_stream(io.BytesIO(data)).read_all().num_rows
    except (pa.ArrowInvalid, OSError):
        return 0


def _vega_rows(chart) -> int:
    """Rows in the largest dataset of a Vega-Lite element (Arrow datasets and inline values)."""
    rows = [_arrow_rows(chart.data.data)]
    rows += [_arrow_rows(d.data.data) for d in chart.datasets]
    try:
        spec = json.loads(chart.spec or "{}")
    except ValueError:
        spec = {}
    rows += [len(v) for v in (spec.get("datasets") or {}).values() if isinstance(v, list)]
    values = (spec.get("data") or {}).get("values") if isinstance(spec.get("data"), dict) else None
    if isinstance(values, list):
        rows.append(len(values))
    return max(rows)


def _deck_layers(spec: str) -> list[tuple[int, str]]:
    """JSON bytes of each layer of a pydeck spec, largest first (where a map's payload goes)."""
    try:
        deck = json.loads(spec)
    except ValueError:
        return []
    layers = deck.get("layers") or []
    sizes = [(len(json.dumps(layer, separators=(",", ":"))), str(layer.get("id", "?"))) for layer in layers]
    return sorted(sizes, reverse=True)


def _record_element(result: RunResult, element: Any, size: int) -> None:
    """Note one new element of a run: its size and type, an exception, the map's deck, a chart's rows."""
    etype = element.WhichOneof("type") or "?"
    result.elements.append((size, etype))
    if etype == "exception":
        result.ok = False
        result.error = f"page raised {element.exception.type}: {element.exception.message[:200]}"
    elif etype == "bidi_component" and element.bidi_component.component_name.endswith("map_canvas"):
        # The map canvas (components/ui/map_canvas.py) carries the deck in its data (JSON bytes).
        sent = element.bidi_component
        result.deck_layers += _deck_layers(
            json.dumps(json.loads(sent.bytes or sent.json or "{}").get("deck") or {})
        )
    elif etype == "vega_lite_chart":
        result.vega_rows = max(result.vega_rows, _vega_rows(element.vega_lite_chart))


def http_cookies(url: str, timeout: float = 30) -> str:
    """GET a page like a browser's first request; return its Set-Cookie values as a Cookie header."""
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        response.read()
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies)


class Session:
    """One browser-like session of a Streamlit app on loopback."""

    def __init__(self, base: str, page: str = "", *, cookie: str = "") -> None:
        self.base = base.rstrip("/")
        self.page = page
        self.cookie = cookie
        self.ws = None
        self.cache: set[str] = set()

    async def connect(self, timeout: float = 60) -> None:
        url = self.base.replace("http://", "ws://", 1) + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else None
        self.ws = await websockets.connect(
            url,
            subprotocols=["streamlit"],
            compression=None,  # Streamlit turns websocket compression off; count raw bytes
            max_size=None,
            open_timeout=timeout,
            ping_interval=None,
            additional_headers=headers,
        )

    async def rerun(self, query: str = "", page: str | None = None, *, timeout: float = 60) -> RunResult:
        """Ask for a full script run and wait for it to finish."""
        if page is not None:
            self.page = page
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        state.page_name = self.page
        state.cached_message_hashes.extend(sorted(self.cache))
        t0 = time.perf_counter()
        result = RunResult(seconds=0.0)
        try:
            await self.ws.send(msg.SerializeToString())
            await asyncio.wait_for(self._read_until_finished(result), timeout)
        except TimeoutError:
            result.ok, result.error = False, f"no script_finished within {timeout:.0f} s"
        except websockets.ConnectionClosed as err:
            result.ok, result.error = False, f"connection closed ({err})"
        result.seconds = time.perf_counter() - t0
        return result

    async def _read_until_finished(self, result: RunResult) -> None:
        while True:
            raw = await self.ws.recv()
            result.bytes += len(raw)
            result.messages += 1
            fmsg = ForwardMsg.FromString(raw)
            kind = fmsg.WhichOneof("type")
            if fmsg.metadata.cacheable and fmsg.hash:
                self.cache.add(fmsg.hash)
            if kind == "delta" and fmsg.delta.WhichOneof("type") == "new_element":
                _record_element(result, fmsg.delta.new_element, len(raw))
            elif kind == "ref_hash":
                result.elements.append((len(raw), "cached-ref"))
            elif kind == "page_not_found":
                result.ok, result.error = False, f"page not found: {self.page!r}"
            elif kind == "script_finished":
                status = fmsg.script_finished
                if status == FINISHED_COMPILE_ERROR:
                    result.ok, result.error = False, "script failed to compile"
                if status in (FINISHED_OK, FINISHED_COMPILE_ERROR):
                    return

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
