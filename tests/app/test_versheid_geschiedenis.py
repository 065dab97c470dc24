"""Freshness and a record's history on the pages (issue 13): the 'Actualiteit' sidebar filter
(URL-bound, the rule's labels), the status and 'laatst bevestigd' in the profile and Kaart tables,
and 'Geschiedenis van een initiatief' on the Gemeenteprofiel and Kernprofiel."""
from __future__ import annotations

from pipelines import config
from pipelines.ingest import ingest
from tests.ingest_util import FIXTURES, lees

IMPORT = FIXTURES / "initiatieven_excel_nl.csv"  # four initiatives, two of them in Bunnik


def _id(db, naam: str) -> str:
    return lees(db, "SELECT initiatief_id FROM initiatieven WHERE naam = ?", [naam])[0][0]


def _tabel(at, kolom):
    return next(df.value for df in at.dataframe if kolom in df.value.columns and "Initiatief" in df.value.columns)


def test_the_sidebar_offers_the_rules_labels_in_dutch(app_test, seed_db):
    at = app_test(seed_db)
    ms = next(m for m in at.multiselect if m.label == "Actualiteit")
    assert ms.options == [label for label, _j in sorted(config.VERSHEID, key=lambda r: r[1])] + ["onbekend"]
    assert ms.placeholder == "Alle initiatieven"


def test_the_filter_comes_from_the_url_and_selects_by_freshness(app_test, writable_db):
    ingest("initiatieven", IMPORT, writable_db)  # confirmed today: 'actief'
    at = app_test(writable_db, page="kaart", versheid="actief")
    assert not at.exception
    assert next(m for m in at.multiselect if m.label == "Actualiteit").value == ["actief"]
    tabel = _tabel(at, "Actualiteit")
    assert sorted(tabel["Initiatief"]) == sorted(
        n for (n,) in lees(writable_db, "SELECT naam FROM initiatieven WHERE laatst_bevestigd = current_date"))
    assert len(tabel) == 4 and set(tabel["Actualiteit"]) == {"actief"}
    # the seed register's documents are years old
    oud = app_test(writable_db, page="kaart", versheid="vermoedelijk gestopt")
    assert "actief" not in set(_tabel(oud, "Actualiteit")["Actualiteit"])
    assert len(_tabel(oud, "Actualiteit")) == lees(writable_db, "SELECT count(*) FROM initiatieven WHERE "
                                                                "laatst_bevestigd <= current_date - INTERVAL 3 YEAR")[0][0]


def test_the_profile_shows_freshness_and_a_records_history(app_test, writable_db, tmp_path):
    ingest("initiatieven", IMPORT, writable_db)
    tweede = tmp_path / "tweede.csv"
    tweede.write_text("Naam initiatief;Gemeente;Fase\nBuurtkracht Werkhoven;Bunnik;uitvoering\n", encoding="utf-8")
    ingest("initiatieven", tweede, writable_db)
    at = app_test(writable_db, page="gemeente", gemeente_profiel="Bunnik")
    assert not at.exception
    tabel = _tabel(at, "Laatst bevestigd")
    rij = tabel.set_index("Initiatief").loc["Buurtkracht Werkhoven"]
    assert rij["Actualiteit"] == "actief" and rij["Laatst bevestigd"] != "onbekend"
    assert any(e.label == "Geschiedenis van een initiatief" for e in at.expander)
    kies = next(s for s in at.selectbox if s.label == "Initiatief")
    kies.set_value(_id(writable_db, "Buurtkracht Werkhoven")).run()
    assert not at.exception
    versies = next(df.value for df in at.dataframe if "Gewijzigde velden (oud → nieuw)" in df.value.columns)
    assert list(versies["Bron"]) == ["initiatieven_excel_nl.csv", "tweede.csv"]
    assert list(versies["Wijziging"]) == ["nieuw", "gewijzigd"]
    assert "fase: opstart → uitvoering" in versies["Gewijzigde velden (oud → nieuw)"].iloc[1]
    assert "Ria Jansen" not in versies.to_csv() and "ria@example.nl" not in versies.to_csv()


def test_the_kern_profile_has_the_history_too(app_test, writable_db):
    ingest("initiatieven", IMPORT, writable_db)
    at = app_test(writable_db, page="kern", kern="Benschop")
    assert not at.exception
    kies = next(s for s in at.selectbox if s.label == "Initiatief")
    kies.set_value(_id(writable_db, "Dorpshuis De Schakel")).run()
    versies = next(df.value for df in at.dataframe if "Gewijzigde velden (oud → nieuw)" in df.value.columns)
    assert list(versies["Wijziging"]) == ["nieuw"] and versies["Gewijzigde velden (oud → nieuw)"].iloc[0] == "eerste versie"
    assert "Ria Jansen" not in versies.to_csv() and "0348-123456" not in versies.to_csv()
