"""The harvest-festival story: the slides, their order, and the data each needs. Pure
functions over the store; the page only renders them."""
from __future__ import annotations

import os
from dataclasses import dataclass

import duckdb
import pandas as pd

from vliegwiel import behoefte, netwerk, themas
from vliegwiel.filters import Filters
from vliegwiel.format import getal

FONT = 24  # plotly font size on slides: readable on a shared 1280x720 screen
DIA_SECONDEN = 30  # auto-advance: seconds per slide (VLIEGWIEL_DIA_SECONDEN overrides)

# One height budget for 1280x720 (measured in Chromium): top padding 19 + presenter's bar 40 + title 52
# + compact footer 49 + Streamlit's 16 px gaps between them leave this much for a slide's content.
SCHERM_HOOGTE = 720
BESCHIKBAAR = SCHERM_HOOGTE - 265
# The same on 1920x1080, where the slide's type is larger (vliegwiel.ui.presentatie.dia_stijl): each chart
# is built a second time at this height and font, and the screen shows the one that fits it.
SCHERM_HOOGTE_GROOT = 1080
BESCHIKBAAR_GROOT = SCHERM_HOOGTE_GROOT - 280
FONT_GROOT = 32
MIN_STARTJAREN = 3  # fewer initiatives with a known start year draw no flywheel, only a sentence
MIN_VERBINDERS = 3  # fewer bridging nodes make no ranking: the slide says who bridges in words
BEHOEFTE_KERNEN = 4  # the need slide names this many kernen with the strongest signal
TELWOORDEN = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht"}


def maat(groot: bool) -> tuple[int, int, float]:
    """(height in px for a slide's chart, plotly font size, how much larger than on 1280x720) for 1280x720
    or, `groot`, 1920x1080."""
    return (BESCHIKBAAR_GROOT, FONT_GROOT, FONT_GROOT / FONT) if groot else (BESCHIKBAAR, FONT, 1.0)


@dataclass(frozen=True)
class Dia:
    sleutel: str
    titel: str


DIAS = [
    Dia("provincie", "In één oogopslag"),
    Dia("kaart", "De kleine kernen op de kaart"),
    Dia("themas", "Thema's en witte vlekken"),
    Dia("behoefte", "Waar kan het vliegwiel heen?"),
    Dia("vliegwiel", "Het vliegwiel in de tijd"),
    Dia("pilots", "De vier pilots"),
    Dia("netwerk", "Het netwerk en zijn verbinders"),
    Dia("slot", "Tot slot: wat deelnemers zeiden"),
]


def nummer(sleutel: str) -> int:
    """The slide number (1-based) of the slide with this key: nummer('pilots') -> 6."""
    return next(i for i, d in enumerate(DIAS, start=1) if d.sleutel == sleutel)


def dia_seconden() -> float:
    """Seconds per slide when auto-advancing; a click by the presenter pauses twice as long."""
    try:
        return max(1.0, float(os.environ.get("VLIEGWIEL_DIA_SECONDEN", DIA_SECONDEN)))
    except ValueError:
        return float(DIA_SECONDEN)


def automatisch_verder(nu: float, gepland: float, laatste_interactie: float | None,
                       seconden: float) -> tuple[bool, float]:
    """Auto-advance: whether to go to the next slide now, and when the next change is due.
    A presenter's click holds the slide for 2 x `seconden` after that click."""
    moment = max(gepland, (laatste_interactie or 0.0) + 2 * seconden)
    if nu >= moment:
        return True, nu + seconden
    return False, moment


def dia_nummer(waarde: str | None) -> int:
    """The slide number (1-based) from the URL; anything else is slide 1."""
    try:
        n = int(waarde or 1)
    except ValueError:
        return 1
    return min(max(n, 1), len(DIAS))


def gebied_naam(con: duckdb.DuckDBPyConnection, filters: Filters) -> str:
    """'de provincie Utrecht', 'gemeente Bunnik' or 'gemeenten Bunnik en Houten'."""
    if not filters.gemeenten:
        return "de provincie Utrecht"
    where, params = filters.gemeente_clause("g")
    namen = [r[0] for r in con.execute(
        f"SELECT naam FROM gemeenten g WHERE {where} ORDER BY naam", params).fetchall()]
    if len(namen) == 1:
        return f"gemeente {namen[0]}"
    return "gemeenten " + _opsomming(namen)


def _opsomming(namen: list[str]) -> str:
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def gebied_kort(con: duckdb.DuckDBPyConnection, filters: Filters) -> str:
    """For a title: 'de provincie', 'Bunnik' or 'Bunnik, Lopik en Utrecht'."""
    if not filters.gemeenten:
        return "de provincie"
    where, params = filters.gemeente_clause("g")
    return _opsomming([r[0] for r in con.execute(
        f"SELECT naam FROM gemeenten g WHERE {where} ORDER BY naam", params).fetchall()])


def pilots_titel(aantal_pilots: int, gebied: str) -> str:
    """The pilot slide's title fits the count: 'De vier pilots' (the programme's four, for the province),
    'De pilot in Bunnik', 'De twee pilots in Bunnik en Lopik', 'Pilots in Utrecht' (none: the slide says so)."""
    in_gebied = "" if gebied == "de provincie" else f" in {gebied}"
    if aantal_pilots == 0:
        return f"Pilots{in_gebied}"
    if aantal_pilots == 1:
        return f"De pilot{in_gebied}"
    return f"De {telwoord(aantal_pilots)} pilots{in_gebied}"


def telwoord(n: int) -> str:
    """4 -> 'vier' (small counts in words, as in a spoken sentence), 12 -> '12'."""
    return TELWOORDEN.get(n, str(n))


def kleine_kernen_zonder(kernen: pd.DataFrame) -> int:
    """Small kernen in the area without any (filtered) initiative, from `kernen_met_aantallen`."""
    klein = kernen["in_gebied"] & kernen["is_kleine_kern"].fillna(False).astype(bool)
    return int((klein & (kernen["aantal_initiatieven"] == 0)).sum())


def gemeenten_geo(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT gemeente_code, naam, geometry_geojson FROM gemeenten ORDER BY naam").df()


def kernen_met_aantallen(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Every kern with the number of (filtered) initiatives working there and whether it lies in the
    selected area (`in_gebied`, the place filters as on Overzicht); kernen outside are context only."""
    where, params = filters.initiatief_clause("i")
    kw, kp = filters.kern_clause("k")
    df = con.execute(f"""
        SELECT k.kern_id, k.naam, k.gemeente_code, k.latitude, k.longitude, k.inwoners, k.is_kleine_kern,
               ({kw}) AS in_gebied, count(DISTINCT i.initiatief_id) AS aantal_initiatieven
        FROM kernen k
        LEFT JOIN initiatief_kernen ik ON ik.kern_id = k.kern_id
        LEFT JOIN initiatieven i ON i.initiatief_id = ik.initiatief_id AND {where}
        GROUP BY ALL ORDER BY k.naam
    """, kp + params).df()
    df["in_gebied"] = df["in_gebied"].astype(bool)
    df["aantal_initiatieven"] = df["aantal_initiatieven"].astype("int64")
    return df


def citaten(con: duckdb.DuckDBPyConnection, n: int = 3) -> pd.DataFrame:
    """Short quotes from the documents, with the speaker's role and the source's title."""
    return con.execute("""
        SELECT coalesce(l.tekst, l.titel) AS citaat, l.spreker, coalesce(b.titel, l.bron) AS bron
        FROM lessen l LEFT JOIN bronnen b ON b.bron_id = l.bron
        WHERE l.soort = 'citaat' AND length(coalesce(l.tekst, l.titel)) BETWEEN 20 AND 220
        ORDER BY length(coalesce(l.tekst, l.titel)), l.les_id
        LIMIT ?
    """, [n]).df()


def verbinders(knopen: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The nodes that bridge most (betweenness), for the network slide."""
    if knopen.empty:
        return knopen
    top = knopen[knopen["verbinder_score"] > 0].sort_values(
        ["verbinder_score", "aantal_verbindingen"], ascending=False)
    return top.head(n)


@dataclass(frozen=True)
class NetwerkDia:
    """What the network slide shows, and nothing more: no layout, no clusters."""
    deelnemers: int
    verbindingen: int
    alleenstaand: int
    verbinders: pd.DataFrame  # naam, verbinder_score, aantal_verbindingen; score > 0, strongest first

    @property
    def rangschikking(self) -> bool:
        """Bars only when there is something to rank; one or two bridges are said in words."""
        return len(self.verbinders) >= MIN_VERBINDERS


def netwerk_dia(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), n: int = 5) -> NetwerkDia:
    """The Netwerk page's counts and verbinder-scores for the filters (same nodes, links, sampling and
    seed as `netwerk.netwerk` with the page's defaults), without the costly layout and clusters."""
    knopen, verbindingen = netwerk.knopen_en_verbindingen(con, filters)
    k, v, _verborgen = netwerk.filter_soorten(knopen, verbindingen)
    scores, _benaderd = netwerk.verbinder_scores(netwerk.graaf(k, v))
    k = k.assign(aantal_verbindingen=netwerk.aantal_verbindingen(k, v).to_numpy(),
                 verbinder_score=k["knoop_id"].map(scores).fillna(0.0).astype(float))
    alleen = int((k["soort"].isin(netwerk.INITIATIEF_SOORTEN) & (k["aantal_verbindingen"] == 0)).sum())
    return NetwerkDia(len(k), len(v), alleen, verbinders(k, n).reset_index(drop=True))


@dataclass(frozen=True)
class BehoefteDia:
    """What the need slide shows: per theme with a need rule (vliegwiel.behoefte, default thresholds, as the
    Thema's page's tab "Naar behoefte" opens) the small kernen of the area with the signal and without an
    initiative in that theme, and the kernen where a signal is strongest."""
    kleine_kernen: int      # small kernen in the area
    met_signaal: int        # distinct small kernen with the signal in at least one theme
    per_thema: pd.DataFrame  # thema_id, thema, waarom, aantal: every theme with a rule, most first
    sterkst: pd.DataFrame   # kern, gemeente, thema, signaal, kerncijfers: distinct kernen, strongest first


def behoefte_dia(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(),
                 n: int = BEHOEFTE_KERNEN) -> BehoefteDia:
    """Counts per theme are `len(behoefte.lijst(con, filters, thema_id))`, so they equal the Thema's page.
    A kern listed under several themes is named once, with the theme where its signal is strongest."""
    namen = con.execute("SELECT thema_id, naam, volgorde FROM themas ORDER BY volgorde").df()
    per_thema, kandidaten = [], []
    for t in namen.itertuples():
        regel = behoefte.REGELS.get(t.thema_id)
        if regel is None:
            continue
        lijst = behoefte.lijst(con, filters, t.thema_id)
        zeggen = len(regel.criteria) if regel.combinatie == "en" else 1  # "of": the one figure furthest past it
        per_thema.append({"thema_id": t.thema_id, "thema": t.naam, "waarom": regel.waarom, "aantal": len(lijst),
                          "volgorde": t.volgorde})
        kandidaten += [{"kern_id": r.kern_id, "kern": r.kern, "gemeente": r.gemeente, "thema": t.naam,
                        "signaal": float(r.signaal), "kerncijfers": behoefte.kerncijfers(r, regel, n=zeggen)}
                       for r in lijst.itertuples()]
    tabel = pd.DataFrame(per_thema, columns=["thema_id", "thema", "waarom", "aantal", "volgorde"])
    tabel = (tabel.sort_values(["aantal", "volgorde"], ascending=[False, True]).drop(columns="volgorde")
             .reset_index(drop=True).astype({"aantal": "int64"}))
    alle = pd.DataFrame(kandidaten, columns=["kern_id", "kern", "gemeente", "thema", "signaal", "kerncijfers"])
    alle = alle.sort_values(["signaal", "kern"], ascending=[False, True], kind="stable")
    sterkst = alle.drop_duplicates("kern_id").head(n).drop(columns="kern_id").reset_index(drop=True)
    return BehoefteDia(int(themas.kleine_kernen_aantal(con, filters)), int(alle["kern_id"].nunique()), tabel,
                       sterkst)


def behoefte_zin(met_signaal: int, kleine_kernen: int, gebied: str) -> str:
    """The slide's opening sentence (Markdown; `gebied` already escaped): how many small kernen show a need."""
    if not kleine_kernen:
        return (f"{gebied[:1].upper() + gebied[1:]} heeft geen kleine kernen: elke kern telt 10.000 inwoners of "
                "meer. De signalen van behoefte op deze dia gaan over kleine kernen.")
    wat = "wijzen de cijfers van het dorp op een behoefte, in een thema zonder initiatief in dat dorp"
    if not met_signaal:
        waar = (f"In de enige kleine kern van {gebied} wijzen de cijfers van het dorp niet" if kleine_kernen == 1 else
                f"In geen van de {getal(kleine_kernen)} kleine kernen van {gebied} wijzen de cijfers van het dorp")
        return (f"{waar} op een behoefte in een thema zonder initiatief daar. Waar ze dat wel doen, werkt er al een "
                "initiatief in dat thema; elders blijven de cijfers onder de drempels of zijn ze onbekend.")
    if kleine_kernen == 1:
        return f"In **de enige kleine kern** van {gebied} {wat}."
    if met_signaal == kleine_kernen:
        return f"In **alle {getal(kleine_kernen)} kleine kernen** van {gebied} {wat}."
    return f"In **{getal(met_signaal)} van de {getal(kleine_kernen)} kleine kernen** van {gebied} {wat}."
