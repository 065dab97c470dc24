"""Shared fixtures: throwaway databases (seed, empty, synthetic), AppTest runner, and a
real `streamlit run` server with a Playwright-driven Debian Chromium for browser tests."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipelines import build as build_mod
from pipelines import synthetic

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Under pytest-xdist (scripts/test.sh runs two workers) the browser tests run on one worker,
    one after another against one dashboard server, while the other worker runs the rest."""
    for item in items:
        if "tests/browser/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """The real seed register and geodata, built once per test session. Treat as read-only."""
    path = tmp_path_factory.mktemp("seed") / "vliegwiel.duckdb"
    build_mod.build(path)
    return path


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory) -> Path:
    """Geography and themes, but no initiatives, links, pilots or events."""
    seeds = tmp_path_factory.mktemp("empty_seeds")
    for name in ("themas.csv", "documenten.csv"):
        shutil.copy(REPO / "data" / "seed" / name, seeds / name)
    path = tmp_path_factory.mktemp("empty") / "vliegwiel.duckdb"
    build_mod.build(path, seed_dir=seeds)
    return path


@pytest.fixture(scope="session")
def synthetic_db(tmp_path_factory, seed_db) -> Path:
    """Seed data plus 2,000 synthetic initiatives and 5,000 links."""
    path = tmp_path_factory.mktemp("synthetic") / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    synthetic.add(path, initiatieven=2000, verbindingen=5000)
    return path


@pytest.fixture(scope="module")
def con(seed_db):
    """A read-only connection to the seed store, shared by a test module's tests."""
    import duckdb
    c = duckdb.connect(str(seed_db), read_only=True)
    yield c
    c.close()


@pytest.fixture
def writable_db(tmp_path, seed_db) -> Path:
    """A private copy of the seed database that a test may change."""
    path = tmp_path / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    return path


@pytest.fixture
def use_db(monkeypatch):
    """Point the app (VLIEGWIEL_DB) at a given database file for this test."""
    def _use(path: Path) -> Path:
        monkeypatch.setenv("VLIEGWIEL_DB", str(path))
        return path
    return _use


@pytest.fixture
def app_test(use_db):
    """app_test(db_path, page='overzicht', **query_params) -> a run AppTest of that page,
    rendered through app.py (sidebar filters, footer), as in the real app."""
    from streamlit.testing.v1 import AppTest

    def _run(db_path: Path, page: str | None = None, **query_params):
        use_db(db_path)
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        for key, value in query_params.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(f"app_pages/{page}.py")
            at.run()
        return at
    return _run


# ---------- real browser ----------

def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, what: str, timeout: float = 60) -> None:
    """Poll `url` until it answers 200; fail when the process ends or the time is up."""
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.2)


@contextlib.contextmanager
def run_streamlit(db_path: Path, extra_env: dict[str, str] | None = None):
    """Start `streamlit run app.py` on a free localhost port; poll its health endpoint."""
    port = _free_port()
    env = {**os.environ, "VLIEGWIEL_DB": str(db_path), **(extra_env or {})}
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"streamlit-{port}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/_stcore/health", proc, f"streamlit (see {log.name})")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def server(seed_db, tmp_path_factory):
    """One dashboard server on a copy of the seed database for all browser tests."""
    path = tmp_path_factory.mktemp("server") / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    with run_streamlit(path) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `bash scripts/setup.sh --browser`")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _new_page(browser, **context_args):
    context = browser.new_context(locale="nl-NL", **context_args)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    return context, pg


@pytest.fixture
def page(browser):
    """A fresh 1280x720 browser page (the size of a shared screen)."""
    context, pg = _new_page(browser, viewport={"width": 1280, "height": 720})
    yield pg
    context.close()


@pytest.fixture
def phone(browser):
    """A 390x844 phone: Chromium's mobile emulation with touch."""
    context, pg = _new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield pg
    context.close()


def wait_for_app(pg, timeout: float = 30_000) -> None:
    """Wait until the script run has finished and the page has settled: the footer (rendered
    last on every page) is visible, no 'running' indicator shows, and no element is stale
    (half-faded while a rerun, e.g. from a component's first value, is under way), for half a
    second in a row."""
    pg.get_by_text("Bronnen:", exact=False).last.wait_for(state="visible", timeout=timeout)
    pg.wait_for_function("""() => {
        const busy = document.querySelector('[data-testid="stStatusWidgetRunningIcon"],'
            + '[data-testid="stStatusWidgetRunningManIcon"], [data-stale="true"]');
        const now = performance.now();
        if (busy) { window.__settledSince = undefined; return false; }
        if (window.__settledSince === undefined) window.__settledSince = now;
        return now - window.__settledSince > 500;
    }""", timeout=timeout, polling=100)


def screenshot(pg, name: str) -> Path:
    """Save a screenshot as a test artifact (artifacts/screenshots/<name>.png)."""
    out = ARTIFACTS / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    pg.screenshot(path=str(path), full_page=False)
    return path
