"""Issue 11: what a crafted link puts on screen is escaped, short and validated."""
import time

from vliegwiel.presentatie import DIAS

PHISH = "**Let op: uw account verloopt** [log hier in](http://evil.example/login)"
IMAGE = "![x](http://evil.example/pixel.png)"


def _sidebar_notice(at) -> str:
    return "\n".join(i.value for i in at.sidebar.info)


def test_unknown_values_are_escaped_markdown(app_test, seed_db):
    at = app_test(seed_db, gemeente=[PHISH], thema=[IMAGE])
    assert not at.exception
    notice = _sidebar_notice(at)
    assert "Onbekende waarden in de link zijn genegeerd" in notice
    # every markdown character is backslash-escaped, so nothing becomes bold, a link or an image
    assert "**" not in notice and "](" not in notice and "![" not in notice
    assert r"\*\*Let op" in notice and r"\!\[x\]" in notice


def test_long_values_are_shortened(app_test, seed_db):
    at = app_test(seed_db, gemeente=["A" * 300])
    notice = _sidebar_notice(at)
    assert "A" * 40 + "…" in notice and "A" * 41 not in notice


def test_many_values_are_capped(app_test, seed_db):
    at = app_test(seed_db, status=[f"onzin{i}" for i in range(50)])
    notice = _sidebar_notice(at)
    assert "onzin4" in notice and "onzin5" not in notice and "en 45 meer" in notice


def test_a_100000_character_parameter_renders_quickly_and_small(app_test, seed_db):
    start = time.perf_counter()
    at = app_test(seed_db, gemeente=["x" * 100_000], thema=["<b>" * 30_000])
    assert not at.exception
    assert time.perf_counter() - start < 30
    assert len(_sidebar_notice(at)) < 500


def test_dia_in_the_back_link_is_a_validated_number(app_test, seed_db):
    at = app_test(seed_db, page="kaart", terug="presentatie", dia="3")
    labels = [p.label for p in at.get("page_link")]
    assert "Terug naar de presentatie (dia 3)" in labels
    for hostile in ["**nep** [klik](http://evil.example)", "9" * 5000, "-4", "x" * 100_000]:
        at = app_test(seed_db, page="kaart", terug="presentatie", dia=hostile)
        assert not at.exception
        labels = [p.label for p in at.get("page_link") if p.label.startswith("Terug")]
        assert labels and all(label in {f"Terug naar de presentatie (dia {n})" for n in range(1, len(DIAS) + 1)}
                              for label in labels), labels
