"""Dutch for the few texts Streamlit itself draws in English, whatever the browser's language.

A workaround: Streamlit 1.67 has no locale setting (streamlit/streamlit#1353 "i18n", #10380
"localised default texts"; still open). Its widget and toolbar texts are hard-coded English in the
frontend bundle (static/js: Multiselect, FileUploader, DataFrame, the sidebar's buttons). Where a
supported switch exists it is used instead (`select_all=False`, Dutch `placeholder=`,
`client.disableDataExport`, `format.tabelstijl` for numbers); what is left is rewritten in the DOM
by one small script, installed once per page by app.py. The script only replaces exact English
strings from TEKSTEN (text nodes and the aria-label/title/placeholder attributes), never anything
else, so data text is never touched. Check these strings after every Streamlit upgrade:
tests/browser/test_locale.py fails when one comes back in English.
"""
from __future__ import annotations

import json

import streamlit as st

# English as Streamlit 1.67 renders it -> what a Dutch user reads.
TEKSTEN = {
    # multiselect and selectbox
    "No results": "Geen resultaten",
    "Skip to main content": "Naar de inhoud",
    "Choose options": "Kies een of meer opties",
    "Choose an option": "Kies een optie",
    "Clear all": "Alles wissen",
    "Clear value": "Waarde wissen",
    "Selected values": "Gekozen waarden",
    "Open": "Openen",
    "Close": "Sluiten",
    # file uploader ("200MB per file" is handled apart, its number varies)
    "Upload": "Bestand kiezen",
    "Drag and drop a file here": "Sleep een bestand hierheen",
    "Drag and drop files here": "Sleep bestanden hierheen",
    "Add files": "Bestanden toevoegen",
    # table toolbar (hidden by shell.global_styles; translated for screen readers all the same)
    "Download as CSV": "Downloaden als CSV",
    "Search": "Zoeken",
    "Close Search": "Zoeken sluiten",
    "Fullscreen": "Volledig scherm",
    "Close fullscreen": "Volledig scherm sluiten",
    "Show/hide columns": "Kolommen tonen/verbergen",
    "Dataframe column menu": "Kolommenu",
    "Copy column name": "Kolomnaam kopiëren",
    "Sort ascending": "Oplopend sorteren",
    "Sort descending": "Aflopend sorteren",
    # page frame
    "Collapse sidebar": "Menu sluiten",
    "Expand sidebar": "Menu openen",
    "Sidebar": "Menu en filters",
    "Main menu": "Hoofdmenu",
    "App pages": "Pagina's",
    "Running...": "Bezig…",
    "Stop script": "Stoppen",
    "Notifications": "Meldingen",
    "Link to heading": "Link naar deze kop",
    "Scroll tabs left": "Tabbladen naar links",
    "Scroll tabs right": "Tabbladen naar rechts",
    "Increment": "Verhogen",
    "Decrement": "Verlagen",
}

_PER_BESTAND = (" per file", " per bestand")
# a chip's remove button is labelled `Remove ${option}`
_VERWIJDER = ("Remove ", "Verwijder ")

_JS = """<script>(function () {
  var T = %s, P = %s, V = %s, ATTR = ['aria-label', 'title', 'placeholder'];
  var doc = window.parent && window.parent.document ? window.parent.document : document;
  try { doc.documentElement.lang = 'nl'; } catch (e) { /* never stop the page for this */ }
  if (doc.defaultView.__vwVertaling) { return; }
  doc.defaultView.__vwVertaling = true;
  function tekst(n) {
    var t = n.nodeValue, k = t.trim();
    if (T.hasOwnProperty(k)) { n.nodeValue = t.replace(k, T[k]); }
    else if (t.indexOf(P[0]) >= 0) { n.nodeValue = t.replace(P[0], P[1]); }
  }
  function attrs(e) {
    ATTR.forEach(function (a) { var v = e.getAttribute(a); if (v && T.hasOwnProperty(v)) { e.setAttribute(a, T[v]); } });
    var l = e.getAttribute('aria-label');
    if (e.tagName === 'BUTTON' && l && l.indexOf(V[0]) === 0) { e.setAttribute('aria-label', V[1] + l.slice(V[0].length)); }
  }
  function fix(root) {
    if (root.nodeType === 3) { tekst(root); return; }
    if (root.nodeType !== 1) { return; }
    var w = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT), n;
    while ((n = w.nextNode())) { tekst(n); }
    attrs(root);
    root.querySelectorAll('[aria-label], [title], [placeholder]').forEach(attrs);
  }
  fix(doc.body);
  new doc.defaultView.MutationObserver(function (ms) {
    ms.forEach(function (m) {
      if (m.type === 'childList') { m.addedNodes.forEach(fix); }
      else if (m.type === 'characterData') { tekst(m.target); }
      else if (m.type === 'attributes') { attrs(m.target); }
    });
  }).observe(doc.body, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeFilter: ATTR});
  // Streamlit sets lang="en" in its index.html; a Dutch page must say so (WCAG 3.1.1)
  new doc.defaultView.MutationObserver(function () {
    if (doc.documentElement.lang !== 'nl') { doc.documentElement.lang = 'nl'; }
  }).observe(doc.documentElement, {attributes: true, attributeFilter: ['lang']});
})();</script>"""


def script() -> str:
    """The script as st.html renders it (our own constants only, never data)."""
    return _JS % (json.dumps(TEKSTEN, ensure_ascii=False), json.dumps(_PER_BESTAND), json.dumps(_VERWIJDER))


def installeer() -> None:
    """Put the translation script on the page (once per run; the script itself runs once per tab)."""
    st.html(script(), unsafe_allow_javascript=True)
