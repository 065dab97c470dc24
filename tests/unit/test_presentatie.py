"""The harvest-festival presentation: slides on every data set, navigation, filters, escaping."""
import duckdb
import pandas as pd
import pytest

from vliegwiel import behoefte, netwerk, presentatie, themas
from vliegwiel.figures import presentatie as presentatie_fig
from vliegwiel.filters import Filters


@pytest.mark.parametrize("db", ["seed_db", "empty_db", "synthetic_db"])
@pytest.mark.parametrize("dia", range(1, len(presentatie.DIAS) + 1))
def test_every_slide_renders(app_test, request, db, dia):
    at = app_test(request.getfixturevalue(db), page="presentatie", dia=str(dia))
    assert not at.exception, at.exception
    titel = {"empty_db": "Pilots"}.get(db, "De vier pilots") if presentatie.DIAS[dia - 1].sleutel == "pilots" \
        else presentatie.DIAS[dia - 1].titel  # slide 5's title follows the number of pilots
    assert at.title[0].value == titel
    assert any(f"Dia {dia} van {len(presentatie.DIAS)}" in m.value for m in at.markdown)


def test_next_and_previous_move_one_slide_and_update_the_url(app_test, seed_db):
    at = app_test(seed_db, page="presentatie", dia="3")
    at.button(key="volgende").click().run()
    assert at.query_params["dia"] in ("4", ["4"])
    assert at.title[0].value == presentatie.DIAS[3].titel
    at.button(key="vorige").click().run()
    at.button(key="vorige").click().run()
    assert at.title[0].value == presentatie.DIAS[1].titel


def test_invalid_slide_number_shows_the_first_slide(app_test, seed_db):
    at = app_test(seed_db, page="presentatie", dia="zeven")
    assert not at.exception
    assert at.title[0].value == presentatie.DIAS[0].titel


def test_picking_a_gemeente_sets_the_global_filter(app_test, seed_db):
    at = app_test(seed_db, page="presentatie", dia="1")
    at.selectbox(key="presentatie_gemeente").select("GM0312").run()
    assert at.multiselect(key="gemeente").value == ["GM0312"]
    assert any("gemeente Bunnik" in m.value for m in at.markdown)


def test_gemeente_from_url_applies_to_the_slides(app_test, seed_db):
    provincie = app_test(seed_db, page="presentatie", dia="1")
    bunnik = app_test(seed_db, page="presentatie", dia="1", gemeente="Bunnik")
    waarde = lambda at, label: next(m.value for m in at.metric if m.label == label)  # noqa: E731
    assert waarde(bunnik, "Kernen") == "3"
    assert int(waarde(provincie, "Kernen")) > 100


def test_flywheel_slide_speaks_of_one_initiative_in_the_singular(app_test, seed_db):
    at = app_test(seed_db, page="presentatie", dia=str(presentatie.nummer("vliegwiel")), gemeente="Bunnik")
    tekst = " ".join(m.value for m in at.markdown)
    assert "Van 1 initiatief is het startjaar nog niet bekend" in tekst
    assert "1 initiatieven" not in tekst


def test_no_personal_names_on_any_slide(app_test, seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    names = [r[0] for r in con.execute("SELECT naam FROM contactpersonen").fetchall()]
    for dia in range(1, len(presentatie.DIAS) + 1):
        at = app_test(seed_db, page="presentatie", dia=str(dia))
        text = " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.title] if hasattr(e, "value"))
        assert not [n for n in names if n in text], dia


def test_slide_number_is_clamped():
    assert presentatie.dia_nummer(None) == 1
    assert presentatie.dia_nummer("0") == 1
    assert presentatie.dia_nummer("99") == len(presentatie.DIAS)
    assert presentatie.dia_nummer("x") == 1


def test_quotes_cite_their_source(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    quotes = presentatie.citaten(con, n=3)
    assert len(quotes) == 3
    assert quotes["bron"].str.len().gt(0).all()


def test_province_map_needs_no_tiles_and_escapes_names():
    geo = pd.DataFrame({"gemeente_code": ["GM1"], "naam": ["<b>Gem</b>"],
                        "geometry_geojson": ['{"type":"Polygon","coordinates":[[[5,52],[5.1,52],[5.1,52.1],[5,52]]]}']})
    kernen = pd.DataFrame({"naam": ["<script>alert(1)</script>", "Stil"], "latitude": [52.05, 52.06],
                           "longitude": [5.05, 5.06], "inwoners": [900, 400], "aantal_initiatieven": [2, 0],
                           "is_kleine_kern": [True, True]})
    fig = presentatie_fig.provincie_figuur(geo, kernen)
    html = fig.to_json()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Gem</b>" not in html
    assert not any(getattr(t, "type", "") in ("scattermap", "scattermapbox", "choroplethmap") for t in fig.data)
    assert {t.name for t in fig.data if t.name} == {"kern met initiatief", "kleine kern zonder initiatief"}


def test_area_name(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    assert presentatie.gebied_naam(con, Filters()) == "de provincie Utrecht"
    assert presentatie.gebied_naam(con, Filters(gemeenten=("GM0312",))) == "gemeente Bunnik"
    assert presentatie.gebied_naam(con, Filters(gemeenten=("GM0312", "GM0321"))) == "gemeenten Bunnik en Houten"


def test_auto_advance_waits_its_interval():
    assert presentatie.automatisch_verder(nu=100, gepland=130, laatste_interactie=None, seconden=30) == (False, 130)
    assert presentatie.automatisch_verder(nu=130, gepland=130, laatste_interactie=None, seconden=30) == (True, 160)


def test_auto_advance_pauses_after_a_click():
    # the presenter clicked at 120: nothing moves until 120 + 2 x 30, even though 130 was due
    assert presentatie.automatisch_verder(nu=131, gepland=130, laatste_interactie=120, seconden=30) == (False, 180)
    assert presentatie.automatisch_verder(nu=180, gepland=130, laatste_interactie=120, seconden=30) == (True, 210)
    # an old click no longer holds anything
    assert presentatie.automatisch_verder(nu=130, gepland=130, laatste_interactie=10, seconden=30) == (True, 160)


def test_auto_advance_interval_from_the_environment(monkeypatch):
    monkeypatch.setenv("VLIEGWIEL_DIA_SECONDEN", "5")
    assert presentatie.dia_seconden() == 5
    monkeypatch.setenv("VLIEGWIEL_DIA_SECONDEN", "vijf")
    assert presentatie.dia_seconden() == presentatie.DIA_SECONDEN
    monkeypatch.delenv("VLIEGWIEL_DIA_SECONDEN")
    assert presentatie.dia_seconden() == 30


def test_auto_advance_moves_to_the_next_slide_when_due(app_test, seed_db):
    laatste = str(len(presentatie.DIAS))
    at = app_test(seed_db, page="presentatie", dia=laatste)
    at.toggle(key="automatisch").set_value(True).run()
    assert at.query_params["dia"] == laatste  # just switched on: the first change is 30 s away
    at.session_state["volgende_dia_om"] = 0.0  # as if the time has come
    at.run()
    assert at.query_params["dia"] == "1"  # after the last slide the story starts again
    assert at.title[0].value == presentatie.DIAS[0].titel


def test_pilot_slide_title_fits_the_count():
    assert presentatie.pilots_titel(4, "de provincie") == "De vier pilots"
    assert presentatie.pilots_titel(1, "Bunnik") == "De pilot in Bunnik"
    assert presentatie.pilots_titel(2, "Bunnik en Lopik") == "De twee pilots in Bunnik en Lopik"
    assert presentatie.pilots_titel(0, "Utrecht") == "Pilots in Utrecht"
    assert presentatie.pilots_titel(12, "de provincie") == "De 12 pilots"


def test_short_area_name_for_titles(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    assert presentatie.gebied_kort(con, Filters()) == "de provincie"
    assert presentatie.gebied_kort(con, Filters(gemeenten=("GM0312", "GM0321", "GM0331"))) == "Bunnik, Houten en Lopik"


def test_kernen_outside_the_area_are_context_not_white_spots(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    bunnik = Filters(gemeenten=("GM0312",))
    kernen = presentatie.kernen_met_aantallen(con, bunnik)
    assert set(kernen.loc[kernen["in_gebied"], "gemeente_code"]) == {"GM0312"}
    assert presentatie.kleine_kernen_zonder(kernen) == 0
    geo = presentatie.gemeenten_geo(con)
    fig = presentatie_fig.provincie_figuur(geo, kernen, bunnik.gemeenten)
    zonder = [t for t in fig.data if t.name == "kleine kern zonder initiatief"]
    assert not zonder  # Bunnik has none; the other gemeenten's kernen are not drawn as "zonder initiatief"
    buiten = next(t for t in fig.data if t.name == "kern buiten de selectie")
    assert len(buiten.x) == int((~kernen["in_gebied"]).sum()) and buiten.marker.color == presentatie_fig.KLEUR_BUITEN
    assert fig.layout.xaxis.range is not None  # zoomed in on Bunnik
    provincie = presentatie.kernen_met_aantallen(con, Filters())
    assert provincie["in_gebied"].all()


def test_network_slide_counts_equal_the_network_page(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    for f in (Filters(), Filters(gemeenten=("GM0312",)), Filters(gemeenten=("GM0331", "GM0344"))):
        dia = presentatie.netwerk_dia(con, f)
        net = netwerk.netwerk(con, f)
        assert (dia.deelnemers, dia.verbindingen) == (len(net.knopen), len(net.verbindingen))
        assert dia.alleenstaand == len(netwerk.alleenstaand(net))
        assert dia.verbinders["naam"].tolist() == presentatie.verbinders(net.knopen)["naam"].tolist()
    assert not presentatie.netwerk_dia(con, Filters(gemeenten=("GM0312",))).rangschikking
    assert presentatie.netwerk_dia(con, Filters()).rangschikking


# ---------- the need slide (issue 12) ----------

def test_slide_numbers_by_key():
    assert [presentatie.nummer(d.sleutel) for d in presentatie.DIAS] == list(range(1, len(presentatie.DIAS) + 1))
    assert presentatie.nummer("behoefte") == presentatie.nummer("themas") + 1  # right after the white spots


@pytest.mark.parametrize("codes", [(), ("GM0312",), ("GM1961",), ("GM1904", "GM0355")])
def test_need_slide_counts_are_behoefte_lijst(con, codes):
    f = Filters(gemeenten=codes)
    b = presentatie.behoefte_dia(con, f)
    lijsten = {t: behoefte.lijst(con, f, t) for t in behoefte.REGELS}
    namen = dict(con.execute("SELECT thema_id, naam FROM themas").fetchall())
    assert dict(zip(b.per_thema["thema_id"], b.per_thema["aantal"])) == {t: len(df) for t, df in lijsten.items()}
    assert b.per_thema["thema"].tolist() == [namen[t] for t in b.per_thema["thema_id"]]
    assert b.per_thema["aantal"].is_monotonic_decreasing
    assert b.kleine_kernen == themas.kleine_kernen_aantal(con, f)
    ids = set().union(*(set(df["kern_id"]) for df in lijsten.values()))
    assert b.met_signaal == len(ids) > 0
    # each kern once, strongest first, and never more than the slide can hold
    assert b.sterkst["kern"].is_unique and b.sterkst["signaal"].is_monotonic_decreasing
    assert len(b.sterkst) == min(presentatie.BEHOEFTE_KERNEN, len(ids))
    sterkste = max(float(df["signaal"].max()) for df in lijsten.values() if len(df))
    assert b.sterkst["signaal"].iloc[0] == pytest.approx(sterkste)
    assert b.sterkst["kerncijfers"].str.len().gt(0).all()


@pytest.mark.parametrize("codes", [("GM0344",), ("GM0335",)], ids=["Utrecht: no small kernen", "Montfoort: no needs"])
def test_need_slide_empty_cases(con, codes):
    b = presentatie.behoefte_dia(con, Filters(gemeenten=codes))
    assert b.met_signaal == 0 and b.sterkst.empty
    assert len(b.per_thema) == len(behoefte.REGELS) and (b.per_thema["aantal"] == 0).all()
    assert b.kleine_kernen == (0 if codes == ("GM0344",) else 2)


def test_need_slide_on_a_store_without_a_rule_theme(seed_db, tmp_path):
    """A theme list without the rules' themes: no bars, no names, no error."""
    import shutil
    kopie = tmp_path / "s.duckdb"
    shutil.copy(seed_db, kopie)
    c = duckdb.connect(str(kopie))
    c.execute("DELETE FROM initiatief_themas WHERE thema_id IN (SELECT unnest(?))", [list(behoefte.REGELS)])
    c.execute("DELETE FROM themas WHERE thema_id IN (SELECT unnest(?))", [list(behoefte.REGELS)])
    b = presentatie.behoefte_dia(c, Filters())
    c.close()
    assert b.per_thema.empty and b.sterkst.empty and b.met_signaal == 0


def test_need_sentence():
    assert presentatie.behoefte_zin(42, 76, "de provincie Utrecht").startswith(
        "In **42 van de 76 kleine kernen** van de provincie Utrecht wijzen de cijfers van het dorp op een behoefte")
    assert presentatie.behoefte_zin(3, 3, "gemeente X").startswith("In **alle 3 kleine kernen** van gemeente X")
    assert presentatie.behoefte_zin(1, 1, "gemeente Baarn").startswith("In **de enige kleine kern** van gemeente Baarn")
    assert presentatie.behoefte_zin(0, 0, "gemeente Utrecht").startswith("Gemeente Utrecht heeft geen kleine kernen")
    geen = presentatie.behoefte_zin(0, 2, "gemeente Montfoort")
    assert geen.startswith("In geen van de 2 kleine kernen van gemeente Montfoort") and "**" not in geen
    assert "wijzen de cijfers van het dorp niet op" in presentatie.behoefte_zin(0, 1, "gemeente Eemnes")
    assert "1.234 kleine kernen" in presentatie.behoefte_zin(0, 1234, "x")


def test_need_bars_escape_theme_names_and_print_every_count():
    per_thema = pd.DataFrame({"thema": ["<b>Wonen</b>", "Voedsel"], "waarom": ["<i>x</i>", "y"], "aantal": [1234, 0]})
    fig = presentatie_fig.behoefte_figuur(per_thema, 2000)
    bar = fig.data[0]
    assert bar.y[0] == "&lt;b&gt;Wonen&lt;/b&gt;" and "&lt;b&gt;Wonen&lt;/b&gt;" in bar.customdata[0]
    assert "<b>Wonen</b>" not in bar.customdata[0] and "<i>" not in bar.customdata[0]
    assert list(bar.x) == [1234, 0] and list(bar.text) == ["1.234", "0"]  # a zero is a count, printed as such
    assert "van de 2.000 kleine kernen" in bar.customdata[0]
