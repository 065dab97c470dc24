"""Which version of the store a script run reads, so that a new file is warmed before sessions see it.

An import or a rebuild swaps in a new file: a new version (its mtime). Every cached query, table,
figure and map is keyed by version or content, so the first runs on a new version compute them all
again, about 1.2 s of CPU per replica for the main pages. When every session moved at once, all
sessions of a replica waited for those computations together (benchmarks/load.py: p95 3.5 s with
an import in the middle, 1.7 s without). Now a process keeps serving the version it has warm while
one background walk (`warm`, given by the caller) runs the pages on the new version; after that,
every session's next run reads the new version.

- A session never reads an older version than before: it reads `klaar`, which only moves to what
  the file was, or the newest one.
- A session that changed the store itself (an import, an undo) reads the newest version at once.
- A walk that fails still makes the new version `klaar`: new data must show, cold or not.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

LOG = logging.getLogger(__name__)


class Versiekeuze:
    """One store file in one process. `versie_nu()` reads the file's version; `warm(versie)` runs the
    pages on that version and returns when done. `kies` is called at the start of every script run."""

    def __init__(self, versie_nu: Callable[[], float], warm: Callable[[float], None], kijk_elke: float | None = 1.0):
        """`kijk_elke`: seconds between looks at the file by a background watcher; None for none (tests call `bij`)."""
        self._versie_nu = versie_nu
        self._warm = warm
        self._kijk_elke = kijk_elke
        self._slot = threading.Condition()
        self._wek = threading.Event()  # look now instead of at the next interval
        self._klaar: float | None = None
        self._bezig: float | None = None  # the version being warmed
        self._wachter: threading.Thread | None = None

    @property
    def klaar(self) -> float | None:
        return self._klaar

    @property
    def bezig(self) -> float | None:
        return self._bezig

    def kies(self, nieuwste: float, eigen: Callable[[], bool] = lambda: False) -> float:
        """The version a run reads, given the file's version now. `eigen()` is asked only while a new
        version is being warmed: True for a session that must read the newest (the warmer itself, or a
        session that changed the store)."""
        with self._slot:
            if self._klaar is None:  # first run of the process: nothing warm to keep serving
                self._klaar = nieuwste
            self._start_wachter()
            if nieuwste == self._klaar:
                return nieuwste
        return nieuwste if eigen() else self._klaar

    def vergeet(self, versie: float) -> None:
        """`versie` can no longer be read (its file is gone and no connection holds it): serve the newest."""
        with self._slot:
            if self._klaar == versie:
                self._klaar = None
            self._slot.notify_all()

    def wacht_op(self, versie: float, timeout: float) -> bool:
        """Block until every session reads `versie` or newer (after an import made here, so the one who
        imported finds it on every page and in a new tab). False after `timeout` seconds."""
        with self._slot:
            self._start_wachter()
            self._wek.set()
            return self._slot.wait_for(lambda: self._klaar is None or self._klaar >= versie, timeout)

    def _start_wachter(self) -> None:
        if self._wachter is None and self._kijk_elke is not None:
            self._wachter = threading.Thread(target=self._wacht, daemon=True, name="vliegwiel-versie")
            self._wachter.start()

    def _wacht(self) -> None:
        """Looks at the file every `kijk_elke` seconds, so a new version warms even before anyone visits."""
        while True:
            try:
                self.bij()
            except Exception:  # noqa: BLE001 - the watcher must live on; the runs still read a version
                LOG.exception("versiekeuze: kijken naar de database mislukt")
            self._wek.wait(self._kijk_elke)
            self._wek.clear()

    def bij(self) -> None:
        """Warm the file's current version if it is not `klaar`, then make it `klaar` (also on failure)."""
        nieuwste = self._versie_nu()
        with self._slot:
            if self._klaar is None or nieuwste == self._klaar or not nieuwste:
                return
            self._bezig = nieuwste
        begin = time.perf_counter()
        try:
            self._warm(nieuwste)
            LOG.info("versiekeuze: nieuwe versie van de database opgewarmd in %.1f s; sessies lezen haar nu",
                     time.perf_counter() - begin)
        except Exception:  # noqa: BLE001 - a failed walk only costs the first visitors a cold start
            LOG.exception("versiekeuze: opwarmen mislukt; de nieuwe versie wordt koud getoond")
        with self._slot:
            self._klaar, self._bezig = nieuwste, None
            self._slot.notify_all()
