"""History of every record with the run that made it, what an import changed (old -> new), and
undoing an import: a preview, a rebuild without it, the undo recorded, nothing deleted."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import archive, build, store, undo
from pipelines.errors import FileRejected
from pipelines.ingest import ingest
from tests.ingest_util import FIXTURES, lees, snapshot
from vliegwiel import bronnen

KOP = "Naam initiatief;Gemeente;Dorp/kern;Thema's;Fase;Status;Jaar van start\n"
ZONDER = ("ingest_runs", "schema_version", "record_versies")


def _register(tmp: Path, naam: str, *rijen: str) -> Path:
    path = tmp / naam
    path.write_text(KOP + "".join(r + "\n" for r in rijen), encoding="utf-8")
    return path


def _query(db: Path, fn, **kwargs):
    con = store.open_readonly(db)
    try:
        return fn(con, **kwargs)
    finally:
        con.close()


@pytest.fixture
def two_imports(writable_db, tmp_path):
    eerste = _register(tmp_path, "q1.csv", "Dorpshuis Test;Lopik;Benschop;Energie;opstart;actief;2019",
                       "Moestuin Test;Lopik;;Voedsel;verkennen;actief;2020")
    tweede = _register(tmp_path, "q2.csv", "Dorpshuis Test;Lopik;Benschop;Energie;uitvoering;actief;2019",
                       "Repair Test;Lopik;;Energie;opstart;actief;2022")
    r1 = ingest("initiatieven", eerste, writable_db)
    r2 = ingest("initiatieven", tweede, writable_db)
    return writable_db, r1, r2


def test_every_version_is_kept_with_the_run_that_made_it(two_imports):
    db, r1, r2 = two_imports
    rid = lees(db, "SELECT initiatief_id FROM initiatieven WHERE naam = 'Dorpshuis Test'")[0][0]
    versies = _query(db, bronnen.record_geschiedenis, tabel="initiatieven", record_id=rid)
    assert list(versies["Run"]) == [r1.run_id, r2.run_id]
    assert list(versies["Wijziging"]) == ["nieuw", "gewijzigd"]
    assert versies["Gewijzigde velden (oud → nieuw)"].iloc[1] == "fase: opstart → uitvoering"
    # The seed register's records have their first version from the build run.
    seed = lees(db, "SELECT count(*) FROM record_versies v JOIN ingest_runs r USING (run_id) WHERE r.soort = 'build'")
    assert seed[0][0] == lees(db, "SELECT (SELECT count(*) FROM initiatieven) + (SELECT count(*) FROM verbindingen) "
                                  "+ (SELECT count(*) FROM mijlpalen) - 3")[0][0]


def test_per_import_what_changed_new_and_old_to_new(two_imports):
    db, _r1, r2 = two_imports
    df = _query(db, bronnen.import_wijzigingen, run_id=r2.run_id)
    nieuw = df[df["Wijziging"] == "nieuw"]
    assert list(nieuw["Naam"]) == ["Repair Test"]
    gewijzigd = df[df["Wijziging"] == "gewijzigd"]
    assert gewijzigd[["Naam", "Veld", "Oud", "Nieuw"]].values.tolist() == [["Dorpshuis Test", "fase", "opstart", "uitvoering"]]


def test_history_survives_a_rebuild(two_imports):
    db, _r1, r2 = two_imports
    before = lees(db, "SELECT tabel, record_id, run_id, wijziging, gegevens::VARCHAR FROM record_versies ORDER BY ALL")
    build.build(db)
    assert lees(db, "SELECT tabel, record_id, run_id, wijziging, gegevens::VARCHAR FROM record_versies ORDER BY ALL") == before


def test_undo_previews_then_rebuilds_without_the_import(two_imports):
    db, _r1, _r2 = two_imports
    preview = undo.preview("000002-initiatieven", db)
    assert sorted(map(tuple, preview[["Naam", "Wijziging", "Veld", "Nu", "Daarna"]].astype(object)
                      .where(preview.notna(), None).values.tolist())) == [
        ("Dorpshuis Test", "gewijzigd", "fase", "uitvoering", "opstart"), ("Repair Test", "verdwijnt", None, None, None)]
    live = snapshot(db, zonder=ZONDER)
    assert snapshot(db, zonder=ZONDER) == live  # the preview wrote nothing live
    naam = undo.undo("000002-initiatieven", db)
    assert naam == "000003-ongedaan"
    assert lees(db, "SELECT fase FROM initiatieven WHERE naam = 'Dorpshuis Test'") == [("opstart",)]
    assert lees(db, "SELECT count(*) FROM initiatieven WHERE naam = 'Repair Test'") == [(0,)]
    assert lees(db, "SELECT soort, archief FROM ingest_runs ORDER BY run_id DESC LIMIT 1") == [("ongedaan", naam)]
    # Nothing is deleted from the archive; a rebuild keeps the undo.
    assert [e.naam for e in archive.entries(db)] == ["000001-initiatieven", "000002-initiatieven", "000003-ongedaan"]
    after_first = snapshot(db, zonder=ZONDER)
    build.build(db)
    assert snapshot(db, zonder=ZONDER) == after_first
    with pytest.raises(FileRejected, match="al ongedaan gemaakt"):
        undo.undo("000002-initiatieven", db)
    with pytest.raises(FileRejected, match="geen import in het archief"):
        undo.preview("000003-ongedaan", db)


def test_undo_of_all_imports_gives_the_seed_register_back(writable_db):
    base = snapshot(writable_db, zonder=ZONDER)
    ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    ingest("verbindingen", FIXTURES / "verbindingen.csv", writable_db)
    undo.undo("000002-verbindingen", writable_db)
    undo.undo("000001-initiatieven", writable_db)
    assert snapshot(writable_db, zonder=ZONDER) == base
