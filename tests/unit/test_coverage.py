"""Coverage computations (vliegwiel.themas) on a tiny hand-made store and on the seed."""
from __future__ import annotations

import duckdb
import pytest

from pipelines import config
from vliegwiel import themas
from vliegwiel.filters import Filters

POLY = '{"type":"MultiPolygon","coordinates":[[[[5.0,52.0],[5.1,52.0],[5.1,52.1],[5.0,52.0]]]]}'


@pytest.fixture
def mini():
    """Two gemeenten, four kernen (one of unknown size, one large), four themes, five initiatives."""
    con = duckdb.connect(":memory:")
    con.execute(config.SCHEMA_FILE.read_text())
    con.execute("INSERT INTO gemeenten (gemeente_code, naam, geometry_geojson, grens_bron, cijfers_bron) VALUES "
                "('GM0001', 'Aadorp', ?, 't', 't'), ('GM0002', 'Beekdorp', ?, 't', 't')", [POLY, POLY])
    con.execute("""INSERT INTO kernen (kern_id, naam, gemeente_code, latitude, longitude, inwoners, is_kleine_kern,
                   grootteklasse, bron) VALUES
        ('WP1', 'Akker', 'GM0001', 52.0, 5.0, 900, TRUE, 'tot-1000', 't'),
        ('WP2', 'Brink', 'GM0001', 52.1, 5.1, 4000, TRUE, '2500-5000', 't'),
        ('WP3', 'Centrum', 'GM0002', 52.2, 5.2, 20000, FALSE, '10000-plus', 't'),
        ('WP4', 'Dijk', 'GM0002', 52.3, 5.3, NULL, NULL, NULL, 't')""")
    con.execute("""INSERT INTO themas (thema_id, naam, soort, groep, volgorde, bron) VALUES
        ('energie', 'Energietransitie', 'thema', 'fysiek', 1, 't'),
        ('gezondheid', 'Gezond leven en vitaliteit', 'thema', 'sociaal', 2, 't'),
        ('wonen', 'Wonen', 'thema', 'fysiek', 3, 't'),
        ('co-creatie', 'Co-creatie', 'samenwerkingsvorm', 'samenwerking', 4, 't')""")
    con.execute("""INSERT INTO initiatieven (initiatief_id, naam, kern_id, gemeente_code, status, startjaar, is_pilot, bron)
        VALUES ('a', 'Zon op Akker', 'WP1', 'GM0001', 'actief', 2018, FALSE, 't'),
               ('b', 'Vitaal Akker en Brink', NULL, 'GM0001', 'actief', 2020, TRUE, 't'),
               ('c', 'Centrum wonen', 'WP3', 'GM0002', NULL, NULL, FALSE, 't'),
               ('d', 'Zonder plaats', NULL, NULL, 'gestopt', 2020, FALSE, 't'),
               ('e', '<img src=x onerror=alert(1)>', 'WP2', 'GM0001', 'gestopt', NULL, FALSE, 't')""")
    con.execute("""INSERT INTO initiatief_kernen VALUES ('a', 'WP1'), ('b', 'WP1'), ('b', 'WP2'), ('c', 'WP3'),
                   ('e', 'WP2')""")
    con.execute("""INSERT INTO initiatief_themas VALUES ('a', 'energie'), ('a', 'gezondheid'), ('b', 'gezondheid'),
                   ('b', 'co-creatie'), ('c', 'wonen'), ('d', 'energie')""")
    yield con
    con.close()


def cel(matrix, rij, thema):
    row = matrix[(matrix["rij"] == rij) & (matrix["thema_id"] == thema)]
    assert len(row) == 1, (rij, thema)
    return row.iloc[0]


def test_initiative_with_two_themes_counts_in_both(mini):
    m = themas.dekking(mini, niveau="kern")
    assert cel(m, "Akker", "energie")["aantal"] == 1
    assert cel(m, "Akker", "gezondheid")["aantal"] == 2
    assert cel(m, "Akker", "gezondheid")["namen"] == ["Vitaal Akker en Brink", "Zon op Akker"]
    # ...but the row total counts each initiative once
    assert cel(m, "Akker", "energie")["rij_totaal"] == 2


def test_kern_coverage_uses_every_kern_an_initiative_works_in(mini):
    m = themas.dekking(mini, niveau="kern")
    # 'b' has no home kern but works in Akker and Brink
    assert cel(m, "Brink", "gezondheid")["aantal"] == 1
    assert cel(m, "Brink", "gezondheid")["namen"] == ["Vitaal Akker en Brink"]


def test_matrix_has_zero_cells_for_every_place_and_theme(mini):
    m = themas.dekking(mini, niveau="gemeente")
    assert len(m) == 2 * 3  # 2 gemeenten x 3 themes (soort 'thema'; collaboration forms apart)
    assert cel(m, "Beekdorp", "energie")["aantal"] == 0
    assert cel(m, "Beekdorp", "energie")["namen"] == []
    assert cel(m, "Aadorp", "gezondheid")["aantal"] == 2
    assert cel(m, "Beekdorp", "wonen")["aantal"] == 1


def test_initiative_without_gemeente_is_not_dropped_silently(mini):
    m = themas.dekking(mini, niveau="gemeente")
    assert "Zonder plaats" not in {n for namen in m["namen"] for n in namen}
    buiten = themas.buiten_matrix(mini, niveau="gemeente")
    reden = dict(zip(buiten["naam"], buiten["reden"]))
    assert reden["Zonder plaats"] == "gemeente onbekend"
    assert reden["<img src=x onerror=alert(1)>"] == "geen thema"


def test_filters_apply_to_initiatives_and_places(mini):
    m = themas.dekking(mini, Filters(gemeenten=("GM0001",)), niveau="kern")
    assert set(m["rij"]) == {"Akker", "Brink"}
    m = themas.dekking(mini, Filters(statussen=("onbekend",)), niveau="gemeente")
    assert m["aantal"].sum() == 1 and cel(m, "Beekdorp", "wonen")["aantal"] == 1
    m = themas.dekking(mini, Filters(alleen_pilots=True), niveau="kern")
    assert cel(m, "Akker", "gezondheid")["aantal"] == 1 and cel(m, "Akker", "energie")["aantal"] == 0
    m = themas.dekking(mini, Filters(grootteklassen=("tot-1000",)), niveau="kern")
    assert set(m["rij"]) == {"Akker"}


def test_theme_filter_selects_the_matrix_columns(mini):
    m = themas.dekking(mini, Filters(themas=("energie", "co-creatie")), niveau="gemeente")
    assert set(m["thema_id"]) == {"energie", "co-creatie"}
    assert cel(m, "Aadorp", "co-creatie")["aantal"] == 1


def test_empty_selection_gives_an_empty_frame_not_an_error(mini):
    m = themas.dekking(mini, Filters(gemeenten=("GM9999",)), niveau="kern")
    assert m.empty and list(m.columns) == themas.MATRIX_COLUMNS
    assert themas.rij_volgorde(m) == []
    assert themas.breed(m).empty


def test_sort_by_total_or_by_name(mini):
    m = themas.dekking(mini, niveau="kern")
    assert themas.rij_volgorde(m, "totaal") == ["Akker", "Brink", "Centrum", "Dijk"]
    assert themas.rij_volgorde(m, "naam") == ["Akker", "Brink", "Centrum", "Dijk"]
    # Dijk gets two initiatives: it moves up, tied with Akker (ties stay alphabetical)
    mini.execute("INSERT INTO initiatieven (initiatief_id, naam, gemeente_code, bron) VALUES ('f', 'Extra', 'GM0002', 't')")
    mini.execute("INSERT INTO initiatief_kernen VALUES ('f', 'WP4'), ('c', 'WP4')")
    mini.execute("INSERT INTO initiatief_themas VALUES ('f', 'wonen')")
    m = themas.dekking(mini, niveau="kern")
    assert themas.rij_volgorde(m, "totaal") == ["Akker", "Dijk", "Brink", "Centrum"]
    assert themas.rij_volgorde(m, "naam") == ["Akker", "Brink", "Centrum", "Dijk"]
    with pytest.raises(ValueError):
        themas.rij_volgorde(m, "willekeurig")


def test_sort_key_ignores_leading_apostrophe():
    namen = ["Zeist", "'s-Graveland", "Amersfoort"]
    assert sorted(namen, key=themas.sorteer_sleutel) == ["Amersfoort", "'s-Graveland", "Zeist"]


def test_duplicate_kern_names_get_their_gemeente(mini):
    mini.execute("INSERT INTO kernen (kern_id, naam, gemeente_code, is_kleine_kern, bron) VALUES "
                 "('WP5', 'Akker', 'GM0002', TRUE, 't')")
    m = themas.dekking(mini, niveau="kern")
    assert {"Akker (Aadorp)", "Akker (Beekdorp)"} <= set(m["rij"])


def test_wide_table_for_download(mini):
    m = themas.dekking(mini, niveau="gemeente")
    tabel = themas.breed(m, themas.rij_volgorde(m))
    assert list(tabel.columns) == ["Totaal initiatieven", "Energietransitie", "Gezond leven en vitaliteit", "Wonen"]
    assert tabel.loc["Aadorp"].tolist() == [2, 1, 2, 0]


def test_white_spots_are_small_kernen_without_initiative_in_the_themes(mini):
    vlekken = themas.witte_vlekken(mini, themas=("energie",))
    # Akker has 'Zon op Akker'; Centrum is not small; Dijk's size is unknown -> listed apart
    assert vlekken["kern"].tolist() == ["Brink"]
    assert vlekken.iloc[0]["initiatieven_andere_themas"] == 2
    assert themas.witte_vlekken_grootte_onbekend(mini, themas=("energie",))["kern"].tolist() == ["Dijk"]
    assert themas.witte_vlekken(mini, themas=("gezondheid",)).empty
    assert themas.witte_vlekken(mini, themas=("wonen",))["kern"].tolist() == ["Brink", "Akker"]  # largest first


def test_white_spots_respect_status_and_place_filters(mini):
    # with only 'gestopt' initiatives counting, nobody works on gezondheid anywhere
    vlekken = themas.witte_vlekken(mini, Filters(statussen=("gestopt",)), themas=("gezondheid",))
    assert set(vlekken["kern"]) == {"Akker", "Brink"}
    vlekken = themas.witte_vlekken(mini, Filters(gemeenten=("GM0002",)), themas=("energie",))
    assert vlekken.empty
    assert themas.kleine_kernen_aantal(mini, Filters(gemeenten=("GM0001",))) == 2
    with pytest.raises(ValueError):
        themas.witte_vlekken(mini, themas=())


def test_theme_overview_and_group_totals(mini):
    o = themas.thema_overzicht(mini).set_index("thema_id")
    assert o.loc["gezondheid", "initiatieven"] == 2
    assert o.loc["gezondheid", "kernen"] == 2
    assert o.loc["co-creatie", "initiatieven"] == 1
    assert o.loc["wonen", "gemeenten"] == 1
    g = themas.groep_totalen(mini).set_index("groep")
    assert list(g.index) == ["fysiek", "sociaal", "samenwerking"]
    assert g.loc["fysiek", "initiatieven"] == 3  # a (energie), c (wonen), d (energie): each once
    assert g.loc["fysiek", "themas_met_initiatief"] == 2 and g.loc["fysiek", "themas"] == 2


def test_flywheel_per_year_fills_gaps_and_accumulates(mini):
    df = themas.vliegwiel_per_jaar(mini)
    assert df["jaar"].tolist() == [2018, 2019, 2020]
    assert df["nieuw"].tolist() == [1, 0, 2]
    assert df["cumulatief"].tolist() == [1, 1, 3]
    assert df["pilots"].tolist() == [[], [], ["Vitaal Akker en Brink"]]


def test_flywheel_per_theme(mini):
    df = themas.vliegwiel_per_thema(mini)
    energie = df[df["thema_id"] == "energie"]
    assert energie["cumulatief"].tolist() == [1, 1, 2]
    assert set(df["thema_id"]) == {"energie", "gezondheid"}  # wonen has no dated initiative


def test_unknown_start_years_are_counted_and_named(mini):
    zonder = themas.zonder_startjaar(mini)
    assert set(zonder["naam"]) == {"Centrum wonen", "<img src=x onerror=alert(1)>"}
    assert themas.initiatieven_aantal(mini) == 5
    assert themas.vliegwiel_per_jaar(mini)["nieuw"].sum() + len(zonder) == 5


def test_flywheel_without_any_start_year_is_empty(mini):
    mini.execute("UPDATE initiatieven SET startjaar = NULL")
    assert themas.vliegwiel_per_jaar(mini).empty
    assert themas.vliegwiel_per_thema(mini).empty
    assert len(themas.zonder_startjaar(mini)) == 5


def test_pilot_markers_fall_back_to_first_milestone(mini):
    mini.execute("INSERT INTO pilots (pilot_id, initiatief_id, naam, bron) VALUES ('p1', 'c', 'Pilot C', 't')")
    mini.execute("INSERT INTO mijlpalen (mijlpaal_id, pilot_id, datum, titel, status, bron) VALUES "
                 "('m1', 'p1', DATE '2020-11-05', 'Pitch', 'gedaan', 't')")
    starts = themas.pilot_starts(mini)
    assert themas.pilot_markeringen(starts) == [(2020, "1 pilot: eerste mijlpaal 5 november 2020")]


def test_seed_white_spots_for_health(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    vlekken = themas.witte_vlekken(con)
    kernen = set(vlekken["kern"])
    # Gelukkig en vitaal works in Bunnik, Odijk and Werkhoven: not white spots for health
    assert not {"Bunnik", "Odijk", "Werkhoven"} & kernen
    assert len(vlekken) == themas.kleine_kernen_aantal(con) - 3
    assert vlekken["inwoners"].notna().all()
    con.close()


def test_seed_bunnik_kern_matrix(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    m = themas.dekking(con, Filters(gemeenten=("GM0312",)), niveau="kern")
    assert set(m["rij"]) >= {"Bunnik", "Odijk", "Werkhoven"}
    for kern in ("Bunnik", "Odijk", "Werkhoven"):
        assert cel(m, kern, "gezondheid")["aantal"] == 1
    con.close()
