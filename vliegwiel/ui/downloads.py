"""Download buttons and plain name lists under a chart (Streamlit glue)."""
from __future__ import annotations

import streamlit as st

from vliegwiel import exports
from vliegwiel.format import tabelstijl


def downloads(naam: str, tabellen: dict, key: str) -> None:
    """CSV (first table) and Excel (all tables) with the numbers behind a chart."""
    eerste = next(iter(tabellen.values()))
    rij = st.container(horizontal=True)
    rij.download_button("CSV downloaden", exports.csv_bytes(eerste), f"{naam}.csv", exports.CSV_MIME,
                       key=f"{key}_csv", icon=":material/download:")
    rij.download_button("Excel downloaden", lambda: exports.excel_bytes(tabellen), f"{naam}.xlsx", exports.XLSX_MIME,
                       key=f"{key}_xlsx", icon=":material/download:")


def namenlijst(df, kolommen: dict) -> None:
    st.dataframe(tabelstijl(exports.met_onbekend(df[list(kolommen)].rename(columns=kolommen))), placeholder="onbekend", hide_index=True, width="stretch")


def csv_knop(label: str, tabel, bestand: str, key: str) -> None:
    """One CSV download of a table as shown."""
    st.download_button(label, exports.csv_bytes(tabel), bestand, exports.CSV_MIME, key=key, icon=":material/download:")
