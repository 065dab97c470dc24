"""Import a register exported from Excel into the live store:
`python -m pipelines.ingest <initiatieven|verbindingen|mijlpalen> FILE [--db PATH] [--controleer]`.

A thin command line over functions the upload page can call too:

    parsed = parse(kind, path_or_bytes, filename, db_path)  # read + validate, writes nothing
    result = apply(parsed, db_path)                         # upsert atomically, or record the rejection
    result = ingest(kind, path, db_path)                    # both
    preview = vergelijk(parsed, db_path)                    # per row: nieuw / gewijzigd / ongewijzigd

All or nothing: one bad row and nothing is written except the ingest_runs row that records
the rejection. A good file is upserted on a private copy of the database, checked and
swapped in (pipelines.store.update), so readers never see a half-imported register.
Records keep a stable id (an id column, or one derived from the name and gemeente), so
importing the same file twice changes nothing and a changed row updates its record.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pipelines import checks, config, coords, store
from pipelines.readers import Bron, Tabel, header_key, kolom_letter, read_bytes, read_table
from pipelines.validate import (IngestFout, Probleem, ValidationError, aantal, bedoelde_u, fold, fold_series,
                                of_lijst, parse_datum, parse_getallen, parse_jaar, parse_janee, sorteer,
                                slug_series, splits_lijst, suggest)

KINDS = ("initiatieven", "verbindingen", "mijlpalen")
PAUZE_ENV = "VLIEGWIEL_INGEST_PAUZE"  # test hook: seconds to sleep after writing part of the copy


@dataclasses.dataclass(frozen=True)
class Veld:
    naam: str
    omschrijving: str
    aliassen: tuple[str, ...]
    zwak: tuple[str, ...] = ()  # general words that give way to a more specific column ('Omschrijving')


VELDEN: dict[str, list[Veld]] = {
    "initiatieven": [
        Veld("id", "het id van het initiatief",
             ("id", "initiatief_id", "ID initiatief", "Initiatief-ID", "Initiatiefnummer", "Nummer initiatief",
              "Code initiatief")),
        Veld("naam", "de naam van het initiatief",
             ("naam", "Naam initiatief", "Initiatief", "Initiatiefnaam", "Naam van het initiatief", "Naam project",
              "Projectnaam")),
        Veld("gemeente", "de gemeente",
             ("gemeente", "gemeentenaam", "Naam gemeente", "gemeentecode", "gemeente_code", "CBS-code gemeente")),
        Veld("kern", "de kern",
             ("kern", "kernen", "Dorp/kern", "Dorpen/kernen", "Dorp", "Dorpen", "Woonplaats", "Woonplaatsen", "Plaats",
              "kern_id", "Kern(en)", "Dorp(en)", "Woonplaatscode")),
        Veld("themas", "de thema's",
             ("Thema's", "Thema", "Themas", "thema_id", "Thema(s)", "Onderwerp", "Onderwerpen")),
        Veld("beschrijving", "de beschrijving",
             ("beschrijving", "omschrijving", "Korte omschrijving", "Korte beschrijving", "Toelichting",
              "Omschrijving initiatief"), zwak=("Toelichting",)),
        Veld("organisatievorm", "de organisatievorm",
             ("organisatievorm", "rechtsvorm", "Vorm", "Organisatie vorm", "Soort organisatie")),
        Veld("fase", "de fase", ("fase", "Fase initiatief", "Projectfase")),
        Veld("status", "de status", ("status", "Status initiatief")),
        Veld("startjaar", "het startjaar",
             ("startjaar", "Jaar van start", "Sinds", "Gestart in", "Beginjaar", "Opgericht", "Oprichtingsjaar",
              "Jaar opgericht", "Startdatum", "Start"), zwak=("Start", "Sinds")),
        Veld("pilot", "of het een pilot is", ("pilot", "is_pilot", "Pilot?", "Pilotproject", "Is pilot")),
        Veld("website", "de website", ("website", "site", "url", "webadres", "Internetadres", "Webpagina")),
        Veld("latitude", "de breedtegraad",
             ("latitude", "lat", "breedtegraad", "breedte", "Noorderbreedte", "Latitude (WGS84)")),
        Veld("longitude", "de lengtegraad",
             ("longitude", "lon", "lng", "long", "lengtegraad", "lengte", "Oosterlengte", "Longitude (WGS84)")),
        Veld("x", "de x-coördinaat", ("x", "RD x", "X-coördinaat", "xcoord", "RD-x", "X (RD)", "x_rd")),
        Veld("y", "de y-coördinaat", ("y", "RD y", "Y-coördinaat", "ycoord", "RD-y", "Y (RD)", "y_rd")),
        Veld("contact_naam", "de naam van de contactpersoon",
             ("Contactpersoon", "Naam contactpersoon", "Contact", "Contactnaam", "Naam contact")),
        Veld("contact_email", "het e-mailadres",
             ("E-mail", "Email", "E-mailadres", "Emailadres", "Mail", "Mailadres", "E-mail contactpersoon")),
        Veld("contact_telefoon", "het telefoonnummer",
             ("Telefoon", "Telefoonnummer", "Tel", "Tel.nr.", "Telnr", "Mobiel", "Telefoon contactpersoon")),
        Veld("contact_rol", "de rol van de contactpersoon", ("Rol", "Rol contactpersoon", "Functie")),
    ],
    "verbindingen": [
        Veld("id", "het id van de verbinding", ("id", "verbinding_id", "ID verbinding", "Verbinding-ID")),
        Veld("van", "van wie de verbinding uitgaat",
             ("van", "van_id", "Van (initiatief of organisatie)", "Van initiatief", "Van organisatie", "Vanuit")),
        Veld("naar", "naar wie de verbinding gaat",
             ("naar", "naar_id", "Naar (initiatief of organisatie)", "Naar initiatief", "Naar organisatie", "Met",
              "Partner")),
        Veld("soort", "de soort verbinding",
             ("soort", "Soort verbinding", "Relatie", "Soort relatie", "Type", "Type verbinding", "Verbinding")),
        Veld("sinds", "het jaar sinds wanneer", ("sinds", "Sinds jaar", "Vanaf", "Jaar", "Startjaar", "Begonnen in"),
             zwak=("Jaar",)),
        Veld("toelichting", "de toelichting", ("toelichting", "Omschrijving", "Opmerking", "Opmerkingen", "Notitie"),
             zwak=("Omschrijving", "Opmerking", "Opmerkingen", "Notitie")),
    ],
    "mijlpalen": [
        Veld("id", "het id van de mijlpaal", ("id", "mijlpaal_id", "ID mijlpaal", "Mijlpaal-ID")),
        Veld("pilot", "de pilot",
             ("pilot", "pilot_id", "Pilotproject", "Naam pilot", "Project", "Initiatief", "Pilot (naam)")),
        Veld("datum", "de datum",
             ("datum", "Datum mijlpaal", "Wanneer", "Deadline", "Gepland op", "Streefdatum", "Datum (gepland)")),
        Veld("titel", "de titel van de mijlpaal",
             ("titel", "Mijlpaal", "Omschrijving", "Activiteit", "Naam mijlpaal", "Naam", "Wat"),
             zwak=("Omschrijving", "Activiteit", "Naam", "Wat")),
        Veld("status", "de status", ("status", "Gedaan", "Klaar", "Afgerond", "Gedaan?", "Status mijlpaal")),
    ],
}
VERPLICHT = {"initiatieven": ("naam",), "verbindingen": ("van", "naar", "soort"), "mijlpalen": ("titel", "status")}
# Columns of the dashboard's own exports that an import deliberately does not take over.
GENEGEERD = {
    "bron": "kolom '{kop}' wordt niet overgenomen: de bron van geïmporteerde rijen is het geïmporteerde bestand",
    "synthetisch": "kolom '{kop}' wordt niet overgenomen: een import voegt nooit synthetische data toe",
}

FASEN = {"verkennen": ("verkenning", "idee", "ideefase", "verkenningsfase", "oriëntatie", "orientatie"),
         "opstart": ("opstarten", "start", "startfase", "opstartfase", "in oprichting", "oprichting"),
         "uitvoering": ("uitvoeren", "uitvoeringsfase", "in uitvoering", "realisatie", "lopend"),
         "borging": ("borgen", "borgingsfase", "geborgd", "verankering", "structureel")}
STATUSSEN = {"actief": ("lopend", "loopt", "in uitvoering", "bezig", "active", "ja"),
             "afgerond": ("klaar", "voltooid", "gereed", "afgesloten", "done"),
             "gestopt": ("beëindigd", "beeindigd", "opgeheven", "stopgezet", "niet meer actief", "inactief")}
VERBINDING_SOORTEN = {
    "lid van": ("lid", "is lid van", "lidmaatschap", "aangesloten bij", "aangesloten", "member"),
    "begeleidt": ("begeleiding", "begeleider", "begeleid", "coaching", "coacht", "procesbegeleiding"),
    "financiert": ("financiering", "financier", "subsidie", "subsidieert", "financieel", "fonds", "funding"),
    "werkt samen met": ("samenwerking", "samenwerken", "werkt samen", "partner", "partnerschap", "samen"),
    "ondersteunt": ("ondersteuning", "steun", "steunt", "support", "ondersteuner", "helpt"),
}
MIJLPAAL_STATUSSEN = {
    "gedaan": ("klaar", "afgerond", "done", "ja", "voltooid", "gereed", "behaald", "bereikt", "x", "true", "waar"),
    "gepland": ("open", "nee", "planned", "todo", "te doen", "nog te doen", "verwacht", "niet gedaan",
                "false", "onwaar", "gepland"),
}
# Names people use for a kern that differ from the CBS woonplaats name.
KERN_ALIASSEN = {"driebergen": "Driebergen-Rijsenburg", "rijsenburg": "Driebergen-Rijsenburg",
                 "spakenburg": "Bunschoten-Spakenburg", "bunschoten": "Bunschoten-Spakenburg",
                 "elst": "Elst Ut", "elst u": "Elst Ut"}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _vocabulaire(waarden: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out = {fold(w): w for w in waarden}
    for w, aliassen in waarden.items():
        for a in aliassen:
            out.setdefault(fold(a), w)
    return out


# ---------- results ----------

@dataclasses.dataclass
class ParsedRegister:
    """A read and validated register, not yet written. `rows` holds the target-table rows
    (never contact details) with `rij`, the row number in the user's file."""
    kind: str
    bestand: str
    sha256: str
    n_rijen: int
    kolommen: dict[str, str]
    rows: pd.DataFrame
    problemen: list[Probleem]
    meldingen: list[str]
    bijwerken: tuple[str, ...]
    behouden_als_leeg: tuple[str, ...] = ()
    koppelingen: dict[str, pd.DataFrame] = dataclasses.field(default_factory=dict)
    contactpersonen: pd.DataFrame | None = None
    blad: str | None = None
    gestart_op: dt.datetime = dataclasses.field(default_factory=dt.datetime.now)
    koppen: list[str] = dataclasses.field(default_factory=list)  # all headers, in file order

    @property
    def ok(self) -> bool:
        return not self.problemen

    @property
    def foute_rijen(self) -> int:
        return len({p.rij for p in self.problemen if p.rij is not None})

    def fout(self, run_id: int | None = None) -> ValidationError:
        return ValidationError(self.problemen, self.bestand, self.n_rijen, run_id, self.koppen)


@dataclasses.dataclass
class IngestResult:
    kind: str
    bestand: str
    sha256: str | None
    uitkomst: str  # 'gelukt' | 'afgewezen' | 'mislukt'
    toegevoegd: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0
    afgewezen: int = 0
    meldingen: list[str] = dataclasses.field(default_factory=list)
    run_id: int | None = None

    def samenvatting(self) -> str:
        totaal = self.toegevoegd + self.bijgewerkt + self.ongewijzigd + self.afgewezen
        return (f"Import gelukt: '{self.bestand}' ({self.kind}, {aantal(totaal, 'rij', 'rijen')}): "
                f"{self.toegevoegd} toegevoegd, {self.bijgewerkt} bijgewerkt, {self.ongewijzigd} ongewijzigd, "
                f"{self.afgewezen} afgewezen.")


# ---------- reference data from the live store ----------

def _open_readonly(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A private read-only view of the live file. Through ATTACH on an in-memory database, so an
    older connection of this process (DuckDB caches instances per path) cannot hide a newer file."""
    if not db_path.exists():
        raise IngestFout(f"Database '{db_path}' bestaat niet; bouw hem eerst met `python -m pipelines.build`.")
    con = duckdb.connect()
    con.execute("ATTACH ? AS live (READ_ONLY)", [str(db_path)])
    con.execute("USE live")
    return con


class Referentie:
    """Gazetteer, themes, nodes and existing records, with the lookup keys the matchers use."""

    def __init__(self, con: duckdb.DuckDBPyConnection, kind: str):
        gemeenten = con.execute("SELECT gemeente_code, naam FROM gemeenten ORDER BY gemeente_code").fetchall()
        self.gemeente_naam = dict(gemeenten)
        self.gemeente_index: dict[str, str] = {}
        for code, naam in gemeenten:
            for key in (naam, f"gemeente {naam}", code, code[2:], str(int(code[2:]))):
                self.gemeente_index[fold(key)] = code
        self.gemeente_opties = {fold(naam): naam for _, naam in gemeenten}
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
        sleutel = fold_series(bestaand["naam"]) + "|" + bestaand["gemeente_code"].fillna("")
        uniek = ~sleutel.duplicated(keep=False)
        self.initiatief_per_sleutel = dict(zip(sleutel[uniek], bestaand["initiatief_id"][uniek]))
        self.initiatief_gemeente = dict(zip(bestaand["initiatief_id"], bestaand["gemeente_code"]))
        self.initiatief_kern = dict(zip(bestaand["initiatief_id"], bestaand["kern_id"]))
        self.kern_gemeente = {k: g for k, _, g in kernen}
        self.kern_naam = {k: n for k, n, _ in kernen}
        self.organisaties = dict(con.execute("SELECT organisatie_id, naam FROM organisaties").fetchall())
        self.pilot_van = dict(con.execute("SELECT initiatief_id, pilot_id FROM pilots").fetchall())
        contacten = con.execute("SELECT contact_id, initiatief_id, naam FROM contactpersonen "
                                "WHERE initiatief_id IS NOT NULL").fetchall()
        self.contact_per_sleutel = {f"{ini}|{fold(naam)}": cid for cid, ini, naam in contacten}

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


# ---------- problem collection ----------

class _Problemen:
    def __init__(self, rijen: np.ndarray):
        self.rijen = rijen
        self.items: list[Probleem] = []

    def add(self, mask, kolom: str | pd.Series, waarden: pd.Series | None, reden: str | pd.Series) -> None:
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        for i in idx:
            self.items.append(Probleem(
                int(self.rijen[i]),
                kolom if isinstance(kolom, str) else kolom.iloc[i],
                None if waarden is None or pd.isna(waarden.iloc[i]) else str(waarden.iloc[i]),
                reden if isinstance(reden, str) else str(reden.iloc[i])))


def _per_waarde(s: pd.Series, fn: Callable[[str], object]) -> pd.Series:
    """fn over the distinct non-empty values of s, mapped back (None where empty)."""
    uniek = pd.unique(s.dropna())
    uitkomst = {v: fn(v) for v in uniek}
    return s.map(uitkomst, na_action="ignore")


# ---------- parse ----------

def _header_test(kind: str) -> Callable[[list[str]], bool]:
    keys = {header_key(a): v.naam for v in VELDEN[kind] for a in v.aliassen}
    verplicht = set(VERPLICHT[kind])

    def is_header(cells: list[str]) -> bool:
        gevonden = {keys[k] for k in map(header_key, cells) if k in keys}
        return bool(gevonden & verplicht) and len(gevonden) >= min(2, len(cells))
    return is_header


def _map_kolommen(kind: str, tabel: Tabel) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """field -> data column (k0..), field -> header as the user wrote it, notices."""
    velden = {v.naam: v for v in VELDEN[kind]}
    keys = {header_key(a): v.naam for v in VELDEN[kind] for a in v.aliassen}
    kolom: dict[str, str] = {}
    kop: dict[str, str] = {}
    meldingen = []
    for i, header in enumerate(tabel.kolommen):
        col = f"k{i}"
        key = header_key(header)
        heeft_data = col in tabel.data and tabel.data[col].notna().any()
        if not key:
            if heeft_data:
                meldingen.append(f"kolom {kolom_letter(i)} heeft geen kop en is genegeerd")
            continue
        veld = keys.get(key)
        if veld is None:
            if key in GENEGEERD:
                meldingen.append(GENEGEERD[key].format(kop=header))
            else:
                hint = suggest(header, {header_key(a): a for v in VELDEN[kind] for a in v.aliassen[:2]}, n=1)
                meldingen.append(f"kolom '{header}' is niet herkend en genegeerd"
                                 + (f" (bedoelde u '{hint[0]}'?)" if hint else ""))
            continue
        if veld in kolom:
            zwak = {header_key(a) for a in velden[veld].zwak}
            eerder_zwak, nu_zwak = header_key(kop[veld]) in zwak, key in zwak
            if eerder_zwak == nu_zwak:
                raise IngestFout(f"De kolommen '{kop[veld]}' en '{header}' betekenen allebei "
                                 f"{velden[veld].omschrijving}. Verwijder of hernoem er één en importeer het "
                                 "bestand opnieuw.")
            genegeerd = header if nu_zwak else kop[veld]
            meldingen.append(f"kolom '{genegeerd}' is genegeerd: kolom '{kop[veld] if nu_zwak else header}' "
                             f"geeft al {velden[veld].omschrijving}")
            if nu_zwak:
                continue
        kolom[veld], kop[veld] = col, header
    for veld in VERPLICHT[kind]:
        if veld not in kolom:
            raise IngestFout(_geen_kolom(kind, veld, tabel))
    return kolom, kop, meldingen


def _geen_kolom(kind: str, veld: str, tabel: Tabel) -> str:
    v = next(v for v in VELDEN[kind] if v.naam == veld)
    voorbeelden = " of ".join(f"'{a}'" for a in v.aliassen[1:3] or v.aliassen[:1])
    gevonden = ", ".join(f"'{k}'" for k in tabel.kolommen if k) or "geen"
    tekst = (f"In '{tabel.bestand}' staat geen kolom met {v.omschrijving} (verwacht een kop als {voorbeelden}). "
             f"Gevonden kolommen: {gevonden}.")
    for ander in KINDS:
        if ander != kind:
            keys = {header_key(a): w.naam for w in VELDEN[ander] for a in w.aliassen}
            gevonden_velden = {keys.get(header_key(k)) for k in tabel.kolommen}
            if set(VERPLICHT[ander]) <= gevonden_velden:
                tekst += f" Dit lijkt een register van {ander}: importeer het als '{ander}'."
                break
    return tekst


def parse(kind: str, source: Bron, filename: str | None = None, db_path: Path | str | None = None) -> ParsedRegister:
    """Read and validate a register (path, bytes or file object); writes nothing.

    Raises IngestFout for problems with the file as a whole; row problems are collected
    in `ParsedRegister.problemen`.
    """
    if kind not in KINDS:
        raise IngestFout(f"Onbekend soort register '{kind}'; kies {of_lijst(list(KINDS))}.")
    gestart = dt.datetime.now()
    db = Path(db_path or config.db_path())
    tabel = read_table(source, filename, _header_test(kind), blad_voorkeur=kind)
    kolom, kop, meldingen = _map_kolommen(kind, tabel)
    if tabel.data.empty:
        raise IngestFout(f"'{tabel.bestand}' bevat alleen een kopregel en geen gegevens.")
    df = pd.DataFrame({veld: tabel.data[col] for veld, col in kolom.items()})
    con = _open_readonly(db)
    try:
        ref = Referentie(con, kind)
    finally:
        con.close()
    problemen = _Problemen(tabel.rijen)
    parser = {"initiatieven": _initiatieven, "verbindingen": _verbindingen, "mijlpalen": _mijlpalen}[kind]
    parsed = parser(df, kop, ref, problemen)
    parsed.rows.insert(0, "rij", tabel.rijen)
    return dataclasses.replace(parsed, kind=kind, bestand=tabel.bestand, sha256=tabel.sha256,
                               n_rijen=len(df), kolommen=kop, problemen=sorteer(problemen.items, tabel.kolommen),
                               meldingen=meldingen + parsed.meldingen, blad=tabel.blad, gestart_op=gestart,
                               koppen=list(tabel.kolommen))


def _leeg(df: pd.DataFrame) -> ParsedRegister:
    return ParsedRegister("", "", "", len(df), {}, pd.DataFrame(index=df.index), [], [], ())


def _s(s: pd.Series) -> pd.Series:
    """As pandas' string dtype (missing stays missing), so '+' concatenates whatever the column held."""
    return s.astype("str")


def _tekst(df: pd.DataFrame, veld: str) -> pd.Series:
    return df[veld] if veld in df else pd.Series(None, index=df.index, dtype=object)


def _vocab_kolom(df, kop, P, veld: str, vocab: dict[str, str], label: str, keuzes: list[str]) -> pd.Series:
    s = _tekst(df, veld)
    waarde = fold_series(s).map(vocab)
    fout = s.notna() & waarde.isna()
    if fout.any():
        P.add(fout, kop[veld], s, s.map(lambda v: f"onbekende {label} '{v}'; kies uit {of_lijst(keuzes)}",
                                        na_action="ignore"))
    return waarde.astype(object).where(waarde.notna(), None)


def _jaar_kolom(df, kop, P, veld: str) -> pd.Series:
    s = _tekst(df, veld)
    res = _per_waarde(s, parse_jaar)
    jaar = res.map(lambda r: r[0], na_action="ignore")
    fout = res.map(lambda r: r[1], na_action="ignore")
    if fout.notna().any():
        P.add(fout.notna(), kop[veld], s, fout)
    return pd.array(jaar.where(jaar.notna(), None).tolist(), dtype="Int64")


def _initiatieven(df: pd.DataFrame, kop: dict[str, str], ref: Referentie, P: _Problemen) -> ParsedRegister:
    n = len(df)
    out = pd.DataFrame(index=df.index)
    meldingen: list[str] = []
    naam = _tekst(df, "naam")
    P.add(naam.isna(), kop["naam"], None, "naam ontbreekt")
    out["naam"] = naam

    # gemeente: name in any case, 'Gemeente X', GM0331, 0331 or 331
    gem = pd.Series(None, index=df.index, dtype=object)
    gem_fout = np.zeros(n, bool)
    if "gemeente" in df:
        tekst = df["gemeente"]
        gem = fold_series(tekst).map(ref.gemeente_index)
        gem_fout = (tekst.notna() & gem.isna()).to_numpy()
        if gem_fout.any():
            reden = _per_waarde(tekst[gem_fout], lambda v: f"onbekende gemeente '{v}'"
                                + bedoelde_u(suggest(v, ref.gemeente_opties)))
            P.add(gem_fout, kop["gemeente"], tekst, reden.reindex(df.index))
        gem = gem.astype(object).where(gem.notna(), None)

    # kern(en): matched to the gazetteer within the row's gemeente; derive the gemeente if unambiguous
    thuis = pd.Series(None, index=df.index, dtype=object)
    kernen_per_rij = pd.Series([[] for _ in range(n)], index=df.index, dtype=object)
    if "kern" in df:
        tekst = df["kern"]
        gem_sleutel = gem.fillna("").where(~gem_fout, "#fout")
        paren = list(zip(tekst, gem_sleutel))
        opgelost = {p: _kernen(p[0], p[1], ref) for p in dict.fromkeys(paren) if p[0] is not None}
        leeg: tuple[list[str], None, list[str]] = ([], None, [])
        res = [opgelost.get(p, leeg) for p in paren]  # one lookup per row; the work was per distinct pair
        for i in np.flatnonzero([bool(r[2]) for r in res]):
            for reden in res[i][2]:
                P.items.append(Probleem(int(P.rijen[i]), kop["kern"], tekst.iloc[i], reden))
        kernen_per_rij = pd.Series([r[0] for r in res], index=df.index, dtype=object)
        thuis = pd.Series([r[0][0] if len(r[0]) == 1 else None for r in res], index=df.index, dtype=object)
        afgeleid_gem = pd.Series([r[1] for r in res], index=df.index, dtype=object)
        vul = gem.isna() & ~pd.Series(gem_fout, index=df.index) & afgeleid_gem.notna()
        gem = gem.where(~vul, afgeleid_gem)
    out["gemeente_code"] = gem
    out["kern_id"] = thuis

    # themes: several per cell, written the short way, matched against id, name and aliases
    themas_per_rij = None
    if "themas" in df:
        tekst = df["themas"]
        opgelost = _per_waarde(tekst, lambda c: _themas(c, ref))
        themas_per_rij = opgelost.map(lambda r: r[0], na_action="ignore")
        redenen = opgelost.map(lambda r: r[1], na_action="ignore")
        for i in np.flatnonzero(redenen.map(bool, na_action="ignore").fillna(False).astype(bool).to_numpy()):
            for reden in redenen.iloc[i]:
                P.items.append(Probleem(int(P.rijen[i]), kop["themas"], tekst.iloc[i], reden))

    for veld in ("beschrijving", "organisatievorm", "website"):
        if veld in df:
            out[veld] = df[veld]
    if "organisatievorm" in out:
        out["organisatievorm"] = out["organisatievorm"].str.lower().where(out["organisatievorm"].notna(), None)
    if "fase" in df:
        out["fase"] = _vocab_kolom(df, kop, P, "fase", _vocabulaire(FASEN), "fase", list(FASEN))
    if "status" in df:
        out["status"] = _vocab_kolom(df, kop, P, "status", _vocabulaire(STATUSSEN), "status", list(STATUSSEN))
    if "startjaar" in df:
        out["startjaar"] = _jaar_kolom(df, kop, P, "startjaar")
    pilot = None
    if "pilot" in df:
        res = _per_waarde(df["pilot"], parse_janee)
        fout = res.map(lambda r: r[1], na_action="ignore")
        P.add(fout.notna(), kop["pilot"], df["pilot"], fout)
        pilot = res.map(lambda r: r[0], na_action="ignore")
        out["is_pilot"] = pd.array(pilot.where(pilot.notna(), None).tolist(), dtype="boolean")

    coord_velden = _coordinaten(df, kop, ref, P, out)

    # stable id: the file's id, else the stored record with this name and gemeente, else derived
    gegeven = _tekst(df, "id")
    naam_sleutel = _s(fold_series(naam))
    bestaand = (naam_sleutel + "|" + _s(gem).fillna("")).map(ref.initiatief_per_sleutel)
    bestaand = bestaand.fillna((naam_sleutel + "|").map(ref.initiatief_per_sleutel))
    afgeleid = "ini-" + _s(slug_series(naam)) + ("-" + _s(gem).str.lower()).fillna("")
    ids = gegeven.fillna(bestaand).fillna(afgeleid.where(naam.notna()))
    out.insert(0, "initiatief_id", ids)
    _dubbel(P, ids, gegeven, kop.get("id", kop["naam"]), kop["naam"],
            "hetzelfde initiatief (zelfde naam en gemeente) staat ook in rij ")
    botst = ids.isin(list(ref.organisaties))
    if botst.any():
        P.add(botst, kop.get("id", kop["naam"]), ids,
              ids.map(lambda i: f"id '{i}' is al in gebruik voor de organisatie '{ref.organisaties.get(i)}'",
                      na_action="ignore"))
    if pilot is not None:
        geen_pilot = (pilot == False) & ids.isin(list(ref.pilot_van))  # noqa: E712 (nullable)
        geen_pilot = geen_pilot.fillna(False).astype(bool)
        P.add(geen_pilot, kop["pilot"], df["pilot"],
              ids.map(lambda i: f"dit initiatief is een pilot ({ref.pilot_van.get(i)}); pilot kan hier niet 'nee' zijn",
                      na_action="ignore"))
    if "gemeente" in df and "kern" not in df:
        oude_kern = ids.map(ref.initiatief_kern)
        kern_gem = oude_kern.map(ref.kern_gemeente)
        conflict = (gem.notna() & kern_gem.notna() & (gem != kern_gem)).fillna(False).astype(bool)
        P.add(conflict, kop["gemeente"], df["gemeente"],
              oude_kern.map(lambda k: f"het register noemt kern {ref.kern_naam.get(k)} "
                                      f"(gemeente {ref.gemeente_naam.get(ref.kern_gemeente.get(k))}); "
                                      "voeg een kolom Kern toe om de kern te wijzigen", na_action="ignore"))

    koppelingen = {}
    if themas_per_rij is not None:
        t = pd.DataFrame({"initiatief_id": ids, "thema_id": themas_per_rij}).dropna(subset=["initiatief_id"])
        t = t.explode("thema_id").dropna().drop_duplicates()
        koppelingen["initiatief_themas"] = t.reset_index(drop=True)
    if "kern" in df:
        k = pd.DataFrame({"initiatief_id": ids, "kern_id": kernen_per_rij}).dropna(subset=["initiatief_id"])
        k = k[k["kern_id"].map(len) > 0].explode("kern_id").drop_duplicates()
        koppelingen["initiatief_kernen"] = k.reset_index(drop=True)

    contacten = _contacten(df, kop, ref, P, ids)

    bijwerken = ["naam"]
    behouden = []
    if "gemeente" in df or "kern" in df:
        bijwerken.append("gemeente_code")
        if "gemeente" not in df:
            behouden.append("gemeente_code")
    if "kern" in df:
        bijwerken.append("kern_id")
    bijwerken += [c for c in ("beschrijving", "organisatievorm", "fase", "status", "startjaar", "website")
                  if c in out]
    if "is_pilot" in out:
        bijwerken.append("is_pilot")
        behouden.append("is_pilot")
    bijwerken += coord_velden
    rows = out[["initiatief_id", *bijwerken]].copy()
    return dataclasses.replace(_leeg(df), rows=rows, meldingen=meldingen, bijwerken=tuple(bijwerken),
                               behouden_als_leeg=tuple(behouden), koppelingen=koppelingen,
                               contactpersonen=contacten)


def _kernen(cel: str, gem: str, ref: Referentie) -> tuple[list[str], str | None, list[str]]:
    """Resolve a kern cell ('Werkhoven, Bunnik en Odijk') within gemeente `gem` ('' unknown,
    '#fout' invalid): (kern_ids, derived gemeente, reasons)."""
    ids: list[str] = []
    redenen: list[str] = []
    gevonden_gem: set[str] = set()
    for stuk in splits_lijst(cel, ref.kern_index):
        kandidaten = ref.kern_index.get(fold(stuk))
        if not kandidaten:
            redenen.append(f"onbekende kern '{stuk}'" + bedoelde_u(suggest(stuk, ref.kern_opties)))
            continue
        if gem == "#fout":
            continue
        if gem:
            binnen = [k for k in kandidaten if k[2] == gem]
            if not binnen:
                elders = of_lijst(sorted({ref.gemeente_naam[k[2]] for k in kandidaten}))
                redenen.append(f"kern '{stuk}' ligt niet in gemeente {ref.gemeente_naam[gem]} maar in {elders}")
                continue
            ids.append(binnen[0][0])
        elif len({k[2] for k in kandidaten}) > 1:
            namen = ", ".join(sorted({ref.gemeente_naam[k[2]] for k in kandidaten}))
            redenen.append(f"kern '{stuk}' bestaat in meer gemeenten ({namen}); vul de gemeente in")
        else:
            ids.append(kandidaten[0][0])
            gevonden_gem.add(kandidaten[0][2])
    if len(gevonden_gem) > 1:
        namen = of_lijst(sorted(ref.gemeente_naam[g] for g in gevonden_gem), "en")
        redenen.append(f"de kernen liggen in verschillende gemeenten ({namen}); "
                       "een initiatief hoort bij één gemeente")
        return [], None, redenen
    ids = list(dict.fromkeys(ids))
    return ids, (next(iter(gevonden_gem)) if gevonden_gem else None), redenen


def _themas(cel: str, ref: Referentie) -> tuple[list[str], list[str]]:
    ids, redenen = [], []
    for stuk in splits_lijst(cel, ref.thema_index):
        thema = ref.thema_index.get(fold(stuk))
        if thema:
            ids.append(thema)
        else:
            namen = suggest(stuk, ref.thema_opties)
            redenen.append(f"onbekend thema '{stuk}'"
                           + (bedoelde_u(namen) if namen else "; geen vergelijkbaar thema gevonden"))
    return list(dict.fromkeys(ids)), redenen


def _coordinaten(df, kop, ref: Referentie, P: _Problemen, out: pd.DataFrame) -> list[str]:
    """latitude/longitude or RD x/y (recognised by range) -> WGS84 columns; checks the province."""
    paren = [(a, b) for a, b in (("latitude", "longitude"), ("x", "y")) if a in df or b in df]
    if not paren:
        return []
    a_tekst = pd.Series(None, index=df.index, dtype=object)
    b_tekst = pd.Series(None, index=df.index, dtype=object)
    label = pd.Series("", index=df.index, dtype=object)
    for a, b in paren:
        ta, tb = _tekst(df, a), _tekst(df, b)
        neem = a_tekst.isna() & b_tekst.isna() & (ta.notna() | tb.notna())
        a_tekst = a_tekst.where(~neem, ta)
        b_tekst = b_tekst.where(~neem, tb)
        label = label.where(~neem, " / ".join(kop[v] for v in (a, b) if v in kop))
    label = label.where(label != "", " / ".join(kop[v] for p in paren for v in p if v in kop))
    half = a_tekst.notna() ^ b_tekst.notna()
    P.add(half, label, a_tekst.fillna(b_tekst), "één van de twee coördinaten ontbreekt; vul beide in of laat beide leeg")
    a_num, b_num = parse_getallen(a_tekst), parse_getallen(b_tekst)
    beide = a_tekst.notna() & b_tekst.notna()
    weergave = a_tekst.fillna("") + "; " + b_tekst.fillna("")
    geen_getal = beide & (a_num.isna() | b_num.isna())
    P.add(geen_getal, label, weergave, "coördinaten '" + weergave + "' zijn geen getallen")
    lat, lon, soort = coords.herken(a_num.to_numpy(), b_num.to_numpy())
    niet_herkend = beide & ~geen_getal & (soort == coords.ONBEKEND)
    P.add(niet_herkend, label, weergave, "coördinaten '" + weergave + "' niet herkend als breedte- en lengtegraad "
          "(WGS84) of als RD-coördinaten (x en y)")
    herkend = soort != coords.ONBEKEND
    if ref.provincie_geojson is not None and herkend.any():
        buiten = herkend & ~coords.binnen(ref.provincie_geojson, lat, lon)
        P.add(buiten, label, weergave,
              "coördinaten '" + weergave + f"' liggen buiten de provincie {ref.provincie_naam}")
    out["latitude"] = np.where(herkend, np.round(lat, 6), np.nan)
    out["longitude"] = np.where(herkend, np.round(lon, 6), np.nan)
    return ["latitude", "longitude"]


def _contacten(df, kop, ref: Referentie, P: _Problemen, ids: pd.Series) -> pd.DataFrame | None:
    velden = [v for v in ("contact_naam", "contact_email", "contact_telefoon", "contact_rol") if v in df]
    if not velden:
        return None
    c = pd.DataFrame({v.removeprefix("contact_"): _tekst(df, v) for v in
                      ("contact_naam", "contact_email", "contact_telefoon", "contact_rol")})
    iets = c[[v.removeprefix("contact_") for v in velden]].notna().any(axis=1)
    geen_naam = iets & c["naam"].isna() & (c["email"].notna() | c["telefoon"].notna())
    if geen_naam.any():
        P.add(geen_naam, kop.get("contact_naam") or kop.get("contact_email") or kop["contact_telefoon"], None,
              "naam contactpersoon ontbreekt (wel een e-mailadres of telefoonnummer ingevuld)")
    if "contact_email" in df:
        fout = c["email"].notna() & ~c["email"].astype(str).str.fullmatch(_EMAIL.pattern)
        P.add(fout, kop["contact_email"], c["email"], "'" + c["email"].astype(str) + "' is geen geldig e-mailadres")
    c.insert(0, "initiatief_id", ids)
    c = c[iets & c["naam"].notna() & ids.notna()].copy()
    sleutel = _s(c["initiatief_id"]) + "|" + _s(fold_series(c["naam"]))
    c.insert(0, "contact_id", sleutel.map(ref.contact_per_sleutel).fillna(
        "cp-" + _s(c["initiatief_id"]).str.removeprefix("ini-") + "-" + _s(slug_series(c["naam"], 40))))
    return c.drop_duplicates("contact_id", keep="last").reset_index(drop=True)


def _knoop(tekst: str, ref: Referentie, met_suggestie: bool) -> tuple[str | None, str | None]:
    key = fold(tekst)
    if key in ref.knoop_id_index:
        return ref.knoop_id_index[key], None
    for index in (ref.knoop_naam_index, ref.knoop_extra_index):
        ids = index.get(key)
        if ids and len(ids) == 1:
            return ids[0], None
        if ids:
            return None, f"'{tekst}' is niet eenduidig ({', '.join(sorted(ids))}); gebruik het id"
    namen = suggest(tekst, ref.knoop_opties) if met_suggestie else []
    return None, f"onbekend initiatief of organisatie '{tekst}'" + bedoelde_u(namen)


def _verbindingen(df: pd.DataFrame, kop: dict[str, str], ref: Referentie, P: _Problemen) -> ParsedRegister:
    out = pd.DataFrame(index=df.index)
    max_suggesties = 50  # difflib over every node name is costly; suggest for the first distinct unknowns
    for veld in ("van", "naar"):
        tekst = df[veld]
        P.add(tekst.isna(), kop[veld], None, f"{veld} ontbreekt")
        uniek = pd.unique(tekst.dropna())
        opgelost, n_onbekend = {}, 0
        for v in uniek:
            knoop, reden = _knoop(v, ref, n_onbekend < max_suggesties)
            n_onbekend += reden is not None
            opgelost[v] = (knoop, reden)
        res = tekst.map(opgelost, na_action="ignore")
        reden = res.map(lambda r: r[1], na_action="ignore")
        P.add(reden.notna(), kop[veld], tekst, reden)
        out[f"{veld}_id"] = res.map(lambda r: r[0], na_action="ignore")
    zelf = out["van_id"].notna() & (out["van_id"] == out["naar_id"])
    P.add(zelf, f"{kop['van']} / {kop['naar']}", df["van"],
          "van en naar zijn hetzelfde ('" + df["van"].astype(str) + "')")
    soort = df["soort"]
    P.add(soort.isna(), kop["soort"], None, f"soort ontbreekt; kies uit {of_lijst(list(VERBINDING_SOORTEN))}")
    out["soort"] = _vocab_kolom(df, kop, P, "soort", _vocabulaire(VERBINDING_SOORTEN), "soort verbinding",
                                list(VERBINDING_SOORTEN))
    bijwerken = ["van_id", "naar_id", "soort"]
    if "sinds" in df:
        out["sinds"] = _jaar_kolom(df, kop, P, "sinds")
        bijwerken.append("sinds")
    if "toelichting" in df:
        out["toelichting"] = df["toelichting"]
        bijwerken.append("toelichting")

    gegeven = _tekst(df, "id")
    triple = _s(out["van_id"]) + "|" + _s(out["naar_id"]) + "|" + _s(out["soort"])
    bestaand = triple.map(ref.verbinding_per_sleutel)
    afgeleid = triple.map(lambda t: "ver-" + hashlib.sha1(t.encode()).hexdigest()[:12], na_action="ignore")
    ids = gegeven.fillna(bestaand).fillna(afgeleid)
    out.insert(0, "verbinding_id", ids)
    _dubbel(P, ids, gegeven, kop.get("id", kop["van"]), kop["van"],
            "dezelfde verbinding (van, naar en soort) staat ook in rij ")
    return dataclasses.replace(_leeg(df), rows=out[["verbinding_id", *bijwerken]], bijwerken=tuple(bijwerken))


def _dubbel(P: _Problemen, ids: pd.Series, gegeven: pd.Series, kolom_id: str, kolom_afgeleid: str,
            afgeleid_reden: str) -> None:
    """Report every repeat of an id (given, or derived from the identifying columns) with the first row."""
    dubbel = ids.notna() & ids.duplicated(keep="first")
    if not dubbel.any():
        return
    kolom = pd.Series(np.where(gegeven.notna(), kolom_id, kolom_afgeleid), index=ids.index)
    rijen = pd.Series(P.rijen, index=ids.index)
    eerste = rijen[ids.notna()].groupby(ids[ids.notna()]).transform("min").reindex(ids.index)
    reden = pd.Series(np.where(gegeven.notna(), "id '" + ids.astype(str) + "' komt ook voor in rij ", afgeleid_reden),
                      index=ids.index) + eerste.astype("Int64").astype(str)
    P.add(dubbel, kolom, ids, reden)


def _mijlpalen(df: pd.DataFrame, kop: dict[str, str], ref: Referentie, P: _Problemen) -> ParsedRegister:
    out = pd.DataFrame(index=df.index)
    bijwerken = []
    pilot = pd.Series(None, index=df.index, dtype=object)
    if "pilot" in df:
        tekst = df["pilot"]
        pilot = fold_series(tekst).map(ref.pilot_index)
        fout = tekst.notna() & pilot.isna()
        P.add(fout, kop["pilot"], tekst, _per_waarde(tekst[fout], lambda v: f"onbekende pilot '{v}'"
                                                    + bedoelde_u(suggest(v, ref.pilot_opties))).reindex(df.index))
        pilot = pilot.astype(object).where(pilot.notna(), None)
        out["pilot_id"] = pilot
        bijwerken.append("pilot_id")
    if "datum" in df:
        res = _per_waarde(df["datum"], parse_datum)
        fout = res.map(lambda r: r[1], na_action="ignore")
        P.add(fout.notna(), kop["datum"], df["datum"], fout)
        datum = res.map(lambda r: r[0], na_action="ignore")
        out["datum"] = datum.astype(object).where(datum.notna(), None)
        bijwerken.append("datum")
    titel = df["titel"]
    P.add(titel.isna(), kop["titel"], None, "titel ontbreekt")
    out["titel"] = titel
    status = df["status"]
    P.add(status.isna(), kop["status"], None, "status ontbreekt; vul gedaan of gepland in")
    vocab = _vocabulaire(MIJLPAAL_STATUSSEN)
    waarde = fold_series(status).map(vocab)
    fout = status.notna() & waarde.isna()
    P.add(fout, kop["status"], status, "onbekende status '" + status.astype(str) + "'; gebruik gedaan of gepland")
    out["status"] = waarde.astype(object).where(waarde.notna(), None)
    bijwerken += ["titel", "status"]

    gegeven = _tekst(df, "id")
    sleutel = _s(pilot).fillna("") + "|" + _s(fold_series(titel))
    bestaand = sleutel.map(ref.mijlpaal_per_sleutel)
    afgeleid = "mp-" + _s(pilot).fillna("programma").str.removeprefix("pilot-") + "-" + _s(slug_series(titel, 50))
    ids = gegeven.fillna(bestaand).fillna(afgeleid.where(titel.notna()))
    out.insert(0, "mijlpaal_id", ids)
    _dubbel(P, ids, gegeven, kop.get("id", kop["titel"]), kop["titel"],
            "dezelfde mijlpaal (zelfde pilot en titel) staat ook in rij ")
    return dataclasses.replace(_leeg(df), rows=out[["mijlpaal_id", *bijwerken]], bijwerken=tuple(bijwerken))


# ---------- apply ----------

TABELLEN = {"initiatieven": ("initiatieven", "initiatief_id"),
            "verbindingen": ("verbindingen", "verbinding_id"),
            "mijlpalen": ("mijlpalen", "mijlpaal_id")}
STANDAARD_NIEUW = {"is_pilot": "FALSE"}  # NOT NULL columns an empty cell leaves at their default


def vergelijk(parsed: ParsedRegister, db_path: Path | str | None = None) -> pd.DataFrame:
    """What an import would do, row by row, without writing: columns rij, id and wijziging
    ('nieuw', 'gewijzigd' or 'ongewijzigd'). For the upload preview; rows with problems too."""
    tabel, key = TABELLEN[parsed.kind]
    con = _open_readonly(Path(db_path or config.db_path()))
    try:
        _verschil(con, parsed)
        nieuw = {r[0] for r in con.execute(f"SELECT {key} FROM _nieuw").fetchall()}
        gewijzigd = {r[0] for r in con.execute(f"SELECT {key} FROM _gewijzigd").fetchall()}
    finally:
        con.close()
    ids = parsed.rows[key]
    wijziging = np.where(ids.isin(nieuw), "nieuw", np.where(ids.isin(gewijzigd), "gewijzigd", "ongewijzigd"))
    return pd.DataFrame({"rij": parsed.rows["rij"], "id": ids, "wijziging": wijziging})


def bron_id(parsed: ParsedRegister) -> str:
    return f"{parsed.bestand} ({parsed.sha256[:8]})"


def _pauze_voor_test() -> None:
    seconden = os.environ.get(PAUZE_ENV)
    if seconden:
        print("PAUZE: kopie half geschreven", file=sys.stderr, flush=True)
        time.sleep(float(seconden))


def _verschil(con: duckdb.DuckDBPyConnection, parsed: ParsedRegister) -> tuple[dict[str, str], dict]:
    """Compare the parsed rows with the store in `con`: temp tables _nieuw and _gewijzigd (ids),
    and _contact_gewijzigd. A row counts as changed when a column the file provides, its
    themes, its kernen or its contact person differ."""
    tabel, key = TABELLEN[parsed.kind]  # identifiers from a fixed mapping
    rows = parsed.rows.drop(columns=["rij"])
    cols = list(parsed.bijwerken)
    behouden = set(parsed.behouden_als_leeg)
    con.register("_inc", rows)
    waarde = {c: (f"coalesce(i.{c}, t.{c})" if c in behouden else f"i.{c}") for c in cols}
    verschil = " OR ".join(f"{waarde[c]} IS DISTINCT FROM t.{c}" for c in cols)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _nieuw AS SELECT {key} FROM _inc ANTI JOIN {tabel} USING ({key})")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _gewijzigd AS SELECT i.{key} FROM _inc i "
                f"JOIN {tabel} t USING ({key}) WHERE {verschil}")

    links = {naam: df for naam, df in parsed.koppelingen.items()}
    for naam, df in links.items():  # initiatief_themas / initiatief_kernen: symmetric difference per initiative
        kolom = "thema_id" if naam == "initiatief_themas" else "kern_id"
        con.register(f"_inc_{naam}", df)
        scope = ("SELECT initiatief_id FROM _inc" if naam == "initiatief_themas"
                 else f"SELECT DISTINCT initiatief_id FROM _inc_{naam}")
        con.execute(f"""
            INSERT INTO _gewijzigd SELECT DISTINCT initiatief_id FROM (
                (SELECT initiatief_id, {kolom} FROM {naam} WHERE initiatief_id IN ({scope})
                 EXCEPT SELECT initiatief_id, {kolom} FROM _inc_{naam})
                UNION ALL
                (SELECT initiatief_id, {kolom} FROM _inc_{naam} EXCEPT SELECT initiatief_id, {kolom} FROM {naam}))
            WHERE initiatief_id NOT IN (SELECT initiatief_id FROM _nieuw)
              AND initiatief_id NOT IN (SELECT initiatief_id FROM _gewijzigd)""")
    contacten = parsed.contactpersonen
    if contacten is not None and len(contacten):
        con.register("_inc_contact", contacten)
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _contact_gewijzigd AS
            SELECT i.contact_id FROM _inc_contact i LEFT JOIN contactpersonen c USING (contact_id)
            WHERE c.contact_id IS NULL OR i.naam IS DISTINCT FROM c.naam
               OR coalesce(i.email, c.email) IS DISTINCT FROM c.email
               OR coalesce(i.telefoon, c.telefoon) IS DISTINCT FROM c.telefoon
               OR coalesce(i.rol, c.rol) IS DISTINCT FROM c.rol""")
        con.execute("""
            INSERT INTO _gewijzigd SELECT DISTINCT initiatief_id FROM _inc_contact
            WHERE contact_id IN (SELECT contact_id FROM _contact_gewijzigd)
              AND initiatief_id NOT IN (SELECT initiatief_id FROM _nieuw)
              AND initiatief_id NOT IN (SELECT initiatief_id FROM _gewijzigd)""")

    return waarde, links


def _upsert(con: duckdb.DuckDBPyConnection, parsed: ParsedRegister, bron: str) -> tuple[int, int]:
    """Insert new and update changed rows of the kind's table (and its link tables) in `con`;
    returns (added, updated). Only columns the file provides are written."""
    tabel, key = TABELLEN[parsed.kind]
    cols = list(parsed.bijwerken)
    contacten = parsed.contactpersonen
    waarde, links = _verschil(con, parsed)
    toegevoegd = con.execute("SELECT count(*) FROM _nieuw").fetchall()[0][0]
    bijgewerkt = con.execute("SELECT count(*) FROM _gewijzigd").fetchall()[0][0]
    if not toegevoegd and not bijgewerkt:
        return 0, 0

    lijst = ", ".join(cols)
    selectie = ", ".join(f"coalesce({c}, {STANDAARD_NIEUW[c]}) AS {c}" if c in STANDAARD_NIEUW else c for c in cols)
    con.execute(f"INSERT INTO {tabel} ({key}, {lijst}, bron) SELECT {key}, {selectie}, ? FROM _inc "
                f"WHERE {key} IN (SELECT {key} FROM _nieuw)", [bron])
    _pauze_voor_test()
    zet = ", ".join(f"{c} = {waarde[c]}" for c in cols)
    _zonder_verwijzingen(con, tabel, key, f"SELECT {key} FROM _gewijzigd", lambda: con.execute(
        f"UPDATE {tabel} AS t SET {zet}, bron = ? FROM _inc i "
        f"WHERE t.{key} = i.{key} AND i.{key} IN (SELECT {key} FROM _gewijzigd)", [bron]))

    if parsed.kind == "initiatieven":
        geraakt = "(SELECT initiatief_id FROM _nieuw UNION SELECT initiatief_id FROM _gewijzigd)"
        if "initiatief_themas" in links:
            con.execute(f"DELETE FROM initiatief_themas WHERE initiatief_id IN {geraakt}")
            con.execute(f"INSERT INTO initiatief_themas SELECT initiatief_id, thema_id FROM _inc_initiatief_themas "
                        f"WHERE initiatief_id IN {geraakt}")
        if "initiatief_kernen" in links:
            met_kern = "(SELECT DISTINCT initiatief_id FROM _inc_initiatief_kernen)"
            con.execute(f"DELETE FROM initiatief_kernen WHERE initiatief_id IN {geraakt} "
                        f"AND initiatief_id IN {met_kern}")
            con.execute(f"INSERT INTO initiatief_kernen SELECT initiatief_id, kern_id FROM _inc_initiatief_kernen "
                        f"WHERE initiatief_id IN {geraakt}")
            # An empty kern cell leaves the kernen an initiative works in, minus any outside its gemeente.
            con.execute(f"""
                DELETE FROM initiatief_kernen WHERE (initiatief_id, kern_id) IN (
                    SELECT ik.initiatief_id, ik.kern_id FROM initiatief_kernen ik
                    JOIN initiatieven i USING (initiatief_id) JOIN kernen k ON k.kern_id = ik.kern_id
                    WHERE ik.initiatief_id IN {geraakt} AND i.gemeente_code IS NOT NULL
                      AND k.gemeente_code <> i.gemeente_code)""")
        con.execute(f"""
            INSERT INTO initiatief_kernen
            SELECT initiatief_id, kern_id FROM initiatieven WHERE kern_id IS NOT NULL AND initiatief_id IN {geraakt}
            EXCEPT SELECT initiatief_id, kern_id FROM initiatief_kernen""")
        if contacten is not None and len(contacten):
            con.execute("""
                INSERT INTO contactpersonen (contact_id, naam, rol, initiatief_id, email, telefoon, bron)
                SELECT contact_id, naam, rol, initiatief_id, email, telefoon, ? FROM _inc_contact
                WHERE contact_id IN (SELECT contact_id FROM _contact_gewijzigd)
                  AND contact_id NOT IN (SELECT contact_id FROM contactpersonen)""", [bron])
            con.execute("""
                UPDATE contactpersonen AS c SET naam = i.naam, email = coalesce(i.email, c.email),
                       telefoon = coalesce(i.telefoon, c.telefoon), rol = coalesce(i.rol, c.rol), bron = ?
                FROM _inc_contact i WHERE c.contact_id = i.contact_id
                  AND i.contact_id IN (SELECT contact_id FROM _contact_gewijzigd)""", [bron])
    return toegevoegd, bijgewerkt


def _fk_kinderen(con: duckdb.DuckDBPyConnection, tabel: str) -> list[tuple[str, str, str]]:
    """(child table, its foreign-key column, the referenced column) for every table referring to `tabel`."""
    return con.execute("""
        SELECT table_name, constraint_column_names[1], referenced_column_names[1] FROM duckdb_constraints()
        WHERE constraint_type = 'FOREIGN KEY' AND referenced_table = ? AND database_name = current_database()
        ORDER BY table_name, constraint_index""", [tabel]).fetchall()


def _zonder_verwijzingen(con: duckdb.DuckDBPyConnection, tabel: str, key: str, ids_sql: str,
                         wijzig: Callable[[], object]) -> None:
    """Run `wijzig`, an UPDATE of rows `ids_sql` of `tabel`, while no other row refers to them.

    DuckDB executes an UPDATE of an indexed column (a foreign key such as kern_id) as delete +
    insert and refuses it while another table still refers to the row. The referring rows, and
    theirs in turn (pilots -> mijlpalen, lessen), are set aside in temporary tables and put back
    unchanged afterwards. This runs on the private copy, so no reader ever sees the gap.
    """
    bewaard: list[tuple[str, str, str]] = []

    def verzamel(ouder: str, ouder_rijen: str) -> None:
        for kind_tabel, fk, ref in _fk_kinderen(con, ouder):  # identifiers from DuckDB's own catalog
            tmp = f"_bewaar_{len(bewaard)}"
            con.execute(f"CREATE OR REPLACE TEMP TABLE {tmp} AS SELECT * FROM {kind_tabel} "
                        f"WHERE {fk} IN (SELECT {ref} FROM ({ouder_rijen}))")
            bewaard.append((kind_tabel, fk, tmp))
            verzamel(kind_tabel, f"SELECT * FROM {tmp}")

    verzamel(tabel, f"SELECT * FROM {tabel} WHERE {key} IN ({ids_sql})")
    for kind_tabel, fk, tmp in reversed(bewaard):
        con.execute(f"DELETE FROM {kind_tabel} WHERE {fk} IN (SELECT {fk} FROM {tmp})")
    wijzig()
    for kind_tabel, _fk, tmp in bewaard:
        con.execute(f"INSERT INTO {kind_tabel} SELECT * FROM {tmp}")
        con.execute(f"DROP TABLE {tmp}")


def _log_run(con: duckdb.DuckDBPyConnection, *, gestart: dt.datetime, kind: str, bestand: str | None,
             sha256: str | None, toegevoegd: int = 0, bijgewerkt: int = 0, afgewezen: int = 0,
             uitkomst: str, melding: str) -> int:
    run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs").fetchall()[0][0]
    con.execute("INSERT INTO ingest_runs (run_id, gestart_op, klaar_op, soort, bestand, sha256, rijen_toegevoegd, "
                "rijen_bijgewerkt, rijen_afgewezen, uitkomst, melding) "
                "VALUES (?, ?, now()::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?)",
                [run_id, gestart, kind, bestand, sha256, toegevoegd, bijgewerkt, afgewezen, uitkomst, melding])
    return run_id


def record_rejection(db_path: Path | str, *, kind: str, bestand: str | None, sha256: str | None,
                     melding: str, afgewezen: int = 0, gestart: dt.datetime | None = None,
                     uitkomst: str = "afgewezen") -> int | None:
    """Write only an ingest_runs row for a rejected (or failed) run, itself atomically."""
    db = Path(db_path)
    if not db.exists():
        return None
    run: list[int] = []
    store.update(db, lambda con: run.append(_log_run(
        con, gestart=gestart or dt.datetime.now(), kind=kind, bestand=bestand, sha256=sha256,
        afgewezen=afgewezen, uitkomst=uitkomst, melding=melding)))
    return run[0]


def apply(parsed: ParsedRegister, db_path: Path | str | None = None) -> IngestResult:
    """Write a parsed register into the store atomically and record the run.

    A register with problems writes only its 'afgewezen' ingest_runs row and raises
    ValidationError. A failure of the store's checks or of DuckDB leaves the store as it
    was, records a 'mislukt' run and raises IngestFout.
    """
    db = Path(db_path or config.db_path())
    kind = parsed.kind
    if not parsed.ok:
        fout = parsed.fout()
        run_id = record_rejection(db, kind=kind, bestand=parsed.bestand, sha256=parsed.sha256,
                                  melding=fout.rapport(max_regels=200), afgewezen=parsed.foute_rijen,
                                  gestart=parsed.gestart_op)
        raise parsed.fout(run_id)
    bron = bron_id(parsed)
    uitkomst: dict[str, int] = {}

    def change(con: duckdb.DuckDBPyConnection) -> None:
        toegevoegd, bijgewerkt = _upsert(con, parsed, bron)
        if toegevoegd or bijgewerkt:
            con.execute("INSERT INTO bronnen VALUES (?, ?, ?, NULL, ?, NULL, 'register') ON CONFLICT DO NOTHING",
                        [bron, f"Geïmporteerd register ({kind}): {parsed.bestand}", parsed.bestand,
                         parsed.gestart_op.date().isoformat()])
        problemen = checks.run_all(con)
        if problemen:
            raise checks.CheckFailed(problemen)
        result = IngestResult(kind, parsed.bestand, parsed.sha256, "gelukt", toegevoegd, bijgewerkt,
                              parsed.n_rijen - toegevoegd - bijgewerkt, 0, list(parsed.meldingen))
        melding = result.samenvatting() + "".join(f"\nLet op: {m}" for m in parsed.meldingen)
        uitkomst.update(toegevoegd=toegevoegd, bijgewerkt=bijgewerkt, run_id=_log_run(
            con, gestart=parsed.gestart_op, kind=kind, bestand=parsed.bestand, sha256=parsed.sha256,
            toegevoegd=toegevoegd, bijgewerkt=bijgewerkt, uitkomst="gelukt", melding=melding))

    try:
        store.update(db, change)
    except (checks.CheckFailed, duckdb.Error) as exc:
        melding = (f"Import mislukt: '{parsed.bestand}' past niet in de database ({exc}). "
                   "Er is niets gewijzigd.")
        record_rejection(db, kind=kind, bestand=parsed.bestand, sha256=parsed.sha256, melding=melding,
                         gestart=parsed.gestart_op, uitkomst="mislukt")
        raise IngestFout(melding) from exc
    t, b = uitkomst["toegevoegd"], uitkomst["bijgewerkt"]
    return IngestResult(kind, parsed.bestand, parsed.sha256, "gelukt", t, b, parsed.n_rijen - t - b, 0,
                        list(parsed.meldingen), uitkomst["run_id"])


def ingest(kind: str, source: Bron, db_path: Path | str | None = None, filename: str | None = None) -> IngestResult:
    """parse + apply. A file that cannot be read at all is recorded as a rejected run too."""
    db = Path(db_path or config.db_path())
    try:
        parsed = parse(kind, source, filename, db)
    except IngestFout as exc:
        if kind in KINDS and db.exists():
            naam, sha = _naam_en_sha(source, filename)
            record_rejection(db, kind=kind, bestand=naam, sha256=sha, melding=str(exc))
        raise
    return apply(parsed, db)


def _naam_en_sha(source: Bron, filename: str | None) -> tuple[str | None, str | None]:
    try:
        data, naam = read_bytes(source, filename)
        return naam, hashlib.sha256(data).hexdigest()
    except IngestFout:
        return (filename or (Path(source).name if isinstance(source, (str, Path)) else None)), None


# ---------- command line ----------

class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages are English
        self.print_usage(sys.stderr)
        vertaald = (message.replace("the following arguments are required", "deze argumenten ontbreken")
                    .replace("unrecognized arguments", "onbekende argumenten"))
        self.exit(2, f"Fout: {vertaald}\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m pipelines.ingest",
                     description="Importeer een register (Excel .xlsx of .csv) in de Vliegwiel-database.")
    parser.add_argument("soort", metavar="{initiatieven,verbindingen,mijlpalen}", help="soort register")
    parser.add_argument("bestand", type=Path, help="het .xlsx- of .csv-bestand")
    parser.add_argument("--db", type=Path, default=None,
                        help="pad van de database (standaard VLIEGWIEL_DB of data/vliegwiel.duckdb)")
    parser.add_argument("--controleer", action="store_true",
                        help="alleen controleren en de problemen tonen; niets wegschrijven")
    args = parser.parse_args(argv)
    if args.soort not in KINDS:
        print(f"Fout: onbekend soort register '{args.soort}'; kies {of_lijst(list(KINDS))}.", file=sys.stderr)
        return 2
    db = args.db or config.db_path()
    try:
        if args.controleer:
            parsed = parse(args.soort, args.bestand, db_path=db)
            for m in parsed.meldingen:
                print(f"Let op: {m}")
            if not parsed.ok:
                print(parsed.fout().rapport().replace("Import afgewezen", "Controle mislukt"), file=sys.stderr)
                return 1
            print(f"Controle geslaagd: '{parsed.bestand}' ({aantal(parsed.n_rijen, 'rij', 'rijen')}) "
                  "kan worden geïmporteerd. Er is niets gewijzigd.")
            return 0
        result = ingest(args.soort, args.bestand, db)
    except ValidationError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except IngestFout as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    print(result.samenvatting())
    for m in result.meldingen:
        print(f"Let op: {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
