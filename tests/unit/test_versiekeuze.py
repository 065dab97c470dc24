"""vliegwiel.versiekeuze: a new store version is read only once it is warm; nobody goes back."""
from __future__ import annotations

import threading
import time

from vliegwiel.versiekeuze import Versiekeuze


class Bestand:
    """The file's version, changed by the test as a pipeline's swap would."""

    def __init__(self, versie: float = 1.0):
        self.versie = versie

    def __call__(self) -> float:
        return self.versie


def keuze(bestand, warm=lambda v: None) -> Versiekeuze:
    # No watcher: the test calls bij() itself, so nothing runs behind its back.
    return Versiekeuze(versie_nu=bestand, warm=warm, kijk_elke=None)


def test_the_first_run_reads_the_file_as_it_is():
    assert keuze(Bestand(1.0)).kies(1.0) == 1.0


def test_a_new_file_is_read_only_after_its_walk_and_then_by_every_session():
    bestand, gewarmd = Bestand(1.0), []
    k = keuze(bestand, warm=gewarmd.append)
    assert k.kies(1.0) == 1.0
    bestand.versie = 2.0
    assert k.kies(2.0) == 1.0  # not warm yet: the warm version
    k.bij()
    assert gewarmd == [2.0]
    assert k.klaar == 2.0 and k.bezig is None
    assert k.kies(2.0) == 2.0


def test_while_warming_others_read_the_old_version_and_the_walker_the_new():
    bestand, gestart, verder = Bestand(1.0), threading.Event(), threading.Event()

    def warm(versie):
        gestart.set()
        assert k.kies(versie, eigen=lambda: True) == versie  # the walk's own runs read the new file
        verder.wait(5)

    k = keuze(bestand, warm=warm)
    k.kies(1.0)
    bestand.versie = 2.0
    t = threading.Thread(target=k.bij)
    t.start()
    assert gestart.wait(5)
    assert k.bezig == 2.0
    assert k.kies(2.0, eigen=lambda: False) == 1.0
    verder.set()
    t.join(5)
    assert k.kies(2.0, eigen=lambda: False) == 2.0


def test_eigen_is_asked_only_while_a_new_version_waits():
    gevraagd = []
    k = keuze(Bestand(1.0))
    k.kies(1.0, eigen=lambda: gevraagd.append(1) or False)
    assert gevraagd == []  # the common case costs no header lookup
    k.kies(2.0, eigen=lambda: gevraagd.append(1) or True)
    assert gevraagd == [1]


def test_a_failed_walk_still_shows_the_new_version():
    bestand = Bestand(1.0)

    def kapot(_versie):
        raise ConnectionRefusedError("no server")

    k = keuze(bestand, warm=kapot)
    k.kies(1.0)
    bestand.versie = 2.0
    k.bij()
    assert k.kies(2.0) == 2.0


def test_a_swap_during_the_walk_is_warmed_next():
    bestand, gewarmd = Bestand(1.0), []

    def warm(versie):
        gewarmd.append(versie)
        if versie == 2.0:
            bestand.versie = 3.0  # another import lands while the walk runs

    k = keuze(bestand, warm=warm)
    k.kies(1.0)
    bestand.versie = 2.0
    k.bij()
    assert k.kies(3.0) == 2.0  # 2 is warm; 3 is not yet
    k.bij()
    assert gewarmd == [2.0, 3.0] and k.kies(3.0) == 3.0


def test_versions_a_session_reads_never_go_back():
    bestand = Bestand(1.0)
    k = keuze(bestand)
    gelezen = [k.kies(bestand())]
    for nieuw in (2.0, 3.0, 4.0):
        bestand.versie = nieuw
        gelezen.append(k.kies(bestand()))
        k.bij()
        gelezen.append(k.kies(bestand()))
    assert gelezen == sorted(gelezen)
    assert gelezen[-1] == 4.0


def test_a_version_that_cannot_be_opened_makes_way_for_the_newest():
    bestand = Bestand(1.0)
    k = keuze(bestand)
    k.kies(1.0)
    bestand.versie = 2.0
    assert k.kies(2.0) == 1.0
    k.vergeet(1.0)  # its file is gone and no connection holds it
    assert k.kies(2.0) == 2.0


def test_the_watcher_warms_a_new_file_without_any_visitor():
    bestand, gewarmd = Bestand(1.0), []
    k = Versiekeuze(versie_nu=bestand, warm=gewarmd.append, kijk_elke=0.02)
    k.kies(1.0)  # the first run starts the watcher
    bestand.versie = 2.0
    deadline = time.time() + 5
    while k.klaar != 2.0 and time.time() < deadline:
        time.sleep(0.02)
    assert gewarmd == [2.0] and k.klaar == 2.0


def test_a_missing_file_is_not_warmed():
    bestand, gewarmd = Bestand(1.0), []
    k = keuze(bestand, warm=gewarmd.append)
    k.kies(1.0)
    bestand.versie = 0.0  # between a delete and a rebuild
    k.bij()
    assert gewarmd == [] and k.klaar == 1.0


def test_waiting_for_an_own_import_returns_once_it_is_warm():
    bestand, gewarmd = Bestand(1.0), []
    k = Versiekeuze(versie_nu=bestand, warm=gewarmd.append, kijk_elke=3600)  # the wait wakes the watcher
    k.kies(1.0)
    bestand.versie = 2.0
    begin = time.perf_counter()
    assert k.wacht_op(2.0, timeout=5)
    assert time.perf_counter() - begin < 2 and gewarmd == [2.0]
    assert k.kies(2.0) == 2.0


def test_waiting_gives_up_after_its_timeout():
    bestand, verder = Bestand(1.0), threading.Event()
    k = Versiekeuze(versie_nu=bestand, warm=lambda v: verder.wait(5), kijk_elke=3600)
    k.kies(1.0)
    bestand.versie = 2.0
    assert not k.wacht_op(2.0, timeout=0.2)
    verder.set()


def test_a_connection_is_never_cached_under_a_version_its_file_no_longer_has(seed_db, tmp_path):
    """vliegwiel.ui.shell._connection: asked for a version whose file was replaced meanwhile, it refuses
    (the attached file is the newer one) instead of caching new data under the old key."""
    import os
    import shutil

    import pytest

    from vliegwiel import db
    from vliegwiel.ui import shell

    path = tmp_path / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    oud = db.version(path)
    kopie = tmp_path / "nieuw.duckdb"
    shutil.copy(seed_db, kopie)
    os.utime(kopie, ns=(int(oud) + 10**9, int(oud) + 10**9))  # a later file, as a pipeline's swap leaves
    os.replace(kopie, path)
    shell._connection.clear()
    with pytest.raises(shell._AndereVersie):
        shell._connection(path=str(path), version=oud)
    con = shell._connection(path=str(path), version=db.version(path))
    assert con.execute("SELECT count(*) FROM kernen").fetchone()[0] > 0
    shell._connection.clear()
