"""What the tables show, read from what the server sends (the display values of format.tabelstijl):
Dutch numbers (8.140, 0,07) on every page, whatever the browser's language. The browser's accessible
grid holds only raw values (tests/browser/test_locale.py), so this is where the display is checked."""
from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa
import pytest

PAGES = {"overzicht": {}, "kaart": {}, "gemeente": {"gemeente_profiel": "Lopik"}, "kern": {"kern": "Schalkwijk"},
         "vergelijken": {"vergelijk": ["Lopik", "Bunnik", "Utrecht"]}, "themas": {},
         "themas-vlekken": {"weergave": "Witte vlekken"}, "pilots": {}, "netwerk": {},
         "data": {}}
# 8,140 (English thousands) or 0.065 / 2.5 (English decimal point); Dutch 14.456 has three digits after the dot
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(,\d{3})+(?![\d,])|(?<![\d.,])(0\.\d+|\d+\.\d{1,2}|\d+\.\d{4,})(?![\d.])")


def _shown(arrow_proto) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    data = pa.ipc.open_stream(arrow_proto.data).read_all().to_pandas()
    if not arrow_proto.HasField("styler"):
        return data, None
    return data, pa.ipc.open_stream(arrow_proto.styler.display_values).read_all().to_pandas()


def _tables(at) -> list[tuple[pd.DataFrame, pd.DataFrame | None]]:
    out = [_shown(d.proto.arrow_data) for d in at.dataframe]
    out += [_shown(t.proto.arrow_data) for t in at.table]
    return out


@pytest.mark.parametrize("page", PAGES)
def test_tables_show_dutch_numbers(app_test, synthetic_db, seed_db, page):
    for db in (seed_db, synthetic_db):
        at = app_test(db, page=page.split("-")[0], **PAGES[page])
        assert not at.exception
        tabellen = _tables(at)
        assert tabellen, f"{page}: no table to check"
        for data, getoond in tabellen:
            getallen = [c for c in data.columns if pd.api.types.is_numeric_dtype(data[c])
                        and not pd.api.types.is_bool_dtype(data[c])]
            if getallen:
                assert getoond is not None, f"{page}: numbers {getallen} without Dutch display values"
            teksten = getoond if getoond is not None else data
            engels = sorted({str(v) for c in teksten.columns for v in teksten[c].dropna()
                             if ENGLISH_NUMBER.search(re.sub(r"CC BY(-SA)? \d\.\d", "", str(v)))})
            assert not engels, f"{page}: English number formats {engels[:10]}"
