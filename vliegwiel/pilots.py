"""The four pilots: who, where, which theme, and how far they are.

Progress is derived from the milestones (table mijlpalen), never typed in: done / total and
the next milestone, relative to `today`. What the register knows about a milestone decides
its status (see `mijlpaal_status`): a planned milestone whose date has passed and of which
nothing has been reported since is "niet gemeld", not late; a planned milestone without a
date is listed as "datum onbekend".
"""
from __future__ import annotations

import datetime as dt
import re

import duckdb
import pandas as pd

from vliegwiel.filters import Filters
from vliegwiel.register import thema_namen
from vliegwiel.format import MAANDEN, aantal, datum, is_leeg

GEDAAN, GEPLAND, NIET_GEMELD, TE_LAAT = "gedaan", "gepland", "niet gemeld", "te laat"
NIET_GEMELD_UITLEG = "de datum is verstreken en het register meldt niet of de mijlpaal is gehaald"
TE_LAAT_UITLEG = "een melding van na de geplande datum noemt de mijlpaal nog niet gedaan"
HELE_PROGRAMMA = "hele programma"

LES_SOORTEN = ("werkend element", "aanbeveling")


def pilot_overzicht(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """The pilots passing the global filters with kern(en), gemeente, themes, initiator,
    supporting free actor, phase and status; unknown values stay NULL (shown as 'onbekend')."""
    where, params = filters.initiatief_clause("i")
    return con.execute(f"""
        SELECT p.pilot_id, p.naam, p.initiatief_id,
               (SELECT string_agg(k.naam, ', ' ORDER BY k.naam) FROM initiatief_kernen ik
                  JOIN kernen k ON k.kern_id = ik.kern_id WHERE ik.initiatief_id = i.initiatief_id) AS kernen,
               g.naam AS gemeente,
               {thema_namen('i')} AS themas,
               o.naam AS initiatiefnemer, p.vrije_actor,
               coalesce(p.fase, i.fase) AS fase, coalesce(p.status, i.status) AS status,
               i.startjaar, p.bron, coalesce(b.titel, p.bron) AS bron_titel
        FROM pilots p
        JOIN initiatieven i ON i.initiatief_id = p.initiatief_id
        LEFT JOIN gemeenten g ON g.gemeente_code = i.gemeente_code
        LEFT JOIN organisaties o ON o.organisatie_id = p.initiatiefnemer_organisatie_id
        LEFT JOIN bronnen b ON b.bron_id = p.bron
        WHERE {where}
        ORDER BY p.naam
    """, params).df()


def pilots_totaal(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM pilots").fetchone()[0]


def mijlpalen(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Milestones of the filtered pilots, plus those of the programme as a whole (pilot_id NULL)."""
    where, params = filters.initiatief_clause("i")
    df = con.execute(f"""
        SELECT m.mijlpaal_id, m.pilot_id, coalesce(p.naam, ?) AS pilot, m.datum, m.titel, m.status,
               m.bron, coalesce(b.titel, m.bron) AS bron_titel,
               coalesce(sb.peildatum, b.peildatum) AS status_peildatum
        FROM mijlpalen m
        LEFT JOIN pilots p ON p.pilot_id = m.pilot_id
        LEFT JOIN initiatieven i ON i.initiatief_id = p.initiatief_id
        LEFT JOIN bronnen b ON b.bron_id = m.bron
        -- the source of the status itself: the import that last changed it, else the record's source
        LEFT JOIN veld_bronnen vb ON vb.tabel = 'mijlpalen' AND vb.record_id = m.mijlpaal_id AND vb.veld = 'status'
        LEFT JOIN bronnen sb ON sb.bron_id = vb.bron
        WHERE m.pilot_id IS NULL OR ({where})
        ORDER BY m.pilot_id IS NULL, p.naam, m.datum NULLS LAST, m.titel
    """, [HELE_PROGRAMMA.capitalize()] + params).df()
    df["datum"] = pd.to_datetime(df["datum"]).dt.date.astype(object)
    df.loc[df["datum"].isna(), "datum"] = None
    df["gemeld_op"] = [vroegste_datum(t) for t in df.pop("status_peildatum")]
    return df


def vroegste_datum(peildatum) -> dt.date | None:
    """The earliest day a source's date text can mean: '2026-12-01' -> that day, 'november 2020'
    -> 1 November 2020, '2022' -> 1 January 2022; None when there is no (readable) date."""
    if is_leeg(peildatum):
        return None
    tekst = str(peildatum).strip().lower()
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", tekst):
        return dt.date(*map(int, m.groups()))
    if m := re.fullmatch(r"([a-z]+) (\d{4})", tekst):
        if m.group(1) in MAANDEN:
            return dt.date(int(m.group(2)), MAANDEN.index(m.group(1)) + 1, 1)
    if re.fullmatch(r"\d{4}", tekst):
        return dt.date(int(tekst), 1, 1)
    return None


def mijlpaal_status(status: str, datum_: dt.date | None, today: dt.date, gemeld_op: dt.date | None = None) -> str:
    """What the register knows about a milestone, as one of four statuses:

    - 'gedaan': reported done;
    - 'gepland': planned, and its date is today or later, or unknown;
    - 'te laat': planned, its date has passed, and a report made surely after that date
      (`gemeld_op`: the earliest day the source of its status can be from) still calls it
      planned: positive knowledge that it had not happened in time;
    - 'niet gemeld': planned, its date has passed, and nothing has been reported since. It may
      well have happened (the documents stop before the 8 December 2020 oogstfeest), so it is
      never counted as late.
    """
    if status == GEDAAN:
        return GEDAAN
    if is_leeg(datum_) or datum_ >= today:
        return GEPLAND
    if not is_leeg(gemeld_op) and gemeld_op > datum_:
        return TE_LAAT
    return NIET_GEMELD


def met_status(mijlpalen_df: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """Adds weergave_status (see `mijlpaal_status`), dagen_te_laat (days since the planned date,
    only for 'te laat') and dagen_verstreken (days since the planned date for 'te laat' and
    'niet gemeld', else 0) to a milestones frame; `gemeld_op` is optional."""
    today = today or dt.date.today()
    df = mijlpalen_df.copy()
    gemeld = df["gemeld_op"] if "gemeld_op" in df else [None] * len(df)
    df["weergave_status"] = [mijlpaal_status(s, d, today, g) for s, d, g in zip(df["status"], df["datum"], gemeld)]
    df["dagen_verstreken"] = [(today - d).days if w in (TE_LAAT, NIET_GEMELD) else 0
                              for w, d in zip(df["weergave_status"], df["datum"])]
    df["dagen_te_laat"] = [n if w == TE_LAAT else 0 for w, n in zip(df["weergave_status"], df["dagen_verstreken"])]
    return df


def voortgang(mijlpalen_df: pd.DataFrame, pilot_ids: list[str], today: dt.date | None = None) -> pd.DataFrame:
    """Progress per pilot, derived from its milestones only.

    Columns: pilot_id, totaal, gedaan, te_laat (count), dagen_te_laat (the most overdue),
    te_laat_titel, niet_gemeld (count: date passed, nothing reported), niet_gemeld_titel (the
    oldest), niet_gemeld_datum, volgende (title), volgende_datum (None when unknown),
    zonder_datum (count), samenvatting.
    The next milestone is the earliest planned one whose date has not passed; failing that, a
    planned one without a date; a pilot whose milestones are all done has none.
    """
    today = today or dt.date.today()
    df = met_status(mijlpalen_df, today)
    rijen = []
    for pilot_id in pilot_ids:
        eigen = df[df["pilot_id"] == pilot_id]
        open_ = eigen[eigen["weergave_status"] == GEPLAND]
        gedateerd = open_[open_["datum"].notna()].sort_values("datum")
        ongedateerd = open_[open_["datum"].isna()].sort_values("titel")
        if len(gedateerd):
            volgende, volgende_datum = gedateerd.iloc[0]["titel"], gedateerd.iloc[0]["datum"]
        elif len(ongedateerd):
            volgende, volgende_datum = ongedateerd.iloc[0]["titel"], None
        else:
            volgende, volgende_datum = None, None
        laat = eigen[eigen["weergave_status"] == TE_LAAT]
        stil = eigen[eigen["weergave_status"] == NIET_GEMELD].sort_values(["datum", "titel"])
        rij = {
            "pilot_id": pilot_id,
            "totaal": len(eigen),
            "gedaan": int((eigen["weergave_status"] == GEDAAN).sum()),
            "te_laat": len(laat),
            "dagen_te_laat": int(laat["dagen_te_laat"].max()) if len(laat) else 0,
            "volgende": volgende,
            "volgende_datum": volgende_datum,
            "te_laat_titel": laat.sort_values("datum").iloc[0]["titel"] if len(laat) else None,
            "niet_gemeld": len(stil),
            "niet_gemeld_titel": stil.iloc[0]["titel"] if len(stil) else None,
            "niet_gemeld_datum": stil.iloc[0]["datum"] if len(stil) else None,
            "zonder_datum": int(eigen["datum"].isna().sum()),
        }
        rij["samenvatting"] = samenvatting(rij)
        rijen.append(rij)
    return pd.DataFrame(rijen, columns=["pilot_id", "totaal", "gedaan", "te_laat", "dagen_te_laat", "volgende",
                                        "volgende_datum", "te_laat_titel", "niet_gemeld", "niet_gemeld_titel",
                                        "niet_gemeld_datum", "zonder_datum", "samenvatting"])


def dagen_tekst(n: int) -> str:
    return aantal(n, "dag", "dagen")


def te_laat_tekst(rij) -> str:
    """The late part of a pilot's progress ('' when nothing is known to be late)."""
    if not rij["te_laat"]:
        return ""
    if rij["te_laat"] == 1:
        return (f"Te laat: {rij['te_laat_titel']} ({TE_LAAT_UITLEG}; gepland "
                f"{dagen_tekst(rij['dagen_te_laat'])} geleden).")
    return (f"{aantal(rij['te_laat'], 'mijlpaal', 'mijlpalen')} te laat ({TE_LAAT_UITLEG}); de oudste, "
            f"{rij['te_laat_titel']}, was {dagen_tekst(rij['dagen_te_laat'])} geleden gepland.")


def niet_gemeld_tekst(rij) -> str:
    """What is and is not known of milestones whose date passed unreported ('' when none)."""
    n = rij["niet_gemeld"]
    if not n:
        return ""
    wanneer = datum(rij["niet_gemeld_datum"])
    if n == 1:
        return (f"Niet gemeld: {rij['niet_gemeld_titel']} stond gepland op {wanneer}; het register meldt "
                "niet of die is gehaald.")
    return (f"{aantal(n, 'mijlpaal', 'mijlpalen')} niet gemeld ({NIET_GEMELD_UITLEG}); de eerste, "
            f"{rij['niet_gemeld_titel']}, stond gepland op {wanneer}.")


def samenvatting(rij: dict) -> str:
    """One Dutch sentence on a pilot's progress: what is done, what is known to be late and
    what is not known."""
    if rij["totaal"] == 0:
        return "Nog geen mijlpalen vastgelegd."
    delen = [f"{rij['gedaan']} van {rij['totaal']} mijlpalen gedaan.", te_laat_tekst(rij), niet_gemeld_tekst(rij)]
    return " ".join(d for d in delen if d)


def volgende_tekst(rij) -> str:
    """The next milestone as a phrase for display."""
    if is_leeg(rij["volgende"]):
        if rij["totaal"] == 0:
            return "geen mijlpalen vastgelegd"
        if rij["gedaan"] == rij["totaal"]:
            return "geen (alle mijlpalen gedaan)"
        return "geen nieuwe mijlpaal gepland"
    wanneer = datum(rij["volgende_datum"]) if not is_leeg(rij["volgende_datum"]) else "datum onbekend"
    return f"{rij['volgende']} ({wanneer})"


def bijeenkomsten(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The programme's own events, with the date as precise as the source gives it."""
    df = con.execute("""
        SELECT bk.bijeenkomst_id, bk.naam, bk.datum, bk.datum_precisie, bk.datum_tekst, bk.soort,
               bk.omschrijving, bk.bron, coalesce(b.titel, bk.bron) AS bron_titel
        FROM bijeenkomsten bk LEFT JOIN bronnen b ON b.bron_id = bk.bron
        ORDER BY bk.datum NULLS LAST, bk.naam
    """).df()
    df["datum"] = pd.to_datetime(df["datum"]).dt.date.astype(object)
    df.loc[df["datum"].isna(), "datum"] = None
    return df


def bijeenkomst_datum(rij) -> str:
    """'5 november 2020', 'januari 2021 (alleen de maand is bekend)', or the source's own words."""
    if is_leeg(rij["datum"]):
        return f"datum onbekend ({rij['datum_tekst']})" if not is_leeg(rij["datum_tekst"]) else "datum onbekend"
    precisie = rij["datum_precisie"] if not is_leeg(rij["datum_precisie"]) else "dag"
    tekst = datum(rij["datum"], precisie)
    if precisie == "maand":
        tekst += " (alleen de maand is bekend)"
    elif precisie == "jaar":
        tekst += " (alleen het jaar is bekend)"
    return tekst


def lessen(con: duckdb.DuckDBPyConnection, soorten: tuple[str, ...] = LES_SOORTEN) -> pd.DataFrame:
    """Lessons from the documents with the pilot they came from ('hele programma' when none)
    and the title of the source document they cite."""
    if not soorten:
        return pd.DataFrame(columns=["les_id", "soort", "titel", "tekst", "spreker", "pilot_id", "pilot",
                                     "bron", "bron_titel"])
    marks = ", ".join("?" for _ in soorten)
    return con.execute(f"""
        SELECT l.les_id, l.soort, l.titel, l.tekst, l.spreker, l.pilot_id,
               coalesce(p.naam, ?) AS pilot, l.bron, coalesce(b.titel, l.bron) AS bron_titel
        FROM lessen l
        LEFT JOIN pilots p ON p.pilot_id = l.pilot_id
        LEFT JOIN bronnen b ON b.bron_id = l.bron
        WHERE l.soort IN ({marks})
        ORDER BY l.pilot_id NULLS LAST, l.soort DESC, l.les_id
    """, [HELE_PROGRAMMA.capitalize()] + list(soorten)).df()


def tijdlijn_venster(mijlpalen_df: pd.DataFrame, bijeenkomsten_df: pd.DataFrame, voor: int = 45, na: int = 100
                     ) -> tuple[dt.date | None, dt.date | None, pd.DataFrame]:
    """The timeline's window around the dated milestones (`voor` days before the first, `na` after the
    last) and the meetings inside it; without dated milestones no window and every meeting."""
    gedateerd = mijlpalen_df[mijlpalen_df["datum"].notna()]
    if gedateerd.empty:
        return None, None, bijeenkomsten_df
    start = min(gedateerd["datum"]) - dt.timedelta(days=voor)
    eind = max(gedateerd["datum"]) + dt.timedelta(days=na)
    datums = bijeenkomsten_df["datum"]
    return start, eind, bijeenkomsten_df[datums.notna() & (datums >= start) & (datums <= eind)]
