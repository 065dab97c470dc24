"""Consistency of issue 10: the same question gives the same number on every page.

For the province (no filter), Bunnik, Lopik, Utrecht and the three together, the counts that
Overzicht, Gemeenteprofiel, Kaart, Thema's (witte vlekken), the Presentatie slides and Netwerk
show are read from the rendered AppTest elements (metrics, markdown, captions, tables) and
compared with the same count computed here straight from the store with SQL.

Definitions (the selection is the gemeente filter; no other filter is set in these tests):
- kernen: rows of `kernen` with `gemeente_code` in the selection;
- kleine kernen: those with `is_kleine_kern` (NULL, i.e. size unknown, is not small);
- kleine kernen zonder initiatief: small kernen in which no initiative of the register works,
  i.e. without any row in `initiatief_kernen` (an initiative works in every kern listed there,
  wherever its own gemeente is);
- witte vlekken (gezondheid): small kernen without such a row for an initiative with the theme
  'gezondheid' (the default of the Witte vlekken tab and the subject of slide 3);
- initiatieven: rows of `initiatieven` whose `gemeente_code` is in the selection (all rows for
  the province, also those whose gemeente is unknown);
- pilots: rows of `pilots` whose initiative is counted above;
- verbindingen: rows of `verbindingen` of which both ends are nodes of the selection, where the
  nodes are the initiatives counted above and the organisations that either have a link with one
  of them or are based in a selected gemeente (`organisaties.gemeente_code`). Without a filter
  every node takes part, so the province count is every row of `verbindingen` (24 in the seed),
  links between two organisations included: Netwerk draws those lines, so every page that says
  "Verbindingen" must count them too. A link is one row, also when two rows join the same pair.

The need slide (issue 12) is compared with the page instead: per theme its bar must equal the metric of
Thema's → Naar behoefte at the default thresholds for the same area.
"""
from __future__ import annotations

import html
import json
import re

import duckdb
import pytest

from vliegwiel import behoefte
from vliegwiel.presentatie import nummer

AREAS = {"provincie": (), "Bunnik": ("Bunnik",), "Lopik": ("Lopik",), "Utrecht": ("Utrecht",),
         "Bunnik+Lopik+Utrecht": ("Bunnik", "Lopik", "Utrecht")}
COUNTS = ("kernen", "kleine_kernen", "kleine_kernen_zonder_initiatief", "witte_vlekken_gezondheid",
          "initiatieven", "pilots", "verbindingen")
_RUNS: dict = {}


# ---------- the truth, straight from the store ----------

def expected(db_path, namen: tuple[str, ...]) -> dict[str, int]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        codes = [r[0] for r in con.execute("SELECT gemeente_code FROM gemeenten WHERE list_contains(?, naam)",
                                           [list(namen)]).fetchall()]
        alles = not namen
        sel = "(? OR list_contains(?, {col}))"
        p = [alles, codes]
        one = lambda sql, params: con.execute(sql, params).fetchone()[0]  # noqa: E731
        kern_sel = sel.format(col="k.gemeente_code")
        ini_sel = sel.format(col="i.gemeente_code")
        zonder = f"""SELECT count(*) FROM kernen k WHERE {kern_sel} AND k.is_kleine_kern
                     AND NOT EXISTS (SELECT 1 FROM initiatief_kernen ik {{join}} WHERE ik.kern_id = k.kern_id {{cond}})"""
        return {
            "kernen": one(f"SELECT count(*) FROM kernen k WHERE {kern_sel}", p),
            "kleine_kernen": one(f"SELECT count(*) FROM kernen k WHERE {kern_sel} AND k.is_kleine_kern", p),
            "kleine_kernen_zonder_initiatief": one(zonder.format(join="", cond=""), p),
            "witte_vlekken_gezondheid": one(zonder.format(
                join="JOIN initiatief_themas it ON it.initiatief_id = ik.initiatief_id",
                cond="AND it.thema_id = 'gezondheid'"), p),
            "initiatieven": one(f"SELECT count(*) FROM initiatieven i WHERE {ini_sel}", p),
            "pilots": one(f"SELECT count(*) FROM pilots JOIN initiatieven i USING (initiatief_id) WHERE {ini_sel}", p),
            "verbindingen": one(f"""
                WITH ini AS (SELECT i.initiatief_id AS id FROM initiatieven i WHERE {ini_sel}),
                org AS (SELECT o.organisatie_id AS id FROM organisaties o
                        WHERE {sel.format(col="o.gemeente_code")}
                           OR o.organisatie_id IN (SELECT v.van_id FROM verbindingen v JOIN ini ON ini.id = v.naar_id)
                           OR o.organisatie_id IN (SELECT v.naar_id FROM verbindingen v JOIN ini ON ini.id = v.van_id)),
                knopen AS (SELECT id FROM ini UNION SELECT id FROM org)
                SELECT count(*) FROM verbindingen v
                WHERE v.van_id IN (SELECT id FROM knopen) AND v.naar_id IN (SELECT id FROM knopen)""", p + p),
        }
    finally:
        con.close()


# ---------- what the pages show ----------

def _getal(text: str) -> int:
    return int(text.replace(".", ""))


def _metric(at, label: str) -> int | None:
    for m in at.metric:
        if m.label == label:
            return _getal(m.value)
    return None


def _search(at, pattern: str, kinds=("markdown", "caption")) -> re.Match | None:
    for kind in kinds:
        for e in getattr(at, kind):
            m = re.search(pattern, e.value)
            if m:
                return m
    return None


def _run(app_test, db, page: str, **params):
    key = (str(db), page, tuple(sorted((k, str(v)) for k, v in params.items())))
    if key not in _RUNS:
        _RUNS[key] = app_test(db, page=page, **params)
    at = _RUNS[key]
    assert not at.exception, f"{page} {params}: exception {at.exception[0].value}"
    return at


def shown(app_test, db, bron: str, namen: tuple[str, ...]) -> dict[str, int | None]:
    """The counts one page (or slide) shows for the selection; a count it does not show is left out."""
    f = {"gemeente": list(namen)} if namen else {}
    out: dict[str, int | None] = {}
    if bron == "Overzicht":
        at = _run(app_test, db, "overzicht", **f)
        for label, key in (("Kernen", "kernen"), ("Kleine kernen", "kleine_kernen"), ("Initiatieven", "initiatieven"),
                           ("Pilots", "pilots"), ("Verbindingen", "verbindingen")):
            out[key] = _metric(at, label)
        m = _search(at, r"In \*\*([\d.]+) van de ([\d.]+) kleine kernen\*\*")
        out["kleine_kernen_zonder_initiatief"] = _getal(m[2]) - _getal(m[1]) if m else None
    elif bron == "Gemeenteprofiel":
        at = _run(app_test, db, "gemeente", gemeente_profiel=namen[0])
        for label, key in (("Kernen", "kernen"), ("Kleine kernen", "kleine_kernen"), ("Initiatieven", "initiatieven")):
            out[key] = _metric(at, label)
        tabel = next((d.value for d in at.dataframe if {"Kleine kern", "Initiatieven"} <= set(d.value.columns)), None)
        out["kleine_kernen_zonder_initiatief"] = (
            None if tabel is None else int(((tabel["Kleine kern"] == "ja") & (tabel["Initiatieven"] == 0)).sum()))
        if any("Geen van de vier pilots" in e.value for e in at.markdown):
            out["pilots"] = 0
        else:
            out["pilots"] = sum(1 for e in at.markdown if re.match(r"- \*\*.*\*\*: fase ", e.value))
    elif bron == "Kaart":
        at = _run(app_test, db, "kaart", gebied=f"{namen[0]} (gemeente)")
        m = _search(at, r"\*\*Initiatieven:\*\* ([\d.]+)")
        out["initiatieven"] = _getal(m[1]) if m else None
        m = _search(at, r"\*\*Kleine kernen zonder initiatief:\*\* ([\d.]+) van ([\d.]+)")
        out["kleine_kernen_zonder_initiatief"] = _getal(m[1]) if m else None
        out["kleine_kernen"] = _getal(m[2]) if m else None
    elif bron == "Thema's witte vlekken":
        at = _run(app_test, db, "themas", weergave="Witte vlekken", **f)
        m = next((x for x in at.metric if x.label.startswith("Kleine kernen zonder initiatief in")), None)
        waarde = re.fullmatch(r"([\d.]+) van ([\d.]+)", m.value) if m else None
        out["witte_vlekken_gezondheid"] = _getal(waarde[1]) if waarde else None
        out["kleine_kernen"] = _getal(waarde[2]) if waarde else None
    elif bron == "Presentatie dia 1":
        at = _run(app_test, db, "presentatie", dia="1", **f)
        for label, key in (("Kernen", "kernen"), ("Kleine kernen", "kleine_kernen"), ("Initiatieven", "initiatieven"),
                           ("Pilots", "pilots"), ("Verbindingen", "verbindingen")):
            out[key] = _metric(at, label)
    elif bron == "Presentatie dia 2":
        at = _run(app_test, db, "presentatie", dia="2", **f)
        m = _search(at, r"Oranje ruiten: ([\d.]+) kleine kernen zonder initiatief")
        out["kleine_kernen_zonder_initiatief"] = _getal(m[1]) if m else None
    elif bron == "Presentatie dia 3":
        at = _run(app_test, db, "presentatie", dia="3", **f)
        m = _search(at, r"\*\*Witte vlekken\*\*: ([\d.]+) kleine kernen zonder initiatief op \*gezond leven")
        out["witte_vlekken_gezondheid"] = _getal(m[1]) if m else None
    elif bron == "Presentatie pilots":
        at = _run(app_test, db, "presentatie", dia=str(nummer("pilots")), **f)
        lijst = [e.value for e in at.markdown if "mijlpalen gedaan" in e.value]
        geen = any(e.value.startswith("Er zijn geen pilots") for e in at.markdown)
        out["pilots"] = 0 if geen else sum(v.count("mijlpalen gedaan") for v in lijst)
        # "De vier pilots" above a list promises four; above "Er zijn geen pilots in ..." it is history
        if lijst and "vier" in at.title[0].value.lower():
            out["pilots (titel)"] = 4
    elif bron == "Presentatie netwerk":
        at = _run(app_test, db, "presentatie", dia=str(nummer("netwerk")), **f)
        m = _search(at, r"\*\*([\d.]+)\*\* deelnemers, \*\*([\d.]+)\*\* verbindingen")
        out["verbindingen"] = _getal(m[2]) if m else None
    elif bron == "Netwerk":
        at = _run(app_test, db, "netwerk", **f)
        out["verbindingen"] = _metric(at, "Verbindingen")
    return out


BRONNEN = ["Overzicht", "Gemeenteprofiel", "Kaart", "Thema's witte vlekken", "Presentatie dia 1",
           "Presentatie dia 2", "Presentatie dia 3", "Presentatie pilots", "Presentatie netwerk", "Netwerk"]
ALLEEN_EEN_GEMEENTE = {"Gemeenteprofiel", "Kaart"}


@pytest.mark.parametrize("bron", BRONNEN)
@pytest.mark.parametrize("area", list(AREAS))
def test_page_counts_equal_the_store(app_test, seed_db, area, bron):
    namen = AREAS[area]
    if bron in ALLEEN_EEN_GEMEENTE and len(namen) != 1:
        pytest.skip(f"{bron} shows one gemeente at a time")
    truth = expected(seed_db, namen)
    got = shown(app_test, seed_db, bron, namen)
    assert got, f"{bron} shows none of the counts"
    wrong = []
    for key, value in got.items():
        want = truth[key.split(" ")[0]]
        if value is None:
            wrong.append(f"{key}: not found on the page (store: {want})")
        elif value != want:
            wrong.append(f"{key}: page shows {value}, store says {want}")
    assert not wrong, f"{bron}, {area}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("area", [a for a in AREAS if a != "provincie"])
def test_the_white_spot_slide_never_ends_in_an_empty_example_list(app_test, seed_db, area):
    """Slide 3 says "..., bijvoorbeeld:"; a list of examples must follow, or the sentence must not."""
    at = _run(app_test, seed_db, "presentatie", dia="3", gemeente=list(AREAS[area]))
    teksten = [e.value for e in at.markdown]
    for i, t in enumerate(teksten):
        if t.rstrip().endswith("bijvoorbeeld:"):
            volgende = teksten[i + 1].strip() if i + 1 < len(teksten) else ""
            assert volgende.startswith("- "), f"slide 3 for {area}: {t!r} followed by {volgende!r}"


def behoefte_staven(at) -> dict[str, int]:
    """The need slide's bars: theme name -> count, read from the plotly figure it sends."""
    grafiek = next((e for e in at.get("plotly_chart") if "dia_behoefte" in getattr(e.proto, "id", "")), None)
    if grafiek is None:
        return {}
    trace = json.loads(grafiek.proto.spec)["data"][0]
    return {html.unescape(y.replace("<br>", " ")): int(x) for x, y in zip(trace["x"], trace["y"])}


@pytest.mark.parametrize("area", list(AREAS))
def test_the_need_slide_counts_as_themas_naar_behoefte(app_test, seed_db, area):
    """Issue 12: per theme, the need slide's bar is the metric of Thema's → Naar behoefte (default thresholds)
    for the same area; a theme the slide draws no bar for (no chart at all) must show 0 there."""
    f = {"gemeente": list(AREAS[area])} if AREAS[area] else {}
    staven = behoefte_staven(_run(app_test, seed_db, "presentatie", dia=str(nummer("behoefte")), **f))
    con = duckdb.connect(str(seed_db), read_only=True)
    namen = dict(con.execute("SELECT thema_id, naam FROM themas").fetchall())
    con.close()
    pagina = {}
    for thema_id in behoefte.REGELS:
        at = _run(app_test, seed_db, "themas", weergave="Naar behoefte", nb_thema=namen[thema_id], **f)  # its label
        label = f"Kleine kernen met dit signaal, zonder initiatief in {namen[thema_id]}"
        pagina[namen[thema_id]] = _metric(at, label)
        assert pagina[namen[thema_id]] is not None, f"{thema_id}: no metric {label!r} on Thema's"
    if staven:
        assert staven == pagina
    else:  # nothing meets a rule: the slide says so in words and Thema's shows only zeros
        assert set(pagina.values()) == {0}, pagina


def test_definitions_hold_on_the_seed(seed_db):
    """Anchors of the definitions above on the seed register (issue 10: Overzicht said 22, Netwerk 24)."""
    assert expected(seed_db, ())["verbindingen"] == 24
    assert expected(seed_db, ("Bunnik",))["kleine_kernen_zonder_initiatief"] == 0
    assert expected(seed_db, ())["pilots"] == 4


def test_a_village_figure_on_the_kaart_equals_the_kernprofiel(app_test, seed_db):
    """Issue 12: Werkhoven's distance to a supermarket reads the same in the Kaart's Kernen table
    (kernen coloured by it) as on its Kernprofiel, and both are the store's value."""
    from streamlit import dataframe_util

    kop = "Afstand tot grote supermarkt (km, editie 2024)"
    kaart_at = _run(app_test, seed_db, "kaart", kernmaat="Afstand tot grote supermarkt")
    d = next(d for d in kaart_at.dataframe if kop in d.value.columns)
    getoond = dataframe_util.convert_arrow_bytes_to_pandas_df(d.proto.arrow_data.styler.display_values)
    rij = d.value.index[d.value["Kern"] == "Werkhoven"][0]
    profiel = _run(app_test, seed_db, "kern", kern="Werkhoven")
    metric = next(m.value for m in profiel.metric if m.label == "Afstand tot grote supermarkt")
    with duckdb.connect(str(seed_db), read_only=True) as c:
        [(store,)] = c.execute("SELECT afstand_supermarkt_km FROM kern_cijfers WHERE kern_id = 'WP2605'").fetchall()
    assert d.value.loc[rij, kop] == store
    assert f"{getoond.loc[rij, kop]} km" == metric == "3,6 km"
