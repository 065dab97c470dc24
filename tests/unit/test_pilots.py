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


def test_status_done_planned_not_reported_late():
    assert pilots.mijlpaal_status("gedaan", dt.date(2020, 1, 1), VANDAAG) == "gedaan"
    # date passed, nothing reported since: unknown, not late (issue 10, item 4)
    assert pilots.mijlpaal_status("gepland", dt.date(2021, 1, 14), VANDAAG) == "niet gemeld"
    assert pilots.mijlpaal_status("gepland", dt.date(2020, 12, 8), VANDAAG, dt.date(2020, 11, 1)) == "niet gemeld"
    # the report can be from the planned day itself: not surely after it
    assert pilots.mijlpaal_status("gepland", dt.date(2020, 12, 8), VANDAAG, dt.date(2020, 12, 8)) == "niet gemeld"
    # a report made after the date still calls it planned: positive knowledge that it is late
    assert pilots.mijlpaal_status("gepland", dt.date(2020, 12, 8), VANDAAG, dt.date(2020, 12, 9)) == "te laat"
    assert pilots.mijlpaal_status("gedaan", dt.date(2020, 12, 8), VANDAAG, dt.date(2020, 12, 9)) == "gedaan"
    assert pilots.mijlpaal_status("gepland", VANDAAG, VANDAAG) == "gepland"  # due today is not overdue yet
    assert pilots.mijlpaal_status("gepland", None, VANDAAG, dt.date(2021, 1, 1)) == "gepland"  # no date: never


def test_earliest_day_a_source_date_can_mean():
    assert pilots.vroegste_datum("november 2020") == dt.date(2020, 11, 1)
    assert pilots.vroegste_datum("2026-12-01") == dt.date(2026, 12, 1)
    assert pilots.vroegste_datum("2022") == dt.date(2022, 1, 1)
    assert pilots.vroegste_datum("Mei 2019") == dt.date(2019, 5, 1)
    assert pilots.vroegste_datum(None) is None and pilots.vroegste_datum("ergens in 2020") is None


def test_progress_with_an_unreported_milestone_says_what_is_known():
    df = mp(("p", dt.date(2020, 11, 5), "Pitch", "gedaan"),
            ("p", dt.date(2020, 12, 8), "Oogstfeest", "gepland"),
            ("p", dt.date(2021, 3, 1), "Eerste oogst", "gepland"),
            ("p", None, "Filmpje", "gepland"))
    v = pilots.voortgang(df, ["p"], VANDAAG).iloc[0]
    assert (v["totaal"], v["gedaan"], v["te_laat"], v["dagen_te_laat"], v["niet_gemeld"]) == (4, 1, 0, 0, 1)
    assert (v["niet_gemeld_titel"], v["niet_gemeld_datum"]) == ("Oogstfeest", dt.date(2020, 12, 8))
    assert (v["volgende"], v["volgende_datum"]) == ("Eerste oogst", dt.date(2021, 3, 1))
    assert v["zonder_datum"] == 1
    assert pilots.volgende_tekst(v) == "Eerste oogst (1 maart 2021)"
    assert pilots.te_laat_tekst(v) == ""
    assert v["samenvatting"] == ("1 van 4 mijlpalen gedaan. Niet gemeld: Oogstfeest stond gepland op "
                                 "8 december 2020; het register meldt niet of die is gehaald.")
    assert "te laat" not in v["samenvatting"] and "dagen" not in v["samenvatting"]


def test_progress_with_late_and_next_milestone():
    df = mp(("p", dt.date(2020, 11, 5), "Pitch", "gedaan"),
            ("p", dt.date(2020, 12, 8), "Oogstfeest", "gepland"),
            ("p", dt.date(2021, 3, 1), "Eerste oogst", "gepland"),
            ("p", None, "Filmpje", "gepland")).assign(gemeld_op=[None, dt.date(2021, 1, 10), None, None])
    v = pilots.voortgang(df, ["p"], VANDAAG).iloc[0]
    assert (v["totaal"], v["gedaan"], v["te_laat"], v["niet_gemeld"]) == (4, 1, 1, 0)
    assert v["dagen_te_laat"] == (VANDAAG - dt.date(2020, 12, 8)).days == 38
    assert v["te_laat_titel"] == "Oogstfeest"
    assert v["samenvatting"] == ("1 van 4 mijlpalen gedaan. Te laat: Oogstfeest (een melding van na de geplande "
                                 "datum noemt de mijlpaal nog niet gedaan; gepland 38 dagen geleden).")


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
    df = mp(("p", dt.date(2020, 12, 8), "B", "gepland"),
            ("p", dt.date(2020, 6, 1), "A", "gepland")).assign(gemeld_op=[dt.date(2021, 1, 1)] * 2)
    v = pilots.voortgang(df, ["p"], VANDAAG).iloc[0]
    assert v["te_laat"] == 2 and v["te_laat_titel"] == "A"
    assert pilots.te_laat_tekst(v) == ("2 mijlpalen te laat (een melding van na de geplande datum noemt de mijlpaal "
                                       "nog niet gedaan); de oudste, A, was 228 dagen geleden gepland.")
    assert pilots.volgende_tekst(v) == "geen nieuwe mijlpaal gepland"


def test_several_unreported_milestones_name_the_first():
    df = mp(("p", dt.date(2020, 12, 8), "B", "gepland"), ("p", dt.date(2020, 6, 1), "A", "gepland"))
    v = pilots.voortgang(df, ["p"], VANDAAG).iloc[0]
    assert (v["te_laat"], v["niet_gemeld"], v["niet_gemeld_titel"]) == (0, 2, "A")
    assert pilots.niet_gemeld_tekst(v) == ("2 mijlpalen niet gemeld (de datum is verstreken en het register meldt "
                                           "niet of de mijlpaal is gehaald); de eerste, A, stond gepland op "
                                           "1 juni 2020.")


def test_today_defaults_to_the_real_date():
    df = mp(("p", dt.date.today() + dt.timedelta(days=3), "Straks", "gepland"))
    assert pilots.voortgang(df, ["p"]).iloc[0]["niet_gemeld"] == 0
    df = mp(("p", dt.date.today() - dt.timedelta(days=3), "Net gemist", "gepland"))
    assert pilots.voortgang(df, ["p"]).iloc[0]["niet_gemeld"] == 1
    df = df.assign(gemeld_op=[dt.date.today() - dt.timedelta(days=1)])
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
    # the source (November 2020) predates the 8 December oogstfeest: not reported, not late
    assert (voor["te_laat"], voor["niet_gemeld"]) == (0, 1)
    store.update(writable_db, lambda con: con.execute(
        "UPDATE mijlpalen SET status = 'gedaan' WHERE mijlpaal_id = 'mp-lopikerwaard-oogstfeest'"))
    na = _voortgang(writable_db, "pilot-lopikerwaard")
    assert (na["gedaan"], na["totaal"], na["te_laat"], na["niet_gemeld"]) == (voor["gedaan"] + 1, voor["totaal"], 0, 0)


def test_an_imported_register_that_still_calls_a_past_milestone_planned_makes_it_late(writable_db, tmp_path):
    ingest = pytest.importorskip("pipelines.ingest")
    bestand = tmp_path / "mijlpalen.csv"
    bestand.write_text("Pilot;Datum;Mijlpaal;Status\n"
                       "pilot-lopikerwaard;1-6-2021;Eerste dak vol panelen;gepland\n", encoding="utf-8")
    assert ingest.ingest("mijlpalen", bestand, writable_db).toegevoegd == 1
    # the import is dated today, after 1 June 2021, and still says "gepland": known to be late
    v = _voortgang(writable_db, "pilot-lopikerwaard", today=dt.date.today() + dt.timedelta(days=1))
    assert (v["te_laat"], v["te_laat_titel"], v["niet_gemeld"]) == (1, "Eerste dak vol panelen", 1)


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
