"""AppTest of the Buurzaamheidsindex page: default and URL-given weights, the exploration
statement, unknown never zero, and a kern traced to its register rows."""
from __future__ import annotations


def _index(at):
    return next(d.value for d in at.dataframe if "Score (0–1)" in d.value.columns)


def test_default_weights(app_test, seed_db):
    at = app_test(seed_db, "buurzaamheid")
    assert not at.exception
    assert "verkenning, geen officiële index" in at.warning[0].value and "004" in at.warning[0].value
    assert all(s.value == 1 for s in at.slider)
    t = _index(at)
    assert t["Rang"].iloc[0] == 1 and t["Kern"].iloc[0] == "Werkhoven"


def test_weights_from_the_url_give_the_same_ranking_for_a_colleague(app_test, seed_db):
    params = {"w_initiatieven_per_1000": "0", "w_themas": "0", "w_verbindingen": "0",
              "w_afstand_voorzieningen": "0", "w_pct_0_14": "5"}
    a = app_test(seed_db, "buurzaamheid", **params)
    b = app_test(seed_db, "buurzaamheid", **params)
    assert not a.exception
    assert a.slider(key="w_pct_0_14").value == 5 and a.slider(key="w_themas").value == 0
    ta, tb = _index(a), _index(b)
    assert ta["Kern"].tolist() == tb["Kern"].tolist()
    assert ta["Kern"].iloc[0] == "Ossenwaard"  # 33,3 % aged 0-14: the highest share
    assert any(m.value.startswith("**Bovenaan bij deze weging:** Ossenwaard") for m in a.markdown)
    assert "Thema's gedekt" not in ta.columns  # a weight of 0 leaves the component out


def test_all_weights_zero_and_no_small_kernen(app_test, seed_db):
    nul = {f"w_{i}": "0" for i in ("initiatieven_per_1000", "themas", "verbindingen", "afstand_voorzieningen", "pct_0_14")}
    at = app_test(seed_db, "buurzaamheid", **nul)
    assert not at.exception and any("Alle gewichten staan op 0" in i.value for i in at.info)
    at = app_test(seed_db, "buurzaamheid", grootte="10.000 inwoners of meer")
    assert not at.exception and any("Geen kleine kernen" in i.value for i in at.info)


def test_a_score_traces_to_its_register_rows(app_test, seed_db):
    at = app_test(seed_db, "buurzaamheid")
    at.selectbox(key="index_kern").set_value(_kern_id("Werkhoven")).run()
    assert not at.exception
    assert any("Gelukkig en vitaal Werkhoven" in " ".join(d.value["Initiatief"]) for d in at.dataframe
               if "Initiatief" in d.value.columns)
    assert any("genormaliseerd" in m.value for m in at.markdown)


def _kern_id(naam):
    import duckdb

    from pipelines import config
    con = duckdb.connect(str(config.db_path()), read_only=True)
    try:
        return con.execute("SELECT kern_id FROM kernen WHERE naam = ?", [naam]).fetchone()[0]
    finally:
        con.close()
