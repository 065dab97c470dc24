"""Older files (issue 13): fields an import would set back to older values are listed; the command
line refuses such a file without --ouder-toestaan."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipelines import older
from pipelines.ingest import ingest, parse
from tests.ingest_util import lees

REPO = Path(__file__).resolve().parents[2]
KOP = "Naam initiatief;Gemeente;Fase;Jaar van start\n"


def _file(tmp: Path, naam: str, fase: str, jaar: int) -> Path:
    p = tmp / naam
    p.write_text(KOP + f"Ouder Test;Lopik;{fase};{jaar}\n", encoding="utf-8")
    return p


def _cli(db: Path, bestand: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.ingest", "initiatieven", str(bestand), "--db", str(db),
                           *extra], cwd=REPO, capture_output=True, text=True)


def test_an_older_export_after_a_newer_one_is_shown_and_needs_the_flag(writable_db, tmp_path):
    q1 = _file(tmp_path, "q1.csv", "verkennen", 2019)
    q2 = _file(tmp_path, "q2.csv", "uitvoering", 2019)
    ingest("initiatieven", q1, writable_db)
    ingest("initiatieven", q2, writable_db)
    terug = older.going_back(parse("initiatieven", q1, db_path=writable_db), writable_db)
    assert terug[["Naam", "Veld", "Nu", "Terug naar", "Waarde van"]].values.tolist() == [
        ["Ouder Test", "fase", "uitvoering", "verkennen", "q1.csv"]]
    # A genuinely new value is no step back.
    q3 = _file(tmp_path, "q3.csv", "borging", 2019)
    assert older.going_back(parse("initiatieven", q3, db_path=writable_db), writable_db).empty

    proc = _cli(writable_db, q1)
    assert proc.returncode == 1 and "--ouder-toestaan" in proc.stderr and "fase: uitvoering → verkennen" in proc.stderr
    assert lees(writable_db, "SELECT fase FROM initiatieven WHERE naam = 'Ouder Test'") == [("uitvoering",)]
    proc = _cli(writable_db, q1, "--ouder-toestaan")
    assert proc.returncode == 0, proc.stderr
    assert lees(writable_db, "SELECT fase FROM initiatieven WHERE naam = 'Ouder Test'") == [("verkennen",)]
    # A newer file goes in without the flag.
    assert _cli(writable_db, q3).returncode == 0
