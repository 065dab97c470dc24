"""Village figures (CBS Kerncijfers wijken en buurten 2024): loading, year/source/coverage per
figure, caveats and the comparison with similar kernen, gemeente (2021) and province (2024)."""
from __future__ import annotations

import pandas as pd
import pytest

from pipelines import build, config
from vliegwiel import kerncijfers as kc


def kern_id(con, naam: str) -> str:
    return con.execute("SELECT kern_id FROM kernen WHERE naam = ?", [naam]).fetchone()[0]


def test_all_104_kernen_have_village_figures(con):
    assert con.execute("SELECT count(*), count(DISTINCT kern_id) FROM kern_cijfers").fetchone() == (104, 104)
    assert con.execute("SELECT count(*) FROM kernen WHERE kern_id NOT IN (SELECT kern_id FROM kern_cijfers)"
                       ).fetchone() == (0,)
    assert con.execute("SELECT DISTINCT jaar, bron_tabel FROM kern_cijfers").fetchall() == [(2024, "85984NED")]


def test_every_figure_has_year_source_and_a_real_column(con):
    ind = kc.indicatoren(con)
    assert list(ind["kolom"]) == list(build.KERN_KOLOMMEN)
    assert ind["peiljaar"].str.contains("2024").all()
    assert ind["bron"].str.contains("85984NED").all()
    kolommen = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'kern_cijfers'").fetchall()}
    assert set(ind["kolom"]) <= kolommen
    assert set(ind["dekking_kolom"].dropna()) <= kolommen
    # A gemeente column, where given, exists in the 2021 table: compared, never mixed.
    gem = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'gemeenten'").fetchall()}
    assert set(ind["gemeente_kolom"].dropna()) <= gem


def test_values_are_the_files_values_not_averaged(con):
    raw = pd.read_csv(config.shared_data_dir() / "kernen_utrecht_cbs2024.csv").set_index("woonplaats_code")
    werkhoven = kern_id(con, "Werkhoven")
    row = con.execute("SELECT inwoners, pct_65plus, afstand_supermarkt_km, dekking_afstanden_pct "
                      "FROM kern_cijfers WHERE kern_id = ?", [werkhoven]).fetchone()
    r = raw.loc[werkhoven]
    assert row == (r["inwoners"], r["pct_65plus"], r["afstand_grote_supermarkt_km"], r["dekking_afstanden_pct"])


def test_haarzuilens_single_buurt_note_is_kept_and_shown(con):
    hz = kern_id(con, "Haarzuilens")
    n, koppeling, opmerking = con.execute(
        "SELECT n_buurten, koppeling, opmerking FROM kern_cijfers WHERE kern_id = ?", [hz]).fetchone()
    assert (n, koppeling) == (1, "naam")
    assert opmerking.startswith("één buurt")
    lang = kc.kern_vergelijking(con, hz)
    assert lang["kanttekening"].str.contains("één CBS-buurt").all()
    assert lang["kanttekening"].str.contains("geen eigen PC4").all()


def test_buurten_trace_the_village_figures(con):
    assert con.execute("SELECT count(*), count(kern_id) FROM buurten").fetchone() == (970, 960)
    werkhoven = kern_id(con, "Werkhoven")
    som = con.execute("SELECT sum(inwoners) FROM buurten WHERE kern_id = ?", [werkhoven]).fetchone()[0]
    assert som == con.execute("SELECT inwoners FROM kern_cijfers WHERE kern_id = ?", [werkhoven]).fetchone()[0]
    assert len(kc.buurten(con, werkhoven)) == 2


@pytest.mark.parametrize("dekking, n_buurten, verwacht", [
    (100.0, 3, ""),
    (80.0, 3, ""),
    (79.9, 3, "Alleen 80 %"),
    (None, 1, "één CBS-buurt"),
    (50.0, 1, "Alleen 50 %"),
])
def test_coverage_flags(dekking, n_buurten, verwacht):
    tekst = kc.kanttekening(dekking, n_buurten)
    if verwacht:
        assert verwacht in tekst
    else:
        assert tekst == ""


def test_low_coverage_and_one_buurt_both_flagged():
    tekst = kc.kanttekening(42.0, 1)
    assert "één CBS-buurt" in tekst and "Alleen 42 %" in tekst


def test_tiny_kern_gets_the_rounding_caveat(con):
    lang = kc.kern_vergelijking(con, kern_id(con, "Ossenwaard"))
    assert lang.loc[lang["kolom"] == "inwoners", "waarde"].item() == 15
    assert lang["kanttekening"].str.contains("vijftallen").all()


def test_comparison_with_similar_kernen_gemeente_and_province(con):
    werkhoven = kern_id(con, "Werkhoven")
    lang = kc.kern_vergelijking(con, werkhoven).set_index("kolom")
    klasse = con.execute("SELECT grootteklasse FROM kernen WHERE kern_id = ?", [werkhoven]).fetchone()[0]
    soort = con.execute("SELECT afstand_supermarkt_km FROM kern_cijfers JOIN kernen USING (kern_id) "
                        "WHERE grootteklasse = ? AND kern_id <> ?", [klasse, werkhoven]).df()["afstand_supermarkt_km"]
    s = lang.loc["afstand_supermarkt_km"]
    assert s["waarde"] == 3.6
    assert s["soortgelijk_mediaan"] == pytest.approx(soort.median())
    assert (s["soortgelijk_min"], s["soortgelijk_max"], s["soortgelijk_n"]) == (soort.min(), soort.max(), len(soort))
    gem = con.execute("SELECT afstand_supermarkt_km FROM gemeenten WHERE naam = 'Bunnik'").fetchone()[0]
    assert s["gemeente_waarde"] == gem and s["gemeente_peiljaar"] == "editie 2021"
    assert s["provincie_peiljaar"] == "2024"
    # Households have no gemeente figure in the 2021 bundle: no value from another year slips in.
    assert pd.isna(lang.loc["huishoudens", "gemeente_waarde"])


def test_province_reproduces_the_buurt_sum(con):
    prov = kc.provincie(con)
    assert prov["inwoners"] == 1_400_060
    assert 0 < prov["afstand_supermarkt_km"] < 5


def test_display_table_labels_every_year(con):
    werkhoven = kern_id(con, "Werkhoven")
    t = kc.tabel(kc.kern_vergelijking(con, werkhoven), "Werkhoven", "Bunnik")
    assert "Gemeente Bunnik (editie 2021)" in t.columns and "Provincie Utrecht (2024)" in t.columns
    rij = t[t["Kenmerk"] == "Afstand tot grote supermarkt"].iloc[0]
    assert rij["Werkhoven"] == "3,6 km"
    assert t.loc[t["Kenmerk"] == "Huishoudens", "Gemeente Bunnik (editie 2021)"].item() == "niet in deze editie"


def test_unknown_kern_gives_an_empty_frame(con):
    assert kc.kern_vergelijking(con, "WP0000").empty


def test_statenbrief_of_a_kern_holds_its_village_figures(con):
    from vliegwiel import statenbrief as sb
    brief = sb.kern_brief(con, kern_id(con, "Werkhoven"))
    cijfers = {c.label.split(" (")[0]: c for c in brief.cijfers}
    s = cijfers["Afstand tot grote supermarkt"]
    assert (s.waarde, s.peiljaar, s.bron) == ("3,6 km", "editie 2024", "CBS 85984NED (buurten)")
    assert "soortgelijke kernen: mediaan" in s.label
    assert "nog niet beschikbaar" not in brief.thema_uitleg
    tiny = sb.kern_brief(con, kern_id(con, "Ossenwaard"))
    assert "één CBS-buurt" in tiny.thema_uitleg
