"""AppTest of the Kaart's "Kleur de kernen naar" (issue 12): a village figure from the URL colours
the kernen, its column (unit and year in the header) joins the Kernen table with the store's
values, and the caption names its source and year."""
from __future__ import annotations

import duckdb

KOP = "Afstand tot grote supermarkt (km, editie 2024)"


def _kernen_tabel(at):
    return next(d.value for d in at.dataframe if "Kleine kern" in d.value.columns and "Kern" in d.value.columns)


def _captions(at) -> str:
    """The caption under the map (the footer names every source anyway)."""
    return next(c.value for c in at.caption if c.value.startswith("De kaart toont")).replace("\\", "")  # md() escapes


def test_kernmaat_from_the_url_colours_the_kernen_and_fills_the_table(app_test, seed_db):
    at = app_test(seed_db, "kaart", kernmaat="Afstand tot grote supermarkt")
    assert not at.exception
    assert at.selectbox(key="kernmaat").value == "afstand_supermarkt_km"
    tabel = _kernen_tabel(at)
    assert KOP in tabel.columns and "Dekking (% van de inwoners)" in tabel.columns
    with duckdb.connect(str(seed_db), read_only=True) as c:
        [(werkhoven,)] = c.execute("SELECT c.afstand_supermarkt_km FROM kern_cijfers c JOIN kernen k USING (kern_id) "
                                   "WHERE k.naam = 'Werkhoven'").fetchall()
    assert tabel.set_index("Kern").loc["Werkhoven", KOP] == werkhoven == 3.6
    tekst = _captions(at)
    assert "kleur: afstand tot grote supermarkt (km, editie 2024)" in tekst
    assert "afstand tot grote supermarkt: CBS StatLine 85984NED, Kerncijfers wijken en buurten 2024" in tekst


def test_default_is_the_number_of_initiatives_and_unknown_values_are_ignored(app_test, seed_db):
    at = app_test(seed_db, "kaart", kernmaat="<script>alert(1)</script>")
    assert not at.exception
    assert at.selectbox(key="kernmaat").value == "initiatieven"
    assert not any("(km, " in c or "editie 2024" in c for c in _kernen_tabel(at).columns)
    assert "kleur: aantal initiatieven" in _captions(at) and "85984NED" not in _captions(at)


def test_choosing_a_figure_on_the_page_and_a_filter_together(app_test, seed_db):
    at = app_test(seed_db, "kaart", gemeente="Bunnik")
    at.selectbox(key="kernmaat").select("pct_65plus").run()
    assert not at.exception
    tabel = _kernen_tabel(at)
    kop = "Inwoners 65 jaar en ouder (%, 1 januari 2024)"
    assert set(tabel["Gemeente"]) == {"Bunnik"} and tabel[kop].notna().all()
    assert tabel.set_index("Kern").loc["Werkhoven", kop] == 19.7
