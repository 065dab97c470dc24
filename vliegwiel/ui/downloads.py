"""Download buttons and plain name lists under a chart or table (Streamlit glue)."""
from __future__ import annotations

import streamlit as st

from vliegwiel import exports
from vliegwiel.format import tabelstijl


def downloads(naam: str, tabellen, key: str, wat: str = "") -> None:
    """CSV (the first table) and Excel (every table, a sheet each) of the numbers shown: the one
    download row every page uses, so wherever there is a CSV there is an Excel file too.

    `tabellen` is {sheet name: DataFrame or Styler}, or one table (sheet "Gegevens"); `naam` is
    the file name without extension; `wat` names the content in the labels ("initiatieven":
    "Download initiatieven (CSV)" / "(Excel)"), else "CSV downloaden" / "Excel downloaden"."""
    if not isinstance(tabellen, dict):
        tabellen = {"Gegevens": tabellen}
    eerste = next(iter(tabellen.values()))
    csv_label, xlsx_label = ((f"Download {wat} (CSV)", f"Download {wat} (Excel)") if wat
                             else ("CSV downloaden", "Excel downloaden"))
    rij = st.container(horizontal=True)
    # Both files are made when clicked, not on every run of the page.
    rij.download_button(csv_label, lambda: exports.csv_bytes(eerste), f"{naam}.csv", exports.CSV_MIME,
                        key=f"{key}_csv", icon=":material/download:")
    rij.download_button(xlsx_label, lambda: exports.excel_bytes(tabellen), f"{naam}.xlsx", exports.XLSX_MIME,
                        key=f"{key}_xlsx", icon=":material/download:")


def namenlijst(df, kolommen: dict) -> None:
    st.dataframe(tabelstijl(exports.met_onbekend(df[list(kolommen)].rename(columns=kolommen))), placeholder="onbekend", hide_index=True, width="stretch")
