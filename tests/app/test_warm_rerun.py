"""Issue #15: under load every session after the first finds the caches warm; a rerun of the
pages benchmarks/load.py walks must then build no map, chart or derived table again (building
them was most of a rerun's CPU). The builders are counted where the pages look them up."""
from __future__ import annotations

import collections
import functools

import pytest

from vliegwiel import pilots
from vliegwiel.figures import kaart as kaart_fig, pilots as pilots_fig, themas as themas_fig

BOUWERS = {
    "overzicht": [(kaart_fig, "kaart")],
    "kaart": [(kaart_fig, "kaart")],
    "themas": [(themas_fig, "dekking_heatmap")],
    "pilots": [(pilots_fig, "tijdlijn"), (pilots, "voortgang")],
}


def _tel(monkeypatch, bouwers) -> collections.Counter:
    aanroepen = collections.Counter()
    for module, naam in bouwers:
        origineel = getattr(module, naam)

        @functools.wraps(origineel)  # same module and name: the cache key and pickle find it
        def teller(*args, _origineel=origineel, _naam=naam, **kwargs):
            aanroepen[_naam] += 1
            return _origineel(*args, **kwargs)
        monkeypatch.setattr(module, naam, teller)
    return aanroepen


@pytest.mark.parametrize("page", list(BOUWERS))
def test_a_warm_rerun_builds_nothing_again(app_test, synthetic_db, monkeypatch, page):
    aanroepen = _tel(monkeypatch, BOUWERS[page])
    # Gemeente filter: a selection no other test warmed, so the first run builds.
    at = app_test(synthetic_db, page, gemeente=["Lopik", "Bunnik"])
    assert not at.exception, at.exception
    gebouwd = dict(aanroepen)
    assert gebouwd and all(gebouwd.values()), gebouwd
    at.run()
    assert not at.exception, at.exception
    at.switch_page("app_pages/netwerk.py").run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    assert dict(aanroepen) == gebouwd  # the second and third run used the first one's result


def test_sessions_share_a_build_and_another_selection_gets_its_own(app_test, synthetic_db, monkeypatch):
    aanroepen = _tel(monkeypatch, BOUWERS["themas"])
    app_test(synthetic_db, "themas", gemeente=["Lopik", "Montfoort"])
    assert aanroepen["dekking_heatmap"] == 1
    tweede = app_test(synthetic_db, "themas", gemeente=["Lopik", "Montfoort"])  # another session, same view
    assert not tweede.exception and aanroepen["dekking_heatmap"] == 1
    app_test(synthetic_db, "themas", gemeente=["Lopik", "Oudewater"])
    assert aanroepen["dekking_heatmap"] == 2
