"""Coordinates as people deliver them: WGS84 latitude/longitude or Dutch RD New x/y (EPSG:28992),
recognised by their value ranges, and a point-in-province test.

Vectorised over numpy arrays: the importer calls these once per file, not once per row.
"""
from __future__ import annotations

import functools

import numpy as np

# Generous ranges around the Netherlands.
LAT_MIN, LAT_MAX = 50.5, 53.8
LON_MIN, LON_MAX = 3.0, 7.5
RD_X_MIN, RD_X_MAX = 0.0, 300_000.0
RD_Y_MIN, RD_Y_MAX = 289_000.0, 629_000.0

WGS84, RD, ONBEKEND = "wgs84", "rd", ""
# Boundaries in the store are generalised; a point this close outside still counts as inside (degrees, ~300 m).
GRENS_MARGE = 0.004


@functools.lru_cache(maxsize=1)
def _rd_to_wgs84():
    from pyproj import Transformer  # imported lazily: ~0.3 s, only needed when a file has RD coordinates
    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def rd_naar_wgs84(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """RD New x/y (metres) -> (latitude, longitude) in degrees."""
    lon, lat = _rd_to_wgs84().transform(np.asarray(x, float), np.asarray(y, float))
    return np.asarray(lat), np.asarray(lon)


def _between(v: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return (v >= lo) & (v <= hi)


def herken(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Recognise a coordinate pair per row and return (latitude, longitude, soort).

    `a` comes from the latitude-or-x column, `b` from the longitude-or-y column. Recognised:
    latitude/longitude, longitude/latitude (degrees in X/Y columns), RD x/y and RD y/x (RD
    in latitude/longitude columns: northing is always the larger number). soort is 'wgs84',
    'rd' or '' (not recognised; latitude/longitude NaN).
    """
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    lat = np.full(a.shape, np.nan)
    lon = np.full(a.shape, np.nan)
    soort = np.full(a.shape, ONBEKEND, dtype=object)

    latlon = _between(a, LAT_MIN, LAT_MAX) & _between(b, LON_MIN, LON_MAX)
    lonlat = ~latlon & _between(b, LAT_MIN, LAT_MAX) & _between(a, LON_MIN, LON_MAX)
    lat[latlon], lon[latlon] = a[latlon], b[latlon]
    lat[lonlat], lon[lonlat] = b[lonlat], a[lonlat]
    soort[latlon | lonlat] = WGS84

    rd_x = np.where(a <= b, a, b)
    rd_y = np.where(a <= b, b, a)
    rd = ~(latlon | lonlat) & _between(rd_x, RD_X_MIN, RD_X_MAX) & _between(rd_y, RD_Y_MIN, RD_Y_MAX)
    if rd.any():
        lat[rd], lon[rd] = rd_naar_wgs84(rd_x[rd], rd_y[rd])
        soort[rd] = RD
    return lat, lon, soort


@functools.lru_cache(maxsize=4)
def _vorm(geometry_geojson: str):
    import shapely
    vorm = shapely.from_geojson(geometry_geojson).buffer(GRENS_MARGE)
    shapely.prepare(vorm)
    return vorm


def binnen(geometry_geojson: str, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """True where (lat, lon) lies inside the polygon (GeoJSON in WGS84), with a small margin."""
    import shapely
    lat = np.asarray(lat, float)
    lon = np.asarray(lon, float)
    out = np.zeros(lat.shape, bool)
    ok = ~(np.isnan(lat) | np.isnan(lon))
    if ok.any():
        out[ok] = shapely.contains_xy(_vorm(geometry_geojson), lon[ok], lat[ok])
    return out
