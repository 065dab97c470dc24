"""Issue 10, item 8: every page that offers a CSV download offers the same numbers as Excel."""
from __future__ import annotations

import pytest

STATES = [
    ("overzicht", {}),
    ("kaart", {}),
    ("gemeente", {"gemeente_profiel": "Bunnik"}),
    ("kern", {"kern": "Werkhoven"}),
    ("vergelijken", {"vergelijk": ["Bunnik", "Lopik"]}),
    ("pilots", {}),
    ("themas", {"weergave": "Witte vlekken"}),
    ("themas", {"weergave": "Dekking"}),
]


@pytest.mark.parametrize(("page", "params"), STATES, ids=[f"{p}-{'-'.join(map(str, q.values()))}" for p, q in STATES])
def test_every_csv_download_has_an_excel_twin(app_test, seed_db, page, params):
    at = app_test(seed_db, page=page, **params)
    assert not at.exception
    knoppen = at.get("download_button")
    csv = [b for b in knoppen if "CSV" in b.label]
    assert csv, f"{page} offers no CSV"
    labels = {b.label for b in knoppen}
    for b in csv:
        assert b.label.replace("CSV", "Excel") in labels, f"{page}: {b.label!r} has no Excel twin"
