"""History of the register: every version of every initiative, verbinding and mijlpaal, with
the run that made it (table record_versies), and what one import changed."""
from __future__ import annotations

import json

import duckdb
import pandas as pd

TABELLEN = {"initiatieven": "initiatief_id", "verbindingen": "verbinding_id", "mijlpalen": "mijlpaal_id"}
LABELS = {"initiatieven": "Initiatief", "verbindingen": "Verbinding", "mijlpalen": "Mijlpaal"}
# Kept in each version but not listed as a changed field (every import moves the confirmation date).
_NIET_TONEN = {"bron", "laatst_bevestigd"}


def _gegevens(tabel: str, key: str) -> str:
    """The row as JSON; an initiative carries its themes and kernen, which are part of its version."""
    if tabel != "initiatieven":
        return "to_json(t)"
    return ("json_merge_patch(to_json(t), json_object("
            "'themas', (SELECT coalesce(list(thema_id ORDER BY thema_id), []) FROM initiatief_themas x "
            "WHERE x.initiatief_id = t.initiatief_id), "
            "'kernen', (SELECT coalesce(list(kern_id ORDER BY kern_id), []) FROM initiatief_kernen x "
            "WHERE x.initiatief_id = t.initiatief_id)))")


def record(con: duckdb.DuckDBPyConnection, tabel: str, ids_sql: str, run_id: int, wijziging: str) -> None:
    """A new version of the records `ids_sql` (a SELECT of ids) of `tabel`, made by `run_id`."""
    key = TABELLEN[tabel]  # identifiers from a fixed mapping
    gegevens, joins = "to_json(t)", ""
    if tabel == "initiatieven":  # the same JSON as _gegevens, with joins instead of a subquery per row (the replay's hot spot)
        gegevens = ("json_merge_patch(to_json(t), json_object('themas', coalesce(th.l, []::VARCHAR[]), "
                    "'kernen', coalesce(ke.l, []::VARCHAR[])))")
        joins = "".join(
            f" LEFT JOIN (SELECT initiatief_id, list({kol} ORDER BY {kol}) AS l FROM {link} "
            f"WHERE initiatief_id IN ({ids_sql}) GROUP BY ALL) {alias} ON {alias}.initiatief_id = t.initiatief_id"
            for link, kol, alias in (("initiatief_themas", "thema_id", "th"), ("initiatief_kernen", "kern_id", "ke")))
    con.execute(f"INSERT INTO record_versies SELECT ?, t.{key}, ?, ?, {gegevens} FROM {tabel} t{joins} "
                f"WHERE t.{key} IN ({ids_sql}) ON CONFLICT DO UPDATE SET gegevens = excluded.gegevens, "
                "wijziging = excluded.wijziging", [tabel, run_id, wijziging])


def record_changed(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """A version for every record that differs from its latest version (or has none yet)."""
    for tabel, key in TABELLEN.items():
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _anders AS
            SELECT t.{key} AS id, (SELECT count(*) FROM record_versies v WHERE v.tabel = ? AND v.record_id = t.{key}) AS n
            FROM {tabel} t WHERE {_gegevens(tabel, key)}::VARCHAR IS DISTINCT FROM (
                SELECT v.gegevens::VARCHAR FROM record_versies v WHERE v.tabel = ? AND v.record_id = t.{key}
                ORDER BY v.run_id DESC LIMIT 1)""", [tabel, tabel])
        record(con, tabel, "SELECT id FROM _anders WHERE n = 0", run_id, "nieuw")
        record(con, tabel, "SELECT id FROM _anders WHERE n > 0", run_id, "gewijzigd")


def record_all(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """The first version of every record: the build's seed register."""
    for tabel, key in TABELLEN.items():
        record(con, tabel, f"SELECT {key} FROM {tabel}", run_id, "nieuw")


def _velden(oud: dict, nieuw: dict) -> list[tuple[str, object, object]]:
    return [(k, oud.get(k), nieuw.get(k)) for k in nieuw
            if k not in _NIET_TONEN and oud.get(k) != nieuw.get(k)]


def changes(con: duckdb.DuckDBPyConnection, run_id: int) -> pd.DataFrame:
    """What run `run_id` changed: one row per new or retired record and per changed field, with
    columns tabel, record_id, naam, wijziging, veld, oud, nieuw (old -> new values as text)."""
    rows = con.execute("""
        SELECT v.tabel, v.record_id, v.wijziging, v.gegevens,
               (SELECT p.gegevens FROM record_versies p WHERE p.tabel = v.tabel AND p.record_id = v.record_id
                AND p.run_id < v.run_id ORDER BY p.run_id DESC LIMIT 1) AS vorige
        FROM record_versies v WHERE v.run_id = ? ORDER BY v.tabel, v.record_id""", [run_id]).fetchall()
    uit = []
    for tabel, rid, wijziging, gegevens, vorige in rows:
        nieuw = json.loads(gegevens)
        naam = nieuw.get("naam") or nieuw.get("titel") or rid
        if wijziging != "gewijzigd" or vorige is None:
            uit.append((tabel, rid, naam, wijziging, None, None, None))
            continue
        for veld, o, n in _velden(json.loads(vorige), nieuw):
            uit.append((tabel, rid, naam, wijziging, veld, _tekst(o), _tekst(n)))
    return pd.DataFrame(uit, columns=["tabel", "record_id", "naam", "wijziging", "veld", "oud", "nieuw"])


def versions(con: duckdb.DuckDBPyConnection, tabel: str, record_id: str) -> pd.DataFrame:
    """A record's history: one row per version (run, time, file, wijziging, changed fields)."""
    rows = con.execute("""
        SELECT v.run_id, r.gestart_op, r.soort, r.bestand, v.wijziging, v.gegevens FROM record_versies v
        JOIN ingest_runs r USING (run_id) WHERE v.tabel = ? AND v.record_id = ? ORDER BY v.run_id""",
                       [tabel, record_id]).fetchall()
    uit, vorige = [], None
    for run_id, tijd, soort, bestand, wijziging, gegevens in rows:
        nieuw = json.loads(gegevens)
        velden = "" if vorige is None else ", ".join(
            f"{k}: {_tekst(o)} → {_tekst(n)}" for k, o, n in _velden(vorige, nieuw))
        uit.append((run_id, tijd, bestand or soort, wijziging, velden))
        vorige = nieuw
    return pd.DataFrame(uit, columns=["run_id", "tijd", "bron", "wijziging", "velden"])


def _tekst(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    if isinstance(v, bool):
        return "ja" if v else "nee"
    return str(v)
