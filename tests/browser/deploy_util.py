"""Start `deploy/run.sh` (N replicas behind HAProxy) on free localhost ports, for the deploy
test and the load benchmark, and stop every process it started afterwards."""
from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"
REPLICA_LINE = re.compile(r"^\[run\.sh\] replica (r\d+): pid (\d+) on 127\.0\.0\.1:(\d+)$", re.M)


@dataclass
class Deployment:
    base: str
    log: Path
    proc: subprocess.Popen
    replicas: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (pid, port)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def _port_free(port: int) -> bool:
    with contextlib.closing(socket.socket()) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(n: int) -> int:
    """The first of n consecutive free ports (run.sh numbers its replicas from one port)."""
    for _ in range(200):
        first = random.randint(20_000, 60_000)
        if all(_port_free(first + i) for i in range(n)):
            return first
    raise RuntimeError("no free consecutive ports")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@contextlib.contextmanager
def run_deployment(db_path: Path, replicas: int, extra_env: dict[str, str] | None = None,
                   startup: float = 180):
    """Yield a Deployment once the proxy answers /_stcore/health; on exit TERM the script
    (which stops its replicas and the proxy) and make sure nothing it started is left."""
    port = free_ports(1)
    replica_port = free_ports(replicas)
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"deploy-{port}.log"
    env = {**os.environ, "VLIEGWIEL_DB": str(db_path), **(extra_env or {})}
    with open(log, "w") as out:
        proc = subprocess.Popen(
            ["bash", "deploy/run.sh", "--replicas", str(replicas), "--port", str(port),
             "--address", "127.0.0.1", "--replica-port", str(replica_port), "--no-setup"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deployment = Deployment(f"http://127.0.0.1:{port}", log, proc)
    try:
        deadline = time.time() + startup
        while not ("[run.sh] proxy on" in deployment.log_text() and _healthy(f"{deployment.base}/_stcore/health")):
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"deploy/run.sh did not start (see {log})")
            time.sleep(0.3)
        deployment.replicas = {name: (int(pid), int(p)) for name, pid, p in REPLICA_LINE.findall(deployment.log_text())}
        yield deployment
    finally:
        _stop(deployment)


def _stop(deployment: Deployment) -> None:
    proc = deployment.proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            pass
    # Whatever is left of the script's own process group (it runs in a session of its own).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    for pid, _port in deployment.replicas.values():
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    proc.wait(10)
