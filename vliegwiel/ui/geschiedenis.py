"""Data & bronnen: what each import changed, and (signed in) taking an import back."""
from __future__ import annotations

import streamlit as st

from pipelines import config
from pipelines.errors import IngestError
from vliegwiel import bronnen, exports
from vliegwiel.format import aantal, md
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
        st.dataframe(exports.met_onbekend(df), hide_index=True, width="stretch")
    _ongedaan_maken(runs)


def versheid() -> None:
    st.subheader("Hoe actueel is het register")
    regel = ", ".join(f"'{label}' vanaf {aantal(jaren, 'jaar', 'jaar')}" for label, jaren in config.VERSHEID if jaren)
    st.caption("Per initiatief telt de datum waarop het voor het laatst in een geïmporteerd register stond "
               f"(voor het seed-register: de datum van het brondocument). Regel: {regel} zonder bevestiging; "
               "daarvoor 'actief'.")
    st.dataframe(exports.met_onbekend(shell.query(bronnen.versheid_per_gemeente)), hide_index=True, width="stretch")


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
            st.dataframe(exports.met_onbekend(voorbeeld[1]), hide_index=True, width="stretch")
            if st.button("Ongedaan maken bevestigen", type="primary", key="ongedaan_bevestig"):
                try:
                    undo.undo(naam, config.db_path(), door=door)
                except IngestError as exc:
                    st.error(md(str(exc)))
                else:
                    st.session_state.pop("ongedaan_preview", None)
                    st.success(f"Import {md(labels[naam])} is ongedaan gemaakt.")
