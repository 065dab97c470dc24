"""Header mapping: which row is the header, and which of the user's columns holds which field."""
from __future__ import annotations

from collections.abc import Callable

from pipelines.errors import FileRejected
from pipelines.ingest.fields import GENEGEERD, KINDS, VELDEN, VERPLICHT
from pipelines.ingest.reading import Tabel, header_key, kolom_letter
from pipelines.ingest.values import suggest


def header_test(kind: str) -> Callable[[list[str]], int]:
    keys = {header_key(a): v.naam for v in VELDEN[kind] for a in v.aliassen}
    verplicht = set(VERPLICHT[kind])

    def is_header(cells: list[str]) -> int:
        """The number of recognised fields (0: not the header), so sheets can be compared."""
        gevonden = {keys[k] for k in map(header_key, cells) if k in keys}
        return len(gevonden) if gevonden & verplicht and len(gevonden) >= min(2, len(cells)) else 0
    return is_header


def map_columns(kind: str, tabel: Tabel) -> tuple[dict[str, str], dict[str, str], list[str]]:
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
                raise FileRejected(f"De kolommen '{kop[veld]}' en '{header}' betekenen allebei "
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
            raise FileRejected(_missing_column(kind, veld, tabel))
    return kolom, kop, meldingen


def _missing_column(kind: str, veld: str, tabel: Tabel) -> str:
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
