"""The civil servants' upload on "Data & bronnen": password gate, preview, full error report,
confirm. Same parsing and validation as `python -m pipelines.ingest`; the write is the same
atomic swap, so the dashboard never shows half-new data."""
from __future__ import annotations

import streamlit as st

from pipelines import config
from vliegwiel import auth, bronnen
from vliegwiel.ui import shell
from vliegwiel.format import aantal, md, tabelstijl

SOORTEN = {
    "initiatieven": "Initiatievenregister",
    "verbindingen": "Verbindingen (netwerk)",
    "mijlpalen": "Mijlpalen van de pilots",
}


def _secrets():
    try:
        return st.secrets
    except Exception:  # no secrets file
        return {}


def upload_section() -> None:
    st.subheader("Register bijwerken (alleen voor medewerkers van de provincie)")
    expected = auth.configured_password(_secrets())
    if not expected:
        st.info("Uploaden staat uit: er is geen wachtwoord ingesteld. Beheerders stellen het in als "
                f"`{auth.SECRET_KEY}` in de Streamlit-secrets of als omgevingsvariabele `{auth.ENV_VAR}`.")
        return
    if not st.session_state.get("upload_toegang"):
        with st.form("inloggen", enter_to_submit=True):
            given = st.text_input("Wachtwoord", type="password")
            if st.form_submit_button("Inloggen"):
                if auth.password_ok(given, expected):
                    st.session_state["upload_toegang"] = True
                    st.rerun()
                st.error("Het wachtwoord klopt niet. Uploaden is niet mogelijk zonder het juiste wachtwoord.")
        return

    _upload_form()
    with st.expander("Contactpersonen (vertrouwelijk: niet delen of tonen op een openbaar scherm)"):
        st.dataframe(tabelstijl(shell.query(bronnen.contactpersonen)), placeholder="onbekend", hide_index=True, width="stretch")


def _upload_form() -> None:
    import pandas as pd

    from pipelines import ingest  # imported here: only signed-in civil servants need it
    from pipelines.errors import IngestError

    soort = st.selectbox("Wat wilt u bijwerken?", list(SOORTEN), format_func=SOORTEN.get)
    bestand = st.file_uploader("Kies een Excel- of CSV-bestand", type=["xlsx", "csv"],
                               help="Kolomnamen mogen in hoofd- of kleine letters; bekende varianten "
                                    "zoals 'Naam initiatief', 'Dorp/kern' en 'Thema's' worden herkend.")
    if bestand is None:
        return
    try:
        parsed = ingest.parse(soort, bestand.getvalue(), bestand.name)
    except IngestError as exc:
        st.error(f"Het bestand is niet ingelezen. {exc} Er is niets gewijzigd.")
        return
    for melding in parsed.meldingen:
        st.info(melding)
    if not parsed.ok:
        _record_rejection_once(parsed)
        st.error(f"Het bestand is niet ingelezen: {aantal(len(parsed.problemen), 'probleem', 'problemen')} in "
                 f"{aantal(parsed.foute_rijen, 'rij', 'rijen')}. Er is niets gewijzigd. Pas het bestand aan en probeer het opnieuw.")
        # As text (readable by screen readers and easy to copy into a memo), then as a sortable table.
        st.markdown("\n".join(f"- {md(str(p))}" for p in parsed.problemen[:200]))
        st.dataframe(tabelstijl(pd.DataFrame([p.as_dict() for p in parsed.problemen])), placeholder="onbekend", hide_index=True, width="stretch")
        return
    wijzigingen = ingest.compare(parsed)
    telling = wijzigingen["wijziging"].value_counts()
    st.success(f"{parsed.n_rijen} rijen gecontroleerd en in orde: {telling.get('nieuw', 0)} nieuw, "
               f"{telling.get('gewijzigd', 0)} gewijzigd, {telling.get('ongewijzigd', 0)} ongewijzigd. "
               "Controleer de voorbeeldweergave en bevestig.")
    voorbeeld = parsed.rows.merge(wijzigingen[["rij", "wijziging"]], on="rij", how="left")
    st.dataframe(tabelstijl(voorbeeld.head(200)), placeholder="onbekend", hide_index=True, width="stretch")
    if st.button("Bevestigen en bijwerken", type="primary"):
        result = ingest.apply(parsed, config.db_path())
        st.success(result.samenvatting())


def _record_rejection_once(parsed) -> None:
    """Log a rejected upload in the import history once, not on every rerun of the page."""
    from pipelines import ingest

    key = ("afgewezen", parsed.kind, parsed.sha256)
    if st.session_state.get("_laatst_afgewezen") == key:
        return
    st.session_state["_laatst_afgewezen"] = key
    ingest.record_rejection(config.db_path(), kind=parsed.kind, bestand=parsed.bestand, sha256=parsed.sha256,
                            melding=parsed.fout().rapport(max_regels=200), afgewezen=parsed.foute_rijen,
                            gestart=parsed.gestart_op)
