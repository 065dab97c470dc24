""""Volledig register" (issue 13): absent initiatives of the file's gemeenten are marked "niet
meer in register", listed before, left out of counts by default, visible through the status filter."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipelines import build, config, retire, store
from pipelines.errors import FileRejected
from pipelines.ingest import ingest, parse
from tests.ingest_util import FIXTURES, lees
from vliegwiel import register
from vliegwiel.filters import Filters

REPO = Path(__file__).resolve().parents[2]
UIT = config.STATUS_UIT_REGISTER


def _gemeente(db: Path) -> str:
    """The gemeente with the most seed initiatives (the test needs several)."""
    return lees(db, "SELECT gemeente_code FROM initiatieven GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1")[0][0]


def _register(tmp: Path, gemeente: str, *namen: str) -> Path:
    path = tmp / "register.csv"
    path.write_text("Naam initiatief;Gemeente\n" + "".join(f"{n};{gemeente}\n" for n in namen), encoding="utf-8")
    return path


def _count(db: Path, filters: Filters) -> int:
    where, params = filters.initiatief_clause("i")
    return lees(db, f"SELECT count(*) FROM initiatieven i WHERE {where}", params)[0][0]


def test_a_complete_register_retires_the_absent_records_of_its_gemeente(writable_db, tmp_path):
    gm = _gemeente(writable_db)
    lopik = lees(writable_db, "SELECT initiatief_id, naam FROM initiatieven WHERE gemeente_code = ? ORDER BY naam", [gm])
    assert len(lopik) >= 2
    blijft = lopik[0][1]
    andere = lees(writable_db, "SELECT count(*) FROM initiatieven WHERE gemeente_code <> ?", [gm])[0][0]
    totaal = _count(writable_db, Filters())
    bestand = _register(tmp_path, gm, blijft, "Nieuw Initiatief Volledig")

    voorbeeld = retire.preview(parse("initiatieven", bestand, db_path=writable_db), writable_db)
    assert sorted(voorbeeld["naam"]) == sorted(n for _i, n in lopik[1:])

    # Without the option nothing is retired.
    ingest("initiatieven", bestand, writable_db)
    assert lees(writable_db, "SELECT count(*) FROM initiatieven WHERE status = ?", [UIT]) == [(0,)]

    result = ingest("initiatieven", bestand, writable_db, volledig=True)
    assert any("niet meer in register" in m for m in result.meldingen)
    uit = lees(writable_db, "SELECT naam FROM initiatieven WHERE status = ? ORDER BY naam", [UIT])
    assert [n for (n,) in uit] == sorted(n for _i, n in lopik[1:])
    assert lees(writable_db, "SELECT count(*) FROM initiatieven WHERE gemeente_code <> ? AND status = ?",
                [gm, UIT]) == [(0,)]
    assert lees(writable_db, "SELECT count(*) FROM initiatieven WHERE gemeente_code <> ?", [gm])[0][0] == andere
    # Not deleted; out of the counts by default; in through the status filter.
    assert _count(writable_db, Filters()) == totaal + 1 - len(uit)
    assert _count(writable_db, Filters(statussen=(UIT,))) == len(uit)
    con = store.open_readonly(writable_db)
    try:
        assert UIT in register.statussen(con)
    finally:
        con.close()
    # The history says so, and a rebuild keeps it.
    assert lees(writable_db, "SELECT count(*) FROM record_versies WHERE wijziging = ?", [UIT])[0][0] == len(uit)
    build.build(writable_db)
    assert lees(writable_db, "SELECT count(*) FROM initiatieven WHERE status = ?", [UIT])[0][0] == len(uit)

    # Back in a later file: in the register again.
    ingest("initiatieven", _register(tmp_path, gm, lopik[1][1]), writable_db)
    assert lees(writable_db, "SELECT status FROM initiatieven WHERE initiatief_id = ?", [lopik[1][0]]) == [(None,)]


def test_only_initiatieven_can_be_complete(writable_db):
    with pytest.raises(FileRejected, match="alleen bij initiatieven"):
        ingest("verbindingen", FIXTURES / "verbindingen.csv", writable_db, volledig=True)


def test_cli_flag_lists_then_retires(writable_db, tmp_path):
    gm = _gemeente(writable_db)
    naam = lees(writable_db, "SELECT naam FROM initiatieven WHERE gemeente_code = ? ORDER BY naam", [gm])[0][0]
    bestand = _register(tmp_path, gm, naam)
    proc = subprocess.run([sys.executable, "-m", "pipelines.ingest", "initiatieven", str(bestand), "--db",
                           str(writable_db), "--volledig", "--controleer"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0 and "Niet meer in register:" in proc.stdout
    assert lees(writable_db, "SELECT count(*) FROM initiatieven WHERE status = ?", [UIT]) == [(0,)]
    proc = subprocess.run([sys.executable, "-m", "pipelines.ingest", "initiatieven", str(bestand), "--db",
                           str(writable_db), "--volledig"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert lees(writable_db, "SELECT count(*) FROM initiatieven WHERE status = ?", [UIT])[0][0] > 0
