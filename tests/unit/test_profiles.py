"""Gemeente and kern profiles, the comparison, neighbour detection and display helpers."""
from __future__ import annotations

import json

import pytest

from vliegwiel import profielen, register
from vliegwiel.filters import Filters
from vliegwiel.format import md, opsomming


def _vierkant(x0, y0, x1, y1):
    return json.dumps({"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]})


def test_buurgemeenten_pure():
    geo = {
        "A": _vierkant(0, 0, 1, 1),
        "B": _vierkant(1, 0, 2, 1),          # shares an edge with A
        "C": _vierkant(2, 1, 3, 2),          # touches A nowhere, B only at a corner
        "D": _vierkant(0, 1, 0.2, 2),        # shares a short edge with A
        "E": _vierkant(5, 5, 6, 6),          # far away
    }
    assert profielen.buurgemeenten(geo, "A") == ["B", "D"]   # longest shared border first
    assert profielen.buurgemeenten(geo, "B") == ["A"]         # a corner is not a border
    assert profielen.buurgemeenten(geo, "E") == []
    assert profielen.buurgemeenten(geo, "X") == []


def test_buren_of_real_gemeenten(con):
    namen = dict(con.execute("SELECT gemeente_code, naam FROM gemeenten").fetchall())
    bunnik = [namen[c] for c in profielen.buren(con, "GM0312")]
    assert {"Houten", "Zeist", "Wijk bij Duurstede"} <= set(bunnik)
    assert "Lopik" not in bunnik and "Bunnik" not in bunnik
    for code in namen:  # neighbourship is symmetric
        for b in profielen.buren(con, code):
            assert code in profielen.buren(con, b)


def test_kerncijfers_carry_year_and_source(con):
    lang = profielen.cbs_cijfers(con, ("GM0312", "GM0331"))
    assert set(lang["gemeente_code"]) == {"GM0312", "GM0331"}
    assert lang["peiljaar"].notna().all() and lang["bron"].str.contains("CBS").all()
    t = profielen.cbs_cijfers_tabel(lang, ("GM0331", "GM0312"))
    assert list(t.columns) == ["Kenmerk", "Lopik", "Bunnik", "Peiljaar", "Bron"]
    inw = t.set_index("Kenmerk").loc["Inwoners"]
    assert inw["Bunnik"] == "15.341" and inw["Peiljaar"] == "1 januari 2021"
    assert profielen.cbs_cijfers(con, ("GM0312",), ("inwoners",))["kolom"].tolist() == ["inwoners"]
    assert profielen.cbs_cijfers(con, ()).empty


@pytest.mark.parametrize("waarde, eenheid, kolom, tekst", [
    (15341, "personen", None, "15.341"),
    (22.34, "%", None, "22,3 %"),
    (33.7, "× € 1.000", None, "€ 33.700"),
    (0.84, "km", None, "0,8 km"),
    (2.21, "personen", "gem_huishoudgrootte", "2,2"),
    (None, "%", None, "onbekend"),
    (float("nan"), "km", None, "onbekend"),
])
def test_indicator_tekst(waarde, eenheid, kolom, tekst):
    assert profielen.indicator_tekst(waarde, eenheid, kolom) == tekst


def test_initiatieven_of_a_kern_include_multi_kern_initiatives(con):
    werkhoven = profielen.initiatieven(con, kern_id="WP2605")
    assert "ini-gelukkig-en-vitaal" in set(werkhoven["initiatief_id"])
    t = profielen.initiatieven_tabel(werkhoven)
    assert t.loc[0, "Kern(en)"] == "Bunnik, Odijk, Werkhoven" and t.loc[0, "Status"] == "onbekend"


def test_unknown_kern_listed_as_such(con):
    utrecht = profielen.initiatieven(con, gemeente_code="GM0344")
    onbekend = set(profielen.zonder_kern(utrecht)["naam"])
    assert "Lunetten Wil Wel" in onbekend and "Dwarsverband" not in onbekend  # Dwarsverband has a kern
    assert (profielen.initiatieven_tabel(profielen.zonder_kern(utrecht))["Kern(en)"] == "onbekend").all()


def test_profile_lists_ignore_the_gemeente_filter_but_keep_the_others(con):
    f = Filters(gemeenten=("GM0331",), themas=("gezondheid",))
    bunnik = profielen.initiatieven(con, f, gemeente_code="GM0312")
    assert bunnik["initiatief_id"].tolist() == ["ini-gelukkig-en-vitaal"]
    assert profielen.initiatieven(con, Filters(themas=("energie",)), gemeente_code="GM0312").empty


def test_themas_present_and_missing(con):
    t = profielen.themas(con, gemeente_code="GM0312").set_index("thema_id")
    assert t.loc["gezondheid", "aanwezig"] and not t.loc["energie", "aanwezig"]
    assert len(t) == 15
    assert profielen.themas(con, Filters(themas=("energie", "wonen")), kern_id="WP2605")["thema_id"].tolist() == \
        ["wonen", "energie"]


def test_pilots_and_organisations(con):
    assert profielen.pilots(con, gemeente_code="GM0312")["pilot_id"].tolist() == ["pilot-gelukkig-vitaal"]
    assert profielen.pilots(con, kern_id="WP2056")["pilot_id"].tolist() == ["pilot-voedselschuur"]
    assert profielen.pilots(con, gemeente_code="GM0307").empty
    org = profielen.organisaties(con, gemeente_code="GM0312")
    assert "Provincie Utrecht" in set(org["organisatie"])
    tabel = profielen.organisaties_tabel(org)
    assert not {"email", "telefoon"} & {c.lower() for c in tabel.columns}  # no personal data


def test_kern_and_options(con):
    k = profielen.kern(con, "WP2605")
    assert k["naam"] == "Werkhoven" and k["gemeente"] == "Bunnik" and k["is_kleine_kern"]
    assert profielen.kern(con, "WP0000") is None
    opties = register.kern_opties(con)
    assert opties["label"].is_unique and len(opties) == 104
    assert {"Tienhoven (Stichtse Vecht)", "Tienhoven (Vijfheerenlanden)"} <= set(opties["label"])
    assert profielen.ja_nee(None) == "onbekend" and profielen.ja_nee(True) == "ja"


def test_vergelijking_side_by_side(con):
    v = profielen.vergelijking(con, ("GM0312", "GM0321", "GM0331"))
    assert list(v.columns) == ["Kenmerk", "Bunnik", "Houten", "Lopik", "Bron"]
    rij = v.set_index("Kenmerk").loc["Initiatieven per 1.000 inwoners"]
    assert rij["Bunnik"] == "0,07"
    t = profielen.themas_vergelijking(con, ("GM0312", "GM0321"))
    assert list(t.columns) == ["Thema", "Soort", "Bunnik", "Houten"]
    assert t.set_index("Thema").loc["Gezond leven en vitaliteit", "Bunnik"] == 1


def test_markdown_escaping():
    assert md("<img src=x onerror=alert(1)>") == r"\<img src\=x onerror\=alert\(1\)\>"
    assert md("**vet** [x](javascript:y)") == r"\*\*vet\*\* \[x\]\(javascript\:y\)"
    assert md(None) == "onbekend"
    assert opsomming(["a", "b", "c"]) == "a, b en c"
    assert opsomming(["a"] * 5, 2) == "a, a en 3 meer"
