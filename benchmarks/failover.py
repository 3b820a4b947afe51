"""A replica that dies mid-meeting: `make serve` with 2 replicas, 40 sessions acting, one replica killed.

    .venv/bin/python -m benchmarks.failover [--sessions 40] [--before 20] [--after 30]

Runs the real `deploy/serve.sh` on free loopback ports, opens SESSIONS protocol-level sessions
through nginx (each with its own sticky cookie, as a browser gets), lets each act (it switches
between two views of one page every 5-15 s), then SIGKILLs replica 0. A session whose socket
breaks does what Streamlit's browser client does: it reconnects to the same address (nginx) with the
same cookie and asks for its view again from its URL (query string). Measured and printed:

- sessions failed: sessions on the surviving replica that saw any failed run, plus sessions of the
  killed replica that never got a view back;
- time to recover: from the kill to each moved session's first complete run on the live replica;
- views lost: moved sessions whose redrawn view (headings, text, notices) differs from what the same
  URL drew before the kill (target 0);
- where new sessions go after the kill (nginx's access log): none may be served by the dead replica.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.protocol import FINISHED_OK, http_cookies
from benchmarks.replicas import ServeStack, nginx_available

# (page name, path, two queries a person switches between): the views people bring to a meeting.
VIEWS = [
    ("map", "/map", "coalition=ntxia", "coalition=ntxia&state=TX"),
    ("focus_areas", "/focus-areas", "focus=cybersecurity", "focus=transportation"),
    ("compare", "/compare", "coalition=ntxia&coalition=connective", "coalition=csca&coalition=iscra"),
    ("survey", "/survey", "", "compare=2016"),
    ("data", "/data", "", ""),
]
TEXT_ELEMENTS = ("markdown", "heading", "alert", "metric")
_LOG = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) .*upstream=(?P<upstream>.*?) key=(?P<key>\S+) rt=')


class Broken(Exception):
    """The socket closed or a run did not finish: what a browser sees as a lost connection."""


@dataclass
class Person:
    """One protocol-level session: its page, its two views, and what happened to it."""

    index: int
    page: str
    path: str
    queries: tuple[str, str]
    cookie: str = ""
    key: str = ""
    replica: str = ""
    ws: object = None
    current: int = 0
    seen: dict[str, tuple[str, ...]] = field(default_factory=dict)  # query -> view signature
    runs: int = 0
    failures: list[str] = field(default_factory=list)
    broke_at: float | None = None
    recovered_at: float | None = None
    view_lost: bool = False

    @property
    def query(self) -> str:
        return self.queries[self.current]


def _text(element) -> str:
    kind = element.WhichOneof("type")
    if kind not in TEXT_ELEMENTS:
        return ""
    part = getattr(element, kind)
    if kind == "metric":
        return f"{part.label}={part.body}"
    return str(getattr(part, "body", ""))


async def _run(ws, page: str, query: str, timeout: float = 90) -> tuple[str, ...]:
    """One full script run; the texts it drew, in order. Raises Broken on any failure."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    texts: list[str] = []

    async def read() -> None:
        while True:
            fmsg = ForwardMsg.FromString(await ws.recv())
            kind = fmsg.WhichOneof("type")
            if kind == "delta" and fmsg.delta.WhichOneof("type") == "new_element":
                element = fmsg.delta.new_element
                if element.WhichOneof("type") == "exception":
                    raise Broken(f"page raised {element.exception.type}: {element.exception.message[:120]}")
                text = _text(element)
                if text:
                    texts.append(text)
            elif kind == "script_finished" and fmsg.script_finished == FINISHED_OK:
                return

    try:
        await ws.send(msg.SerializeToString())
        await asyncio.wait_for(read(), timeout)
    except (TimeoutError, websockets.ConnectionClosed, OSError) as err:
        raise Broken(f"{type(err).__name__}: {err}") from err
    return tuple(texts)


async def _connect(base: str, cookie: str, timeout: float = 30):
    return await websockets.connect(
        base.replace("http://", "ws://", 1) + "/_stcore/stream",
        subprotocols=["streamlit"],
        compression=None,
        max_size=None,
        open_timeout=timeout,
        ping_interval=None,
        additional_headers={"Cookie": cookie},
    )


async def _open(base: str, person: Person) -> None:
    person.cookie = await asyncio.to_thread(http_cookies, base + person.path)
    person.key = next(
        (c.split("=", 1)[1] for c in person.cookie.split("; ") if c.startswith("st_replica=")), ""
    )
    person.ws = await _connect(base, person.cookie)
    for i in (1, 0):  # both views, ending on the first; each drawn once before anything is killed
        person.current = i
        person.seen[person.query] = await _run(person.ws, person.page, person.query)
        person.runs += 1


async def _reconnect(base: str, person: Person, killed_at: float, deadline: float) -> None:
    """What Streamlit's browser client does on a lost socket: retry, then rerun the URL's view."""
    delay = 0.5
    while time.monotonic() < deadline:
        await asyncio.sleep(delay)
        try:
            person.ws = await _connect(base, person.cookie, timeout=10)
            texts = await _run(person.ws, person.page, person.query)
        except (Broken, OSError, websockets.InvalidStatus, TimeoutError) as err:
            person.failures.append(f"reconnect: {err}")
            delay = min(delay * 1.5, 5.0)
            continue
        person.recovered_at = time.monotonic() - killed_at
        person.view_lost = texts != person.seen.get(person.query)
        person.runs += 1
        return
    person.view_lost = True


async def _act(base: str, person: Person, clock: dict, stop_at: float) -> None:
    """Switch views every few seconds until stop_at; reconnect once when the socket breaks."""
    rng = random.Random(person.index)  # noqa: S311 - timing jitter, not security
    while time.monotonic() < stop_at:
        try:
            # People act every ~10 s; like a browser, notice a closed socket at once, not at the next click.
            await asyncio.wait_for(asyncio.shield(person.ws.wait_closed()), rng.uniform(5.0, 15.0))
            closed = True
        except TimeoutError:
            closed = False
        if time.monotonic() >= stop_at and not closed:
            break
        person.current = person.current if closed else 1 - person.current
        try:
            if closed:
                raise Broken("the server closed the socket")
            texts = await _run(person.ws, person.page, person.query)
            person.runs += 1
            if texts != person.seen[person.query]:
                person.failures.append("a run drew a different view than the same URL before")
        except Broken as err:
            person.broke_at = time.monotonic()
            person.failures.append(str(err))
            killed_at = clock.get("killed_at")
            if killed_at is None:  # broke before the kill: a failure, not a failover
                return
            await _reconnect(base, person, killed_at, deadline=killed_at + 120)
            if person.recovered_at is None:
                return


def read_log(path: Path) -> list[tuple[str, str, str, str]]:
    """(request, status, upstream list, sticky key) for every line of nginx's access log."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = _LOG.search(line)
        if m:
            out.append((m["request"], m["status"], m["upstream"], m["key"]))
    return out


def _replica_of(keys: dict[str, str], log: list[tuple[str, str, str, str]]) -> dict[str, str]:
    """sticky key -> the replica that served its latest logged request (the last address nginx tried).

    nginx logs a websocket only when it closes, so an open session is placed by its page request:
    the same key hashes to the same replica.
    """
    out = {}
    for _, _, upstream, key in log:
        if key in keys and upstream != "-":
            out[key] = upstream.split(",")[-1].strip()
    return out


async def _new_sessions(base: str, n: int) -> list[Person]:
    people = [Person(1000 + i, *VIEWS[i % len(VIEWS)][:2], VIEWS[i % len(VIEWS)][2:]) for i in range(n)]
    for person in people:
        try:
            await _open(base, person)
        except (Broken, OSError) as err:
            person.failures.append(f"new session: {err}")
        finally:
            if person.ws is not None:
                await person.ws.close()
    return people


@dataclass
class FailoverResult:
    sessions: int
    on_killed: int
    survivors_failed: int
    moved_not_recovered: int
    recover_seconds: list[float]
    views_lost: int
    new_sessions: int
    new_failed: int
    new_on_dead: int
    kill_to_first_new: float
    dead: str
    failures: list[str]

    def lines(self) -> list[str]:
        rec = sorted(self.recover_seconds)
        med = statistics.median(rec) if rec else float("nan")
        return [
            f"sessions: {self.sessions} acting, {self.on_killed} of them on the killed replica {self.dead}",
            f"sessions failed: {self.survivors_failed + self.moved_not_recovered} "
            f"({self.survivors_failed} on the surviving replica, {self.moved_not_recovered} moved ones not recovered)",
            f"time to recover (kill -> view redrawn on the live replica): median {med:.1f} s, "
            f"max {max(rec) if rec else float('nan'):.1f} s over {len(rec)} moved sessions",
            f"views lost: {self.views_lost} (target 0)",
            f"new sessions after the kill: {self.new_sessions}, failed {self.new_failed}, "
            f"served by the dead replica {self.new_on_dead}",
        ]


async def scenario(stack: ServeStack, sessions: int, before: float, after: float) -> FailoverResult:
    base = stack.base
    people = [
        Person(i, VIEWS[i % len(VIEWS)][0], VIEWS[i % len(VIEWS)][1], VIEWS[i % len(VIEWS)][2:])
        for i in range(sessions)
    ]
    for person in people:  # people arrive over a few seconds, as in a meeting
        await _open(base, person)
        await asyncio.sleep(0.05)
    await asyncio.sleep(6)  # nginx flushes its access log every 5 s
    where = _replica_of({p.key: "" for p in people}, read_log(stack.run_dir / "access.log"))
    for person in people:
        person.replica = where.get(person.key, "?")
    dead = f"127.0.0.1:{stack.base_port}"
    clock: dict[str, float] = {}
    stop_at = time.monotonic() + before + after
    actors = [asyncio.create_task(_act(base, p, clock, stop_at)) for p in people]
    await asyncio.sleep(before)
    pid = int((stack.run_dir / "replica-0.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    clock["killed_at"] = time.monotonic()
    await asyncio.sleep(1.0)
    mark = len(read_log(stack.run_dir / "access.log"))
    t_new = time.monotonic()
    fresh = await _new_sessions(base, 10)
    first_new = time.monotonic() - t_new
    await asyncio.gather(*actors)
    for person in people:
        if person.ws is not None:
            await person.ws.close()
    await asyncio.sleep(6)
    log = read_log(stack.run_dir / "access.log")[mark:]
    new_where = _replica_of({p.key: "" for p in fresh}, log)
    on_killed = [p for p in people if p.replica == dead]
    survivors = [p for p in people if p.replica != dead]
    return FailoverResult(
        sessions=len(people),
        on_killed=len(on_killed),
        survivors_failed=sum(1 for p in survivors if p.failures),
        moved_not_recovered=sum(1 for p in on_killed if p.broke_at is not None and p.recovered_at is None)
        + sum(1 for p in on_killed if p.broke_at is None),
        recover_seconds=[p.recovered_at for p in on_killed if p.recovered_at is not None],
        views_lost=sum(1 for p in on_killed if p.view_lost),
        new_sessions=len(fresh),
        new_failed=sum(1 for p in fresh if p.failures),
        new_on_dead=sum(1 for p in fresh if new_where.get(p.key) == dead),
        kill_to_first_new=first_new,
        dead=dead,
        # A moved session's broken socket is expected; anything else is listed.
        failures=[
            f"session {p.index} ({p.replica}): {f}"
            for p in people
            for f in p.failures
            if p.replica != dead or p.recovered_at is None or f.startswith("a run")
        ][:12],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--before", type=float, default=20.0, help="seconds of acting before the kill")
    parser.add_argument("--after", type=float, default=30.0, help="seconds of acting after the kill")
    args = parser.parse_args(argv)
    if not nginx_available():
        print("nginx is not installed: apt-get install -y nginx")
        return 2
    with tempfile.TemporaryDirectory(prefix="failover-") as tmp, ServeStack(Path(tmp), replicas=2) as stack:
        result = asyncio.run(scenario(stack, args.sessions, args.before, args.after))
        serve_log = stack.log.read_text()
    for line in result.lines():
        print(line)
    print("serve.sh said:", " | ".join(line for line in serve_log.splitlines() if "replica 0" in line) or "-")
    for failure in result.failures:
        print("  ", failure)
    ok = result.views_lost == 0 and result.survivors_failed == 0 and result.new_on_dead == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
