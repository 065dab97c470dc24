"""Data & bronnen: what each import changed, and (signed in) taking an import back; a profile's
"Geschiedenis van een initiatief"."""
from __future__ import annotations

import streamlit as st

from pipelines import config
from pipelines.errors import IngestError
from vliegwiel import bronnen, exports
from vliegwiel.format import aantal, md, tabelstijl
from vliegwiel.ui import shell, upload


def sectie() -> None:
    versheid()
    st.subheader("Wat elke import veranderde")
    runs = shell.query(bronnen.imports)
    if runs.empty:
        st.info("Er zijn nog geen registers geïmporteerd; alle gegevens komen uit het seed-register.",
                icon=":material/info:")
        return
    labels = dict(zip(runs["run_id"], runs["label"]))
    run_id = st.selectbox("Import", list(labels), format_func=labels.get, key="import_wijzigingen")
    df = shell.query(bronnen.import_wijzigingen, run_id=int(run_id))
    tellingen = df.drop_duplicates(["Soort", "Id"])["Wijziging"].value_counts()
    st.caption(", ".join(aantal(int(tellingen.get(w, 0)), f"record {w}", f"records {w}")
                         for w in ("nieuw", "gewijzigd", "niet meer in register")))
    if df.empty:
        st.write("Deze import veranderde niets: alle records waren al zo.")
    else:
        st.dataframe(tabelstijl(exports.met_onbekend(df)), placeholder="onbekend", hide_index=True, width="stretch")
    _ongedaan_maken(runs)


def versheid() -> None:
    st.subheader("Hoe actueel is het register")
    regel = ", ".join(f"'{label}' vanaf {aantal(jaren, 'jaar', 'jaar')}" for label, jaren in config.VERSHEID if jaren)
    st.caption("Per initiatief telt de datum waarop het voor het laatst in een geïmporteerd register stond "
               f"(voor het seed-register: de datum van het brondocument). Regel: {regel} zonder bevestiging; "
               "daarvoor 'actief'.")
    st.dataframe(tabelstijl(exports.met_onbekend(shell.query(bronnen.versheid_per_gemeente))), placeholder="onbekend", hide_index=True, width="stretch")


def _ongedaan_maken(runs) -> None:
    door = upload.editor()  # the same sign-in as the upload (st.login editor or shared password)
    if door is None:
        return
    from pipelines import undo
    imports = runs[runs["soort"].isin(["initiatieven", "verbindingen", "mijlpalen"])]
    if imports.empty:
        return
    with st.expander("Een import ongedaan maken"):
        st.write("De database wordt opnieuw opgebouwd zonder deze import. Het archief bewaart de import; "
                 "het ongedaan maken wordt zelf ook vastgelegd.")
        labels = dict(zip(imports["archief"], imports["label"]))
        naam = st.selectbox("Import", list(labels), format_func=labels.get, key="ongedaan_import")
        if st.button("Toon wat er verandert", key="ongedaan_voorbeeld"):
            try:
                st.session_state["ongedaan_preview"] = (naam, undo.preview(naam, config.db_path()))
            except IngestError as exc:
                st.error(md(str(exc)))
        voorbeeld = st.session_state.get("ongedaan_preview")
        if voorbeeld and voorbeeld[0] == naam:
            st.dataframe(tabelstijl(exports.met_onbekend(voorbeeld[1])), placeholder="onbekend", hide_index=True, width="stretch")
            if st.button("Ongedaan maken bevestigen", type="primary", key="ongedaan_bevestig"):
                try:
                    undo.undo(naam, config.db_path(), door=door)
                except IngestError as exc:
                    st.error(md(str(exc)))
                else:
                    st.session_state.pop("ongedaan_preview", None)
                    upload.gereed_voor_iedereen(config.db_path())
                    st.success(f"Import {md(labels[naam])} is ongedaan gemaakt.")


def initiatief_geschiedenis(ini, key: str) -> None:
    """'Geschiedenis van een initiatief' under a profile's table: every version of one of the shown
    initiatives, with run, time, file and the fields it changed (old → new). The versions hold the
    register's own fields only: contact persons live in another table and never get here."""
    if ini.empty:
        return
    with st.expander("Geschiedenis van een initiatief"):
        namen = dict(zip(ini["initiatief_id"], ini["naam"].map(str)))
        rid = st.selectbox("Initiatief", list(namen), format_func=namen.get, key=key,
                           placeholder="Kies een initiatief", index=None)
        if rid is None:
            st.caption("Kies een initiatief om te zien welke import wat veranderde.")
            return
        df = shell.query(bronnen.record_geschiedenis, tabel="initiatieven", record_id=rid)
        if df.empty:
            st.write("Van dit initiatief is geen geschiedenis vastgelegd.")
            return
        veld = "Gewijzigde velden (oud → nieuw)"
        df[veld] = [v or ("eerste versie" if i == 0 else "") for i, v in enumerate(df[veld])]
        st.dataframe(tabelstijl(exports.met_onbekend(df)), placeholder="onbekend", hide_index=True, width="stretch")
