"""deploy/: the nginx template (sticky sessions, WebSockets, security headers, private metrics),
the config serve.sh renders from it (checked by `nginx -t` when nginx is installed), and a live
check of the whole stack when nginx is installed."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import streamlit

from components.ui.shell import FIRST_PAINT_CSS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
SERVE = ROOT / "deploy" / "serve.sh"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def _block(text: str, opener: str) -> str:
    """The text of the `{ ... }` block that follows `opener` (nested braces counted)."""
    start = text.index(opener)
    i = text.index("{", start)
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1 : j]
    raise AssertionError(f"unbalanced braces after {opener!r}")


def _directives(text: str) -> str:
    """The config without comments, so a commented-out line never satisfies a check."""
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


@pytest.fixture(scope="module")
def template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def render(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SERVE)],
        env={**os.environ, "RUN_DIR": str(tmp_path / "run"), "RENDER_ONLY": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_sessions_are_sticky_by_a_cookie_set_on_first_visit(template):
    conf = _directives(template)
    upstream = _block(conf, "upstream streamlit")
    assert re.search(r"hash \$sticky_key consistent;", upstream)
    mapping = _block(conf, "map $cookie_st_replica $sticky_key")
    assert re.search(r'""\s+\$request_id;', mapping), "a browser without the cookie gets a fresh key"
    assert re.search(r"default\s+\$cookie_st_replica;", mapping), "a browser with the cookie keeps its key"
    server = _block(conf, "server {")
    assert re.search(
        r'add_header Set-Cookie "st_replica=\$sticky_key; Path=/; HttpOnly; SameSite=Lax" always;', server
    )


def test_websocket_stream_is_upgraded_and_keeps_the_host_port(template):
    stream = _block(_directives(template), "location = /_stcore/stream")
    assert "proxy_http_version 1.1;" in stream
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_set_header Connection $connection_upgrade;" in stream
    # Streamlit rejects a WebSocket whose Origin (host:port) differs from the Host header.
    assert "proxy_set_header Host $http_host;" in stream
    assert re.search(r"proxy_read_timeout\s+1d;", stream), "idle sessions must not be cut after 60 s"
    upgrade = _block(_directives(template), "map $http_upgrade $connection_upgrade")
    assert re.search(r"default\s+upgrade;", upgrade)


def test_security_headers_are_sent_on_every_response(template):
    conf = _directives(template)
    server = _block(conf, "server {")
    csp = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', server)
    assert csp, "CSP header missing"
    policy = dict(
        (part.split()[0], part.split()[1:]) for part in (p.strip() for p in csp.group(1).split(";")) if part
    )
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert re.search(r'add_header X-Content-Type-Options "nosniff" always;', server)
    assert re.search(r'add_header Referrer-Policy "strict-origin-when-cross-origin" always;', server)
    assert re.search(r'add_header X-Frame-Options "SAMEORIGIN" always;', server)
    # HSTS only makes sense behind TLS: the template carries it as a note to turn on there.
    assert re.search(r"#\s*add_header Strict-Transport-Security", template)
    # A location with its own add_header would silently drop every server-level header.
    for m in re.finditer(r"location [^{]+\{", server):
        assert "add_header" not in _block(server[m.start() :], m.group(0)), m.group(0)


def test_csp_allows_exactly_the_inline_scripts_of_the_installed_streamlit(template):
    import streamlit

    index = Path(streamlit.__file__).parent / "static" / "index.html"
    html = index.read_text(encoding="utf-8")
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    assert inline, "expected Streamlit's index.html to carry an inline script"
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline
    }
    csp = re.search(r'Content-Security-Policy "([^"]+)"', template).group(1)
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src")).split()[1:]
    ours = {_sha256(_first_paint(template)[0])}
    # blob:: st.components.v2 runs a component's inline JavaScript as a blob: module (map, copy boxes);
    # 'wasm-unsafe-eval': Streamlit's protobuf chunk compiles WebAssembly (JavaScript eval stays blocked).
    assert set(script_src) == {"'self'", "blob:", "'wasm-unsafe-eval'", *hashes, *ours}, (
        "Streamlit's inline script or our first-paint script changed: update script-src in the template"
    )


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _first_paint(template: str) -> tuple[str, str]:
    """The script and the style that nginx adds to Streamlit's index.html (sub_filter)."""
    m = re.search(
        r"sub_filter '<head>' '<head>(?:\$chart_preload)?<script>(.*?)</script><style>(.*?)</style>';",
        template,
    )
    assert m, "location / must add the first-paint script and style to the page's head"
    return m.group(1), m.group(2)


def test_text_is_compressed_by_nginx_and_not_asked_of_streamlit(template):
    conf = _directives(template)
    http = _block(conf, "http {")
    assert re.search(r"^\s*gzip on;", http, flags=re.M)
    assert re.search(r"^\s*gzip_proxied any;", http, flags=re.M), "responses from the replicas are compressed"
    assert re.search(r"^\s*gzip_vary on;", http, flags=re.M)
    types = set(re.search(r"gzip_types([^;]+);", http).group(1).split())
    assert {"text/css", "application/javascript", "application/json", "image/svg+xml"} <= types
    page = _block(conf, "location / ")
    # sub_filter edits only an uncompressed page; nginx compresses it afterwards.
    assert 'proxy_set_header Accept-Encoding "";' in page


def test_hashed_files_are_cached_for_a_year_and_the_rest_revalidated(template):
    """The map's rules, applied to paths as nginx would (first matching regex wins)."""
    conf = _directives(template)
    rules = _block(conf, 'map "$status $uri" $cache_control')
    entries = re.findall(r'"~([^"]+)"\s+"([^"]+)";', rules)
    assert re.search(r"default\s+\$upstream_http_cache_control;", rules)

    def policy(status: int, uri: str) -> str:
        return next((value for rx, value in entries if re.search(rx, f"{status} {uri}")), "(Streamlit's)")

    year = "public, max-age=31536000, immutable"
    assert policy(200, "/static/js/index.DormvYxC.js") == year
    assert policy(304, "/static/css/index.C1JORDN2.css") == year
    assert policy(200, "/app/static/map-canvas.b2e5c2988a8e.js") == year
    assert policy(200, "/app/static/states.json") == "no-cache"
    assert policy(200, "/app/static/icons.svg") == "no-cache"
    assert policy(200, "/app/static/map-canvas.js") == "no-cache", "no hash in the name: revalidate"
    assert policy(404, "/app/static/map-canvas.b2e5c2988a8e.js") == "(Streamlit's)", "a 404 is never cached"
    assert policy(200, "/map") == "(Streamlit's)"  # the page: Streamlit says no-cache
    server = _block(conf, "server {")
    assert re.search(r"add_header Cache-Control \$cache_control always;", server)
    assert "proxy_hide_header Cache-Control;" in _block(conf, "location / ")


def test_the_first_paint_style_only_reserves_what_the_first_message_will_draw(template):
    script, style = _first_paint(template)
    assert "'" not in script + style and "$" not in script + style, "sub_filter text: no quote, no variable"
    assert (
        'BACKEND_BASE_URL:location.origin+"/"' in script
    )  # the app lives at the root: no /map/_stcore probes
    # The app's own first-paint rules, verbatim: the app draws the same ones (shell.BASE_CSS), late.
    assert style.endswith(FIRST_PAINT_CSS), "the style ends with components/ui/shell.py's FIRST_PAINT_CSS"
    style = style.removesuffix(FIRST_PAINT_CSS)
    # The rest only while no sidebar is drawn yet, so nothing changes once the app's first message arrives.
    for rule in re.findall(r"([^{}]+)\{[^{}]*\}", style.replace("@media (min-width:769px){", "")):
        assert ':not(:has([data-testid="stSidebar"]))' in rule, rule
    assert "html:not([data-present])" in style, "presenter mode hides the sidebar: reserve nothing there"


def test_metrics_endpoint_is_denied(template):
    block = _block(_directives(template), "location = /_stcore/metrics")
    assert block.split() == ["deny", "all;"]


def test_serve_renders_one_upstream_per_replica(tmp_path):
    done = render(tmp_path, REPLICAS="3", BASE_PORT="9101", PORT="9100", LISTEN="127.0.0.1")
    assert done.returncode == 0, done.stderr
    conf_path = Path(done.stdout.strip().splitlines()[-1])
    conf = conf_path.read_text(encoding="utf-8")
    assert "@@" not in conf
    upstream = _block(_directives(conf), "upstream streamlit")
    servers = re.findall(r"server 127\.0\.0\.1:(\d+)", upstream)
    assert servers == ["9101", "9102", "9103"]
    assert re.search(r"listen 127\.0\.0\.1:9100;", conf)
    assert f"pid {tmp_path / 'run'}/nginx.pid;" in conf
    if NGINX:
        # serve.sh already ran `nginx -t`; run it here too so a silent skip there cannot hide a bad config.
        check = subprocess.run(
            [
                NGINX,
                "-t",
                "-p",
                str(conf_path.parent),
                "-e",
                str(conf_path.parent / "error.log"),
                "-c",
                str(conf_path),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 0, check.stderr
        assert "syntax is ok" in check.stderr
    else:
        # Without nginx, check the structure nginx would: balanced braces, every statement terminated
        # and starting with a directive name (or a map entry).
        text = _directives(conf)
        assert text.count("{") == text.count("}")
        parts = re.split(r"([;{}])", re.sub(r"'[^']*'|\"[^\"]*\"", '""', text))
        statements, ends = parts[0::2], [*parts[1::2], "end"]
        for statement, end in zip(statements, ends, strict=True):
            if statement.strip():
                assert end in ";{", f"unterminated directive: {statement.strip()!r}"
                assert re.fullmatch(r'[a-z_0-9]+|""|default', statement.split()[0]), statement.strip()


def test_the_chart_pages_ask_for_the_installed_streamlits_vega_chunk_with_their_first_paint(tmp_path):
    done = render(tmp_path)
    assert done.returncode == 0, done.stderr
    conf = Path(done.stdout.strip().splitlines()[-1]).read_text(encoding="utf-8")
    chunks = sorted(
        p.name for p in (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("embed.*.js")
    )
    assert len(chunks) == 1, chunks  # the one file Streamlit's charts import Vega-Lite from
    block = _block(_directives(conf), "map $uri $chart_preload")
    link = f'<link rel="modulepreload" href="/static/js/{chunks[0]}">'
    assert re.search(r'"~\^/\(focus-areas\|survey\)\$"\s+' + re.escape(f"'{link}';"), block), block
    assert "sub_filter '<head>' '<head>$chart_preload<script>" in conf


def test_serve_defaults_to_one_replica_per_core(tmp_path):
    done = render(tmp_path)
    assert done.returncode == 0, done.stderr
    conf = Path(done.stdout.strip().splitlines()[-1]).read_text(encoding="utf-8")
    cores = int(subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout)
    assert len(re.findall(r"^\s+server 127\.0\.0\.1:\d+", conf, flags=re.M)) == cores


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"REPLICAS": "0"}, "REPLICAS must be a positive number"),
        ({"REPLICAS": "two"}, "REPLICAS must be a positive number"),
        ({"PORT": "80; rm"}, "PORT and BASE_PORT must be numbers"),
        ({"NGINX": "/nonexistent/nginx"}, "sudo apt-get install -y nginx"),
    ],
)
def test_serve_refuses_bad_settings_with_a_clear_message(tmp_path, env, message):
    done = render(tmp_path, **env)
    assert done.returncode != 0
    assert message in done.stderr


def test_access_log_format_is_what_the_benchmark_reads(tmp_path, template):
    """The benchmark reads nginx's log to prove stickiness; the two must agree on the format."""
    from benchmarks.replicas import read_access_log

    fmt = re.search(r"log_format sticky ((?:'[^']*'\s*)+);", template).group(1)
    fmt = "".join(re.findall(r"'([^']*)'", fmt))
    values = {
        "$remote_addr": "127.0.0.1",
        "$time_local": "21/Nov/2026:20:00:00 +0000",
        "$status": "101",
        "$body_bytes_sent": "10",
        "$request_time": "1.0",
    }

    def line(request: str, upstream: str, key: str) -> str:
        subs = {**values, "$request": request, "$upstream_addr": upstream, "$sticky_key": key}
        out = fmt
        for var in sorted(subs, key=len, reverse=True):  # $request_time before $request
            out = out.replace(var, subs[var])
        assert "$" not in out, out
        return out

    log = tmp_path / "access.log"
    log.write_text(
        "\n".join(
            [
                line("GET /map HTTP/1.1", "127.0.0.1:9101", "aaa"),
                line("GET /_stcore/stream HTTP/1.1", "127.0.0.1:9101", "aaa"),
                line("GET /_stcore/stream HTTP/1.1", "127.0.0.1:9102", "bbb"),
                line("GET /static/x.js HTTP/1.1", "127.0.0.1:9101", "bbb"),
            ]
        )
    )
    sticky = read_access_log(log)
    assert sticky.keys == 2
    assert sticky.keys_on_several_replicas == 1  # "bbb" reached both replicas
    assert dict(sticky.streams_per_replica) == {"127.0.0.1:9101": 1, "127.0.0.1:9102": 1}


def _get(url: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, b""


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install -y nginx)")
def test_serve_runs_the_stack_behind_nginx(tmp_path):
    """One replica behind nginx: the page, a full script run over the proxied WebSocket, headers."""
    import asyncio
    import concurrent.futures

    from benchmarks.protocol import Session
    from benchmarks.servers import free_port

    port, base_port = free_port(), free_port()
    env = {
        **os.environ,
        "REPLICAS": "1",
        "PORT": str(port),
        "BASE_PORT": str(base_port),
        "RUN_DIR": str(tmp_path / "run"),
    }
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["bash", str(SERVE)], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while "Serving" not in log.read_text():
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        status, headers, body = _get(base + "/map")
        assert status == 200 and b"<html" in body.lower()
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        cookie = headers["set-cookie"].split(";", 1)[0]
        assert cookie.startswith("st_replica=")
        _check_compression_and_caching(base, body)
        assert _get(base + "/_stcore/health")[0] == 200
        assert _get(base + "/_stcore/metrics")[0] == 403
        assert _get(f"http://127.0.0.1:{base_port}/_stcore/metrics")[0] == 200, (
            "the replica itself still has them"
        )

        async def one_run():
            session = Session(base, "map", cookie=cookie)
            await session.connect()
            try:
                return await session.rerun("")
            finally:
                await session.close()

        # Its own thread: the browser tests' Playwright session keeps an event loop running here.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            result = pool.submit(asyncio.run, one_run()).result(timeout=120)
        assert result.ok, result.error
        assert result.elements, "the page sent nothing over the proxied WebSocket"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert not _port_open(port) and not _port_open(base_port), "serve.sh left a process listening"


def _gzip_get(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET as a browser does (gzip accepted), the body decompressed when it came compressed."""
    import gzip

    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            headers = {k.lower(): v for k, v in r.headers.items()}
            raw = r.read()
            status = r.status
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, b""
    body = gzip.decompress(raw) if headers.get("content-encoding") == "gzip" else raw
    headers["x-bytes-on-the-wire"] = str(len(raw))
    return status, headers, body


def _check_compression_and_caching(base: str, page: bytes) -> None:
    """Through nginx: the page, Streamlit's hashed bundle, our app/static files; what a browser reads."""
    year = "public, max-age=31536000, immutable"
    status, headers, html = _gzip_get(base + "/map")
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["cache-control"] == "no-cache", "the page itself is always revalidated"
    script = re.search(rb"<head><script>(.*?)</script>", html)
    assert script, "nginx adds the first-paint script to the page"
    assert _sha256(script.group(1).decode()) in headers["content-security-policy"]
    bundle = re.search(rb'src="\./(static/js/index\.[\w-]+\.js)"', html).group(1).decode()
    status, headers, js = _gzip_get(f"{base}/{bundle}")
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["cache-control"] == year
    assert int(headers["x-bytes-on-the-wire"]) < len(js) / 2, "JavaScript compresses to well under half"
    assert "accept-encoding" in headers["vary"].lower()
    # A chart page asks for Streamlit's Vega chunk with its first paint; it is there and cached a year.
    status, _, chart_page = _gzip_get(base + "/focus-areas?state=TX")
    preload = re.search(
        rb'<head><link rel="modulepreload" href="(/static/js/embed\.[\w-]+\.js)"><script>', chart_page
    )
    assert status == 200 and preload, chart_page[:300]
    status, headers, _ = _gzip_get(base + preload.group(1).decode())
    assert (status, headers["cache-control"]) == (200, year)
    assert b"/static/js/embed." not in html, "/map draws no chart: it does not fetch Vega"
    status, headers, states = _gzip_get(base + "/app/static/states.json")
    assert status == 200 and headers["content-encoding"] == "gzip" and states.startswith(b"{")
    assert headers["cache-control"] == "no-cache" and headers.get("etag"), "revalidated with its ETag"
    hashed = sorted((ROOT / "static").glob("*.*.*"))
    hashed = [p for p in hashed if re.fullmatch(r"[^.]+\.[0-9a-f]{8,}\.\w+", p.name)]
    for path in hashed:  # e.g. the map bundle, map-canvas.<hash>.js
        status, headers, _ = _gzip_get(f"{base}/app/static/{path.name}")
        assert (status, headers["cache-control"]) == (200, year), path.name
    status, headers, _ = _gzip_get(base + "/app/static/nothing.0123456789ab.js")
    assert status == 404 and "immutable" not in headers.get("cache-control", ""), "a 404 is never cached"


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_a_dead_replica_is_routed_around(template, tmp_path):
    """Each server line may fail once before nginx stops using it; every request can go to the next one."""
    done = render(tmp_path, REPLICAS="2", BASE_PORT="9201", PORT="9200")
    assert done.returncode == 0, done.stderr
    conf = _directives(Path(done.stdout.strip().splitlines()[-1]).read_text(encoding="utf-8"))
    upstream = _block(conf, "upstream streamlit")
    assert re.findall(r"server 127\.0\.0\.1:\d+ max_fails=(\d+) fail_timeout=(\d+)s;", upstream) == [
        ("1", "5"),
        ("1", "5"),
    ]
    page = _block(conf, "location / ")
    assert re.search(r"proxy_next_upstream error timeout http_502 http_503;", page)
    stream = _block(conf, "location = /_stcore/stream")
    assert re.search(r"proxy_next_upstream error timeout;", stream)
    for block in (page, stream):
        assert re.search(r"proxy_connect_timeout 2s;", block)


def _stream_upstreams(log: Path, keys: set[str]) -> dict[str, str]:
    """sticky key -> the replica that finally served its websocket (the last address nginx tried)."""
    from benchmarks.failover import read_log

    return {
        key: upstream.split(",")[-1].strip()
        for request, _, upstream, key in read_log(log)
        if "/_stcore/stream" in request and key in keys
    }


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install -y nginx)")
def test_killing_a_replica_sends_its_people_and_new_sessions_to_the_live_one(tmp_path):
    import asyncio
    import concurrent.futures

    from benchmarks.protocol import Session, http_cookies
    from benchmarks.replicas import ServeStack

    def one_run(base: str, cookie: str):
        async def run():
            session = Session(base, "map", cookie=cookie)
            await session.connect()
            try:
                return await session.rerun("coalition=ntxia")
            finally:
                await session.close()

        # Its own thread: the browser tests' Playwright session keeps an event loop running here.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, run()).result(timeout=180)

    with ServeStack(tmp_path / "run", replicas=2) as stack:
        dead, live = f"127.0.0.1:{stack.base_port}", f"127.0.0.1:{stack.base_port + 1}"
        log = stack.run_dir / "access.log"
        # Open sessions until one is on replica 0: its cookie is a person of the replica to kill.
        cookies = []
        for _ in range(8):
            cookie = http_cookies(stack.base + "/map")
            assert one_run(stack.base, cookie).ok
            cookies.append(cookie)
        time.sleep(6)  # nginx flushes its access log every 5 s
        keys = {c.split("st_replica=", 1)[1].split(";", 1)[0]: c for c in cookies}
        before = _stream_upstreams(log, set(keys))
        on_dead = [keys[k] for k, up in before.items() if up == dead]
        assert on_dead, f"no session landed on {dead} out of 8: {before}"

        os.kill(int((stack.run_dir / "replica-0.pid").read_text()), signal.SIGKILL)
        time.sleep(1)
        moved = one_run(stack.base, on_dead[0])  # the killed replica's person reconnects with its cookie
        assert moved.ok and moved.elements, moved.error
        fresh = [http_cookies(stack.base + "/map") for _ in range(6)]
        assert all(one_run(stack.base, c).ok for c in fresh)
        time.sleep(6)
        fresh_keys = {c.split("st_replica=", 1)[1].split(";", 1)[0] for c in fresh}
        moved_key = on_dead[0].split("st_replica=", 1)[1].split(";", 1)[0]
        after = _stream_upstreams(log, fresh_keys | {moved_key})
        assert after[moved_key] == live
        assert {after[k] for k in fresh_keys} == {live}, after
        assert stack.proc.poll() is None, "serve.sh keeps serving with the live replica"
        assert "replica 0" in stack.log.read_text() and "exited" in stack.log.read_text()
