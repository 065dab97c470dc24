"""Every table on every page says 'onbekend' where the data is silent: never None, nan or <NA>."""
import pandas as pd
import pytest

PAGES = {"overzicht": {}, "kaart": {}, "gemeente": {"gemeente_profiel": "Lopik"}, "kern": {"kern": "Schalkwijk"},
         "vergelijken": {"vergelijk": ["Lopik", "Bunnik"]}, "themas": {}, "pilots": {}, "netwerk": {},
         "data": {}, "toegankelijkheid": {}, "buurzaamheid": {}}
RAUW = ["None", "nan", "NaN", "<NA>", "NaT"]


@pytest.mark.parametrize("page", PAGES)
def test_no_table_shows_a_raw_missing_value(app_test, seed_db, page):
    at = app_test(seed_db, page=page, **PAGES[page])
    assert not at.exception
    rauw = []
    for tabel in at.dataframe:
        df = tabel.value
        for kolom in df.columns:
            s = df[kolom]
            if s.dtype == object or pd.api.types.is_string_dtype(s):
                n = int(s.isna().sum()) + int(s.astype(str).isin(RAUW).sum())
                if n:
                    rauw.append((kolom, n))
    assert rauw == []
