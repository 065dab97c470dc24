"""The Buurzaamheidsindex: normalisation, weights, unknown stays unknown, a reproducible band."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from vliegwiel import buurzaamheid as bz


def _ruw(rijen):
    df = pd.DataFrame(rijen, columns=["kern_id", *bz.IDS])
    return df.assign(kern=df["kern_id"], gemeente="G")


def test_normalisation_min_max_and_direction():
    x = np.array([[0.0, 1.0], [5.0, 3.0], [10.0, np.nan]])
    n = bz.normaliseer(x, np.array([True, False]))
    assert n[:, 0].tolist() == [0.0, 0.5, 1.0]
    assert n[0, 1] == 1.0 and n[1, 1] == 0.0 and np.isnan(n[2, 1])  # shorter distance is stronger


def test_weights_change_the_ranking_and_zero_weight_drops_a_component():
    ruw = _ruw([("A", 1, 1, 1, 1, 10), ("B", 0, 0, 0, 5, 30), ("C", 0.5, 0.5, 0.5, 3, 20)])
    gelijk = bz.index(ruw, {})
    assert gelijk["kern_id"].tolist()[0] == "A"
    jong = bz.index(ruw, {i: (5 if i == "pct_0_14" else 0) for i in bz.IDS})
    assert jong["kern_id"].tolist() == ["B", "C", "A"]
    assert jong.loc[jong["kern_id"] == "B", "score"].item() == 1.0


def test_a_kern_without_a_figure_is_unknown_not_zero():
    ruw = _ruw([("A", 1, 1, 1, 1, 10), ("B", 0, 0, 0, np.nan, 30), ("C", 0.5, 0.5, 0.5, 3, 20)])
    df = bz.index(ruw, {}).set_index("kern_id")
    assert np.isnan(df.loc["B", "score"]) and np.isnan(df.loc["B", "rang"]) and np.isnan(df.loc["B", "band_van"])
    assert df["rang"].dropna().tolist() == [1.0, 2.0]
    # Without weight on the missing component, B has a score again.
    zonder = bz.index(ruw, {"afstand_voorzieningen": 0}).set_index("kern_id")
    assert not np.isnan(zonder.loc["B", "score"])
    assert bz.tabel(bz.index(ruw, {}), {}).iloc[-1]["Rang bij andere gewichten (5–95 %)"] == "onbekend"


def test_all_weights_zero_gives_no_score():
    ruw = _ruw([("A", 1, 1, 1, 1, 10), ("B", 0, 0, 0, 2, 30)])
    assert bz.index(ruw, {i: 0 for i in bz.IDS})["score"].isna().all()


def test_stability_band_is_reproducible_and_contains_the_rank():
    rng = np.random.default_rng(1)
    ruw = _ruw([(f"K{i}", *rng.uniform(0, 10, 5)) for i in range(40)])
    a, b = bz.index(ruw, {}), bz.index(ruw, {})
    pd.testing.assert_frame_equal(a, b)
    assert ((a["band_van"] <= a["rang"]) & (a["rang"] <= a["band_tot"])).all()
    ander = bz.index(ruw, {}, seed=2)
    assert not np.array_equal(ander["band_van"].to_numpy(), a["band_van"].to_numpy()) or \
        not np.array_equal(ander["band_tot"].to_numpy(), a["band_tot"].to_numpy())


def test_ranks_vectorised_equal_a_sort():
    s = np.array([[0.2, 0.9, 0.5], [0.1, 0.0, 0.3]])
    assert bz.rangen(s).tolist() == [[3, 1, 2], [2, 3, 1]]


def test_on_the_store_every_score_is_traceable(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    ruw = bz.ruwe_cijfers(con)
    assert len(ruw) == con.execute("SELECT count(*) FROM kernen WHERE is_kleine_kern").fetchone()[0]
    df = bz.index(ruw, {})
    top = df.iloc[0]
    rijen = bz.register_rijen(con, top["kern_id"])
    assert len(rijen) == top["initiatieven"] and rijen["Verbindingen"].sum() >= top["verbindingen"] > 0
    werkhoven = ruw[ruw["kern"] == "Werkhoven"].iloc[0]
    assert werkhoven["afstand_voorzieningen"] == pytest.approx((0.8 + 3.6 + 0.8) / 3)
    con.close()
