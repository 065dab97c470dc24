"""Need rules for white spots by need: thresholds, 'en'/'of', unknown figures never meet a rule."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from vliegwiel import behoefte, themas
from vliegwiel.filters import Filters


def test_rule_and_or_and_signal():
    df = pd.DataFrame({"pct_65plus": [30.0, 30.0, 10.0, None], "afstand_huisarts_km": [4.0, 1.0, 4.0, 5.0]})
    uit = behoefte.toepassen(df, behoefte.REGELS["gezondheid"], {"pct_65plus": 25, "afstand_huisarts_km": 2})
    assert uit["voldoet"].tolist() == [True, False, False, False]  # unknown 65+: not listed on a guess
    assert uit["signaal"].iloc[0] == pytest.approx((30 / 25 + 4 / 2) / 2)
    assert np.isnan(uit["signaal"].iloc[3])
    of = pd.DataFrame({"afstand_huisarts_km": [0.5, 0.5], "afstand_supermarkt_km": [4.0, 1.0],
                       "afstand_school_km": [0.5, 0.5]})
    uit = behoefte.toepassen(of, behoefte.REGELS["bereikbaarheid"], {})
    assert uit["voldoet"].tolist() == [True, False]


def test_lower_or_equal_criterion():
    df = pd.DataFrame({"pct_65plus": [30.0, 30.0], "gem_huishoudensgrootte": [2.0, 2.8]})
    uit = behoefte.toepassen(df, behoefte.REGELS["wonen"], {"pct_65plus": 25, "gem_huishoudensgrootte": 2.3})
    assert uit["voldoet"].tolist() == [True, False]


def test_rule_in_words():
    t = behoefte.regel_tekst(behoefte.REGELS["gezondheid"], {"pct_65plus": 30.0}, "Gezond leven")
    assert "aandeel 65-plussers minstens 30,0 %" in t and " én " in t and "2,0 km" in t


def test_list_holds_only_white_spots_that_meet_the_rule(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    df = behoefte.lijst(con, Filters(), "voedsel", (("afstand_supermarkt_km", 3.0),))
    vlekken = set(themas.witte_vlekken(con, Filters(), ("voedsel",))["kern_id"])
    assert len(df) > 0 and set(df["kern_id"]) <= vlekken
    assert (df["afstand_supermarkt_km"] >= 3.0).all()
    assert df["signaal"].is_monotonic_decreasing
    assert behoefte.lijst(con, Filters(), "voedsel", (("afstand_supermarkt_km", 10.0),)).empty
    con.close()


def test_the_listed_kernen_are_drawn_on_the_map(seed_db):
    from vliegwiel.figures import witte_vlekken
    con = duckdb.connect(str(seed_db), read_only=True)
    df = behoefte.lijst(con, Filters(), "voedsel", (("afstand_supermarkt_km", 3.0),))
    html = witte_vlekken.witte_vlekken_kaart(df.assign(in_themas=0), themas.gemeentegrenzen(con, Filters()),
                                             "Voedsel").get_root().render()
    assert df["latitude"].notna().all()
    assert html.count("L.circleMarker(") == len(df) > 0
    con.close()


def test_the_figures_behind_a_kern_in_a_few_words():
    gezondheid, bereikbaarheid, wonen = (behoefte.REGELS[t] for t in ("gezondheid", "bereikbaarheid", "wonen"))
    rij = {"pct_65plus": 37.5, "afstand_huisarts_km": 5.1}
    # furthest past its threshold first: 5,1 / 2 > 37,5 / 25
    assert behoefte.kerncijfers(rij, gezondheid) == "5,1\u00a0km tot de huisarts en 37,5\u00a0% 65-plussers"
    assert behoefte.kerncijfers(rij, gezondheid, n=1) == "5,1\u00a0km tot de huisarts"
    # an "of" rule names only the criteria met; an unknown figure is never named
    rij = pd.Series({"afstand_huisarts_km": 1.0, "afstand_supermarkt_km": 3.6, "afstand_school_km": None})
    assert behoefte.kerncijfers(rij, bereikbaarheid) == "3,6\u00a0km tot een grote supermarkt"
    assert behoefte.kerncijfers(rij, bereikbaarheid, {"afstand_supermarkt_km": 4.0}) == ""
    assert behoefte.kerncijfers({"pct_65plus": 27.3, "gem_huishoudensgrootte": 2.2}, wonen) == \
        "27,3\u00a0% 65-plussers en gemiddeld 2,2 personen per huishouden"
    # a namedtuple row, as the presentation reads lijst()
    r = next(pd.DataFrame([{"afstand_supermarkt_km": 5.0}]).itertuples())
    assert behoefte.kerncijfers(r, behoefte.REGELS["voedsel"]) == "5,0\u00a0km tot een grote supermarkt"
