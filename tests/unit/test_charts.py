"""Figure builders (vliegwiel.figures.style), the white-spot map and the download helpers."""
from __future__ import annotations

import datetime as dt
import io
import json

import duckdb
import openpyxl
import pandas as pd
import pytest

from vliegwiel import exports, pilots, themas
from vliegwiel.figures import mapbase, pilots as pilots_fig, style, themas as themas_fig, witte_vlekken
from vliegwiel.format import md

XSS = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def matrix(rijen: dict[str, dict[str, list[str]]]) -> pd.DataFrame:
    """A coverage matrix in long form from {rij: {thema_id: [names]}}."""
    themas = {"energie": ("Energietransitie", 1), "sociale-samenhang": ("Sociale samenhang", 2)}
    out = []
    for rij, cellen in rijen.items():
        totaal = len({n for namen in cellen.values() for n in namen})
        for thema_id, (naam, volgorde) in themas.items():
            namen = cellen.get(thema_id, [])
            out.append({"rij_id": rij, "rij": rij, "gemeente": rij, "thema_id": thema_id, "thema": naam,
                        "groep": "fysiek", "volgorde": volgorde, "aantal": len(namen), "namen": namen[:10],
                        "rij_totaal": totaal})
    return pd.DataFrame(out)


def all_text(fig) -> str:
    return json.dumps(fig.to_plotly_json(), default=str)


def test_heatmap_prints_counts_including_zero_and_escapes_names():
    m = matrix({"Lopik": {"energie": [XSS, "Zon"]}, "Bunnik": {}})
    fig = themas_fig.dekking_heatmap(m, ["Lopik", "Bunnik"])
    hm = fig.data[0]
    assert [list(r) for r in hm.z] == [[2, 0], [0, 0]]
    assert [list(r) for r in hm.text] == [["2", "0"], ["0", "0"]]
    assert list(hm.y) == ["Lopik", "Bunnik"]
    assert list(hm.x) == ["Energie", "Sociale samenhang"]  # short labels; full names in the hover
    hover = hm.customdata[0][0]
    assert ESCAPED in hover and XSS not in all_text(fig)
    assert "Energietransitie" in hover and "2 initiatieven" in hover
    assert "Geen initiatieven" in hm.customdata[1][0]
    # zero has its own colour, below the first blue
    schaal = hm.colorscale
    assert schaal[0][1] == style.NUL_KLEUR and schaal[-1][1] == style.BLAUWEN[-1]
    assert fig.layout.title.text == "Initiatieven per gemeente en thema"
    assert fig.layout.separators == ",."


def test_heatmap_hover_truncates_long_lists():
    namen = [f"Initiatief {i:02d}" for i in range(25)]
    m = matrix({"Utrecht": {"energie": namen}})
    m.loc[m["thema_id"] == "energie", "aantal"] = 25
    hover = themas_fig.dekking_heatmap(m, ["Utrecht"]).data[0].customdata[0][0]
    assert "Initiatief 09" in hover and "Initiatief 10" not in hover
    assert "+ 15 meer" in hover
    assert "25 initiatieven" in hover


@pytest.mark.parametrize("zmax", [1, 2, 7, 333, 10_000])
def test_colour_scale_is_valid_for_any_maximum(zmax):
    schaal = themas_fig._kleurschaal(zmax)
    posities = [p for p, _kleur in schaal]
    assert posities[0] == 0 and posities[-1] == 1 and posities == sorted(posities)
    assert 0 < posities[1] < 1 / zmax  # 0 has its own colour, 1 already blue


def test_heatmap_counts_use_dutch_thousands():
    m = matrix({"Utrecht": {"energie": ["a"]}})
    m.loc[m["thema_id"] == "energie", "aantal"] = 1234
    assert themas_fig.dekking_heatmap(m, ["Utrecht"]).data[0].text[0][0] == "1.234"


def test_heatmap_font_size_is_a_parameter():
    m = matrix({"Lopik": {"energie": ["a"]}})
    klein = themas_fig.dekking_heatmap(m, ["Lopik"], font_size=14)
    groot = themas_fig.dekking_heatmap(m, ["Lopik"], font_size=28)
    assert groot.layout.font.size == 28 and klein.layout.font.size == 14
    assert groot.layout.height > klein.layout.height


def test_timeline_shows_late_only_with_a_later_report():
    mp, bk = _tijdlijn_data()
    mp = mp.assign(gemeld_op=[None, dt.date(2021, 1, 10), None, None])  # a report after 8 December
    fig = pilots_fig.tijdlijn(pilots.met_status(mp, dt.date(2021, 1, 15)), bk, dt.date(2021, 1, 15))
    laat = {t.name: t for t in fig.data}["Te laat: na de datum nog niet gedaan gemeld"]
    assert list(laat.x) == [dt.date(2020, 12, 8)] and "38 dagen" in laat.customdata[0]


def test_empty_inputs_give_a_figure_that_says_why():
    fig = themas_fig.dekking_heatmap(matrix({}), [])
    assert len(fig.data) == 0
    assert "Geen plaatsen" in fig.layout.annotations[0].text
    fig = themas_fig.vliegwiel_figuur(pd.DataFrame(columns=["jaar", "nieuw", "cumulatief", "pilots"]), zonder_startjaar=15)
    assert "Van geen van de 15 initiatieven" in fig.layout.annotations[0].text
    leeg_mp = pd.DataFrame(columns=["pilot", "datum", "titel", "weergave_status", "dagen_te_laat"])
    leeg_bk = pd.DataFrame(columns=["naam", "datum", "datum_precisie", "datum_tekst"])
    fig = pilots_fig.tijdlijn(leeg_mp, leeg_bk, dt.date(2021, 1, 1))
    assert "nog geen mijlpalen" in fig.layout.annotations[0].text


def test_flywheel_bars_line_pilot_stars_and_markers():
    per_jaar = pd.DataFrame({"jaar": [2018, 2019, 2020], "nieuw": [1, 0, 2], "cumulatief": [1, 1, 3],
                             "pilots": [[], [], [XSS]]})
    fig = themas_fig.vliegwiel_figuur(per_jaar, [(2020, "4 pilots: eerste mijlpaal 5 november 2020")])
    namen = [t.name for t in fig.data]
    assert namen == ["Gestart in dat jaar", "Opgeteld (cumulatief)", "Start van een pilot"]
    assert list(fig.data[1].y) == [1, 1, 3]
    assert list(fig.data[2].x) == [2020] and fig.data[2].marker.symbol == "star"
    assert ESCAPED in fig.data[2].customdata[0] and XSS not in all_text(fig)
    assert fig.layout.xaxis.title.text == "Startjaar" and fig.layout.yaxis.title.text == "Aantal initiatieven"
    assert any("eerste mijlpaal 5 november 2020" in a.text for a in fig.layout.annotations)


@pytest.mark.parametrize("maximum, stap", [(1, 1), (3, 1), (12, 5), (240, 50)])
def test_flywheel_count_axis_ticks_whole_numbers_only(maximum, stap):
    """One initiative used to give ticks 0, 0,2, 0,4 ... printed as 0, 0, 0, 1, 1."""
    per_jaar = pd.DataFrame({"jaar": [2018], "nieuw": [maximum], "cumulatief": [maximum], "pilots": [[]]})
    fig = themas_fig.vliegwiel_figuur(per_jaar)
    assert fig.layout.yaxis.dtick == stap and fig.layout.yaxis.tick0 == 0
    per_thema = pd.DataFrame([{"jaar": 2018, "thema_id": "t", "thema": "T", "volgorde": 1, "nieuw": maximum,
                               "cumulatief": maximum}])
    assert themas_fig.vliegwiel_thema_figuur(per_thema).layout.yaxis.dtick == stap


def test_flywheel_per_theme_lines_differ_beyond_colour():
    rows = []
    for n in range(10):
        for jaar in (2019, 2020):
            rows.append({"jaar": jaar, "thema_id": f"t{n}", "thema": f"Thema {n}", "volgorde": n, "nieuw": 1,
                         "cumulatief": jaar - 2018})
    fig = themas_fig.vliegwiel_thema_figuur(pd.DataFrame(rows))
    assert len(fig.data) == 10
    stijlen = {(t.line.color, t.line.dash, t.marker.symbol) for t in fig.data}
    assert len(stijlen) == 10
    assert all(t.line.color in style.REEKS for t in fig.data)


def test_theme_bars_group_by_colour_and_pattern():
    overzicht = pd.DataFrame([
        {"thema_id": "energie", "thema": "Energietransitie", "soort": "thema", "groep": "fysiek", "volgorde": 1,
         "initiatieven": 3, "gemeenten": 2, "kernen": 2, "namen": ["a", "b", "c"]},
        {"thema_id": "eenzaamheid", "thema": "Eenzaamheid voorkomen", "soort": "thema", "groep": "sociaal",
         "volgorde": 2, "initiatieven": 0, "gemeenten": 0, "kernen": 0, "namen": []},
    ])
    fig = themas_fig.thema_staaf(overzicht)
    assert [t.name for t in fig.data] == ["Fysieke doelen", "Sociale doelen"]
    assert fig.data[0].marker.pattern.shape != fig.data[1].marker.pattern.shape
    assert list(fig.data[1].text) == ["0"]  # zero shown, not hidden
    assert "Geen thema's" in themas_fig.thema_staaf(overzicht, groepen=("samenwerking",)).layout.annotations[0].text


def _tijdlijn_data():
    mp = pd.DataFrame([
        {"pilot_id": "p", "pilot": XSS, "datum": dt.date(2020, 11, 5), "titel": "Pitch", "status": "gedaan"},
        {"pilot_id": "p", "pilot": XSS, "datum": dt.date(2020, 12, 8), "titel": "Oogstfeest", "status": "gepland"},
        {"pilot_id": "p", "pilot": XSS, "datum": dt.date(2021, 3, 1), "titel": "Later", "status": "gepland"},
        {"pilot_id": "p", "pilot": XSS, "datum": None, "titel": "Film", "status": "gedaan"},
    ])
    bk = pd.DataFrame([
        {"naam": "Verkennersbijeenkomst", "datum": dt.date(2020, 11, 5), "datum_precisie": "dag", "datum_tekst": "x"},
        {"naam": "Werksessie", "datum": dt.date(2021, 1, 1), "datum_precisie": "maand", "datum_tekst": "januari 2021"},
        {"naam": "Kennismakingstoer", "datum": None, "datum_precisie": None, "datum_tekst": "29 juni"},
    ])
    return pilots.met_status(mp, dt.date(2021, 1, 15)), bk


def test_timeline_status_by_colour_and_symbol_and_today_line():
    mp, bk = _tijdlijn_data()
    fig = pilots_fig.tijdlijn(mp, bk, dt.date(2021, 1, 15))
    per_naam = {t.name: t for t in fig.data}
    gedaan = per_naam["Gedaan"]
    stil = per_naam["Niet gemeld: datum verstreken, niet bekend of het is gebeurd"]
    gepland = per_naam["Gepland"]
    assert len({gedaan.marker.symbol, stil.marker.symbol, gepland.marker.symbol}) == 3
    assert len({gedaan.marker.color, stil.marker.color, gepland.marker.color}) == 3
    # nothing reported since 8 December: not late, and no count of days
    assert list(stil.x) == [dt.date(2020, 12, 8)] and "meldt niet" in stil.customdata[0]
    assert "dagen" not in stil.customdata[0] and not any(t.name.startswith("Te laat") for t in fig.data)
    assert len(gedaan.x) == 1  # the undated milestone is left out (listed on the page)
    bijeenkomst = per_naam["Bijeenkomst van het programma"]
    assert len(bijeenkomst.x) == 2 and "alleen de maand is bekend" in bijeenkomst.customdata[1]
    assert fig.layout.shapes[0].x0 == dt.date(2021, 1, 15)
    assert any(a.text == "Vandaag: 15 januari 2021" for a in fig.layout.annotations)
    assert XSS not in all_text(fig) and ESCAPED in all_text(fig)
    assert "nov 2020" in fig.layout.xaxis.ticktext  # Dutch month names, formatted here
    assert "Nov" not in " ".join(fig.layout.xaxis.ticktext)


def test_timeline_points_at_today_outside_the_window():
    mp, bk = _tijdlijn_data()
    fig = pilots_fig.tijdlijn(mp, bk, dt.date(2026, 11, 23), start=dt.date(2020, 10, 1), eind=dt.date(2021, 4, 1))
    assert not fig.layout.shapes
    assert any("23 november 2026 → (buiten beeld)" in a.text for a in fig.layout.annotations)


def test_date_ticks_switch_to_years_for_long_spans():
    vals, teksten = pilots_fig._datum_ticks(dt.date(2017, 1, 1), dt.date(2026, 11, 23))
    assert teksten[0] == "2017" and teksten[-1] == "2026"
    vals, teksten = pilots_fig._datum_ticks(dt.date(2020, 10, 15), dt.date(2021, 2, 1))
    assert teksten == ["nov 2020", "dec 2020", "jan 2021", "feb 2021"]


def test_white_spot_map_is_offline_escaped_and_layered(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    kernen = themas.kernen_thema_dekking(con)
    grenzen = themas.gemeentegrenzen(con)
    con.close()
    assert kernen["in_themas"].sum() == 3  # Bunnik, Odijk, Werkhoven (gezondheid)
    kernen.loc[kernen.index[0], "kern"] = XSS
    m = witte_vlekken.witte_vlekken_kaart(kernen, grenzen, "Gezond leven en vitaliteit")
    assert mapbase.external_urls(m) == []
    html = m.get_root().render()
    assert XSS not in html and ESCAPED in html
    assert html.count("L.circleMarker(") == kernen["latitude"].notna().sum()
    assert "Kleine kernen \\u00b7 Gezond leven en vitaliteit" in html  # legend (JSON-encoded into the script)
    assert "Witte vlek: geen initiatief" in html
    assert "tileLayer" not in html  # no internet tiles: gemeente outlines give the geography


def test_map_view_fits_the_province_and_zooms_in_for_one_gemeente():
    _centrum, provincie = witte_vlekken.beeld(51.95, 4.8, 52.3, 5.6)
    (lat, lon), lopik = witte_vlekken.beeld(51.96, 4.9, 52.0, 5.0)
    assert 9 <= provincie <= 10.5 and lopik > provincie + 1.5
    assert (lat, lon) == pytest.approx((51.98, 4.95))
    assert provincie * 4 == int(provincie * 4)  # quarter steps (zoomSnap 0.25)


def test_circle_radius_grows_with_the_square_root():
    assert witte_vlekken.straal(10_000) == pytest.approx(12.0)
    assert witte_vlekken.straal(100) == 4.0  # minimum
    assert witte_vlekken.straal(None) == 4.0


def test_downloads_for_dutch_excel():
    df = pd.DataFrame({"Kern": ["Jaarsveld"], "Inwoners": [275], "Aandeel": [1.5], "Namen": [["a", "b"]]})
    csv = exports.csv_bytes(df)
    assert csv.startswith(b"\xef\xbb\xbf")
    assert csv.decode("utf-8-sig").splitlines() == ["Kern;Inwoners;Aandeel;Namen", 'Jaarsveld;275;1,5;"a; b"']
    wb = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes({"Een heel lange bladnaam van meer dan 31 tekens": df})))
    ws = wb.worksheets[0]
    assert len(ws.title) == 31
    assert [c.value for c in ws[2]] == ["Jaarsveld", 275, 1.5, "a; b"]


def test_unknown_values_display_as_onbekend():
    df = pd.DataFrame({"Gemeente": ["Lopik", None], "Aantal": [1, 2]})
    assert exports.met_onbekend(df)["Gemeente"].tolist() == ["Lopik", "onbekend"]
    assert exports.met_onbekend(df)["Aantal"].tolist() == [1, 2]
    assert df["Gemeente"].isna().sum() == 1  # the input is not changed
    # pandas' own string columns (what DuckDB gives), with NaN for a gap; a full column stays as it was
    tekst = pd.DataFrame({"Kern": pd.Series(["Cabauw", None], dtype="str"), "Thema": pd.Series(["Wonen", "Energie"], dtype="str")})
    uit = exports.met_onbekend(tekst)
    assert uit["Kern"].tolist() == ["Cabauw", "onbekend"] and uit["Thema"].tolist() == ["Wonen", "Energie"]


def test_round_tick_steps():
    assert [style.mooie_stap(m) for m in (3, 12, 280, 295, 1800)] == [1, 5, 100, 100, 500]


def test_markdown_escaping_keeps_text_literal():
    assert md(XSS) == r"\<img src\=x onerror\=alert\(1\)\>"
    assert md("[klik](javascript:alert(1))") == r"\[klik\]\(javascript\:alert\(1\)\)"
    assert md(":red[rood] $x$") == r"\:red\[rood\] \$x\$"
    assert md(None) == "onbekend"


def test_seed_figures_build(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    m = themas.dekking(con)
    fig = themas_fig.dekking_heatmap(m, themas.rij_volgorde(m))
    assert len(fig.data[0].y) == 26
    themas_fig.thema_staaf(themas.thema_overzicht(con))
    themas_fig.vliegwiel_figuur(themas.vliegwiel_per_jaar(con))
    mp = pilots.met_status(pilots.mijlpalen(con), dt.date(2026, 1, 1))
    fig = pilots_fig.tijdlijn(mp, pilots.bijeenkomsten(con), dt.date(2026, 1, 1))
    assert len(fig.layout.yaxis.categoryarray) == 5  # programme row + four pilots
    con.close()
