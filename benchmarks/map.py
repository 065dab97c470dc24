"""The Kaart page's map with 10,000 synthetic initiatives: build time and HTML size of our
builder (choropleth, kernen, FastMarkerCluster with lookup tables, legend) against a naive
baseline with one unclustered folium.Marker + Popup per initiative, in the same run.

    PYTHONPATH=. .venv/bin/python -m benchmarks.map [--initiatieven 10000] [--herhalingen 3]

Targets: map HTML under 2 MB and build (builder + render) under 1 s. Measured: the data
query (cached in the app), the builder, the HTML render, and streamlit-folium's own
conversion of the map to its component script (what the app really sends).
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
import folium
from markupsafe import escape

from pipelines import build, synthetic
from vliegwiel import kaart
from vliegwiel.figures import kaart as kaart_fig, mapbase

DOEL_MB = 2.0
DOEL_S = 1.0


def naief(data: kaart.KaartData) -> folium.Map:
    """The textbook approach: gemeenten as GeoJson, one Marker with a Popup per initiative."""
    m = mapbase.offline_map()
    for r in data.gemeenten.itertuples():
        folium.GeoJson(json.loads(r.geometry_geojson), name=str(r.naam)).add_to(m)
    for r in data.punten.itertuples():
        tekst = f"<b>{escape(r.naam)}</b><br>Kern: {escape(r.kern)}<br>Thema: {escape(r.themas)}<br>Status: {escape(r.status)}"
        folium.Marker([r.latitude, r.longitude], popup=folium.Popup(tekst), tooltip=str(escape(r.naam))).add_to(m)
    return mapbase.localize(m)


def meet(fn, herhalingen: int) -> tuple[float, object]:
    tijden, uit = [], None
    for _ in range(herhalingen):
        t = time.perf_counter()
        uit = fn()
        tijden.append(time.perf_counter() - t)
    return statistics.median(tijden), uit


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--initiatieven", type=int, default=10_000)
    ap.add_argument("--herhalingen", type=int, default=3)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vliegwiel.duckdb"
        build.build(path)
        synthetic.add(path, initiatieven=args.initiatieven, verbindingen=0)
        con = duckdb.connect(str(path), read_only=True)

        t_query, data = meet(lambda: kaart.kaartdata(con), args.herhalingen)
        print(f"{len(data.punten):,} markers, {len(data.kernen)} kernen, {len(data.gemeenten)} gemeenten")

        def ons():
            m = kaart_fig.kaart(data)
            return m, m.get_root().render()

        t_ons, (m, html) = meet(ons, args.herhalingen)
        t_bouw, _ = meet(lambda: kaart_fig.kaart(data), args.herhalingen)
        assert not mapbase.external_urls(m), "map loads assets from outside the app"

        from streamlit_folium import _get_map_string
        t_sf, script = meet(lambda: _get_map_string(kaart_fig.kaart(data)), args.herhalingen)

        t_naief, (_mn, html_naief) = meet(lambda: (lambda mm: (mm, mm.get_root().render()))(naief(data)), 1)
        con.close()

    mb, mb_naief = len(html.encode()) / 1e6, len(html_naief.encode()) / 1e6
    print(f"data query (cached in the app): {t_query * 1000:7.0f} ms")
    print(f"ours:  builder {t_bouw * 1000:6.0f} ms, builder + render {t_ons * 1000:6.0f} ms, HTML {mb:6.2f} MB; "
          f"streamlit-folium script {t_sf * 1000:6.0f} ms, {len(script.encode()) / 1e6:5.2f} MB")
    print(f"naive: builder + render {t_naief * 1000:6.0f} ms, HTML {mb_naief:6.2f} MB")
    print(f"ratio naive/ours: time {t_naief / t_ons:5.1f}x, size {mb_naief / mb:5.1f}x")
    ok = mb < DOEL_MB and t_ons < DOEL_S
    print(f"targets (HTML < {DOEL_MB} MB, build < {DOEL_S} s): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
