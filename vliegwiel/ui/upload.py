"""The civil servants' upload on "Data & bronnen": sign-in, preview, full error report,
confirm. Same parsing and validation as `python -m pipelines.ingest`; the write is the same
atomic swap, so the dashboard never shows half-new data.

Who may upload (vliegwiel.auth): with an `[auth]` section in the secrets, an editor signed in
with the province's identity provider (st.login, OpenID Connect); otherwise, on a stand-alone
install, whoever knows the shared password, behind a lockout. With neither, upload is off.
Contact persons are shown only to an editor, here and nowhere else."""
from __future__ import annotations

import streamlit as st

from pipelines import config
from vliegwiel import auth, bronnen
from vliegwiel.ui import shell, versie
from vliegwiel.format import aantal, md, tabelstijl

SOORTEN = {
    "initiatieven": "Initiatievenregister",
    "verbindingen": "Verbindingen (netwerk)",
    "mijlpalen": "Mijlpalen van de pilots",
}


def _secrets():
    try:
        st.secrets.to_dict()  # parses the file: fails when there is none
        return st.secrets
    except Exception:  # no secrets file
        return {}


@st.cache_resource(show_spinner=False)
def lockout() -> auth.Lockout:
    """One counter of wrong passwords for the whole process (every session shares it)."""
    return auth.Lockout()


def editor() -> str | None:
    """Who may write, without drawing anything: the same decision as `upload_section` (an editor
    signed in with the identity provider, else the shared password of this session). For the undo
    on the same page, which comes before the sign-in form."""
    secrets = _secrets()
    if auth.sign_in_configured(secrets):
        claims = st.user.to_dict()
        if claims.get("is_logged_in") is not True or auth.expired(claims):
            return None
        if auth.role_from_claims(claims, auth.role_rules(secrets)) != auth.EDITOR:
            return None
        return auth.who(claims) or "redacteur"
    if auth.configured_password(secrets) and st.session_state.get("upload_toegang"):
        return auth.PASSWORD_DOOR
    return None


def upload_section() -> None:
    st.subheader("Register bijwerken (alleen voor medewerkers van de provincie)")
    secrets = _secrets()
    if auth.sign_in_configured(secrets):
        door = _signed_in_editor(secrets)
    else:
        door = _password_gate(auth.configured_password(secrets))
    if door is None:
        return
    _upload_form(door)
    with st.expander("Contactpersonen (vertrouwelijk: niet delen of tonen op een openbaar scherm)"):
        st.dataframe(tabelstijl(shell.query(bronnen.contactpersonen)), placeholder="onbekend", hide_index=True, width="stretch")


def _signed_in_editor(secrets) -> str | None:
    """Sign-in with the identity provider; the name to record for an editor, else None."""
    claims = st.user.to_dict()
    if claims.get("is_logged_in") is not True:
        st.write("Medewerkers van de provincie melden zich aan met hun account van de provincie.")
        st.button("Inloggen", on_click=st.login, icon=":material/login:")
        return None
    if auth.expired(claims):
        st.warning("Uw aanmelding is verlopen; log opnieuw in.")
        st.button("Opnieuw inloggen", on_click=st.login, icon=":material/login:")
        return None
    naam = auth.who(claims)
    rij = st.container(horizontal=True, vertical_alignment="center")
    if auth.role_from_claims(claims, auth.role_rules(secrets)) != auth.EDITOR:
        rij.info(f"U bent aangemeld als {md(naam)}, maar u heeft geen rechten om het register bij te werken. "
                 "Vraag de beheerder van het dashboard om de rol van redacteur.")
        rij.button("Uitloggen", on_click=st.logout, icon=":material/logout:")
        return None
    rij.caption(f"Aangemeld als {md(naam)} (redacteur).")
    rij.button("Uitloggen", on_click=st.logout, icon=":material/logout:")
    return naam or "redacteur"


def _password_gate(expected: str | None) -> str | None:
    """The shared password of a stand-alone install, behind a lockout that grows with wrong
    attempts (vliegwiel.auth.Lockout, constant-time comparison)."""
    if not expected:
        st.info("Uploaden staat uit: er is geen aanmelding ingesteld. Beheerders stellen aanmelden via de "
                "identiteitsprovider in met een `[auth]`-sectie in de Streamlit-secrets, of voor een losse "
                f"installatie een wachtwoord als `{auth.SECRET_KEY}` of omgevingsvariabele `{auth.ENV_VAR}`.")
        return None
    if st.session_state.get("upload_toegang"):
        return auth.PASSWORD_DOOR
    with st.form("inloggen", enter_to_submit=True):
        given = st.text_input("Wachtwoord", type="password")
        if st.form_submit_button("Inloggen"):
            poging = lockout().attempt(given, expected)
            if poging.ok:
                st.session_state["upload_toegang"] = True
                st.rerun()
            st.error(auth.attempt_message(poging))
    return None


def _upload_form(door: str) -> None:
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
        st.error(f"Het bestand is niet ingelezen. {md(exc)} Er is niets gewijzigd.")
        return
    # Messages quote header cells and file names: user text, so escaped like any other.
    for melding in parsed.meldingen:
        st.info(md(melding))
    if not parsed.ok:
        _record_rejection_once(parsed, door)
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
    voorbeeld = parsed.rows.merge(wijzigingen[["rij", "wijziging", "toelichting"]], on="rij", how="left")
    st.dataframe(tabelstijl(voorbeeld.head(200)), placeholder="onbekend", hide_index=True, width="stretch")
    volledig = _volledig_register(parsed)
    toegestaan = _oudere_waarden(parsed)
    fout_key = ("bevestigen_mislukt", parsed.sha256)
    if st.button("Bevestigen en bijwerken", type="primary", disabled=not toegestaan):
        try:
            result = ingest.apply(parsed, config.db_path(), door=door, volledig=volledig)
        except IngestError as exc:  # StoreError (disk full, checks failed), RowsRejected: Dutch, safe to show
            st.session_state["_bevestigen_mislukt"] = (fout_key, str(exc))
        else:
            st.session_state.pop("_bevestigen_mislukt", None)
            gereed_voor_iedereen(config.db_path())
            st.success(md(result.samenvatting()))
    mislukt = st.session_state.get("_bevestigen_mislukt")
    if mislukt and mislukt[0] == fout_key:  # stays on screen, with the report above, until another file
        st.error(f"Bijwerken is mislukt; de database is niet gewijzigd. {md(mislukt[1])}",
                 icon=":material/error:")


def gereed_voor_iedereen(pad) -> None:
    """After an import or undo: this session reads the new data from here on (the rest of this page too),
    and the pages are prepared on it before the success message, so a new tab and a shared link show it
    as well (vliegwiel.ui.versie)."""
    versie.eigen_wijziging(pad)
    with st.spinner("De pagina's worden bijgewerkt met de nieuwe gegevens…"):
        klaar = versie.wacht_tot_klaar(pad)
    if not klaar:
        st.info("Andere bezoekers zien de nieuwe gegevens over enkele ogenblikken.", icon=":material/schedule:")


def _volledig_register(parsed) -> bool:
    """The "volledig register" option (initiatieven only) and, when chosen, the records it retires."""
    from pipelines import retire

    if parsed.kind != "initiatieven":
        return False
    volledig = st.checkbox(
        "Dit is het volledige register van de gemeenten in het bestand",
        key=f"volledig_{parsed.sha256}",
        help="Initiatieven van deze gemeenten die niet in het bestand staan, krijgen de status "
             "'niet meer in register'. Ze worden niet verwijderd en tellen standaard niet meer mee.")
    if not volledig:
        return False
    uit = retire.preview(parsed, config.db_path())
    if uit.empty:
        st.info("Volledig register: alle initiatieven van deze gemeenten staan in het bestand; er gaat er geen uit het register.")
        return True
    tabel = uit[["id", "naam", "gemeente"]].rename(columns={"id": "Id", "naam": "Naam", "gemeente": "Gemeente"})
    st.warning(f"Volledig register: {aantal(len(uit), 'initiatief krijgt', 'initiatieven krijgen')} na bevestigen de "
               "status 'niet meer in register', omdat ze niet in het bestand staan.", icon=":material/warning:")
    st.dataframe(tabelstijl(tabel), placeholder="onbekend", hide_index=True, width="stretch")
    return True


def _oudere_waarden(parsed) -> bool:
    """Fields the file sets back to older values (an older export after a newer one): listed, and
    confirming needs an explicit tick. True when confirming is allowed."""
    from pipelines import older

    terug = older.going_back(parsed, config.db_path())
    if terug.empty:
        return True
    st.warning(f"Let op: dit bestand zet {aantal(len(terug), 'veld', 'velden')} terug naar een oudere waarde. "
               "Is dit een oudere export dan wat al is geïmporteerd?", icon=":material/history:")
    st.dataframe(tabelstijl(terug), placeholder="onbekend", hide_index=True, width="stretch")
    return st.checkbox("Ik heb dit gecontroleerd: zet deze velden terug naar de oudere waarden",
                       key=f"ouder_{parsed.sha256}")


def _record_rejection_once(parsed, door: str | None = None) -> None:
    """Log a rejected upload in the import history once, not on every rerun of the page."""
    from pipelines import ingest

    key = ("afgewezen", parsed.kind, parsed.sha256)
    if st.session_state.get("_laatst_afgewezen") == key:
        return
    st.session_state["_laatst_afgewezen"] = key
    ingest.record_rejection(config.db_path(), kind=parsed.kind, bestand=parsed.bestand, sha256=parsed.sha256,
                            melding=parsed.fout().rapport(max_regels=200), afgewezen=parsed.foute_rijen,
                            gestart=parsed.gestart_op, door=door)
    versie.eigen_wijziging(config.db_path())  # the history below shows the rejection in this run
