"""Older files: an import that would set fields back to values the record had before (an older
export imported after a newer one). The preview lists them; the command line refuses such a
file unless `--ouder-toestaan` is given. Detected from the history (record_versies): a changed
field whose new value equals one of the record's earlier values, not its current one."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipelines import config, history, store
from pipelines.ingest.diffing import TABELLEN, diff

if TYPE_CHECKING:
    from pipelines.ingest.results import ParsedRegister

NAAM = {"initiatieven": "t.naam", "verbindingen": "t.van_id || ' → ' || t.naar_id", "mijlpalen": "t.titel"}
KOLOMMEN = ["Id", "Naam", "Veld", "Nu", "Terug naar", "Waarde van"]


def _norm(v: object) -> str | None:
    return None if v is None else str(v)


def going_back(parsed: ParsedRegister, db_path: Path | str | None = None) -> pd.DataFrame:
    """Fields the import would set back to an older value: Id, Naam, Veld, Nu (current value),
    Terug naar (the file's value), Waarde van (the file or run that last had it)."""
    tabel, key = TABELLEN[parsed.kind]
    con = store.open_readonly(Path(db_path or config.db_path()))
    try:
        waarde, _links = diff(con, parsed)
        if not waarde:
            return pd.DataFrame(columns=KOLOMMEN)
        nieuw = ", ".join(f"{w} AS \"n_{c}\"" for c, w in waarde.items())  # column names from the parser's fields
        oud = ", ".join(f"t.{c} AS \"o_{c}\"" for c in waarde)
        rijen = con.execute(f"SELECT t.{key}, {NAAM[tabel]} AS naam, {nieuw}, {oud} FROM _inc i "
                            f"JOIN {tabel} t USING ({key}) WHERE t.{key} IN (SELECT {key} FROM _gewijzigd)").df()
        if rijen.empty:
            return pd.DataFrame(columns=KOLOMMEN)
        versies = con.execute("""
            SELECT v.record_id, v.gegevens::VARCHAR, coalesce(r.bestand, r.soort) FROM record_versies v
            JOIN ingest_runs r USING (run_id) WHERE v.tabel = ? AND v.record_id IN (SELECT unnest(?))
            ORDER BY v.run_id""", [tabel, rijen[key].tolist()]).fetchall()
    finally:
        con.close()
    eerder: dict[str, list[tuple[dict, str]]] = {}
    for rid, gegevens, bron in versies:
        eerder.setdefault(rid, []).append((json.loads(gegevens), bron))
    uit = []
    for r in rijen.to_dict("records"):
        for c in waarde:
            n, o = r[f"n_{c}"], r[f"o_{c}"]
            if n is None or _norm(n) == _norm(o):
                continue
            vorige = [(v, bron) for v, bron in eerder.get(r[key], [])[:-1] if _norm(v.get(c)) == _norm(n)]
            if vorige:
                uit.append((r[key], r["naam"], c, history._tekst(o), history._tekst(n), vorige[-1][1]))
    return pd.DataFrame(uit, columns=KOLOMMEN)
