"""A tiny hand-made store whose network answers are known by hand (shared by the network tests).

    Alfa(A) ─lid van─> Koepel(K) <─lid van─ Bravo(B)        Delta(D): no links at all
      │  ╲                 │  ╲
      │   werkt samen      │   lid van <─ Charlie(C, pilot) <─financiert─ Fonds B(F)
      │    met             │                 ^
    GM0001   X(<img ...>)  └─werkt samen met─ Provincie(P) ─ondersteunt─┘

Organisation 'Los' and gemeente GM0002 have no links. A contact person exists and must
never show up anywhere.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

SCHEMA = Path(__file__).resolve().parent.parent / "pipelines" / "schema.sql"
XSS = "<img src=x onerror=alert(1)>"
CONTACT = "Jan Geheimnaam"


def mini_store(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path) if path else ":memory:")
    con.execute(SCHEMA.read_text())
    con.execute("""
        INSERT INTO gemeenten (gemeente_code, naam, geometry_geojson, grens_bron, cijfers_bron) VALUES
            ('GM0001', 'Aadorp', '{}', 't', 't'), ('GM0002', 'Beestad', '{}', 't', 't');
        INSERT INTO kernen (kern_id, naam, gemeente_code, latitude, longitude, bron) VALUES
            ('WP1', 'Aadorp', 'GM0001', 52.0, 5.0, 't'),
            ('WP2', 'Bekkum', 'GM0002', 52.1, 5.1, 't'),
            ('WP3', 'Beestad', 'GM0002', 52.2, 5.2, 't');
        INSERT INTO themas (thema_id, naam, soort, groep, volgorde, bron) VALUES
            ('energie', 'Energie', 'thema', 'fysiek', 1, 't'), ('zorg', 'Zorg', 'thema', 'sociaal', 2, 't');
        INSERT INTO initiatieven (initiatief_id, naam, kern_id, gemeente_code, is_pilot, latitude, longitude, bron) VALUES
            ('A', 'Alfa', 'WP1', 'GM0001', FALSE, NULL, NULL, 't'),
            ('B', 'Bravo', NULL, 'GM0001', FALSE, NULL, NULL, 't'),
            ('C', 'Charlie', 'WP2', 'GM0002', TRUE, NULL, NULL, 't'),
            ('D', 'Delta', NULL, 'GM0002', FALSE, NULL, NULL, 't'),
            ('X', $$<img src=x onerror=alert(1)>$$, 'WP1', 'GM0001', FALSE, 52.05, 5.05, 't');
        INSERT INTO initiatief_themas VALUES ('A', 'energie'), ('B', 'zorg'), ('C', 'energie'), ('D', 'zorg');
        INSERT INTO organisaties (organisatie_id, naam, soort, gemeente_code, bron) VALUES
            ('K', 'Koepel', 'koepel', NULL, 't'),
            ('F', 'Fonds B', 'fonds', 'GM0002', 't'),
            ('GM0001', 'Gemeente Aadorp', 'gemeente', 'GM0001', 't'),
            ('GM0002', 'Gemeente Beestad', 'gemeente', 'GM0002', 't'),
            ('PV99', 'Provincie', 'provincie', NULL, 't'),
            ('L', 'Los', 'overig', NULL, 't');
        INSERT INTO verbindingen (verbinding_id, van_id, naar_id, soort, sinds, bron) VALUES
            ('v1', 'A', 'K', 'lid van', 2019, 't'),
            ('v2', 'B', 'K', 'lid van', NULL, 't'),
            ('v3', 'C', 'K', 'lid van', NULL, 't'),
            ('v4', 'F', 'C', 'financiert', NULL, 't'),
            ('v5', 'PV99', 'C', 'ondersteunt', NULL, 't'),
            ('v6', 'GM0001', 'A', 'werkt samen met', NULL, 't'),
            ('v7', 'X', 'A', 'werkt samen met', NULL, 't'),
            ('v8', 'K', 'PV99', 'werkt samen met', NULL, 't');
    """)
    con.execute("INSERT INTO contactpersonen (contact_id, naam, initiatief_id, email, bron) VALUES (?, ?, 'A', ?, 't')",
                ["cp1", CONTACT, "jan@example.org"])
    return con
