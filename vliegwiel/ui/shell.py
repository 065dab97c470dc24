"""The Streamlit glue shared by all pages: connection, cached queries, global filters, footer.

Streamlit lives only in vliegwiel/ui/; data modules and figure builders stay pure.
"""
from __future__ import annotations

import datetime as dt
import html
import pickle
import types
from pathlib import Path
from collections.abc import Callable

import duckdb
import streamlit as st

from pipelines import config, upgrade
from pipelines.build import ensure_built
from pipelines.errors import StoreError
from vliegwiel import db, presentatie, register
from vliegwiel.filters import FILTER_NAMEN, Filters
from vliegwiel.format import datum, getal, md, tekst
from vliegwiel.ui import versie, vertaling


class _AndereVersie(Exception):
    """The file on disk is no longer the version asked for (see _connection)."""


# A few versions at once: the one sessions read, the one being warmed, and one swapped in meanwhile.
@st.cache_resource(max_entries=4, show_spinner=False)
def _connection(path: str, version: float) -> duckdb.DuckDBPyConnection:
    con = db.open_checked(Path(path))  # raises StoreUnavailable, which is not cached
    if db.version(Path(path)) != version:
        # The file was replaced before this opened it: this connection holds a newer version than
        # the key says. Never cache it under the old one (uncached, as every exception here).
        con.close()
        raise _AndereVersie(version)
    return con


def _store_unavailable(exc: Exception) -> None:
    """The one place a broken store is reported: a Dutch message instead of a traceback, and
    the rest of the page is not run (every part of it needs the store)."""
    st.error(str(exc) if isinstance(exc, db.StoreUnavailable) else db.MELDING_BESCHADIGD,
             icon=":material/database:")
    st.stop()


@st.cache_resource(max_entries=2, show_spinner=False)
def _upgraded(path: str, version: float) -> bool:
    """schema_version, read once per file: an older store is rebuilt from the archive first."""
    with st.spinner("De database wordt bijgewerkt naar de nieuwe versie…"):
        return upgrade.ensure_current(Path(path))


def _gereed(path: Path) -> None:
    """Built on first start, upgraded when older; a missing, damaged or old-schema store shows a
    Dutch message and stops the page."""
    try:
        if not path.exists():
            with st.spinner("De database wordt voor het eerst opgebouwd…"):
                ensure_built(path)
        _upgraded(path=str(path), version=db.version(path))
    except StoreError as exc:  # a newer store, or an archive that cannot be replayed: say so, in Dutch
        st.error(str(exc), icon=":material/database:")
        st.stop()
    except (db.StoreUnavailable, duckdb.Error, OSError) as exc:
        _store_unavailable(exc)


def begin_run() -> None:
    """app.py, before anything reads the store: the store version this whole run reads
    (vliegwiel.ui.versie: a new file is shown once it is warm)."""
    path = db.database_path()
    _gereed(path)
    versie.begin(path)


def store_version() -> float:
    """The store version this run reads: the cache key for results derived from the store."""
    return versie.huidig(db.database_path())


def connection() -> duckdb.DuckDBPyConnection:
    """A cursor on the read-only connection of this run's store version (a rebuilt file is a new
    version, with a new connection)."""
    path = db.database_path()
    _gereed(path)
    try:
        version = versie.huidig(path)
        try:
            return db.cursor(_connection(path=str(path), version=version))
        except _AndereVersie:  # the version this run pinned is gone: read the newest from now on
            return db.cursor(_connection(path=str(path), version=versie.niet_leesbaar(path, version)))
    except _AndereVersie:  # swapped again while opening: a next run reads it
        _store_unavailable(db.StoreUnavailable(MELDING_WISSEL))
    except (db.StoreUnavailable, duckdb.Error, OSError) as exc:
        _store_unavailable(exc)
    raise AssertionError("not reached: st.stop() ends the run")


MELDING_WISSEL = ("De gegevens worden op dit moment bijgewerkt. Laad de pagina over een paar seconden opnieuw.")


def _function_key(fn: types.FunctionType) -> str:
    """A query function is cached by its module and name (Streamlit cannot hash functions itself)."""
    return f"{fn.__module__}.{fn.__qualname__}"


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False, hash_funcs={types.FunctionType: _function_key})
def _cached(fn: Callable[..., object], version: float, kwargs: tuple) -> object:
    # A hit is a copy through pickle; the miss returns one too, so every run hands a page the same
    # structure and vliegwiel.ui.gedeeld's keys (a hash of the pickled input) match from the first run.
    return pickle.loads(pickle.dumps(fn(connection(), **dict(kwargs)), protocol=pickle.HIGHEST_PROTOCOL))


def query(fn: Callable[..., object], **kwargs) -> object:
    """Run `fn(con, **kwargs)` cached per database version. Never mutate what it returns."""
    try:
        # By keyword: for a positional argument Streamlit reads the function's signature on every call.
        return _cached(fn=fn, version=store_version(), kwargs=tuple(sorted(kwargs.items())))
    except duckdb.Error:
        # A store that opened but fails on a query (damaged pages): report it as such. On a
        # sound store the error is a bug and is raised, so tests still see it.
        try:
            db.open_checked(db.database_path()).close()
        except db.StoreUnavailable as exc:
            _store_unavailable(exc)
        raise


# What a link may put on screen: a crafted link can carry any text, of any length, in any
# number of values. Echo at most this much, escaped, so it can never become markdown.
ECHO_MAX_TEKENS = 40
ECHO_MAX_WAARDEN = 5


def _kort(value: str, max_tekens: int = ECHO_MAX_TEKENS) -> str:
    """Cut before escaping, so a 100,000-character value costs nothing to show."""
    return value if len(value) <= max_tekens else value[:max_tekens] + "…"


def _notice_unknown_params(valid: dict[str, set[str]]) -> None:
    """Bound widgets silently drop unknown URL values; tell the user once, gently. Every
    echoed value is shortened and Markdown-escaped (a link is untrusted input)."""
    unknown = []
    for key, options in valid.items():
        for value in st.query_params.get_all(key):
            if value and value not in options:
                unknown.append(f"{key}={_kort(value)}")
    if unknown:  # shown on the run that found them; the bound widgets then drop them from the URL
        shown = ", ".join(md(v) for v in unknown[:ECHO_MAX_WAARDEN])
        if len(unknown) > ECHO_MAX_WAARDEN:
            shown += f" en {getal(len(unknown) - ECHO_MAX_WAARDEN)} meer"
        st.sidebar.info("Onbekende waarden in de link zijn genegeerd: " + shown)


# Streamlit draws its chrome in English and for a wide screen; these rules make it Dutch-friendly,
# readable on a 390 px phone and clean on paper. Test ids are Streamlit 1.67's (checked by the
# browser tests in tests/browser/test_phone.py and test_print.py).
_STIJL = """
/* Captions a little darker than Streamlit's default grey, so they pass WCAG AA contrast (4.5:1) also
   on the light grey of the sidebar and of bordered containers */
[data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] p {color: #4a4a4a !important; opacity: 1 !important;}
/* less empty space above the title, so a 1280x720 screen shows the content */
[data-testid='stMainBlockContainer'] {padding-top: 2.5rem;}
[data-testid='stSidebarUserContent'] {padding-top: 0.5rem;}
/* The table toolbar (Show/hide columns, Download as CSV, Search, Fullscreen) has no Dutch and no
   setting but its CSV export (client.disableDataExport); every page offers Dutch downloads instead,
   and a header click still sorts. */
[data-testid='stElementToolbar'] {display: none !important;}
/* A word is never broken inside: "gemeenschapskracht" moves to the next line as a whole */
h1, h2, h3, [data-testid='stMetricLabel'] p {overflow-wrap: normal; word-break: normal; hyphens: manual;}
.st-key-vw_onzichtbaar, .st-key-vw_printkop {display: none !important;}
/* their wrappers too: a hidden block's empty wrapper would still take a 16 px gap of the page's flex column */
[data-testid='stLayoutWrapper']:has(> .st-key-vw_onzichtbaar),
[data-testid='stLayoutWrapper']:has(> .st-key-vw_printkop) {display: none !important;}
/* a short figure ("1 van 10", "€ 33.700") on one line where there is room; a phone wraps it */
@media (min-width: 641px) {
  [data-testid='stTable'] td:not(:first-child):not(:last-child) p {white-space: nowrap;}
}

@media (max-width: 640px) {
  [data-testid='stMainBlockContainer'] {padding: 4rem 0.9rem 2rem 0.9rem !important; max-width: 100vw;}
  [data-testid='stMain'] h1 {font-size: 1.65rem !important; line-height: 1.2 !important;
                             padding: 0.25rem 0 0.5rem 0 !important;}
  [data-testid='stMain'] h2 {font-size: 1.35rem !important;}
  [data-testid='stMain'] h3 {font-size: 1.15rem !important;}
  [data-testid='stMain'] p, [data-testid='stMain'] li {font-size: 1rem !important; line-height: 1.45 !important;}
  [data-testid='stMetricValue'] p, [data-testid='stMetricValue'] div {font-size: 1.6rem !important;}
  [data-testid='stMetricLabel'] p {font-size: 0.95rem !important;}
  /* key figures two by two instead of one per screen row */
  [data-testid='stHorizontalBlock']:has(> [data-testid='stColumn'] [data-testid='stMetric']) {
      flex-wrap: wrap !important; row-gap: 0.25rem !important;}
  [data-testid='stHorizontalBlock']:has(> [data-testid='stColumn'] [data-testid='stMetric']) > [data-testid='stColumn'] {
      min-width: calc(50% - 0.5rem) !important; flex: 1 1 calc(50% - 0.5rem) !important;}
  [data-testid='stMain'] blockquote p {font-size: 1.1rem !important;}
  /* the page never scrolls sideways; a wide table or chart scrolls inside its own box */
  html, body, [data-testid='stAppViewContainer'], [data-testid='stMain'] {overflow-x: hidden !important;
                                                                         max-width: 100vw;}
  [data-testid='stDataFrame'], [data-testid='stTable'] {max-width: 100%; overflow-x: auto;}
  [data-testid='stTable'] th, [data-testid='stTable'] td, [data-testid='stMain'] [data-testid='stTable'] td p {
      font-size: 0.85rem !important; padding: 0.3rem 0.4rem !important; line-height: 1.3 !important;}
  [data-testid='stMain'] [data-testid='stTable'] td p {padding: 0 !important;}
  [data-testid='stMain'] iframe, [data-testid='stPlotlyChart'] {max-width: 100% !important;}
  /* Streamlit's bare "»" becomes a labelled "Menu" button, big enough for a thumb (44 px) */
  [data-testid='stExpandSidebarButton'] {width: auto !important; min-height: 44px; padding: 0 0.8rem 0 0.5rem !important;
      border: 1px solid #00607a !important; border-radius: 0.5rem; background: #ffffff !important; color: #00607a !important;}
  [data-testid='stExpandSidebarButton']::after {content: "Menu"; font-size: 1rem; font-weight: 600; margin-left: 0.3rem;}
  [data-testid='stSidebarCollapsedControl'] {visibility: visible !important; opacity: 1 !important;}
  [data-testid='stMainBlockContainer']:has(.st-key-dia_nav) {padding-top: 1rem !important;}  /* no header there */
  /* the presentation's large type is for a shared screen; on a phone it follows the phone's sizes */
  [data-testid='stMain'] [data-testid='stCaptionContainer'] p {font-size: 0.9rem !important;}
}

@media print {
  @page {size: A4; margin: 14mm 12mm;}
  [data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stExpandSidebarButton'],
  [data-testid='stHeader'], [data-testid='stToolbar'], [data-testid='stDecoration'],
  [data-testid='stStatusWidget'], [data-testid='stElementToolbar'],
  [data-testid='stMultiSelect'], [data-testid='stSelectbox'], [data-testid='stTextInput'],
  [data-testid='stCheckbox'], [data-testid='stToggle'], [data-testid='stRadio'], [data-testid='stSlider'],
  [data-testid='stButton'], [data-testid='stDownloadButton'], [data-testid='stPageLink'],
  [data-testid='stFileUploader'], [data-testid='stPopover'], [data-testid='stForm'], [data-testid='stButtonGroup'],
  [data-testid='stSegmentedControl'], [data-testid='stPills'], [data-testid='stDateInput'], [data-testid='stNumberInput'],
  [data-testid='stSkipToContent'], [data-testid='stHeaderActionElements'], [data-testid='stTooltipIcon'],
  .st-key-dia_nav, .st-key-vw_onzichtbaar {display: none !important;}
  .st-key-vw_printkop, [data-testid='stLayoutWrapper']:has(> .st-key-vw_printkop) {display: block !important;}
  .vw-printkop {border-bottom: 2px solid #00607a; padding-bottom: 4px; margin-bottom: 8px; font-size: 11pt; color: #1f1f1f;}
  .vw-printkop strong {color: #00607a;}
  html, body, [data-testid='stApp'], [data-testid='stAppViewContainer'], [data-testid='stMain'] {
      overflow: visible !important; height: auto !important; background: #ffffff !important;}
  [data-testid='stAppViewContainer'] {position: static !important;}
  [data-testid='stMain'] {margin-left: 0 !important; width: 100% !important;}
  [data-testid='stMainBlockContainer'] {padding: 0 !important; max-width: 100% !important;}
  /* a chart, map, metric row or table is never cut between two sheets */
  [data-testid='stPlotlyChart'], [data-testid='stIFrame'], [data-testid='stCustomComponentV1'],
  [data-testid='stDataFrame'], [data-testid='stTable'] tr, [data-testid='stMetric'], [data-testid='stImage'], iframe,
  [data-testid='stColumn'] [data-testid='stLayoutWrapper'], [data-testid='stAlert'] {
      break-inside: avoid; page-break-inside: avoid;}  /* e.g. a pilot's card */
  [data-testid='stPlotlyChart'], [data-testid='stPlotlyChart'] > div, iframe {max-width: 100% !important;}
  [data-testid='stColumn'] {overflow: hidden;}  /* a map sized for the screen never runs into the next column */
  h1, h2, h3 {break-after: avoid; page-break-after: avoid;}
  [data-testid='stExpander'] details > div {display: block !important;}
}
"""


def global_styles(titel: str = "") -> None:
    """The shared look (see _STIJL), the Dutch translation layer (vertaling) and a header that only
    shows on paper: the dashboard's name, the page title and the date of printing."""
    st.html(f"<style>{_STIJL}</style>")
    with st.container(key="vw_onzichtbaar"):  # a script's element takes no room on the page
        st.html(vertaling.script(), unsafe_allow_javascript=True)
    with st.container(key="vw_printkop"):
        st.html(f"<div class='vw-printkop'><strong>Vliegwiel van gemeenschapskracht</strong>"
                f"{' · ' + html.escape(titel) if titel else ''} · afgedrukt op {datum(dt.date.today())}</div>")


def sidebar_navigation(sections: dict[str, list]) -> None:
    """Links to every page, grouped by section, in the sidebar."""
    with st.sidebar:
        for section, pages in sections.items():
            st.markdown(f"**{section}**")
            for p in pages:
                st.page_link(p, label=p.title, icon=p.icon)


def _filter_opties(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """The sidebar's options (gemeente and thema by code, statuses), one cached query for every run."""
    gem, thema = register.gemeente_opties(con), register.themas(con)
    return (dict(zip(gem["gemeente_code"], gem["naam"])), dict(zip(thema["thema_id"], thema["naam"])),
            register.statussen(con))


def sidebar_filters() -> Filters:
    """The global filters, bound to the URL so a copied link reproduces the view."""
    gem_naam, thema_naam, statussen = query(_filter_opties)
    klasse_naam = {k: label for k, label, _lo, _hi in config.GROOTTEKLASSEN}
    # The rule's labels in its own order (config.VERSHEID), then records without a date.
    versheden = [label for label, _jaren in sorted(config.VERSHEID, key=lambda r: r[1])] + [config.VERSHEID_ONBEKEND]
    _notice_unknown_params({
        "gemeente": set(gem_naam.values()), "thema": set(thema_naam.values()),
        "grootte": set(klasse_naam.values()), "status": set(statussen), "versheid": set(versheden),
    })
    with st.sidebar:
        st.markdown("### Filters")
        gemeenten = st.multiselect("Gemeente", list(gem_naam), format_func=gem_naam.get, key="gemeente",
                                   bind="query-params", placeholder="Alle gemeenten", select_all=False)
        themas = st.multiselect("Thema", list(thema_naam), format_func=thema_naam.get, key="thema",
                                bind="query-params", placeholder="Alle thema's", select_all=False)
        klassen = st.multiselect("Grootte van de kern", list(klasse_naam), format_func=klasse_naam.get,
                                 key="grootte", bind="query-params", placeholder="Alle groottes", select_all=False,
                                 help=f"Een kleine kern heeft minder dan {getal(config.KLEINE_KERN_DREMPEL)} inwoners.")
        status = st.multiselect("Status", statussen, key="status", bind="query-params", placeholder="Alle statussen", select_all=False)
        versheid = st.multiselect("Actualiteit", versheden, key="versheid", bind="query-params",
                                  placeholder="Alle initiatieven", select_all=False, help=_versheid_uitleg())
        pilots = st.toggle("Alleen pilots", key="pilots", bind="query-params")
    filters = Filters(tuple(gemeenten), tuple(themas), tuple(klassen), tuple(status), bool(pilots), tuple(versheid))
    st.session_state["filters"] = filters
    return filters


def _versheid_uitleg() -> str:
    """The freshness rule in words, from config.VERSHEID (the one place it is set)."""
    regels = sorted(config.VERSHEID, key=lambda r: r[1])
    grens = regels[1][1] if len(regels) > 1 else 1
    delen = [f"'{label}': langer dan {getal(jaren)} jaar niet bevestigd" if jaren else
             f"'{label}': bevestigd in " + ("het afgelopen jaar" if grens == 1 else f"de afgelopen {getal(grens)} jaar")
             for label, jaren in regels]
    return ("Naar de datum waarop een initiatief voor het laatst in een geïmporteerd register stond "
            "(seed-register: de datum van het brondocument). " + "; ".join(delen)
            + f"; '{config.VERSHEID_ONBEKEND}': zonder datum.")


def filter_params() -> dict[str, list[str]]:
    """The global filters as they stand in the URL, to carry them along in a page link."""
    return {k: st.query_params.get_all(k) for k in FILTER_NAMEN if st.query_params.get_all(k)}


def current_filters() -> Filters:
    """The filters set in the sidebar this run (app.py renders the sidebar before the page)."""
    return st.session_state.get("filters", Filters())


def _voettekst(con: duckdb.DuckDBPyConnection) -> tuple[str, dt.date | None]:
    """The footer's sources (the data sets) and the date of the last import, one cached query for every run."""
    bronnen = register.bronnen(con)
    data = bronnen[bronnen["soort"].isin(["geodata", "statistiek", "gazetteer"])]
    regels = "; ".join(f"{r.uitgever}, {r.titel} ({tekst(r.peildatum)})" for r in data.itertuples())
    run = register.laatste_run(con)
    return regels, (None if run.empty else run["klaar_op"].iloc[0].date())


def footer(compact: bool = False) -> None:
    """Sources and dates on every page (one short line on presentation slides)."""
    regels, laatst = query(_voettekst)
    bijgewerkt = f" Database bijgewerkt op {datum(laatst)}." if laatst is not None else ""
    if compact:
        st.caption("Bronnen: CBS / PDOK en GeoNames (CC BY 4.0); register en citaten uit de programmadocumenten "
                   f"van Vliegwiel van gemeenschapskracht.{bijgewerkt}")
        return
    st.divider()
    st.caption(f"Bronnen: {regels}. Licentie CC BY 4.0. Initiatieven, pilots en verbindingen: "
               f"overgenomen uit de programmadocumenten van Vliegwiel van gemeenschapskracht.{bijgewerkt}")


def back_to_presentation() -> None:
    """After a detour from the presentation (e.g. to the live map), one click back to the same
    slide. `dia` comes from the link: only a valid slide number is used, never its text."""
    if st.query_params.get("terug") == "presentatie":
        dia = presentatie.dia_nummer(_kort(st.query_params.get("dia") or "1", 4))
        st.page_link("app_pages/presentatie.py", label=f"Terug naar de presentatie (dia {dia})",
                     icon=":material/undo:", query_params={"dia": str(dia)})


def synthetic_banner() -> None:
    n = query(register.synthetisch_aantal)
    if n:
        st.warning(f"Let op: er zijn {getal(n)} synthetische (verzonnen) records geladen voor test- en "
                   "demodoeleinden. Deze cijfers beschrijven niet de werkelijkheid.", icon=":material/warning:")
