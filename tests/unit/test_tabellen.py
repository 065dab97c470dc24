"""Tables show numbers the Dutch way whatever the browser (issue 10, finding 5): one helper,
format.tabelstijl, rounds like format.getal in the text; no page asks Streamlit for the browser's
own number format; every multiselect leaves out Streamlit's English "Select all / Select N matches"."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from vliegwiel import format as fmt

REPO = Path(__file__).resolve().parents[2]
BRONNEN = sorted([*(REPO / "app_pages").glob("*.py"), *(REPO / "vliegwiel").rglob("*.py"), REPO / "app.py"])


def _getoond(stijl) -> list[str]:
    """The cell texts a Styler shows, row by row."""
    return re.findall(r"<td[^>]*>([^<]*)</td>", stijl.to_html())


def test_tabelstijl_shows_dutch_numbers_and_rounds_like_the_text():
    df = pd.DataFrame({"Gemeente": ["Lopik", "Utrecht"], "Inwoners": [14456, 361966],
                       "Per 1.000 inwoners": [0.065, 0.0651], "Aandeel": [12.25, 3.0]})
    cellen = _getoond(fmt.tabelstijl(df, {"Per 1.000 inwoners": 2, "Aandeel": 1}))
    assert cellen == ["Lopik", "14.456", fmt.getal(0.065, 2), fmt.getal(12.25, 1),
                      "Utrecht", "361.966", "0,07", "3,0"]
    assert "0,07" in cellen


def test_tabelstijl_keeps_the_numbers_numeric_so_sorting_stays_numeric():
    df = pd.DataFrame({"x": [10.5, 1.23, 0.069]})
    assert fmt.tabelstijl(df, {"x": 2}).data["x"].tolist() == [10.5, 1.23, 0.069]


def test_years_have_no_thousands_dot_and_unknown_reads_onbekend():
    df = pd.DataFrame({"Startjaar": pd.array([2021, None], dtype="Int64"), "sinds": [2019.0, None],
                       "Peiljaar": [2022, 2021], "Naam": ["a", None], "Inwoners": [None, 2500.0]})
    cellen = _getoond(fmt.tabelstijl(df))
    assert cellen == ["2021", "2019", "2022", "a", "onbekend", "onbekend", "onbekend", "2021", "onbekend", "2.500"]


def test_an_age_in_a_header_is_no_year_column():
    """'Inwoners 0 tot 15 jaar (%)' holds shares: 18,0, not the year-style '18' (issue 12, the Kaart's kernen)."""
    df = pd.DataFrame({"Inwoners 0 tot 15 jaar (%, 1 januari 2024)": [18.04], "Inwoners 65 jaar en ouder": [19.7],
                       "Peiljaar": [2024]})
    assert _getoond(fmt.tabelstijl(df, {"Inwoners 0 tot 15 jaar (%, 1 januari 2024)": 1,
                                        "Inwoners 65 jaar en ouder": 1})) == ["18,0", "19,7", "2024"]


def test_text_for_st_table_is_escaped_markdown():
    """st.table draws its cells as Markdown; a name like **x** or [a](b) must show as typed."""
    cellen = _getoond(fmt.tabelstijl(pd.DataFrame({"Naam": ["**x** [a](b)", None], "n": [1, 2]}), markdown=True))
    assert cellen == [fmt.md("**x** [a](b)"), "1", "onbekend", "2"]
    assert cellen[0].startswith("\\*\\*x")


def test_a_table_too_big_for_a_styler_gets_dutch_text():
    df = pd.DataFrame({"n": range(60_000), "f": [1234.5] * 60_000})
    uit = fmt.tabelstijl(df, {"f": 1})
    assert isinstance(uit, pd.DataFrame) and uit["f"].iloc[0] == "1.234,5" and uit["n"].iloc[1234] == "1.234"


def test_empty_and_textless_tables_work():
    assert _getoond(fmt.tabelstijl(pd.DataFrame(columns=["a", "b"]))) == []
    assert _getoond(fmt.tabelstijl(pd.DataFrame({"b": [True]}))) == ["True"]


def _aanroepen(naam: str):
    for pad in BRONNEN:
        for node in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == naam:
                yield pad.relative_to(REPO), node


def test_no_page_formats_numbers_with_the_browsers_language():
    """NumberColumn(format="localized") follows navigator.languages (8,140 in an English browser)."""
    treffers = [str(p.relative_to(REPO)) for p in BRONNEN if re.search(r"[\"']localized[\"']", p.read_text(encoding="utf-8"))]
    assert treffers == []


def test_every_table_goes_through_tabelstijl():
    """st.dataframe / st.table get format.tabelstijl(...) (a printf format in column_config would win over it)."""
    fout = []
    for pad, node in [*_aanroepen("dataframe"), *_aanroepen("table")]:
        if not node.args:
            continue
        eerste = node.args[0]
        if not (isinstance(eerste, ast.Call) and getattr(eerste.func, "id", getattr(eerste.func, "attr", "")) == "tabelstijl"):
            fout.append(f"{pad}:{node.lineno}")
    assert fout == []


def test_every_dataframe_says_onbekend_for_a_missing_value():
    """A missing number is drawn as "None" unless st.dataframe gets a placeholder (a Styler cannot)."""
    fout = [f"{pad}:{node.lineno}" for pad, node in _aanroepen("dataframe")
            if not any(k.arg == "placeholder" and isinstance(k.value, ast.Constant) and k.value.value == fmt.ONBEKEND
                       for k in node.keywords)]
    assert fout == []


def test_every_multiselect_leaves_out_select_all_and_has_a_dutch_placeholder():
    """The default first option "Select N matches" is English, and Enter on it selects every match."""
    fout = []
    for pad, node in _aanroepen("multiselect"):
        kw = {k.arg: k.value for k in node.keywords}
        if not (isinstance(kw.get("select_all"), ast.Constant) and kw["select_all"].value is False):
            fout.append(f"{pad}:{node.lineno} select_all")
        if not (isinstance(kw.get("placeholder"), ast.Constant) and kw["placeholder"].value):
            fout.append(f"{pad}:{node.lineno} placeholder")
    assert fout == []


@pytest.mark.parametrize("bron, check", [
    ('st.multiselect("a", [1], placeholder="Kies")', "multiselect"),
    ('st.multiselect("a", [1], select_all=False)', "multiselect"),
    ('st.dataframe(df)', "tabel"),
    ('st.table(df.style)', "tabel"),
])
def test_the_source_checks_fail_on_a_violation(tmp_path, monkeypatch, bron, check):
    pad = tmp_path / "p.py"
    pad.write_text(f"import streamlit as st\n{bron}\n")
    monkeypatch.setitem(globals(), "BRONNEN", [pad])
    monkeypatch.setitem(globals(), "REPO", tmp_path)
    with pytest.raises(AssertionError):
        (test_every_table_goes_through_tabelstijl if check == "tabel" else
         test_every_multiselect_leaves_out_select_all_and_has_a_dutch_placeholder)()


# ---------- one translation per distinct table (issue #15) ----------

def _tabel(n: int = 40) -> pd.DataFrame:
    return pd.DataFrame({"Naam": [f"kern {i}" if i % 7 else None for i in range(n)],
                         "Inwoners": [1000 + 37 * i for i in range(n)], "Aandeel": [i / 3 for i in range(n)],
                         "Startjaar": pd.array([2000 + i if i % 5 else None for i in range(n)], dtype="Int64")})


def _zonder_id(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "uuid"}


def test_a_shared_translation_is_the_translation_pandas_makes():
    from pandas.io.formats.style import Styler

    df = _tabel()
    eerste, tweede = fmt.tabelstijl(df, {"Aandeel": 1}), fmt.tabelstijl(df.copy(), {"Aandeel": 1})
    gedeeld, weer = eerste._translate(False, False), tweede._translate(False, False)
    assert weer["body"] is gedeeld["body"]  # the second table of the same content reused the first's
    assert weer["uuid"] == tweede.uuid != eerste.uuid
    assert weer["body"] is not eerste._translate(True, True)["body"]  # another call (to_html's) has its own
    assert _zonder_id(eerste._translate(True, True)) == _zonder_id(Styler._translate(tweede, True, True))  # pandas' own
    assert _getoond(tweede) == _getoond(eerste)
    assert fmt.tabelstijl(df, {"Aandeel": 2})._translate(False, False)["body"] is not gedeeld["body"]
    anders = df.assign(Inwoners=df["Inwoners"] + 1)
    assert fmt.tabelstijl(anders, {"Aandeel": 1})._translate(False, False)["body"] is not gedeeld["body"]


@pytest.mark.parametrize("tabel", [
    _tabel(60),
    pd.DataFrame({"Naam": ["a", "b"], "Sinds": [2001, 2002], "Wel": [True, False]}),  # nothing to format
    pd.DataFrame({"Naam": ["a", None], "Per 1.000": [0.123456, None], "Aantal": [1, 2]}),
])
def test_streamlit_sends_the_same_table_from_a_shared_translation(tabel):
    """What st.dataframe sends for tabelstijl's Styler (the shared translation, cut to the cells
    Streamlit reads) is what it sends for pandas' own translation of the same Styler."""
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData

    protos = []
    for stijl in (fmt.tabelstijl(tabel, {"Per 1.000": 2}), fmt.tabelstijl(tabel.copy(), {"Per 1.000": 2})):
        proto = ArrowData()  # translated anew, then shared
        stijl.set_uuid("vast")
        marshall_styler(proto, stijl, "vast")
        protos.append(proto.SerializeToString())
    plain = fmt.tabelstijl(tabel, {"Per 1.000": 2})
    plain.set_uuid("vast")
    plain.format(fmt.tekst, subset=["Naam"])  # styled further: translated by pandas, not shared
    proto = ArrowData()
    marshall_styler(proto, plain, "vast")
    assert protos[0] == protos[1] == proto.SerializeToString()


def test_a_table_styled_further_is_not_shared():
    df = _tabel(10)
    fmt.tabelstijl(df)._translate(False, False)
    anders = fmt.tabelstijl(df)
    anders.format(lambda v: "X", subset=["Inwoners"])
    assert set(_getoond(anders)[1::4]) == {"X"}
    verborgen = fmt.tabelstijl(df).hide(subset=[0, 1], axis="index")
    assert verborgen._translate(False, False)["body"] is not fmt.tabelstijl(df)._translate(False, False)["body"]
    assert len(_getoond(verborgen)) == 4 * 8


def test_the_shared_translations_stay_within_their_budget(monkeypatch):
    monkeypatch.setattr(fmt, "_VERTAALD_MAX_CELLEN", 500)
    for n in range(20, 40):
        fmt.tabelstijl(_tabel(n))._translate(False, False)
    assert fmt._vertaald_cellen <= 500
    assert sum(n for _d, n in fmt._vertaald.values()) == fmt._vertaald_cellen
