"""The store version this script run reads (vliegwiel.versiekeuze), and the walk that warms a new one.

The walk is a session of this same server: a websocket client on localhost that runs every page
once with the default filters, as a first visitor would, so every cache the pages use is filled
for the new version before the other sessions move to it. It carries a header with this process's
secret token; a run with that header reads the newest version. Only under a real `streamlit run`
server: in AppTest (no server to walk) every run reads the newest version, as it always did.
"""
from __future__ import annotations

import functools
import secrets
import threading
import time
from pathlib import Path

import streamlit as st
from streamlit import config
from streamlit.logger import get_logger
from streamlit.runtime import Runtime

from vliegwiel import db, versiekeuze
from vliegwiel.versiekeuze import Versiekeuze

get_logger(versiekeuze.__name__)  # its lines in the server's log, as Streamlit's own

HEADER = "X-Vliegwiel-Opwarmen"
TOKEN = secrets.token_urlsafe(24)
PAGINA_TIMEOUT = 120.0  # seconds one page of the walk may take (a cold Kaart on 10,000 initiatives is ~5 s)
_VERSIE, _EIGEN = "_vw_versie", "_vw_eigen"  # session state: (path, version) of this run; reads the newest

_keuzes: dict[str, Versiekeuze] = {}
_keuzes_slot = threading.Lock()


def echte_server() -> bool:
    """True under `streamlit run` (AppTest puts a mock in Runtime's place). Not behind TLS: the walk
    speaks plain websocket to localhost. Asked by every query, so the option is read once."""
    return type(Runtime._instance) is Runtime and not _tls()


@functools.cache
def _tls() -> bool:
    return bool(config.get_option("server.sslCertFile"))


def begin(pad: Path) -> float:
    """Pin the version this run reads (app.py, before anything reads the store). Fragment reruns keep it."""
    nieuwste = db.version(pad)
    versie = _keuze(pad).kies(nieuwste, eigen=_leest_nieuwste) if echte_server() else nieuwste
    st.session_state[_VERSIE] = (str(pad), versie)
    return versie


def huidig(pad: Path) -> float:
    """The version pinned for this run; the file's own version outside a real server or before any pin."""
    vast = st.session_state.get(_VERSIE)
    if vast is not None and vast[0] == str(pad) and echte_server():
        return vast[1]
    return db.version(pad)


def eigen_wijziging(pad: Path) -> None:
    """This session changed the store (an import, an undo): from now on it reads the newest version,
    starting with the rest of this run."""
    st.session_state[_EIGEN] = True
    st.session_state[_VERSIE] = (str(pad), db.version(pad))


def wacht_tot_klaar(pad: Path, timeout: float = 30.0) -> bool:
    """After a change made in this session: wait until every session of this server reads it (the
    walk is done), so a new tab or a shared link shows it too. False when it took longer."""
    if not echte_server():
        return True
    return _keuze(pad).wacht_op(db.version(pad), timeout)


def niet_leesbaar(pad: Path, versie: float) -> float:
    """`versie` cannot be opened any more (its file was replaced and no connection holds it): this run,
    and every session after it, reads the newest version. Returns it."""
    _keuze(pad).vergeet(versie)
    nieuwste = db.version(pad)
    st.session_state[_VERSIE] = (str(pad), nieuwste)
    return nieuwste


def _leest_nieuwste() -> bool:
    return bool(st.session_state.get(_EIGEN)) or st.context.headers.get(HEADER) == TOKEN


def _keuze(pad: Path) -> Versiekeuze:
    with _keuzes_slot:
        if str(pad) not in _keuzes:
            _keuzes[str(pad)] = Versiekeuze(versie_nu=lambda: db.version(pad), warm=lambda _versie: wandel(_adres(), {HEADER: TOKEN}))
        return _keuzes[str(pad)]


def _adres() -> str:
    host = config.get_option("server.address") or "127.0.0.1"
    if host in ("0.0.0.0", "::", "localhost"):
        host = "127.0.0.1"
    pad = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"ws://{host}:{config.get_option('server.port')}/{pad + '/' if pad else ''}_stcore/stream"


def wandel(adres: str, headers: dict[str, str] | None = None) -> list[str]:
    """Run every page of the app once in one session at `adres` (its /_stcore/stream websocket): the
    home page first, then the pages its navigation lists. Returns their url paths."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    def run(ws, pagina: str, paginas: list[str] | None = None) -> None:
        verzoek = BackMsg()
        verzoek.rerun_script.page_name = pagina
        ws.send(verzoek.SerializeToString())
        einde = time.monotonic() + PAGINA_TIMEOUT
        while True:
            bericht = ws.recv(timeout=max(0.1, einde - time.monotonic()))
            if paginas is None and len(bericht) > 256:  # page content; the end-of-run message is a few bytes
                continue
            fm = ForwardMsg()
            fm.ParseFromString(bericht)
            soort = fm.WhichOneof("type")
            if soort == "navigation" and paginas is not None:
                paginas += [p.url_pathname for p in fm.navigation.app_pages if not p.is_default and not p.external_url]
            if soort == "page_not_found" or (
                    soort == "script_finished" and fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
                return

    with connect(adres, subprotocols=["streamlit"], additional_headers=headers or {},
                 max_size=None, open_timeout=30) as ws:
        paginas: list[str] = []
        run(ws, "", paginas)
        for pagina in paginas:
            run(ws, pagina)
    return ["", *paginas]
