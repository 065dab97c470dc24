"""AppTest of the Verkennen pages: Overzicht, Kaart, Gemeenteprofiel, Kernprofiel and
Gemeenten vergelijken render on seed, empty and synthetic data, follow the filters and
round-trip their state through the URL. (Maps show as UnknownElement here; the builders
are tested in test_maps.py and in the browser.)"""
from __future__ import annotations

import pytest

PAGES = {
    "overzicht": {},
    "kaart": {"gebied": "Bunnik (gemeente)"},
    "gemeente": {"gemeente_profiel": "Bunnik"},
    "kern": {"kern": "Werkhoven"},
    "vergelijken": {"vergelijk": ["Bunnik", "Houten"]},
}


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [f"{m.label}: {m.value}" for m in at.metric] + [h.value for h in at.header] + [s.value for s in at.subheader]
    return "\n".join(parts)


def _qp(at, key) -> list[str]:
    v = at.query_params.get(key, [])
    return [v] if isinstance(v, str) else list(v)


def _metric(at, label) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("db", ["seed_db", "empty_db", "synthetic_db"])
def test_page_renders(app_test, request, page, db):
    at = app_test(request.getfixturevalue(db), page, **PAGES[page])
    assert not at.exception, at.exception
    assert at.title[0].value
    assert any("Bronnen" in c.value for c in at.caption)  # the footer ran: the whole page rendered


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_without_selection(app_test, seed_db, page):
    at = app_test(seed_db, page)
    assert not at.exception


def test_overzicht_figures_follow_filters(app_test, seed_db):
    alle = app_test(seed_db, "overzicht")
    assert _metric(alle, "Kernen") == "104" and _metric(alle, "Pilots") == "4"
    lopik = app_test(seed_db, "overzicht", gemeente="Lopik", thema="Energietransitie")
    assert _metric(lopik, "Initiatieven") == "1" and _metric(lopik, "Pilots") == "1"
    assert _metric(lopik, "Thema's gedekt") == "1 van 1"
    assert int(_metric(lopik, "Kernen")) < 104


def test_overzicht_counts_links_as_netwerk_and_ranks_by_the_count_it_shows(app_test, seed_db):
    alle = app_test(seed_db, "overzicht")
    netwerk = app_test(seed_db, "netwerk")
    assert _metric(alle, "Verbindingen") == _metric(netwerk, "Verbindingen") == "24"  # issue 10: was 22
    meest = alle.dataframe[0].value
    aantallen = [int(v.replace(".", "")) for v in meest["Initiatieven"]]
    assert aantallen == sorted(aantallen, reverse=True) and meest["Per 1.000 inwoners"].notna().all()
    assert meest["Gemeente"].iloc[0] == "Utrecht"  # most initiatives, though not the most per 1.000
    assert any("Gesorteerd op het aantal initiatieven" in c.value for c in alle.caption)


def test_overzicht_empty_database_is_friendly(app_test, empty_db):
    at = app_test(empty_db, "overzicht")
    assert any("Geen initiatieven voor deze selectie" in i.value for i in at.info)
    assert _metric(at, "Initiatieven") == "0"


def test_kaart_lists_initiatives_without_place(app_test, seed_db):
    at = app_test(seed_db, "kaart", gemeente="Lopik", thema="Energietransitie")
    tekst = _texts(at)
    assert "Zonne\\-collectief Duurzaam Lopikerwaard (Lopik; alleen gemeente bekend)" in tekst
    assert "Burennetwerk" not in tekst  # Utrecht, filtered away
    assert at.selectbox(key="maat").value == "per_1000"


def test_kaart_state_round_trips_through_url(app_test, seed_db):
    at = app_test(seed_db, "kaart", gebied="Werkhoven (kern)", maat="Aantal initiatieven")
    assert at.selectbox(key="gebied").value == "WP2605"
    assert at.selectbox(key="maat").value == "initiatieven"
    assert "Werkhoven" in [s.value for s in at.subheader]
    assert _qp(at, "gebied") == ["Werkhoven (kern)"]
    at.selectbox(key="gebied").select("GM0331").run()  # (the browser writes the URL: see tests/browser)
    assert "Lopik" in [s.value for s in at.subheader]


def test_kaart_with_network_and_osm_options(app_test, seed_db, synthetic_db):
    for db in (seed_db, synthetic_db):
        at = app_test(db, "kaart", netwerk="true", osm="true", maat="Aantal thema's gedekt")
        assert not at.exception
        assert at.toggle(key="netwerk").value and at.toggle(key="osm").value
        assert at.selectbox(key="maat").value == "themas"


def test_gemeente_profile_deep_link(app_test, seed_db):
    at = app_test(seed_db, "gemeente", gemeente_profiel="Bunnik")
    assert at.selectbox(key="gemeente_profiel").value == "GM0312"
    assert at.header[0].value == "Bunnik"
    assert _metric(at, "Inwoners") == "15.341"
    tekst = _texts(at)
    assert "Gelukkig en vitaal" in tekst and "Witte vlekken" in tekst
    assert "1 januari 2021" in tekst


def test_gemeente_profile_defaults_to_filtered_gemeente(app_test, seed_db):
    at = app_test(seed_db, "gemeente", gemeente="Lopik")
    assert at.selectbox(key="gemeente_profiel").value == "GM0331"
    assert "alleen de gemeente" in _texts(at)  # Lopikerwaard: kern unknown, listed as such


def test_unknown_profile_in_url_is_ignored(app_test, seed_db):
    at = app_test(seed_db, "gemeente", gemeente_profiel="Nergensland")
    assert not at.exception
    assert at.selectbox(key="gemeente_profiel").value is None
    at = app_test(seed_db, "kern", kern="<script>alert(1)</script>")
    assert not at.exception and at.selectbox(key="kern").value is None


def test_kern_profile(app_test, seed_db):
    at = app_test(seed_db, "kern", kern="Werkhoven")
    assert at.header[0].value == "Werkhoven"
    assert _metric(at, "Kleine kern") == "ja" and _metric(at, "Inwoners (ca.)") == "2.525"
    assert "benadering" in _texts(at)
    at = app_test(seed_db, "kern", kern="Tienhoven (Vijfheerenlanden)")
    assert at.selectbox(key="kern").value == "WP2107"


def test_vergelijken(app_test, seed_db):
    at = app_test(seed_db, "vergelijken", vergelijk=["Bunnik"])
    assert any("Kies minstens twee" in i.value for i in at.info)
    at.button[0].click().run()  # "Buurgemeenten toevoegen": own gemeente and two neighbours
    gekozen = at.multiselect(key="vergelijk").value
    assert gekozen[0] == "GM0312" and len(gekozen) == 3
    assert set(_qp(at, "vergelijk")) >= {"Bunnik", "Houten"}
    assert not at.exception
    assert len(at.table) >= 3  # the three comparison tables (st.table: they wrap on a phone)


def test_vergelijken_starts_from_the_pilot_gemeenten(app_test, seed_db):
    at = app_test(seed_db, "vergelijken")
    knop = next(b for b in at.button if "gemeenten met een pilot" in b.label)
    assert "Bunnik, Houten en Lopik" in knop.label
    knop.click().run()
    assert at.multiselect(key="vergelijk").value == ["GM0312", "GM0321", "GM0331"]
    assert set(_qp(at, "vergelijk")) == {"Bunnik", "Houten", "Lopik"}
    assert not at.info and len(at.table) >= 3


def test_no_personal_data_on_profiles(app_test, seed_db):
    import duckdb
    with duckdb.connect(str(seed_db), read_only=True) as c:
        namen = [r[0] for r in c.execute("SELECT naam FROM contactpersonen").fetchall()]
        mails = [r[0] for r in c.execute("SELECT email FROM contactpersonen WHERE email IS NOT NULL").fetchall()]
    for page, params in PAGES.items():
        at = app_test(seed_db, page, **params)
        tekst = _texts(at) + "\n".join(str(d.value.to_dict()) for d in [*at.dataframe, *at.table])
        for x in namen + mails:
            assert x not in tekst
