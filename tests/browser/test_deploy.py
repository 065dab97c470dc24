"""`deploy/run.sh --replicas 2`: the app through HAProxy, two browsers on two replicas, each
session staying on its own, and nothing left running afterwards."""
import os
import re
import shutil
import socket
import time

import pytest

from tests.browser.deploy_util import run_deployment
from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _streams(log: str) -> set[str]:
    return set(re.findall(r"replicas/(r\d) .*\"GET /_stcore/stream ", log))


def _visit(browser, url: str) -> tuple[set[str], str]:
    """Open the app in a browser of its own (own cookie jar); return the replicas that answered
    its HTTP requests and the heading it shows."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL")
    upstreams: set[str] = set()
    pg = context.new_page()
    pg.on("response", lambda r: upstreams.add(r.headers.get("x-upstream", "geen")))
    try:
        pg.goto(url)
        wait_for_app(pg, timeout=60_000)
        heading = pg.get_by_role("heading", level=1).first.inner_text()
    finally:
        context.close()
    return upstreams, heading


def test_two_replicas_behind_the_proxy_serve_sticky_sessions(seed_db, tmp_path, browser):
    path = tmp_path / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    with run_deployment(path, replicas=2) as deployment:
        assert set(deployment.replicas) == {"r1", "r2"}
        # Every page was walked once on each replica before the proxy let anyone in.
        for name in ("r1", "r2"):
            assert re.search(rf"\[run.sh\] replica {name}: 1\d pages warmed in", deployment.log_text()), \
                deployment.log_text()[-2000:]
        first, heading = _visit(browser, f"{deployment.base}/")
        second, map_heading = _visit(browser, f"{deployment.base}/kaart")
        assert heading == "Vliegwiel van gemeenschapskracht"
        assert map_heading == "Kaart"
        # Each browser's requests all reached one replica (sticky), and the two differ.
        assert len(first) == 1 and len(second) == 1, (first, second)
        assert first | second == {"r1", "r2"}
        # Both websocket sessions went through the proxy, one to each replica.
        # HAProxy logs a websocket when it closes, just after the browser closed it.
        deadline = time.time() + 15
        while (streams := _streams(deployment.log_text())) != {"r1", "r2"} and time.time() < deadline:
            time.sleep(0.2)
        assert streams == {"r1", "r2"}, deployment.log_text()[-2000:]
        ports = [port for _pid, port in deployment.replicas.values()] + [int(deployment.base.rsplit(":", 1)[1])]
        pids = [pid for pid, _port in deployment.replicas.values()]
    # Nothing the script started is left: replicas gone, no port listening.
    for pid in pids:
        assert not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read()
    assert not any(_listening(p) for p in ports)
    assert "[run.sh] stopping" in deployment.log_text()
