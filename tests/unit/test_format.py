"""Dutch formatting: numbers as 1.234,5, dates as 5 november 2020, unknown as 'onbekend',
and the singular for exactly one."""
import datetime as dt

import pandas as pd
import pytest

from vliegwiel.format import aantal, datum, datumtijd, getal, procent, tekst


@pytest.mark.parametrize("waarde, decimalen, verwacht", [
    (1234.5, 1, "1.234,5"), (1234567, 0, "1.234.567"), (0.25, 2, "0,25"), (-1500, 0, "-1.500"),
    (None, 0, "onbekend"), (float("nan"), 1, "onbekend"), (pd.NA, 0, "onbekend"),
])
def test_getal_uses_dutch_separators(waarde, decimalen, verwacht):
    assert getal(waarde, decimalen) == verwacht


def test_procent_and_unit():
    assert procent(12.345) == "12,3 %"
    assert getal(1.5, 1, "km") == "1,5 km"


def test_datum_at_three_precisions():
    d = dt.date(2020, 11, 5)
    assert datum(d) == "5 november 2020"
    assert datum("2021-01-14") == "14 januari 2021"
    assert datum(d, "maand") == "november 2020"
    assert datum(d, "jaar") == "2020"
    assert datum(None) == "onbekend"


@pytest.mark.parametrize("n, verwacht", [(0, "0 initiatieven"), (1, "1 initiatief"), (2, "2 initiatieven"),
                                         (1200, "1.200 initiatieven")])
def test_aantal_is_singular_for_exactly_one(n, verwacht):
    assert aantal(n, "initiatief", "initiatieven") == verwacht


def test_tekst_shows_empty_as_unknown():
    assert tekst("  ") == "onbekend" and tekst(None) == "onbekend" and tekst("Lopik") == "Lopik"


def test_datumtijd_for_the_import_history():
    assert datumtijd(pd.Timestamp("2026-11-23 00:49:30")) == "23 november 2026, 00:49"
    assert datumtijd(pd.NaT) == "onbekend"
