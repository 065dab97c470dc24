"""Download files for frames that are empty or hold dates (issue 10, item 1: the white-spot
download raised "'any' with datetime64 dtypes is not supported" when there were none)."""
from __future__ import annotations

import io

import duckdb
import openpyxl
import pandas as pd

from vliegwiel import exports, themas
from vliegwiel.filters import Filters


def _leeg_met_datum() -> pd.DataFrame:
    return pd.DataFrame({"kern": pd.Series([], dtype=object), "inwoners": pd.Series([], dtype="Int64"),
                         "inwoners_peildatum": pd.Series([], dtype="datetime64[us]")})


def test_csv_and_excel_of_an_empty_frame_with_a_date_column():
    df = _leeg_met_datum()
    assert exports.csv_bytes(df).decode("utf-8-sig").strip() == "kern;inwoners;inwoners_peildatum"
    wb = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes({"Leeg": df})))
    assert [c.value for c in wb["Leeg"][1]] == ["kern", "inwoners", "inwoners_peildatum"]


def test_lists_are_still_joined_next_to_dates():
    df = pd.DataFrame({"namen": [["a", "b"], []], "datum": pd.to_datetime(["2021-01-01", None])})
    regels = exports.csv_bytes(df).decode("utf-8-sig").splitlines()
    assert regels[1] == '"a; b";2021-01-01' and regels[2] == ';'


def test_white_spots_of_a_gemeente_without_any_download(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    try:
        code = con.execute("SELECT gemeente_code FROM gemeenten WHERE naam = 'Bunnik'").fetchone()[0]
        vlekken = themas.witte_vlekken(con, Filters(gemeenten=(code,)))
    finally:
        con.close()
    assert vlekken.empty and pd.api.types.is_datetime64_any_dtype(vlekken["inwoners_peildatum"])
    tabel = vlekken.drop(columns=["latitude", "longitude"]).rename(columns=themas.WITTE_VLEKKEN_LABELS)
    assert exports.csv_bytes(tabel).decode("utf-8-sig").count("\n") == 1
    assert exports.excel_bytes({"Witte vlekken": tabel})
