"""AppTest of the Kernprofiel's village figures: a small, a tiny and a large kern show their own
CBS 2024 figures with year, source and caveat, beside similar kernen, gemeente and province."""
from __future__ import annotations

import pytest


def _metric(at, label) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    return "\n".join(parts + [i.value for i in at.info])


def _dorpstabel(at):
    return next(d.value for d in at.dataframe if "Soortgelijke kernen (2024)" in d.value.columns)


def test_small_kern_shows_its_figures_with_year_and_source(app_test, seed_db):
    at = app_test(seed_db, "kern", kern="Werkhoven")
    assert not at.exception
    assert _metric(at, "Afstand tot grote supermarkt") == "3,6 km"
    assert any(s.value == "Het dorp in cijfers" for s in at.subheader)
    assert "1 januari 2024 · CBS 85984NED" in _texts(at) and "editie 2024 · CBS 85984NED" in _texts(at)
    tabel = _dorpstabel(at)
    rij = tabel[tabel["Kenmerk"] == "Afstand tot grote supermarkt"].iloc[0]
    assert rij["Werkhoven"] == "3,6 km" and rij["Peiljaar"] == "editie 2024"
    assert rij["Soortgelijke kernen (2024)"].startswith("mediaan ")
    assert "Gemeente Bunnik (editie 2021)" in tabel.columns
    assert rij["Gemeente Bunnik (editie 2021)"] == "0,7 km"  # the 2021 edition, labelled as such


def test_tiny_kern_ossenwaard_warns_about_one_buurt_and_rounding(app_test, seed_db):
    at = app_test(seed_db, "kern", kern="Ossenwaard")
    assert not at.exception
    waarschuwingen = " ".join(w.value for w in at.warning).replace("\\", "")  # md() escapes
    assert "één CBS-buurt" in waarschuwingen and "vijftallen" in waarschuwingen
    assert _dorpstabel(at).loc[0, "Ossenwaard"] == "15"


@pytest.mark.parametrize("naam", ["Amersfoort", "Haarzuilens"])
def test_large_kern_and_kern_without_pc4(app_test, seed_db, naam):
    at = app_test(seed_db, "kern", kern=naam)
    assert not at.exception
    tabel = _dorpstabel(at)
    assert len(tabel) == 9 and (tabel["Peiljaar"].str.contains("2024")).all()
    assert not tabel[naam].isin(["None", "nan"]).any()


def test_picker_finds_cabauw_as_part_of_lopik(app_test, seed_db):
    at = app_test(seed_db, "kern", kern="Cabauw (deel van woonplaats Lopik)")
    assert not at.exception
    assert at.selectbox(key="kern").value.startswith("plaats:cabauw:WP")
    assert any("Cabauw is geen CBS-woonplaats" in i.value and "Lopik" in i.value for i in at.info)
    assert at.header[0].value == "Lopik"
    assert _dorpstabel(at).columns[1] == "Lopik"
