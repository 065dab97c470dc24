"""Contact persons of initiatives: personal data, kept only in the protected contactpersonen
table and never quoted in a message.

A row that names a contact person makes that person the initiative's contact: other contact
persons of the initiative are removed (the AVG's right to be replaced). An empty e-mail,
telephone or role cell of the same person leaves the stored value alone, as every empty
cell does; a contact is erased only explicitly, with `pipelines.ingest.remove_contact_persons`
(`python -m pipelines.ingest verwijder-contactpersoon ID`).
"""
from __future__ import annotations

import re

import pandas as pd

from pipelines.ingest.columns import Problemen, as_str, cells
from pipelines.ingest.reference import Referentie
from pipelines.ingest.values import fold_series, slug_series

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def contact_rows(df, kop, ref: Referentie, P: Problemen, ids: pd.Series) -> pd.DataFrame | None:
    velden = [v for v in ("contact_naam", "contact_email", "contact_telefoon", "contact_rol") if v in df]
    if not velden:
        return None
    c = pd.DataFrame({v.removeprefix("contact_"): cells(df, v) for v in
                      ("contact_naam", "contact_email", "contact_telefoon", "contact_rol")})
    iets = c[[v.removeprefix("contact_") for v in velden]].notna().any(axis=1)
    geen_naam = iets & c["naam"].isna() & (c["email"].notna() | c["telefoon"].notna())
    if geen_naam.any():
        P.add(geen_naam, kop.get("contact_naam") or kop.get("contact_email") or kop["contact_telefoon"], None,
              "naam contactpersoon ontbreekt (wel een e-mailadres of telefoonnummer ingevuld)")
    if "contact_email" in df:
        fout = c["email"].notna() & ~c["email"].astype(str).str.fullmatch(_EMAIL.pattern)
        # Personal data: the reason names the row and column, never the value.
        P.add(fout, kop["contact_email"], None, "dit is geen geldig e-mailadres (vul alleen het adres in, "
              "zoals naam@voorbeeld.nl)")
    c.insert(0, "initiatief_id", ids)
    c = c[iets & c["naam"].notna() & ids.notna()].copy()
    sleutel = as_str(c["initiatief_id"]) + "|" + as_str(fold_series(c["naam"]))
    c.insert(0, "contact_id", sleutel.map(ref.contact_per_sleutel).fillna(
        "cp-" + as_str(c["initiatief_id"]).str.removeprefix("ini-") + "-" + as_str(slug_series(c["naam"], 40))))
    return c.drop_duplicates("contact_id", keep="last").reset_index(drop=True)
