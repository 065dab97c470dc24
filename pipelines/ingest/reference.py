"""Reference data from the live store, with the lookup keys the matchers use: gazetteer,
themes, network nodes, pilots and the records already stored."""
from __future__ import annotations

import duckdb

from pipelines.ingest.fields import KERN_ALIASSEN
from pipelines.ingest.values import fold, naam_sleutel_series


# Gemeenten merged away since the CBS boundaries of the oldest seed documents: name -> (current, year).
VOORMALIGE_GEMEENTEN = {
    "Vianen": ("Vijfheerenlanden", 2019), "Zederik": ("Vijfheerenlanden", 2019), "Leerdam": ("Vijfheerenlanden", 2019),
    "Abcoude": ("De Ronde Venen", 2011), "Loenen": ("Stichtse Vecht", 2011), "Breukelen": ("Stichtse Vecht", 2011),
    "Maarssen": ("Stichtse Vecht", 2011), "Amerongen": ("Utrechtse Heuvelrug", 2006),
    "Doorn": ("Utrechtse Heuvelrug", 2006),
}


class Referentie:
    """Gazetteer, themes, nodes and existing records, with the lookup keys the matchers use."""

    def __init__(self, con: duckdb.DuckDBPyConnection, kind: str):
        gemeenten = con.execute("SELECT gemeente_code, naam FROM gemeenten ORDER BY gemeente_code").fetchall()
        self.gemeente_naam = dict(gemeenten)
        self.gemeente_index: dict[str, str] = {}
        for code, naam in gemeenten:
            getal = str(int(code[2:]))
            for key in (naam, f"gemeente {naam}", f"gem. {naam}", f"{naam} (gemeente)", code, code[2:], getal,
                        f"GM{getal}"):
                self.gemeente_index[fold(key)] = code
        per_naam = {naam: code for code, naam in gemeenten}
        self.voormalig: dict[str, str] = {}  # folded former name -> notice
        for oud, (nu, jaar) in VOORMALIGE_GEMEENTEN.items():
            if nu in per_naam:
                for key in (oud, f"gemeente {oud}", f"gem. {oud}", f"{oud} (gemeente)"):
                    self.gemeente_index.setdefault(fold(key), per_naam[nu])
                    self.voormalig[fold(key)] = f"{oud} hoort sinds {jaar} bij {nu}"
        self.gemeente_opties = {fold(naam): naam for _, naam in gemeenten}
        self.gemeente_opties.update({fold(oud): oud for oud, (nu, _) in VOORMALIGE_GEMEENTEN.items() if nu in per_naam})
        prov = next(iter(con.execute("SELECT naam, geometry_geojson FROM provincie LIMIT 1").fetchall()), None)
        self.provincie_naam, self.provincie_geojson = prov if prov else ("Utrecht", None)
        if kind == "initiatieven":
            self._initiatieven(con)
        elif kind == "verbindingen":
            self._verbindingen(con)
        else:
            self._mijlpalen(con)

    def _initiatieven(self, con) -> None:
        self.kern_index: dict[str, list[tuple[str, str, str]]] = {}
        kernen = con.execute("SELECT kern_id, naam, gemeente_code FROM kernen ORDER BY kern_id").fetchall()
        for kern_id, naam, gem in kernen:
            for key in {fold(naam), fold(kern_id)}:
                self.kern_index.setdefault(key, []).append((kern_id, naam, gem))
        per_naam = {naam: [k for k in kernen if k[1] == naam] for _, naam, _ in kernen}
        for alias, naam in KERN_ALIASSEN.items():
            if alias not in self.kern_index and naam in per_naam:
                self.kern_index[alias] = per_naam[naam]
        self.kern_opties = {fold(naam): naam for _, naam, _ in kernen}
        self._plaatsen(con, kernen)
        self.thema_index: dict[str, str] = {}
        self.thema_opties: dict[str, str] = {}
        themas = con.execute("SELECT thema_id, naam, aliassen FROM themas ORDER BY volgorde").fetchall()
        self.thema_naam = {t: n for t, n, _ in themas}
        for thema_id, naam, aliassen in themas:
            for key in [thema_id, naam, *(aliassen or "").split("|")]:
                if fold(key):
                    self.thema_index.setdefault(fold(key), thema_id)
                    self.thema_opties.setdefault(fold(key), naam)
        bestaand = con.execute("SELECT initiatief_id, naam, gemeente_code, kern_id FROM initiatieven").df()
        sleutel = naam_sleutel_series(bestaand["naam"]) + "|" + bestaand["gemeente_code"].fillna("")
        uniek = ~sleutel.duplicated(keep=False)
        self.initiatief_per_sleutel = dict(zip(sleutel[uniek], bestaand["initiatief_id"][uniek]))
        self.initiatief_gemeente = dict(zip(bestaand["initiatief_id"], bestaand["gemeente_code"]))
        self.initiatief_kern = dict(zip(bestaand["initiatief_id"], bestaand["kern_id"]))
        self.initiatief_naam = dict(zip(bestaand["initiatief_id"], bestaand["naam"]))
        # Excel drops leading zeros: '1' in a file is the stored '001' (when only one stored id reads as 1).
        cijfers = [i for i in bestaand["initiatief_id"] if str(i).isdigit()]
        per_getal: dict[int, list[str]] = {}
        for i in cijfers:
            per_getal.setdefault(int(i), []).append(i)
        self.initiatief_per_getal = {g: ids[0] for g, ids in per_getal.items() if len(ids) == 1}
        self.kern_gemeente = {k: g for k, _, g in kernen}
        self.kern_naam = {k: n for k, n, _ in kernen}
        self.organisaties = dict(con.execute("SELECT organisatie_id, naam FROM organisaties").fetchall())
        self.pilot_van = dict(con.execute("SELECT initiatief_id, pilot_id FROM pilots").fetchall())
        contacten = con.execute("SELECT contact_id, initiatief_id, naam FROM contactpersonen "
                                "WHERE initiatief_id IS NOT NULL").fetchall()
        self.contact_per_sleutel = {f"{ini}|{fold(naam)}": cid for cid, ini, naam in contacten}

    def _plaatsen(self, con, kernen) -> None:
        """Places that are no woonplaats (Cabauw) as kern names of their woonplaats (pipelines/gazetteer.py).
        A woonplaats name always wins; a place name of two gemeenten asks for the gemeente as any kern does."""
        self.plaats_naam: dict[tuple[str, str], str] = {}  # (folded name, kern_id) -> place name
        heeft_tabel = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'plaatsnamen'"
                                  ).fetchone()[0]
        if not heeft_tabel:
            return
        per_id = {k[0]: k for k in kernen}
        woonplaatsen = set(self.kern_index)
        for naam, sleutel, kern_id in con.execute(
                "SELECT naam, sleutel, kern_id FROM plaatsnamen ORDER BY sleutel, kern_id").fetchall():
            if sleutel in woonplaatsen or kern_id not in per_id:
                continue
            self.kern_index.setdefault(sleutel, []).append(per_id[kern_id])
            self.kern_opties.setdefault(sleutel, naam)
            self.plaats_naam[(sleutel, kern_id)] = naam

    def plaats_meldingen(self, stukken: list[str], kern_ids: list[str]) -> list[str]:
        """The notice for each place name in a kern cell that was attached to its woonplaats."""
        uit = []
        for stuk in stukken:
            for kern_id in kern_ids:
                if (fold(stuk), kern_id) in self.plaats_naam:
                    uit.append(f"kern '{stuk}' is geen CBS-woonplaats maar een plaats in woonplaats "
                               f"{self.kern_naam[kern_id]}; het initiatief is aan {self.kern_naam[kern_id]} gekoppeld")
        return uit

    def _verbindingen(self, con) -> None:
        knopen = con.execute("SELECT knoop_id, naam, soort FROM knopen ORDER BY knoop_id").fetchall()
        self.knoop_naam = {k: n for k, n, _ in knopen}
        per_id: dict[str, str] = {}
        per_naam: dict[str, list[str]] = {}
        extra: dict[str, list[str]] = {}
        for knoop_id, naam, soort in knopen:
            per_id[fold(knoop_id)] = knoop_id
            per_naam.setdefault(fold(naam), []).append(knoop_id)
            if soort == "gemeente":  # 'Lopik', 'GM0331', '0331' for the organisation 'Gemeente Lopik'
                for key in (naam.removeprefix("Gemeente "), knoop_id[2:], str(int(knoop_id[2:]))):
                    extra.setdefault(fold(key), []).append(knoop_id)
            elif soort == "provincie":
                for key in ("provincie", naam.removeprefix("Provincie "), f"provincie {naam}"):
                    extra.setdefault(fold(key), []).append(knoop_id)
        self.knoop_id_index = per_id
        self.knoop_naam_index = per_naam
        self.knoop_extra_index = extra
        self.knoop_opties = {fold(n): n for n in self.knoop_naam.values()}
        bestaand = con.execute("SELECT verbinding_id, van_id, naar_id, soort FROM verbindingen").fetchall()
        self.verbinding_per_sleutel = {f"{v}|{n}|{s}": vid for vid, v, n, s in bestaand}

    def _mijlpalen(self, con) -> None:
        pilots = con.execute("""SELECT p.pilot_id, p.naam, p.initiatief_id, i.naam FROM pilots p
                                LEFT JOIN initiatieven i USING (initiatief_id) ORDER BY p.pilot_id""").fetchall()
        self.pilot_naam = {p: n for p, n, _, _ in pilots}
        self.pilot_index: dict[str, str] = {}
        for pilot_id, naam, ini_id, ini_naam in pilots:
            for key in (pilot_id, pilot_id.removeprefix("pilot-"), naam, ini_id, ini_naam):
                if key:
                    self.pilot_index.setdefault(fold(key), pilot_id)
        self.pilot_opties = {key: self.pilot_naam[p] for key, p in self.pilot_index.items()}
        bestaand = con.execute("SELECT mijlpaal_id, pilot_id, titel FROM mijlpalen").fetchall()
        self.mijlpaal_per_sleutel = {f"{p or ''}|{fold(t)}": mid for mid, p, t in bestaand}
