"""Issue 10, item 2: every slide is true and meaningful for the province, one gemeente (Bunnik) and several
gemeenten (Bunnik, Lopik, Utrecht), or says in one sentence why it has nothing for this audience. The numbers
are checked against the store (the definitions of tests/app/test_consistency.py)."""
from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest
import streamlit as st

from tests.app.test_consistency import behoefte_staven, expected
from vliegwiel import netwerk
from vliegwiel import behoefte, presentatie
from vliegwiel.filters import Filters
from vliegwiel.format import getal
from vliegwiel.presentatie import DIAS, nummer

GEBIEDEN = {"provincie": (), "Bunnik": ("Bunnik",), "drie": ("Bunnik", "Lopik", "Utrecht")}
NAAM = {"provincie": "de provincie Utrecht", "Bunnik": "gemeente Bunnik", "drie": "gemeenten Bunnik, Lopik en Utrecht"}
_RUNS: dict = {}


def dia(app_test, db, n: int, gebied: str):
    key = (str(db), n, gebied)
    if key not in _RUNS:
        f = {"gemeente": list(GEBIEDEN[gebied])} if GEBIEDEN[gebied] else {}
        _RUNS[key] = app_test(db, page="presentatie", dia=str(n), **f)
    at = _RUNS[key]
    assert not at.exception, at.exception
    return at


def teksten(at) -> list[str]:
    return [e.value for e in [*at.markdown, *at.caption]]


def alles(at) -> str:
    """Every text of the slide, with Markdown's escapes (Bunnik\\, Lopik) removed."""
    return "\n".join(teksten(at)).replace("\\", "")


def grafieken(at) -> int:
    """Plotly charts on the slide (the hidden preloading chart not counted). Each is drawn twice, for
    1280x720 and for 1920x1080 (the screen shows one): counted once, after checking its twin is there."""
    ids = [e.proto.id for e in at.get("plotly_chart") if getattr(e.proto, "id", "") and "voorladen" not in e.proto.id]
    klein = [i for i in ids if "_groot" not in i]
    assert len(ids) == 2 * len(klein), ids
    return len(klein)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.fixture(scope="module")
def waarheid(seed_db):
    return {g: expected(seed_db, namen) for g, namen in GEBIEDEN.items()}


@pytest.mark.parametrize("gebied", list(GEBIEDEN))
def test_slide_1_counts_the_chosen_area(app_test, seed_db, waarheid, gebied):
    at = dia(app_test, seed_db, 1, gebied)
    w = waarheid[gebied]
    assert at.title[0].value == DIAS[0].titel
    assert f"Gemeenschapskracht in **{NAAM[gebied]}**" in alles(at)
    for label, key in (("Kernen", "kernen"), ("Kleine kernen", "kleine_kernen"), ("Initiatieven", "initiatieven"),
                       ("Pilots", "pilots")):
        assert int(metric(at, label).replace(".", "")) == w[key], label
    # "Verbindingen" follows overzicht.kerncijfers, whose definition the overzicht engineer is aligning (issue 10.8)


@pytest.mark.parametrize("gebied", list(GEBIEDEN))
def test_slide_2_counts_only_the_small_kernen_of_the_area(app_test, seed_db, waarheid, gebied):
    at = dia(app_test, seed_db, 2, gebied)
    w = waarheid[gebied]
    m = re.search(r"Oranje ruiten: ([\d.]+) kleine kernen zonder initiatief", alles(at))
    assert m and int(m[1]) == w["kleine_kernen_zonder_initiatief"]
    samenvatting = {
        "provincie": f"In **{w['kleine_kernen'] - w['kleine_kernen_zonder_initiatief']} van de {w['kleine_kernen']} "
                     f"kleine kernen** van de provincie Utrecht werkt minstens één initiatief.",
        "Bunnik": "In **elk van de 3 kleine kernen** van gemeente Bunnik werkt minstens één initiatief.",
        "drie": "In **3 van de 8 kleine kernen** van gemeenten Bunnik, Lopik en Utrecht werkt minstens één initiatief.",
    }[gebied]
    assert samenvatting in alles(at)
    assert ("Grijze stipjes: kernen buiten de selectie" in alles(at)) == bool(GEBIEDEN[gebied])
    assert grafieken(at) == 1


@pytest.mark.parametrize("gebied", list(GEBIEDEN))
def test_slide_3_never_ends_in_an_empty_example_list(app_test, seed_db, waarheid, gebied):
    at = dia(app_test, seed_db, 3, gebied)
    w = waarheid[gebied]["witte_vlekken_gezondheid"]
    md = [e.value for e in at.markdown]
    regel = next(t for t in md if t.startswith("**Witte vlekken**"))
    assert regel.startswith(f"**Witte vlekken**: {w} kleine kernen zonder initiatief op *gezond leven en vitaliteit*")
    if w == 0:
        assert "geen witte vlekken" in regel and "bijvoorbeeld" not in regel
    else:
        lijst = md[md.index(regel) + 1]
        assert lijst.count("\n- ") + 1 == min(w, 5) and lijst.startswith("- ")
        assert regel.endswith("bijvoorbeeld:" if w > 5 else "namelijk:")


def test_slide_3_for_a_gemeente_without_small_kernen_says_so(app_test, seed_db):
    at = app_test(seed_db, page="presentatie", dia="3", gemeente=["Utrecht"])
    assert not at.exception
    assert "gemeente Utrecht heeft geen kleine kernen, dus ook geen witte vlekken" in alles(at)


@pytest.mark.parametrize("gebied", list(GEBIEDEN))
def test_flywheel_slide_draws_no_flywheel_from_too_few_start_years(app_test, seed_db, gebied):
    """The seed register knows one start year (2018) of 16 initiatives: that is no line through time."""
    at = dia(app_test, seed_db, nummer("vliegwiel"), gebied)
    assert grafieken(at) == 0
    zinnen = [x for x in at.markdown if "startjaar" in x.value]
    assert len(zinnen) == 1  # never the same sentence twice
    zin = zinnen[0].value.replace("\\", "")
    assert zin == {
        "provincie": "Van 1 van de 16 initiatieven in de provincie Utrecht is het startjaar bekend (2018); van 15 nog "
                     "niet. Dat is te weinig om het vliegwiel in de tijd te tekenen.",
        "Bunnik": "Van 1 initiatief is het startjaar nog niet bekend, dus er valt voor gemeente Bunnik nog "
                  "geen lijn door de tijd te tekenen.",
        "drie": "Van 12 initiatieven is het startjaar nog niet bekend, dus er valt voor gemeenten Bunnik, Lopik en "
                "Utrecht nog geen lijn door de tijd te tekenen.",
    }[gebied]


def test_flywheel_slide_draws_the_flywheel_when_start_years_are_known(app_test, synthetic_db):
    at = app_test(synthetic_db, page="presentatie", dia=str(nummer("vliegwiel")))
    assert not at.exception
    assert grafieken(at) == 1
    assert len([e for e in at.markdown if "startjaar nog niet bekend" in e.value]) <= 1


@pytest.mark.parametrize("gebied, titel", [("provincie", "De vier pilots"), ("Bunnik", "De pilot in Bunnik"),
                                           ("drie", "De twee pilots in Bunnik, Lopik en Utrecht")])
def test_pilot_slide_title_fits_the_number_of_pilots(app_test, seed_db, waarheid, gebied, titel):
    at = dia(app_test, seed_db, nummer("pilots"), gebied)
    assert at.title[0].value == titel
    assert alles(at).count("mijlpalen gedaan") == waarheid[gebied]["pilots"]


def test_pilot_slide_without_pilots_says_so_in_one_sentence(app_test, seed_db):
    at = app_test(seed_db, page="presentatie", dia=str(nummer("pilots")), gemeente=["Utrecht"])
    assert at.title[0].value == "Pilots in Utrecht"
    assert "Er zijn geen pilots in gemeente Utrecht. Het vliegwiel begon met vier pilots in de provincie." in alles(at)
    assert grafieken(at) == 0


@pytest.mark.parametrize("gebied", list(GEBIEDEN))
def test_network_slide_counts_as_netwerk_and_ranks_only_a_real_ranking(app_test, seed_db, waarheid, gebied):
    at = dia(app_test, seed_db, nummer("netwerk"), gebied)
    m = re.search(r"\*\*([\d.]+)\*\* deelnemers, \*\*([\d.]+)\*\* verbindingen", alles(at))
    assert m and int(m[2]) == waarheid[gebied]["verbindingen"]
    f = {"gemeente": list(GEBIEDEN[gebied])} if GEBIEDEN[gebied] else {}
    pagina = app_test(seed_db, page="netwerk", **f)
    assert int(metric(pagina, "Knopen")) == int(m[1])
    assert int(metric(pagina, "Verbindingen")) == int(m[2])
    if gebied == "Bunnik":  # one bridge: said in words, no single "1,00" bar
        assert grafieken(at) == 0
        assert "**Verbinder**: **Gelukkig en vitaal Werkhoven, Bunnik en Odijk** verbindt hier" in alles(at)
        assert "**Wie staat er alleen?** Niemand" in alles(at)
    else:
        assert grafieken(at) == 1


def test_network_slide_of_an_area_without_participants_does_not_say_nobody_is_alone(app_test, seed_db):
    at = app_test(seed_db, page="presentatie", dia=str(nummer("netwerk")), gemeente=["Montfoort"])
    assert not at.exception, at.exception
    assert "**0** deelnemers, **0** verbindingen." in alles(at)
    assert "nog geen verbindingen vastgelegd" in alles(at)
    assert "Wie staat er alleen?" not in alles(at)


def test_network_slide_computes_no_layout_and_no_clusters(app_test, synthetic_db, monkeypatch):
    def verboden(*_a, **_k):
        raise AssertionError("the network slide must not compute a layout or clusters")
    monkeypatch.setattr(netwerk, "layout", verboden)
    monkeypatch.setattr(netwerk, "clusters", verboden)
    st.cache_data.clear()
    at = app_test(synthetic_db, page="presentatie", dia=str(nummer("netwerk")))
    assert not at.exception, at.exception
    assert re.search(r"\*\*[\d.]+\*\* deelnemers", alles(at))


@pytest.mark.parametrize("gebied", list(GEBIEDEN))
def test_closing_slide_quotes_with_their_sources(app_test, seed_db, gebied):
    at = dia(app_test, seed_db, nummer("slot"), gebied)
    citaten = [e.value for e in at.markdown if e.value.startswith("> ")]
    bronnen = [e.value for e in at.caption if e.value.startswith("Bron: ")]
    assert len(citaten) == 3 and len(bronnen) == 3


# ---------- the need slide (issue 12) ----------

BEHOEFTE_GEBIEDEN = {"provincie": (), "Bunnik": ("Bunnik",), "Vijfheerenlanden": ("Vijfheerenlanden",),
                     "De Ronde Venen": ("De Ronde Venen",), "Stichtse Vecht+Zeist": ("Stichtse Vecht", "Zeist")}


def _behoefte_waarheid(db, namen: tuple[str, ...]) -> dict:
    """Straight from behoefte.lijst with the default thresholds: per theme name the count, the distinct kernen
    and the kernen ranked by their strongest signal."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        codes = tuple(r[0] for r in con.execute("SELECT gemeente_code FROM gemeenten WHERE list_contains(?, naam)",
                                                [list(namen)]).fetchall())
        f = Filters(gemeenten=codes)
        namen_thema = dict(con.execute("SELECT thema_id, naam FROM themas").fetchall())
        lijsten = {t: behoefte.lijst(con, f, t) for t in behoefte.REGELS}
        klein = con.execute("SELECT count(*) FROM kernen WHERE is_kleine_kern AND (? OR list_contains(?, gemeente_code))",
                            [not codes, list(codes)]).fetchone()[0]
    finally:
        con.close()
    alle = pd.concat([df[["kern_id", "kern", "signaal"]] for df in lijsten.values()])
    sterkst = alle.groupby(["kern_id", "kern"], as_index=False)["signaal"].max().sort_values(
        ["signaal", "kern"], ascending=[False, True])
    return {"per_thema": {namen_thema[t]: len(df) for t, df in lijsten.items()}, "klein": klein,
            "met": alle["kern_id"].nunique(), "sterkst": sterkst["kern"].tolist(), "lijsten": lijsten}


@pytest.mark.parametrize("gebied", list(BEHOEFTE_GEBIEDEN))
def test_need_slide_counts_as_behoefte_lijst(app_test, seed_db, gebied):
    namen = BEHOEFTE_GEBIEDEN[gebied]
    w = _behoefte_waarheid(seed_db, namen)
    assert w["met"] > 0  # these areas all have needs on the seed (the empty cases are tested below)
    f = {"gemeente": list(namen)} if namen else {}
    at = app_test(seed_db, page="presentatie", dia=str(nummer("behoefte")), **f)
    assert not at.exception, at.exception
    assert at.title[0].value == "Waar kan het vliegwiel heen?"
    assert behoefte_staven(at) == w["per_thema"]
    assert grafieken(at) == 1
    tekst = alles(at)
    assert f"In **{w['met']} van de {w['klein']} kleine kernen** van " in tekst or (
        w["met"] == w["klein"] and f"In **alle {w['klein']} kleine kernen**" in tekst)
    # the named kernen: the strongest signals, each kern once, in that order, with the figures behind them
    lijst = next(e.value for e in at.markdown if e.value.startswith("- **"))
    regels = lijst.replace("\\", "").split("\n")  # without Markdown's escapes (5\,1 km)
    genoemd = [re.match(r"- \*\*(.+?)\*\*", r)[1] for r in regels]
    assert genoemd == w["sterkst"][:presentatie.BEHOEFTE_KERNEN]
    assert all(("(" in r) == (len(namen) != 1) for r in regels)  # the gemeente only when it says something
    for kern, regel in zip(genoemd, regels):  # every figure named is one of that kern's figures behind a rule
        cijfers = {getal(df.loc[df["kern"] == kern, c.kolom].iloc[0], 1)
                   for t, df in w["lijsten"].items() if kern in set(df["kern"]) for c in behoefte.REGELS[t].criteria}
        genoemde_cijfers = re.findall(r"\d+,\d", regel)
        assert genoemde_cijfers and set(genoemde_cijfers) <= cijfers, (regel, cijfers)
    assert "CBS Kerncijfers wijken en buurten 2024" in tekst and "begin van een gesprek" in tekst


def test_need_slide_for_bunnik_names_werkhoven_and_its_supermarket(app_test, seed_db):
    at = app_test(seed_db, page="presentatie", dia=str(nummer("behoefte")), gemeente=["Bunnik"])
    assert "- **Werkhoven**: 3,6\u00a0km tot een grote supermarkt" in alles(at)
    assert "In **1 van de 3 kleine kernen** van gemeente Bunnik wijzen de cijfers van het dorp op een behoefte" \
        in alles(at)


@pytest.mark.parametrize("gemeente, zin", [
    ("Utrecht", "Gemeente Utrecht heeft geen kleine kernen"),
    ("Montfoort", "In geen van de 2 kleine kernen van gemeente Montfoort wijzen de cijfers van het dorp op een "
                  "behoefte"),
    ("Eemnes", "In de enige kleine kern van gemeente Eemnes wijzen de cijfers van het dorp niet op een behoefte")])
def test_need_slide_without_needs_says_so_and_draws_no_chart(app_test, seed_db, gemeente, zin):
    w = _behoefte_waarheid(seed_db, (gemeente,))
    assert w["met"] == 0
    at = app_test(seed_db, page="presentatie", dia=str(nummer("behoefte")), gemeente=[gemeente])
    assert not at.exception, at.exception
    assert zin in alles(at)
    assert grafieken(at) == 0
    assert not [e for e in at.markdown if e.value.startswith("- ")]


def test_need_slide_on_an_empty_register_still_shows_the_village_figures(app_test, empty_db):
    """No initiatives at all: every small kern is a white spot, so the rules alone decide."""
    w = _behoefte_waarheid(empty_db, ())
    at = app_test(empty_db, page="presentatie", dia=str(nummer("behoefte")))
    assert not at.exception, at.exception
    assert behoefte_staven(at) == w["per_thema"] and w["met"] > 0


def test_the_clicker_twins_move_like_the_visible_buttons(app_test, seed_db):
    at = app_test(seed_db, page="presentatie", dia="3")
    at.button(key="klik_volgende").click().run()
    assert at.title[0].value == DIAS[3].titel
    at.button(key="klik_spatie").click().run()
    assert at.title[0].value == DIAS[4].titel or at.query_params["dia"] in ("5", ["5"])
    at.button(key="klik_vorige").click().run()
    assert at.query_params["dia"] in ("4", ["4"])


def test_on_the_last_slide_every_forward_key_is_disabled(app_test, seed_db):
    at = app_test(seed_db, page="presentatie", dia=str(len(DIAS)))
    for key in ("volgende", "klik_volgende", "klik_spatie"):
        assert at.button(key=key).disabled, key
    assert not at.button(key="klik_vorige").disabled
    first = app_test(seed_db, page="presentatie", dia="1")
    assert first.button(key="vorige").disabled and first.button(key="klik_vorige").disabled


def test_the_keys_are_the_clickers(app_test, seed_db):
    at = app_test(seed_db, page="presentatie", dia="2")
    sneltoetsen = {key: at.button(key=key).proto.shortcut for key in
                   ("vorige", "volgende", "klik_volgende", "klik_spatie", "klik_vorige")}
    assert sneltoetsen == {"vorige": "left", "volgende": "right", "klik_volgende": "pagedown",
                           "klik_spatie": "space", "klik_vorige": "pageup"}
