"""Pilot progress derived from milestones (vliegwiel.pilots), and milestone updates."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from pipelines import store
from vliegwiel import pilots
from vliegwiel.filters import Filters

VANDAAG = dt.date(2021, 1, 15)


def mp(*rijen) -> pd.DataFrame:
    """Milestones frame: (pilot_id, datum or None, titel, status)."""
    return pd.DataFrame([{"mijlpaal_id": f"m{n}", "pilot_id": p, "pilot": p, "datum": d, "titel": t, "status": s}
                         for n, (p, d, t, s) in enumerate(rijen)],
                        columns=["mijlpaal_id", "pilot_id", "pilot", "datum", "titel", "status"])


def test_status_done_planned_late():
    assert pilots.mijlpaal_status("gedaan", dt.date(2020, 1, 1), VANDAAG) == "gedaan"
    assert pilots.mijlpaal_status("gepland", dt.date(2021, 1, 14), VANDAAG) == "te laat"
    assert pilots.mijlpaal_status("gepland", VANDAAG, VANDAAG) == "gepland"  # due today is not late yet
    assert pilots.mijlpaal_status("gepland", None, VANDAAG) == "gepland"     # no date: never late


def test_progress_with_late_and_next_milestone():
    df = mp(("p", dt.date(2020, 11, 5), "Pitch", "gedaan"),
            ("p", dt.date(2020, 12, 8), "Oogstfeest", "gepland"),
            ("p", dt.date(2021, 3, 1), "Eerste oogst", "gepland"),
            ("p", None, "Filmpje", "gepland"))
    v = pilots.voortgang(df, ["p"], VANDAAG).iloc[0]
    assert (v["totaal"], v["gedaan"], v["te_laat"]) == (4, 1, 1)
    assert v["dagen_te_laat"] == (VANDAAG - dt.date(2020, 12, 8)).days == 38
    assert v["te_laat_titel"] == "Oogstfeest"
    assert (v["volgende"], v["volgende_datum"]) == ("Eerste oogst", dt.date(2021, 3, 1))
    assert v["zonder_datum"] == 1
    assert pilots.volgende_tekst(v) == "Eerste oogst (1 maart 2021)"
    assert v["samenvatting"] == ("1 van 4 mijlpalen gedaan. Te laat: Oogstfeest (datum verstreken, niet als "
                                 "gedaan gemeld, 38 dagen).")


def test_progress_all_done():
    df = mp(("p", dt.date(2020, 11, 5), "Pitch", "gedaan"), ("p", None, "Verslag", "gedaan"))
    v = pilots.voortgang(df, ["p"], VANDAAG).iloc[0]
    assert (v["totaal"], v["gedaan"], v["te_laat"], v["dagen_te_laat"]) == (2, 2, 0, 0)
    assert v["volgende"] is None
    assert pilots.volgende_tekst(v) == "geen (alle mijlpalen gedaan)"
    assert pilots.te_laat_tekst(v) == ""
    assert v["samenvatting"] == "2 van 2 mijlpalen gedaan."


def test_progress_without_milestones():
    v = pilots.voortgang(mp(("ander", None, "X", "gepland")), ["p"], VANDAAG).iloc[0]
    assert (v["totaal"], v["gedaan"], v["te_laat"]) == (0, 0, 0)
    assert v["samenvatting"] == "Nog geen mijlpalen vastgelegd."
    assert pilots.volgende_tekst(v) == "geen mijlpalen vastgelegd"


def test_next_is_undated_when_nothing_dated_is_open():
    df = mp(("p", None, "Verslag", "gepland"), ("p", dt.date(2020, 1, 1), "Oud", "gedaan"))
    v = pilots.voortgang(df, ["p"], VANDAAG).iloc[0]
    assert pilots.volgende_tekst(v) == "Verslag (datum onbekend)"


def test_several_late_milestones_name_the_oldest():
    df = mp(("p", dt.date(2020, 12, 8), "B", "gepland"), ("p", dt.date(2020, 6, 1), "A", "gepland"))
    v = pilots.voortgang(df, ["p"], VANDAAG).iloc[0]
    assert v["te_laat"] == 2 and v["te_laat_titel"] == "A"
    assert pilots.te_laat_tekst(v) == ("2 mijlpalen te laat (datum verstreken, niet als gedaan gemeld); de oudste, "
                                       "A, al 228 dagen.")
    assert pilots.volgende_tekst(v) == "geen nieuwe mijlpaal gepland"


def test_today_defaults_to_the_real_date():
    df = mp(("p", dt.date.today() + dt.timedelta(days=3), "Straks", "gepland"))
    assert pilots.voortgang(df, ["p"]).iloc[0]["te_laat"] == 0
    df = mp(("p", dt.date.today() - dt.timedelta(days=3), "Net gemist", "gepland"))
    assert pilots.voortgang(df, ["p"]).iloc[0]["dagen_te_laat"] == 3


def test_event_dates_keep_their_precision():
    rij = {"datum": dt.date(2021, 1, 1), "datum_precisie": "maand", "datum_tekst": "januari 2021"}
    assert pilots.bijeenkomst_datum(rij) == "januari 2021 (alleen de maand is bekend)"
    rij = {"datum": dt.date(2020, 11, 5), "datum_precisie": "dag", "datum_tekst": "5 november"}
    assert pilots.bijeenkomst_datum(rij) == "5 november 2020"
    rij = {"datum": None, "datum_precisie": None, "datum_tekst": "29 juni (jaar niet vermeld)"}
    assert pilots.bijeenkomst_datum(rij) == "datum onbekend (29 juni (jaar niet vermeld))"


# ---------- on the seed register ----------

@pytest.fixture
def seed(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    yield con
    con.close()


def test_seed_has_the_four_pilots_with_unknowns_kept_unknown(seed):
    o = pilots.pilot_overzicht(seed).set_index("pilot_id")
    assert set(o.index) == {"pilot-voedselschuur", "pilot-mastenbroek", "pilot-lopikerwaard", "pilot-gelukkig-vitaal"}
    assert o.loc["pilot-gelukkig-vitaal", "kernen"] == "Bunnik, Odijk, Werkhoven"
    assert o.loc["pilot-gelukkig-vitaal", "gemeente"] == "Bunnik"
    assert o.loc["pilot-lopikerwaard", "themas"] == "Energietransitie"
    assert o.loc["pilot-voedselschuur", "kernen"] == "Schalkwijk"
    assert pd.isna(o.loc["pilot-mastenbroek", "gemeente"])  # location unknown: not guessed
    assert o["bron_titel"].str.startswith("Verslag digitale verkennersbijeenkomst").all()


def test_seed_pilots_follow_global_filters(seed):
    o = pilots.pilot_overzicht(seed, Filters(gemeenten=("GM0331",), themas=("energie",)))
    assert o["pilot_id"].tolist() == ["pilot-lopikerwaard"]
    m = pilots.mijlpalen(seed, Filters(gemeenten=("GM0331",)))
    assert set(m["pilot_id"].dropna()) == {"pilot-lopikerwaard"}


def test_seed_lessons_cite_their_source_and_pilot(seed):
    les = pilots.lessen(seed)
    assert set(les["soort"]) == {"werkend element", "aanbeveling"}
    assert les["bron_titel"].notna().all()
    assert not les["bron_titel"].str.endswith(".txt").any()  # resolved to the document title
    assert set(les.loc[les["pilot_id"].isna(), "pilot"]) == {"Hele programma"}
    assert "Zonne-collectief Duurzaam Lopikerwaard" in set(les["pilot"])


def test_seed_events_include_the_programme_dates(seed):
    bk = pilots.bijeenkomsten(seed)
    datums = set(bk["datum"].dropna())
    assert {dt.date(2020, 11, 5), dt.date(2020, 12, 8), dt.date(2021, 1, 1)} <= datums


def _voortgang(db, pilot_id, today=dt.date(2026, 1, 1)):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return pilots.voortgang(pilots.mijlpalen(con), [pilot_id], today).iloc[0]
    finally:
        con.close()


def test_milestone_update_in_the_store_changes_progress(writable_db):
    voor = _voortgang(writable_db, "pilot-lopikerwaard")
    assert voor["te_laat"] == 1
    store.update(writable_db, lambda con: con.execute(
        "UPDATE mijlpalen SET status = 'gedaan' WHERE mijlpaal_id = 'mp-lopikerwaard-oogstfeest'"))
    na = _voortgang(writable_db, "pilot-lopikerwaard")
    assert (na["gedaan"], na["totaal"], na["te_laat"]) == (voor["gedaan"] + 1, voor["totaal"], 0)


def test_milestone_imported_with_the_importer_changes_progress(writable_db, tmp_path):
    ingest = pytest.importorskip("pipelines.ingest")
    bestand = tmp_path / "mijlpalen.csv"
    bestand.write_text("ID;Pilot;Datum;Mijlpaal;Status\n"
                       "mp-lopikerwaard-oogstfeest;Zonne-collectief Duurzaam Lopikerwaard;8-12-2020;"
                       "Opbrengsten delen op het digitale oogstfeest;klaar\n"
                       ";pilot-lopikerwaard;1-3-2026;Tweede dak vol panelen;gepland\n", encoding="utf-8")
    result = ingest.ingest("mijlpalen", bestand, writable_db)
    assert (result.toegevoegd, result.bijgewerkt) == (1, 1)
    na = _voortgang(writable_db, "pilot-lopikerwaard")
    assert (na["gedaan"], na["totaal"], na["te_laat"]) == (4, 5, 0)
    assert pilots.volgende_tekst(na) == "Tweede dak vol panelen (1 maart 2026)"
