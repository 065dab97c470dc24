"""The network on the map: links between initiatives and organisations that have a location.

Stub with the agreed interface; the network work fills it in.
"""
from __future__ import annotations

import duckdb
import folium
import pandas as pd

from vliegwiel.filters import Filters

COLUMNS = ["van_naam", "naar_naam", "soort", "van_lat", "van_lon", "naar_lat", "naar_lon"]


def verbindingen_met_locatie(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Links whose two ends both have a location (own coordinates, else their kern's)."""
    return pd.DataFrame(columns=COLUMNS)


def netwerk_laag(links: pd.DataFrame, name: str = "Netwerk (verbindingen)") -> folium.FeatureGroup:
    """A layer with one escaped, styled line per link; hidden by default in the layer control."""
    return folium.FeatureGroup(name=name, show=False)
