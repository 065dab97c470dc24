"""The network as one self-contained HTML document drawn by vis-network in the browser.

- vis-network is loaded from the app itself (/app/static/vendor, installed from npm), never
  from a CDN. The page shows the document with `st.iframe(html)` (an iframe `srcdoc`), whose
  relative URLs resolve against the app's origin.
- Positions are computed server-side (`vliegwiel.netwerk.layout`) and physics is off, so the
  browser draws at once and does not spin; zoom, drag and hover are client-side only.
- Data text never becomes markup: the data travel as JSON inside a <script> with <, >, &
  and the JS line separators escaped as \\uXXXX, labels are drawn on the canvas, and tooltips
  are plain strings, which vis-network 9 shows with innerText. The legend and the summary
  are escaped with markupsafe.
- The payload is compact: nodes and links are arrays, styles are sent once per kind.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
from markupsafe import escape

from vliegwiel.format import aantal, getal
from vliegwiel.netwerk import KNOOP_SOORTEN, VERBINDING_SOORTEN, Netwerk, deelnetwerk

VIS_SRC = "/app/static/vendor/vis-network/umd/vis-network.min.js"
LABEL_MAX = 26
FADE_NODE = {"background": "#F2F2F2", "border": "#CCCCCC"}
FADE_EDGE = "#E3E3E3"

_JS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_voor_script(obj) -> str:
    """JSON that is safe inside an HTML <script> element: no '<', '>' or '&' survives raw,
    so data can never close the script or open a tag."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, esc in _JS_ESCAPES.items():
        text = text.replace(raw, esc)
    return text


def payload(net: Netwerk, focus_id: str | None = None, focus_ids: set[str] | None = None,
            modus: str = "verbergen") -> dict:
    """The data the browser needs. With a focus, 'verbergen' sends only the neighbourhood,
    'vervagen' sends everything and marks the rest as faded. Vectorised: this runs on every
    rerun, also for 2,000 nodes and 10,000 links."""
    if focus_ids is not None and modus == "verbergen":
        net = deelnetwerk(net, focus_ids)
    k = net.knopen
    soorten = list(KNOOP_SOORTEN)
    ksoorten = list(VERBINDING_SOORTEN)
    index = pd.Index(k["knoop_id"])
    soort_idx = k["soort"].map({s: i for i, s in enumerate(soorten)}).fillna(soorten.index("overig")).astype(int)
    knopen = [list(r) for r in zip(
        k["naam"].astype(str).tolist(),
        soort_idx.tolist(),
        k["x"].round(1).tolist(),
        k["y"].round(1).tolist(),
        k["aantal_verbindingen"].astype(int).tolist(),
        k["gemeente"].astype(object).where(k["gemeente"].notna(), "").astype(str).tolist(),
        k["cluster"].fillna(0).astype(int).tolist(),
        k["verbinder_score"].round(3).tolist(),
    )]
    v = net.verbindingen
    van = index.get_indexer(v["van_id"])
    naar = index.get_indexer(v["naar_id"])
    ok = (van >= 0) & (naar >= 0)
    verbindingen = np.column_stack([
        van[ok], naar[ok],
        v["soort"].map({s: i for i, s in enumerate(ksoorten)}).to_numpy()[ok],
        pd.to_numeric(v["sinds"], errors="coerce").fillna(0).astype(int).to_numpy()[ok],
    ]).astype(int).tolist() if len(v) else []
    vaag = [] if focus_ids is None or modus != "vervagen" else np.flatnonzero(~k["knoop_id"].isin(focus_ids)).tolist()
    return {
        "n": knopen,
        "e": verbindingen,
        "ks": [{"label": KNOOP_SOORTEN[s].label, "kleur": KNOOP_SOORTEN[s].kleur, "vorm": KNOOP_SOORTEN[s].vorm,
                "rand": KNOOP_SOORTEN[s].rand} for s in soorten],
        "vs": [{"label": st.label, "kleur": st.kleur, "streep": list(st.streep), "breedte": st.breedte, "pijl": st.pijl}
               for st in VERBINDING_SOORTEN.values()],
        "focus": int(index.get_loc(focus_id)) if focus_id is not None and focus_id in index else -1,
        "vaag": vaag,
        "vaagKnoop": FADE_NODE,
        "vaagLijn": FADE_EDGE,
    }


# Small SVG glyphs for the legend, matching the vis-network shapes.
_GLYPH = {
    "dot": '<circle cx="9" cy="9" r="6.5"/>',
    "star": '<polygon points="9,1.5 11,7 16.5,7 12,10.5 13.8,16 9,12.7 4.2,16 6,10.5 1.5,7 7,7"/>',
    "hexagon": '<polygon points="9,1.5 15.5,5.2 15.5,12.8 9,16.5 2.5,12.8 2.5,5.2"/>',
    "triangle": '<polygon points="9,2 16,15.5 2,15.5"/>',
    "triangleDown": '<polygon points="2,2.5 16,2.5 9,16"/>',
    "square": '<rect x="3" y="3" width="12" height="12"/>',
    "diamond": '<polygon points="9,1.5 16.5,9 9,16.5 1.5,9"/>',
}


def legenda_html(soorten_aanwezig: list[str], verbindingen_aanwezig: list[str]) -> str:
    items = []
    for s in soorten_aanwezig:
        st = KNOOP_SOORTEN[s]
        glyph = _GLYPH.get(st.vorm, _GLYPH["dot"])
        items.append(f'<div class="li"><svg width="18" height="18" aria-hidden="true" fill="{st.kleur}" '
                     f'stroke="{st.rand}" stroke-width="1">{glyph}</svg>{escape(st.label)}</div>')
    lijnen = []
    for s in verbindingen_aanwezig:
        st = VERBINDING_SOORTEN[s]
        dash = f' stroke-dasharray="{",".join(str(d) for d in st.streep)}"' if st.streep else ""
        pijl = (f'<polygon points="30,6 24,2.5 24,9.5" fill="{st.kleur}"/>' if st.pijl else "")
        lijnen.append(f'<div class="li"><svg width="32" height="12" aria-hidden="true"><line x1="1" y1="6" x2="26" y2="6" '
                      f'stroke="{st.kleur}" stroke-width="{st.breedte}"{dash}/>{pijl}</svg>{escape(st.label)}</div>')
    return (f'<aside class="legenda" aria-label="Legenda"><h2>Knopen</h2>{"".join(items)}'
            f'<h2>Verbindingen</h2>{"".join(lijnen)}'
            '<div class="muted">Grootte van een knoop: aantal verbindingen. Pijl: richting van de verbinding.</div></aside>')


_TEMPLATE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<style>
html,body{{margin:0;padding:0;height:100%;overflow:hidden;font-family:"Source Sans Pro","Source Sans 3",system-ui,sans-serif;color:#262730;background:#fff}}
body{{display:flex;flex-direction:row}}
#netwerk{{flex:1 1 auto;min-width:0;position:relative}}
.legenda{{flex:none;width:190px;overflow-y:auto;font-size:13px;line-height:1.25;padding:4px 8px;border-left:1px solid #e6e6e6}}
.legenda h2{{font-size:13px;margin:6px 0 4px 0}}
.legenda .li{{display:flex;align-items:center;gap:6px;margin:3px 0}}
.legenda svg{{flex:none}}
.legenda .muted{{color:#555;margin-top:8px}}
.sr{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}}
#fout{{padding:1em;color:#8a1c1c}}
@media (max-width:520px){{body{{flex-direction:column}}.legenda{{width:auto;max-height:30%;border-left:0;border-top:1px solid #e6e6e6;columns:2}}}}
#netwerk div.vis-tooltip{{font-family:"Source Sans Pro","Source Sans 3",system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:14px;white-space:pre-line;max-width:340px;background:#fffff5;border:1px solid #999;padding:6px 8px;border-radius:3px;box-shadow:0 2px 6px rgba(0,0,0,.2)}}
</style></head>
<body>
<p class="sr" id="samenvatting">{samenvatting}</p>
<div id="netwerk" role="img" aria-label="{samenvatting}"></div>
{legenda}
<script src="{vis_src}"></script>
<script id="netwerk-data" type="application/json">{data}</script>
<script>
(function () {{
  var D = JSON.parse(document.getElementById("netwerk-data").textContent);
  var box = document.getElementById("netwerk");
  document.body.dataset.knopen = String(D.n.length);
  document.body.dataset.verbindingen = String(D.e.length);
  if (typeof vis === "undefined") {{
    box.innerHTML = "";
    var p = document.createElement("p"); p.id = "fout";
    p.textContent = "De netwerkgrafiek kon niet worden geladen (vis-network ontbreekt). De tabel hieronder bevat dezelfde gegevens.";
    box.appendChild(p); return;
  }}
  function nl(x) {{ return x.toFixed(2).replace(".", ","); }}
  var vaag = {{}}; D.vaag.forEach(function (i) {{ vaag[i] = true; }});
  var groups = {{}};
  D.ks.forEach(function (s, i) {{
    groups["g" + i] = {{shape: s.vorm, color: {{background: s.kleur, border: s.rand,
      highlight: {{background: s.kleur, border: "#000000"}}, hover: {{background: s.kleur, border: "#000000"}}}}}};
  }});
  var nodes = D.n.map(function (r, i) {{
    var s = D.ks[r[1]];
    var title = r[0] + "\\n" + s.label + (r[5] ? " \\u00b7 gemeente " + r[5] : "") + "\\n" +
      r[4] + (r[4] === 1 ? " verbinding" : " verbindingen") + (r[6] ? " \\u00b7 cluster " + r[6] : "") +
      "\\nVerbinder-score: " + nl(r[7]);
    var label = r[0].length > {label_max} ? r[0].slice(0, {label_max} - 1).trim() + "\\u2026" : r[0];
    var n = {{id: i, label: label, title: title, group: "g" + r[1], x: r[2], y: r[3], value: r[4]}};
    if (vaag[i]) {{ n.color = D.vaagKnoop; n.font = {{color: "#BBBBBB"}}; }}
    if (i === D.focus) {{ n.borderWidth = 4; n.color = {{background: s.kleur, border: "#000000"}}; n.font = {{bold: true, size: 16}}; }}
    return n;
  }});
  var edges = D.e.map(function (r, i) {{
    var s = D.vs[r[2]];
    var faded = vaag[r[0]] || vaag[r[1]];
    return {{id: i, from: r[0], to: r[1], width: s.breedte,
      dashes: s.streep.length ? s.streep : false,
      color: {{color: faded ? D.vaagLijn : s.kleur, highlight: s.kleur, hover: s.kleur, inherit: false}},
      arrows: {{to: {{enabled: s.pijl, scaleFactor: 0.6}}}},
      title: D.n[r[0]][0] + " \\u2192 " + s.label + " \\u2192 " + D.n[r[1]][0] + (r[3] ? " (sinds " + r[3] + ")" : "")}};
  }});
  var groot = D.n.length > 400;
  var options = {{
    physics: false,
    layout: {{improvedLayout: false}},
    groups: groups,
    nodes: {{borderWidth: 1, scaling: {{min: 10, max: 30, label: {{enabled: true, min: 15, max: 20, drawThreshold: 6}}}},
             font: {{size: 15, face: "Source Sans Pro, system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff"}}}},
    edges: {{smooth: false, selectionWidth: 2, hoverWidth: 1.5}},
    interaction: {{hover: true, tooltipDelay: 120, navigationButtons: true, keyboard: {{enabled: true, bindToWindow: false}},
                   hideEdgesOnDrag: groot, hideEdgesOnZoom: groot, zoomSpeed: 0.6}}
  }};
  // Draw only once the box has a size: on a phone the page hides the graph, and a hidden
  // graph of thousands of nodes should not cost the phone seconds of work.
  if (!box.clientWidth) {{
    var wacht = new ResizeObserver(function () {{ if (box.clientWidth) {{ wacht.disconnect(); teken(); }} }});
    wacht.observe(box);
    return;
  }}
  teken();
  function teken() {{
  var network = new vis.Network(box, {{nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)}}, options);
  // The iframe may still change size after the first draw: fit again once it has settled
  // and whenever it is resized, then centre on the focus when the rest is only faded.
  function passend() {{
    if (D.focus >= 0 && D.vaag.length) {{
      // faded rest: frame the neighbourhood, the faded nodes stay around it
      var rond = nodes.filter(function (n) {{ return !vaag[n.id]; }}).map(function (n) {{ return n.id; }});
      network.fit({{nodes: rond, animation: false, maxZoomLevel: 1.2}});
    }} else {{
      network.fit({{animation: false}});
    }}
  }}
  network.once("afterDrawing", function () {{
    document.body.dataset.getekend = "ja";
    window.requestAnimationFrame(passend);
  }});
  var breedte = box.clientWidth, hoogte = box.clientHeight;
  window.addEventListener("resize", function () {{
    if (box.clientWidth !== breedte || box.clientHeight !== hoogte) {{
      breedte = box.clientWidth; hoogte = box.clientHeight; passend();
    }}
  }});
  window.netwerk = network;
  }}
}})();
</script>
</body></html>
"""


def uitleg(verborgen_organisaties: int = 0) -> str:
    """The caption under the graph: how to use it, and which organisations are not drawn."""
    tekst = ("Sleep om te verschuiven, scroll of gebruik de knoppen om te zoomen, sleep een knoop om hem te verplaatsen "
             "en beweeg over een knoop of lijn voor de details. De plaats op het scherm is geen geografische ligging: "
             "verbonden partijen staan dicht bij elkaar; initiatieven zonder verbinding staan in rijen onderaan.")
    if verborgen_organisaties:
        tekst += (f" {getal(verborgen_organisaties)} organisaties (waaronder gemeenten) zonder verbinding in deze "
                  "selectie zijn niet getekend; zet 'Organisaties zonder verbindingen tonen' aan bij 'Soorten "
                  "filteren' om ze te zien.")
    return tekst


def maten_uitleg(steekproef: int | None, met_focus: bool = False) -> str:
    """The caption of the measures table; names the sample the verbinder-score was actually computed from."""
    tekst = ("Aantal verbindingen: hoeveel lijnen een knoop heeft. Verbinder-score (betweenness, 0 tot 1): hoe vaak een "
             "knoop op de kortste route tussen twee andere knopen ligt. Een hoge score betekent dat deze partij groepen "
             "verbindt die anders los van elkaar staan. Cluster: groepen die onderling sterker verbonden zijn "
             "(Louvain-methode); knopen zonder verbinding horen bij geen cluster.")
    if steekproef:
        tekst += (f" De verbinder-score is bij dit grote netwerk benaderd met een steekproef van {getal(steekproef)} "
                  "startpunten (vast gekozen, dus bij elk bezoek dezelfde uitkomst).")
    if met_focus:
        tekst += " De tabel toont de knopen rond de focus; de maten gelden voor het hele gefilterde netwerk."
    return tekst


def samenvatting(net: Netwerk, focus_naam: str | None = None) -> str:
    n, m = len(net.knopen), len(net.verbindingen)
    tekst = f"Netwerk met {aantal(n, 'knoop', 'knopen')} en {aantal(m, 'verbinding', 'verbindingen')}"
    if focus_naam:
        tekst += f"; focus op {focus_naam}"
    return tekst + "."


def netwerk_html(net: Netwerk, focus_id: str | None = None, focus_ids: set[str] | None = None,
                 modus: str = "verbergen", vis_src: str = VIS_SRC) -> str:
    """The complete HTML document for `st.iframe`. `focus_ids` (from network.omgeving) with
    modus 'verbergen' shows only that neighbourhood, 'vervagen' fades the rest."""
    verbergen = focus_ids is not None and modus == "verbergen"
    shown = deelnetwerk(net, focus_ids) if verbergen else net
    data = payload(shown, focus_id, None if verbergen else focus_ids, modus)
    aanwezig = set(shown.knopen["soort"].unique().tolist()) | set(shown.verbindingen["soort"].unique().tolist())
    soorten = [s for s in KNOOP_SOORTEN if s in aanwezig]
    vsoorten = [s for s in VERBINDING_SOORTEN if s in aanwezig]
    focus_naam = None
    if focus_id is not None:
        rij = net.knopen.loc[net.knopen["knoop_id"] == focus_id, "naam"]
        focus_naam = str(rij.iloc[0]) if len(rij) else None
    return _TEMPLATE.format(
        legenda=legenda_html(soorten, vsoorten),
        samenvatting=escape(samenvatting(shown, focus_naam)),
        vis_src=escape(vis_src),
        data=json_voor_script(data),
        label_max=LABEL_MAX,
    )
