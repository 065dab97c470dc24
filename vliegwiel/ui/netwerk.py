"""Streamlit glue of the Netwerk page: visible progress while the network is computed, and
the phone layout (the graph's lists instead of the graph on a narrow screen)."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

import streamlit as st
from markupsafe import escape

SMAL = 640   # px: Streamlit stacks columns below this width; a graph there is ~350 px wide

TELEFOON = ("Op een smal scherm, zoals een telefoon, is de netwerkgrafiek te klein om te lezen en te bedienen. "
            "Daarom staan hieronder dezelfde gegevens als lijsten: de verbinders (wie groepen verbindt die anders "
            "los staan) en de initiatieven die nog alleen staan. Kies bij 'Focus op' een initiatief of organisatie "
            "om alleen de omgeving ervan te zien. Op een groter scherm verschijnt hier de grafiek.")

# Streamlit's own spinner counts in English ("(2.3 seconds)"), so this one counts itself, in Dutch.
# It appears only after half a second (as st.spinner does), so a cached rerun shows nothing.
_VOORTGANG = """<div class="vw-rekent" role="status" aria-live="polite"><span class="vw-draai" aria-hidden="true"></span>
<span>{tekst}… <span class="vw-tijd">0,0</span> s</span></div>
<style>
.vw-rekent{{display:flex;align-items:center;gap:.6rem;color:#262730;opacity:0;animation:vw-toon 0s linear .5s forwards}}
.vw-draai{{flex:none;width:1.1rem;height:1.1rem;border:3px solid #d5d5d5;border-top-color:#262730;border-radius:50%;
  animation:vw-draai .9s linear infinite}}
@keyframes vw-toon{{to{{opacity:1}}}}
@keyframes vw-draai{{to{{transform:rotate(360deg)}}}}
@media (prefers-reduced-motion:reduce){{.vw-draai{{animation:none}}}}
</style>
<script>(function(){{document.querySelectorAll(".vw-rekent:not([data-gestart])").forEach(function(el){{
  el.dataset.gestart="ja";var t0=Date.now(),tijd=el.querySelector(".vw-tijd");
  var id=setInterval(function(){{if(!el.isConnected){{clearInterval(id);return;}}
    tijd.textContent=((Date.now()-t0)/1000).toFixed(1).replace(".",",");}},100);}});}})();</script>"""

_TELEFOON_STIJL = (f"<style>@media (min-width:{SMAL + 1}px){{.st-key-netwerk_telefoon{{display:none !important}}}}"
                   f"@media (max-width:{SMAL}px){{.st-key-netwerk_grafiek{{display:none !important}}}}</style>")


@contextlib.contextmanager
def voortgang(tekst: str) -> Iterator[None]:
    """A Dutch spinner with the elapsed time (0,0 s), shown while the block runs."""
    plek = st.empty()
    plek.html(_VOORTGANG.format(tekst=escape(tekst)), unsafe_allow_javascript=True)
    try:
        yield
    finally:
        plek.empty()


def telefoon_stijl() -> None:
    """On a narrow screen, hide the container keyed 'netwerk_grafiek' and show 'netwerk_telefoon'."""
    st.html(_TELEFOON_STIJL)


def telefoon_melding() -> None:
    """The sentence that replaces the graph on a narrow screen (hidden on wider ones)."""
    with st.container(key="netwerk_telefoon"):
        st.info(TELEFOON, icon=":material/smartphone:")
