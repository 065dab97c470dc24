"""A real server while an import swaps in a new store: every session keeps the version it reads
until the server has warmed the new one (vliegwiel.versiekeuze), then moves on and never back."""
from __future__ import annotations

import asyncio
import concurrent.futures
import shutil
import time

import pytest
import websockets

from benchmarks.load import run_page
from pipelines import ingest
from tests.conftest import ARTIFACTS, run_streamlit

pytestmark = pytest.mark.browser


async def _totals_around_an_import(base: str, register, path, timeout: float = 90) -> list[str]:
    """Overzicht's "Initiatieven" in one session: once, then again and again after the import, until
    it changes (or the timeout)."""
    ws = await websockets.connect(base.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=60)
    async with ws:
        _s, metrics, exceptions = await run_page(ws, "")
        assert not exceptions, exceptions
        totals = [metrics["Initiatieven"]]
        await asyncio.to_thread(ingest.ingest, "initiatieven", register, path)
        deadline = time.time() + timeout
        while totals[-1] == totals[0] and time.time() < deadline:
            _s, metrics, exceptions = await run_page(ws, "")
            assert not exceptions, exceptions
            totals.append(metrics["Initiatieven"])
            await asyncio.sleep(0.2)
        for _ in range(3):  # and it stays
            _s, metrics, _e = await run_page(ws, "")
            totals.append(metrics["Initiatieven"])
        return totals


def test_an_import_is_shown_once_warm_and_no_session_goes_back(seed_db, tmp_path):
    path = tmp_path / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    register = tmp_path / "nieuw.csv"
    register.write_text("Naam initiatief;Gemeente;Dorp/kern;Thema's\n"
                        "Proef versie een;Bunnik;Werkhoven;Gezondheid\nProef versie twee;Lopik;Cabauw;Energie\n",
                        encoding="utf-8")
    with run_streamlit(path) as base:
        # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            totals = pool.submit(asyncio.run, _totals_around_an_import(base, register, path)).result()
        log = (ARTIFACTS / f"streamlit-{base.rsplit(':', 1)[1]}.log").read_text(encoding="utf-8")
    old, new = totals[0], str(int(totals[0]) + 2)
    assert totals[-1] == new, totals
    assert set(totals) == {old, new}, totals
    assert totals == [old] * totals.index(new) + [new] * (len(totals) - totals.index(new)), totals  # never back
    assert "nieuwe versie van de database opgewarmd" in log, log[-2000:]
