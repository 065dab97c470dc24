"""Known places that are not CBS woonplaatsen (Cabauw, Graaf, Achterberg, ...), each attached
to the woonplaats it lies in, so a register or a visitor may use the name people use.

Two sources, both in ../shared/data: GeoNames populated places (`kernen_utrecht_geonames.csv`,
those that are no woonplaats themselves) and CBS buurt names that name a place (not a woonplaats
name, no general word such as "centrum" or "buitengebied"). A GeoNames place goes to the woonplaats
of the buurt of that name in its gemeente, else to the nearest woonplaats point of its gemeente.
Names are compared folded (case, accents, apostrophes and punctuation do not matter).
"""
from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.ingest.values import fold

GEONAMES_BRON = "GeoNames (CC BY 4.0), kernen_utrecht_geonames.csv"
BUURT_BRON = "CBS Kerncijfers wijken en buurten 2024, buurtnaam (CC BY 4.0)"
# Buurt names with one of these words name a part or the countryside of a place, not a place.
ALGEMEEN = frozenset("""centrum buitengebied verspreide huizen dorp kern buurt wijk noord zuid oost west
    bedrijventerrein industrieterrein kanaalzone rondweg poldergebied omgeving gedeeltelijk en tussen langs
    overig overige landelijk gebied park haven station""".split())
KOLOMMEN = ["naam", "sleutel", "kern_id", "gemeente_code", "soort", "latitude", "longitude", "bron"]


def _afstand(lat1, lon1, lat2, lon2) -> float:
    """Equirectangular distance in km: enough to pick the nearest of a few villages."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371 * math.hypot(x, math.radians(lat2 - lat1))


def plaatsen(kernen: pd.DataFrame, buurten: pd.DataFrame, geonames: pd.DataFrame) -> pd.DataFrame:
    """The gazetteer: one row per (place, woonplaats). `kernen`: kern_id, naam, gemeente_code,
    latitude, longitude; `buurten`: naam, gemeente_code, kern_id; `geonames`: the GeoNames file."""
    woonplaats_sleutels = {fold(n) for n in kernen["naam"]} | {fold(n).removesuffix(" ut") for n in kernen["naam"]}
    per_gemeente = {g: grp for g, grp in kernen.groupby("gemeente_code")}
    gekoppeld = buurten[buurten["kern_id"].notna()].assign(sleutel=lambda d: d["naam"].map(fold))
    rijen = []
    for g in geonames[~geonames["is_cbs_woonplaats"].astype(bool)].itertuples():
        sleutel = fold(g.kern_naam)
        if sleutel in woonplaats_sleutels:
            continue
        zelfde = gekoppeld[(gekoppeld["gemeente_code"] == g.gemeente_code) & (gekoppeld["sleutel"] == sleutel)]
        if not zelfde.empty:
            kern_id = zelfde["kern_id"].iloc[0]
        else:
            kandidaten = per_gemeente.get(g.gemeente_code)
            if kandidaten is None or kandidaten.empty:
                continue
            afstanden = [_afstand(g.latitude, g.longitude, la, lo)
                         for la, lo in zip(kandidaten["latitude"], kandidaten["longitude"])]
            kern_id = kandidaten["kern_id"].iloc[min(range(len(afstanden)), key=afstanden.__getitem__)]
        rijen.append((g.kern_naam, sleutel, kern_id, g.gemeente_code, "geonames", g.latitude, g.longitude, GEONAMES_BRON))
    namen_per_gemeente = {g: {fold(n).removesuffix(" ut") for n in grp["naam"]} for g, grp in per_gemeente.items()}
    for b in gekoppeld.itertuples():
        woorden = set(b.sleutel.split())
        if (not b.sleutel or b.sleutel in woonplaats_sleutels or woorden & ALGEMEEN or any(c.isdigit() for c in b.sleutel)
                or any(set(w.split()) <= woorden for w in namen_per_gemeente.get(b.gemeente_code, ()))):
            continue
        rijen.append((b.naam, b.sleutel, b.kern_id, b.gemeente_code, "buurt", None, None, BUURT_BRON))
    df = pd.DataFrame(rijen, columns=KOLOMMEN)
    return df.drop_duplicates(["sleutel", "kern_id"]).sort_values(["sleutel", "gemeente_code"]).reset_index(drop=True)


def load(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """Fill `plaatsnamen` from the files (after kernen and buurten are loaded)."""
    kernen = con.execute("SELECT kern_id, naam, gemeente_code, latitude, longitude FROM kernen").df()
    buurten = con.execute("SELECT naam, gemeente_code, kern_id FROM buurten").df()
    geonames = pd.read_csv(data_dir / "kernen_utrecht_geonames.csv")
    df = plaatsen(kernen, buurten, geonames)
    con.register("plaatsnamen_df", df)
    con.execute("INSERT INTO plaatsnamen BY NAME SELECT * FROM plaatsnamen_df")
    con.unregister("plaatsnamen_df")


@dataclasses.dataclass(frozen=True)
class Plaats:
    naam: str            # as the gazetteer writes it
    kern_id: str
    kern_naam: str
    gemeente_code: str
    soort: str


def zoek(con: duckdb.DuckDBPyConnection, naam: str) -> list[Plaats]:
    """Every known place of that (folded) name, with its woonplaats."""
    rows = con.execute("""
        SELECT p.naam, p.kern_id, k.naam, p.gemeente_code, p.soort FROM plaatsnamen p JOIN kernen k USING (kern_id)
        WHERE p.sleutel = ? ORDER BY p.gemeente_code, p.soort
    """, [fold(naam)]).fetchall()
    return [Plaats(*r) for r in rows]


def los_op(kandidaten: list[Plaats], gemeente_code: str | None, gemeente_naam: dict[str, str]) -> tuple[Plaats | None, str]:
    """One place, or None with the Dutch reason (unknown; in more gemeenten: give the gemeente)."""
    if gemeente_code:
        kandidaten = [p for p in kandidaten if p.gemeente_code == gemeente_code]
    gemeenten = sorted({p.gemeente_code for p in kandidaten})
    if not kandidaten:
        return None, "onbekende plaats"
    if len(gemeenten) > 1:
        namen = ", ".join(gemeente_naam.get(g, g) for g in gemeenten)
        return None, f"deze plaatsnaam bestaat in meer gemeenten ({namen}); vul de gemeente in"
    return kandidaten[0], f"{kandidaten[0].naam} is geen CBS-woonplaats; het hoort bij woonplaats {kandidaten[0].kern_naam}"
