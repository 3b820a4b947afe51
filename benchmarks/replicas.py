"""Scale-out: the random load at 80 sessions against `deploy/serve.sh` (2 replicas behind nginx).

Runs the real `deploy/serve.sh` (so the benchmark checks what `make serve` runs) on free loopback
ports in a temp RUN_DIR, and reads nginx's access log afterwards to show how the sessions were
spread over the replicas and that every session stayed on one replica (sticky).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.servers import ROOT, free_port, http_ok

SERVE = ROOT / "deploy" / "serve.sh"
_LOG_LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) .*upstream=(?P<upstream>\S+) key=(?P<key>\S+)')


def nginx_available() -> bool:
    return bool(shutil.which("nginx") or Path("/usr/sbin/nginx").exists())


def _two_free_ports() -> int:
    for _ in range(50):
        port = free_port()
        if port < 65000 and _is_free(port + 1):
            return port
    raise RuntimeError("no two consecutive free ports")


def _is_free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass
class Sticky:
    streams_per_replica: Counter = field(default_factory=Counter)
    keys_on_several_replicas: int = 0
    keys: int = 0


def read_access_log(path: Path) -> Sticky:
    """Websocket sessions per replica, and sticky keys whose requests reached several replicas."""
    out = Sticky()
    upstreams: dict[str, set[str]] = defaultdict(set)
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = _LOG_LINE.search(line)
        if not m or m["upstream"] == "-":
            continue
        upstreams[m["key"]].add(m["upstream"])
        if "/_stcore/stream" in m["request"]:
            out.streams_per_replica[m["upstream"]] += 1
    out.keys = len(upstreams)
    out.keys_on_several_replicas = sum(1 for ups in upstreams.values() if len(ups) > 1)
    return out


class ServeStack:
    """`bash deploy/serve.sh` with REPLICAS replicas, as a context manager."""

    def __init__(
        self, run_dir: Path, replicas: int = 2, *, app: Path | None = None, warm: bool = True
    ) -> None:
        self.run_dir = run_dir
        self.replicas = replicas
        self.app = app  # another script than dashboard.py (the benchmarks' empty page)
        self.warm = warm
        self.port = free_port()
        self.base_port = _two_free_ports() if replicas == 2 else free_port()
        self.proc: subprocess.Popen | None = None
        self.log = run_dir / "serve.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServeStack:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "REPLICAS": str(self.replicas),
            "PORT": str(self.port),
            "BASE_PORT": str(self.base_port),
            "RUN_DIR": str(self.run_dir),
            **({"APP": str(self.app)} if self.app else {}),
            **({} if self.warm else {"WARM": "0"}),
        }
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - our own script, loopback ports
                ["bash", str(SERVE)],  # noqa: S607
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve.sh exited: {self.log.read_text()[-800:]}")
            if "Serving" in self.log.read_text() and http_ok(self.base + "/nginx-health"):
                return self
            time.sleep(0.5)
        self.__exit__()
        raise RuntimeError("serve.sh did not come up within 240 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # serve.sh's trap stops nginx and the replicas
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the process group serve.sh leads
            self.proc.wait(timeout=10)
