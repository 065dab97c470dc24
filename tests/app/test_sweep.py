"""The sweep of issue 10: every page of app.py, through AppTest, over many filter states drawn
from the data itself, on seed, empty and synthetic data. No state may show an exception, an
error element, or a raw None / nan / NaT / <NA> in any text, metric, caption or table cell.

The states are sampled with a fixed seed (SEED), so a failing state has a stable id and
reproduces: copy its id into `-k`. The module prints how many states ran when it finishes.
Per state AppTest costs about 0.3 s on seed data (two runs: app.py's default page, then the
page itself) and up to a few seconds on synthetic data, so the sample is sized to stay well
inside three minutes on a 2-core machine.
"""
from __future__ import annotations

import itertools
import random
import re
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from pipelines import build as build_mod
from pipelines import config
from vliegwiel import presentatie, register

SEED = 20261201
TABS = ["Dekking", "Witte vlekken", "Groepen en samenwerkingsvormen", "Vliegwiel in de tijd"]
DIAS = [str(n) for n in range(1, len(presentatie.DIAS) + 1)]
# Pages reached with the global filters alone (their own parameters get states of their own below).
PAGES = ["overzicht", "kaart", "gemeente", "kern", "vergelijken", "themas", "pilots", "netwerk",
         "presentatie", "data", "toegankelijkheid"]
RAW = re.compile(r"(?<![\w-])(None|nan|NaN|NaT|<NA>|null)(?![\w-])")


# ---------- the data the states are drawn from (collection time, so ids name their state) ----------

def _vocabulary() -> dict:
    """Names straight from a freshly built seed store: gemeenten, themes, kernen, statuses, nodes."""
    import duckdb
    path = Path(tempfile.mkdtemp(prefix="sweep-")) / "vliegwiel.duckdb"
    build_mod.build(path)
    con = duckdb.connect(str(path), read_only=True)
    try:
        q = lambda sql: [r[0] for r in con.execute(sql).fetchall()]  # noqa: E731
        kernen = con.execute("""
            SELECT k.naam, g.naam, count(*) OVER (PARTITION BY k.naam) FROM kernen k
            JOIN gemeenten g USING (gemeente_code) ORDER BY k.naam, g.naam""").fetchall()
        return {
            "gemeenten": q("SELECT naam FROM gemeenten ORDER BY naam"),
            "pilotgemeenten": q("""SELECT DISTINCT g.naam FROM pilots p JOIN initiatieven i USING (initiatief_id)
                                   JOIN gemeenten g ON g.gemeente_code = i.gemeente_code ORDER BY 1"""),
            "themas": q("SELECT naam FROM themas ORDER BY volgorde"),
            "kleine_themas": q("SELECT naam FROM themas WHERE soort = 'thema' ORDER BY volgorde"),
            "statussen": q("SELECT DISTINCT coalesce(status, 'onbekend') FROM initiatieven ORDER BY 1"),
            "kernen": [f"{n} ({g})" if c > 1 else n for n, g, c in kernen],
            "knopen": q("SELECT knoop_id FROM knopen ORDER BY knoop_id"),
            "plaatsen": list(register.plaats_opties(con)["label"]),
            "kernmaten": ["Aantal initiatieven"] + q("SELECT label FROM kern_indicatoren ORDER BY volgorde"),
        }
    finally:
        con.close()


V = _vocabulary()
GROOTTES = [label for _k, label, _lo, _hi in config.GROOTTEKLASSEN]
VERSHEDEN = [label for label, _j in config.VERSHEID] + [config.VERSHEID_ONBEKEND]


def _state(db: str, page: str, **params) -> pytest.param:
    ident = f"{db}-{page}" + "".join(
        f"-{k}={'+'.join(v) if isinstance(v, list) else v}" for k, v in params.items())
    return pytest.param(db, page, params, id=ident)


def _states() -> list:
    rng = random.Random(SEED)
    out: list = []
    add = lambda db, page, **p: out.append(_state(db, page, **p))  # noqa: E731
    several = lambda lo=2, hi=4: sorted(rng.sample(V["gemeenten"], rng.randint(lo, hi)))  # noqa: E731

    for db in ("seed_db", "empty_db", "synthetic_db"):
        # no filter: every page, every Thema's tab, every slide
        for page in PAGES:
            add(db, page)
        for tab in TABS:
            add(db, "themas", weergave=tab)
        for dia in DIAS:
            add(db, "presentatie", dia=dia)
        # pilots only, on every page of the analysis
        for page in ("overzicht", "kaart", "themas", "pilots", "netwerk"):
            add(db, page, pilots="true")
        add(db, "presentatie", dia=rng.choice(DIAS), pilots="true")

    # seed: each gemeente alone on a page drawn at random, and on a random Thema's tab
    for gem in V["gemeenten"]:
        add("seed_db", rng.choice(["overzicht", "kaart", "netwerk", "pilots", "data"]), gemeente=gem)
        add("seed_db", "themas", gemeente=gem, weergave=rng.choice(TABS))
    # each theme alone
    for thema in V["themas"]:
        add("seed_db", rng.choice(["overzicht", "kaart", "netwerk", "pilots", "data"]), thema=thema)
        add("seed_db", "themas", thema=thema, weergave=rng.choice(TABS))
    # random gemeente x theme combinations, on any page
    for _ in range(14):
        p = {"gemeente": rng.choice(V["gemeenten"]), "thema": rng.choice(V["themas"])}
        page = rng.choice(PAGES)
        if page == "themas":
            p["weergave"] = rng.choice(TABS)
        if page == "presentatie":
            p["dia"] = rng.choice(DIAS)
        add("seed_db", page, **p)
    # several gemeenten
    for _ in range(6):
        add("seed_db", rng.choice(["overzicht", "kaart", "netwerk", "pilots"]), gemeente=several())
    for tab in TABS:
        add("seed_db", "themas", gemeente=several(), weergave=tab)
    add("seed_db", "themas", gemeente=V["pilotgemeenten"], weergave="Witte vlekken")
    # size and status filters
    for grootte in GROOTTES:
        add("seed_db", rng.choice(["overzicht", "kaart", "themas", "netwerk"]), grootte=grootte)
    for status in V["statussen"]:
        add("seed_db", rng.choice(["overzicht", "kaart", "netwerk"]), status=status)
    # the white-spot tab for each small-kern theme
    for thema in rng.sample(V["kleine_themas"], 4):
        add("seed_db", "themas", weergave="Witte vlekken", vlekthema=thema)
    # every slide with one gemeente (a pilot gemeente and random ones) and with several
    for gem in [V["pilotgemeenten"][0], rng.choice(V["gemeenten"])]:
        for dia in DIAS:
            add("seed_db", "presentatie", dia=dia, gemeente=gem)
    for dia in DIAS:
        add("seed_db", "presentatie", dia=dia, gemeente=several())
    for dia in rng.sample(DIAS, 3):
        add("synthetic_db", "presentatie", dia=dia, gemeente=rng.choice(V["gemeenten"]))
        add("empty_db", "presentatie", dia=dia, gemeente=rng.choice(V["gemeenten"]))
    # gemeente and kern profiles
    for gem in rng.sample(V["gemeenten"], 8) + V["pilotgemeenten"]:
        add("seed_db", "gemeente", gemeente_profiel=gem)
    for gem in rng.sample(V["gemeenten"], 3):
        add("synthetic_db", "gemeente", gemeente_profiel=gem)
        add("empty_db", "gemeente", gemeente_profiel=gem)
    add("seed_db", "gemeente", gemeente_profiel=rng.choice(V["gemeenten"]), thema=rng.choice(V["themas"]))
    for kern in rng.sample(V["kernen"], 12):
        add("seed_db", "kern", kern=kern)
    for kern in rng.sample(V["kernen"], 3):
        add("synthetic_db", "kern", kern=kern)
        add("empty_db", "kern", kern=kern)
    add("seed_db", "kern", kern=rng.choice(V["kernen"]), thema=rng.choice(V["themas"]))
    # comparisons of 2-4 gemeenten
    for _ in range(6):
        add("seed_db", "vergelijken", vergelijk=several())
    add("seed_db", "vergelijken", vergelijk=V["pilotgemeenten"])
    add("synthetic_db", "vergelijken", vergelijk=several())
    add("empty_db", "vergelijken", vergelijk=several())
    add("seed_db", "vergelijken", vergelijk=several(), thema=rng.choice(V["themas"]))
    # the Kaart's chosen area, colour measures and layers; the kernen coloured by each village
    # figure in turn (issue 12: taken in order, not drawn, so the other states keep their ids)
    kernmaat = itertools.cycle(V["kernmaten"][1:] + V["kernmaten"][:1])
    for gem in dict.fromkeys(rng.sample(V["gemeenten"], 3) + V["pilotgemeenten"][:1]):  # (once each)
        add("seed_db", "kaart", gebied=f"{gem} (gemeente)", kernmaat=next(kernmaat))
    for kern in rng.sample(V["kernen"], 4):
        add("seed_db", "kaart", gebied=f"{kern} (kern)", kernmaat=next(kernmaat))
    add("seed_db", "kaart", netwerk="true", kernmaat=next(kernmaat))
    add("synthetic_db", "kaart", netwerk="true", kernmaat=next(kernmaat))
    add("empty_db", "kaart", netwerk="true", gebied=f"{rng.choice(V['gemeenten'])} (gemeente)",
        kernmaat=next(kernmaat))
    # the Netwerk's focus, steps and display
    for knoop in rng.sample(V["knopen"], 4):
        add("seed_db", "netwerk", focus=knoop, stappen=rng.choice(["1", "2"]),
            weergave=rng.choice(["verbergen", "vervagen"]))
    add("seed_db", "netwerk", losse="true")
    add("seed_db", "netwerk", losse="true", gemeente=rng.choice(V["gemeenten"]))
    # Pilots' whole timeline
    for db in ("seed_db", "empty_db"):
        add(db, "pilots", periode="Alles tot vandaag")
    # white spots with synthetic data loaded, for one gemeente and for several
    for _ in range(3):
        add("synthetic_db", "themas", weergave="Witte vlekken", gemeente=rng.choice(V["gemeenten"]))
    add("synthetic_db", "themas", weergave="Witte vlekken", gemeente=several())
    # the freshness filter (issue 13), drawn from its own generator so the states above keep their ids
    vrng = random.Random(SEED + 13)
    for versheid in VERSHEDEN:
        add("seed_db", vrng.choice(["overzicht", "kaart", "themas", "netwerk", "pilots", "data"]), versheid=versheid)
        add("seed_db", "gemeente", gemeente_profiel=vrng.choice(V["gemeenten"]), versheid=versheid)
        add("seed_db", "kern", kern=vrng.choice(V["kernen"]), versheid=versheid)
    add("synthetic_db", "kaart", versheid=VERSHEDEN[0])
    add("empty_db", "overzicht", versheid=VERSHEDEN[-1])
    add("seed_db", "presentatie", dia=vrng.choice(DIAS), versheid=VERSHEDEN[0])
    # places that are no woonplaats (the gazetteer) and the tiny and name-linked kernen (issue 12)
    for plaats in rng.sample(V["plaatsen"], 4):
        add("seed_db", "kern", kern=plaats)
    add("empty_db", "kern", kern="Cabauw (deel van woonplaats Lopik)")
    for kern in ("Ossenwaard", "Haarzuilens"):
        add("seed_db", "kern", kern=kern)
    # white spots by need: every theme rule on each store, thresholds moved to both ends
    for db in ("seed_db", "empty_db", "synthetic_db"):
        for thema in ("Gezond leven en vitaliteit", "Lokale voedselvoorziening en landbouwtransitie",
                      "Bereikbaarheid", "Wonen"):
            add(db, "themas", weergave="Naar behoefte", nb_thema=thema)
    add("seed_db", "themas", weergave="Naar behoefte", nb_thema="Gezond leven en vitaliteit", nb_pct_65plus="50.0",
        nb_afstand_huisarts_km="10.0")
    add("seed_db", "themas", weergave="Naar behoefte", nb_thema="Wonen", nb_pct_65plus="0.0",
        nb_gem_huishoudensgrootte="4.0", gemeente=rng.choice(V["gemeenten"]))
    # the Buurzaamheidsindex: default, weights from a URL, all weights 0, filters
    for db in ("seed_db", "empty_db", "synthetic_db"):
        add(db, "buurzaamheid")
    for _ in range(4):
        add("seed_db", "buurzaamheid", **{f"w_{c}": str(rng.randint(0, 5)) for c in
                                          ("initiatieven_per_1000", "themas", "verbindingen", "afstand_voorzieningen",
                                           "pct_0_14")})
    add("seed_db", "buurzaamheid", **{f"w_{c}": "0" for c in ("initiatieven_per_1000", "themas", "verbindingen",
                                                             "afstand_voorzieningen", "pct_0_14")})
    add("seed_db", "buurzaamheid", gemeente=several(), status=rng.choice(V["statussen"]))
    add("seed_db", "buurzaamheid", grootte=rng.choice(GROOTTES), pilots="true")
    unique: dict[str, pytest.param] = {}
    for s in out:
        unique.setdefault(s.id, s)
    return list(unique.values())


STATES = _states()
_RAN: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def _summary(request):
    yield
    line = (f"\nsweep: {sum(_RAN.values())} of {len(STATES)} states ran (seed {SEED}): "
            + ", ".join(f"{k} {v}" for k, v in sorted(_RAN.items())))
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if capture:
        with capture.global_and_fixture_disabled():
            print(line)
    else:
        print(line)


# ---------- what the user reads ----------

def _cell_problems(where: str, df: pd.DataFrame, placeholder: str = "") -> list[str]:
    """Cells a table shows as 'None' (Streamlit draws a missing value so, unless the table has a
    placeholder such as 'onbekend') or as raw text nan/None."""
    out = []
    for col in df.columns:
        s = df[col]
        na = s.isna()
        if na.any() and not placeholder.strip():
            out.append(f"{where} column {col!r}: {int(na.sum())} empty cell(s) shown as None")
        if s.dtype == object or str(s.dtype).startswith("string"):
            raw = s.dropna().astype(str).str.fullmatch(r"\s*(None|nan|NaN|NaT|<NA>)\s*")
            if raw.any():
                out.append(f"{where} column {col!r}: raw {s.dropna()[raw].iloc[0]!r}")
    if isinstance(df.index, pd.Index) and df.index.dtype == object and df.index.isna().any():
        out.append(f"{where}: index has None")
    for col in map(str, df.columns):
        if RAW.search(col):
            out.append(f"{where}: column header {col!r}")
    return out


def _shown(d) -> pd.DataFrame:
    """What the grid draws: a styled table (pandas Styler) shows its display values, e.g.
    "onbekend" for a missing number that still sorts as a number; `d.value` is the raw data."""
    styler = d.proto.arrow_data.styler
    if styler.display_values:
        from streamlit import dataframe_util
        return dataframe_util.convert_arrow_bytes_to_pandas_df(styler.display_values)
    return d.value


def problems(at) -> list[str]:
    out = [f"exception: {e.value}" for e in at.exception]
    out += [f"error element: {e.value}" for e in at.error]
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "success",
                 "latex", "code"):
        texts += [(kind, e.value) for e in getattr(at, kind)]
    for m in at.metric:
        texts += [("metric label", m.label), ("metric value", m.value), ("metric delta", m.delta)]
    for kind in ("expander", "button", "toggle", "selectbox", "multiselect", "radio", "tabs"):
        try:
            texts += [(f"{kind} label", getattr(e, "label", None)) for e in getattr(at, kind)]
        except Exception:  # noqa: BLE001 - not every element kind is a property of AppTest
            pass
    for kind in ("selectbox", "multiselect", "radio"):
        for e in getattr(at, kind):
            texts += [(f"{kind} option", o) for o in getattr(e, "options", [])]
    for kind in ("download_button", "page_link"):
        texts += [(f"{kind} label", e.label) for e in at.get(kind)]
    for kind, value in texts:
        if isinstance(value, str) and RAW.search(value):
            m = RAW.search(value)
            out.append(f"{kind}: ...{value[max(0, m.start() - 60):m.end() + 40]}...")
    for i, d in enumerate(at.dataframe):
        out += _cell_problems(f"dataframe {i}", _shown(d), d.proto.placeholder)
    for i, t in enumerate(at.table):
        out += _cell_problems(f"table {i}", t.value)
    return out


@pytest.mark.parametrize(("db", "page", "params"), STATES)
def test_state_renders_without_error_or_raw_missing_value(app_test, request, db, page, params):
    _RAN[db.removesuffix("_db")] += 1
    at = app_test(request.getfixturevalue(db), page=page, **params)
    ignored = [i.value for i in at.info if "Onbekende waarden in de link" in i.value]
    assert not ignored, f"the state itself is wrong (fix the sweep, not the app): {ignored}"
    found = problems(at)
    assert not found, "\n".join(found)
    assert at.title, "the page rendered no title"


def test_the_sweep_is_large_enough():
    """The sample keeps covering every page on every kind of data (a shrinking sweep is a silent loss)."""
    pages = {(db, page) for db, page, _ in (s.values for s in STATES)}
    assert {(db, p) for db in ("seed_db", "empty_db", "synthetic_db") for p in PAGES} <= pages
    assert len(STATES) >= 200
    print(f"sweep: {len(STATES)} states (seed {SEED})")
