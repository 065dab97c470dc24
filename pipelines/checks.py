"""Data tests run on every build: keys, references, accepted values, provenance."""
from __future__ import annotations

import duckdb

from pipelines.errors import ChecksFailed  # noqa: F401 (raised by the callers of run_all)


# (description, query returning offending rows). Every query must return zero rows.
CHECKS: list[tuple[str, str]] = [
    ("26 gemeenten", "SELECT count(*) AS n FROM gemeenten HAVING count(*) <> 26"),
    ("elke kern heeft dorpscijfers (CBS 2024)",
     "SELECT kern_id FROM kernen WHERE kern_id NOT IN (SELECT kern_id FROM kern_cijfers)"),
    ("buurt ligt in de gemeente van zijn kern",
     "SELECT b.buurt_code FROM buurten b JOIN kernen k USING (kern_id) WHERE b.gemeente_code <> k.gemeente_code"),
    ("elke kern ligt in een bekende gemeente",
     "SELECT kern_id FROM kernen WHERE gemeente_code NOT IN (SELECT gemeente_code FROM gemeenten)"),
    ("initiatief-kern hoort bij dezelfde gemeente",
     "SELECT i.initiatief_id FROM initiatieven i JOIN kernen k USING (kern_id) WHERE i.gemeente_code <> k.gemeente_code"),
    ("initiatief werkt in kernen van zijn eigen gemeente",
     "SELECT ik.initiatief_id FROM initiatief_kernen ik JOIN initiatieven i USING (initiatief_id) "
     "JOIN kernen k ON k.kern_id = ik.kern_id WHERE i.gemeente_code IS NOT NULL AND i.gemeente_code <> k.gemeente_code"),
    ("plaatsnaam van een initiatief hoort bij zijn kern",
     "SELECT initiatief_id FROM initiatieven WHERE plaatsnaam IS NOT NULL AND kern_id IS NULL"),
    ("verbinding van/naar bestaat",
     "SELECT verbinding_id FROM verbindingen WHERE van_id NOT IN (SELECT knoop_id FROM knopen) "
     "OR naar_id NOT IN (SELECT knoop_id FROM knopen)"),
    ("pilot verwijst naar een initiatief dat pilot is",
     "SELECT p.pilot_id FROM pilots p JOIN initiatieven i USING (initiatief_id) WHERE NOT i.is_pilot"),
    ("initiatief- en organisatie-id's overlappen niet",
     "SELECT initiatief_id FROM initiatieven WHERE initiatief_id IN (SELECT organisatie_id FROM organisaties)"),
    ("seed-record noemt een bestaand brondocument",
     """SELECT 'initiatieven:' || initiatief_id FROM initiatieven WHERE NOT is_synthetisch AND bron NOT IN (SELECT bron_id FROM bronnen)
        UNION ALL SELECT 'organisaties:' || organisatie_id FROM organisaties WHERE NOT is_synthetisch AND soort NOT IN ('gemeente','provincie') AND bron NOT IN (SELECT bron_id FROM bronnen)
        UNION ALL SELECT 'verbindingen:' || verbinding_id FROM verbindingen WHERE NOT is_synthetisch AND bron NOT IN (SELECT bron_id FROM bronnen)
        UNION ALL SELECT 'pilots:' || pilot_id FROM pilots WHERE bron NOT IN (SELECT bron_id FROM bronnen)
        UNION ALL SELECT 'mijlpalen:' || mijlpaal_id FROM mijlpalen WHERE NOT is_synthetisch AND bron NOT IN (SELECT bron_id FROM bronnen)
        UNION ALL SELECT 'bijeenkomsten:' || bijeenkomst_id FROM bijeenkomsten WHERE bron NOT IN (SELECT bron_id FROM bronnen)
        UNION ALL SELECT 'lessen:' || les_id FROM lessen WHERE bron NOT IN (SELECT bron_id FROM bronnen)
        UNION ALL SELECT 'themas:' || thema_id FROM themas WHERE bron NOT IN (SELECT bron_id FROM bronnen)
        UNION ALL SELECT 'veld_bronnen:' || record_id FROM veld_bronnen WHERE bron NOT IN (SELECT bron_id FROM bronnen)"""),
]


def run_all(con: duckdb.DuckDBPyConnection) -> list[str]:
    problems = []
    for description, query in CHECKS:
        rows = con.execute(query).fetchall()
        if rows:
            sample = ", ".join(str(r[0]) for r in rows[:5])
            problems.append(f"{description}: {len(rows)} fout(en), bijv. {sample}")
    return problems
