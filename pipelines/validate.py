"""Validation vocabulary of the importer: the problems it reports, the errors it raises, and
the small parsers and matchers for what people type into a spreadsheet.

Every problem is structured (rij, kolom, waarde, reden) so the command line and the
"Data & bronnen" upload page can both show it; `ValidationError` renders all of them
once, in Dutch.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

import pandas as pd

JAAR_MIN, JAAR_MAX = 1900, 2100  # as the schema's CHECK on initiatieven.startjaar


class IngestFout(Exception):
    """A problem with the file as a whole (missing, unreadable, empty, no usable columns), in Dutch."""


@dataclasses.dataclass(frozen=True, order=True)
class Probleem:
    """One problem in one cell (or row) of the user's file.

    rij: the row number as the user sees it in Excel (header row = 1, first data row = 2);
    kolom: the column header as written in the user's file; waarde: the cell text.
    """
    rij: int | None
    kolom: str | None
    waarde: str | None
    reden: str

    def __str__(self) -> str:
        plek = []
        if self.rij is not None:
            plek.append(f"Rij {self.rij}")
        if self.kolom:
            plek.append(f"kolom '{self.kolom}'")
        return (", ".join(plek) + ": " if plek else "") + self.reden

    def as_dict(self) -> dict[str, object]:
        return {"Rij": self.rij, "Kolom": self.kolom, "Waarde": self.waarde, "Probleem": self.reden}


def sorteer(problemen: Iterable[Probleem], koppen: list[str] | None = None) -> list[Probleem]:
    """By row, then by the column's position in the user's file."""
    volgorde = {k: i for i, k in enumerate(koppen or [])}

    def plek(p: Probleem) -> tuple:
        eerste = (p.kolom or "").split(" / ")[0]
        return (p.rij or 0, volgorde.get(eerste, len(volgorde)), p.kolom or "", p.reden)
    return sorted(problemen, key=plek)


def aantal(n: int, enkel: str, meervoud: str) -> str:
    return f"{n} {enkel if n == 1 else meervoud}"


class ValidationError(IngestFout):
    """All row problems of one file at once; nothing was written except the rejected ingest_runs row."""

    def __init__(self, problemen: Iterable[Probleem], bestand: str = "", n_rijen: int | None = None,
                 run_id: int | None = None, koppen: list[str] | None = None):
        self.problemen = sorteer(problemen, koppen)
        self.bestand = bestand
        self.n_rijen = n_rijen
        self.run_id = run_id
        super().__init__(self.rapport())

    @property
    def foute_rijen(self) -> int:
        return len({p.rij for p in self.problemen if p.rij is not None})

    def rapport(self, max_regels: int | None = None) -> str:
        naam = f"'{self.bestand}'" if self.bestand else "Het bestand"
        van = f" van de {self.n_rijen}" if self.n_rijen is not None else ""
        kop = (f"Import afgewezen: {naam} bevat {aantal(len(self.problemen), 'probleem', 'problemen')} "
               f"in {self.foute_rijen}{van} {'rij' if self.foute_rijen == 1 and not van else 'rijen'}. "
               "Er is niets gewijzigd.")
        regels = [str(p) for p in self.problemen]
        if max_regels is not None and len(regels) > max_regels:
            regels = regels[:max_regels] + [f"... en nog {len(regels) - max_regels} problemen."]
        return "\n".join([kop, *regels, "Pas het bestand aan en importeer het opnieuw."])

    def tabel(self) -> pd.DataFrame:
        """The problems as a table (Rij, Kolom, Waarde, Probleem) for the upload page."""
        return pd.DataFrame([p.as_dict() for p in self.problemen], columns=["Rij", "Kolom", "Waarde", "Probleem"])


# ---------- text folding: case, accents, apostrophes, hyphens and punctuation do not matter ----------

_APOSTROF = re.compile(r"[’‘`´ʼ′']")
_NIET_ALFANUM = re.compile(r"[^0-9a-z]+")


def fold(value: object) -> str:
    """'’t Goy' -> 't goy', 'Tull en 't Waal' -> 'tull en t waal', 'Hei- en Boeicop' -> 'hei en boeicop'."""
    s = str(value)
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower()
    s = _APOSTROF.sub("", s)
    return _NIET_ALFANUM.sub(" ", s).strip()


def fold_series(s: pd.Series) -> pd.Series:
    """fold() over a column, computed once per distinct value."""
    uniek = pd.unique(s.dropna())
    return s.map({v: fold(v) for v in uniek})


def slug(value: object, max_len: int = 60) -> str:
    s = fold(value).replace(" ", "-")
    if len(s) > max_len:
        s = s[:max_len].rsplit("-", 1)[0] or s[:max_len]
    return s


def slug_series(s: pd.Series, max_len: int = 60) -> pd.Series:
    uniek = pd.unique(s.dropna())
    return s.map({v: slug(v, max_len) for v in uniek})


# ---------- suggestions ----------

def suggest(value: str, options: Mapping[str, str], n: int = 3) -> list[str]:
    """Display names of the options whose folded key is nearest to `value` (difflib).

    Only keys within 0.1 of the best score are kept, so a clear typo gets one suggestion.
    """
    key = fold(value)
    if not key:
        return []
    scored = []
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    for option in options:
        matcher.set_seq1(option)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            score = matcher.ratio()
            if score >= 0.6:
                scored.append((score, option))
    if not scored:
        return []
    scored.sort(key=lambda t: (-t[0], t[1]))
    best = scored[0][0]
    out: list[str] = []
    for score, option in scored:
        name = options[option]
        if score >= best - 0.1 and name not in out:
            out.append(name)
    return out[:n]


def of_lijst(items: list[str], voegwoord: str = "of") -> str:
    """['a'] -> 'a'; ['a', 'b'] -> 'a of b'; ['a', 'b', 'c'] -> 'a, b of c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {voegwoord} " + items[-1]


def bedoelde_u(names: list[str]) -> str:
    return f"; bedoelde u: {of_lijst(names)}?" if names else ""


# ---------- value parsers: each returns (value, None) or (None, Dutch reason) ----------

_JAAR = re.compile(r"(\d{4})(?:[.,]0+)?")


def parse_jaar(text: str) -> tuple[int | None, str | None]:
    s = text.strip()
    m = _JAAR.fullmatch(s)
    jaar = int(m.group(1)) if m else None
    if jaar is None:
        datum, _ = parse_datum(s)
        jaar = datum.year if datum and not re.fullmatch(r"\d+(?:[.,]\d+)?", s) else None
    if jaar is None or not JAAR_MIN <= jaar <= JAAR_MAX:
        return None, f"'{text}' is geen geldig jaar (verwacht een jaartal van {JAAR_MIN} tot en met {JAAR_MAX})"
    return jaar, None


JA = {"ja", "j", "yes", "y", "x", "true", "waar", "1", "wel"}
NEE = {"nee", "n", "no", "false", "onwaar", "0", "niet", "geen"}


def parse_janee(text: str) -> tuple[bool | None, str | None]:
    key = fold(text)
    if key in JA or text.strip() in {"✓", "✔"}:
        return True, None
    if key in NEE or text.strip() == "-":
        return False, None
    return None, f"'{text}' is geen ja of nee"


MAANDEN = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "mar": 3, "maa": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAGEN = {"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
             "ma", "di", "wo", "do", "vr", "za", "zo"}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})")
_EXCEL_SERIAL = re.compile(r"\d{5}(?:[.,]0+)?")


def parse_datum(text: str) -> tuple[dt.date | None, str | None]:
    """Dutch dates: 15-03-2021, 15/3/2021, 15.3.21, 2021-03-15, '15 maart 2021', 'ma 15 mrt. 2021',
    and Excel serial day numbers (44270)."""
    s = text.strip()
    fout = f"'{text}' is geen geldige datum (schrijf bijvoorbeeld 15-03-2021 of 15 maart 2021)"
    try:
        if m := _ISO.fullmatch(s):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None
        if m := _DMY.fullmatch(s):
            jaar = int(m.group(3))
            if len(m.group(3)) == 2:
                jaar += 2000 if jaar < 70 else 1900
            return dt.date(jaar, int(m.group(2)), int(m.group(1))), None
        if _EXCEL_SERIAL.fullmatch(s):
            dagen = int(float(s.replace(",", ".")))
            if 20_000 <= dagen <= 80_000:
                return dt.date(1899, 12, 30) + dt.timedelta(days=dagen), None
            return None, fout
        woorden = fold(s).split()
        if woorden and woorden[0] in WEEKDAGEN:
            woorden = woorden[1:]
        if len(woorden) == 3 and woorden[0].isdigit() and woorden[1] in MAANDEN and woorden[2].isdigit():
            return dt.date(int(woorden[2]), MAANDEN[woorden[1]], int(woorden[0])), None
        if len(woorden) == 2 and woorden[0] in MAANDEN and woorden[1].isdigit() and len(woorden[1]) == 4:
            return None, f"'{text}' is geen volledige datum (de dag ontbreekt)"
    except ValueError:
        return None, fout
    return None, fout


def parse_getallen(s: pd.Series) -> pd.Series:
    """Numbers as people type them: '52,08', '52.08', '136.000,5' (Dutch thousands dot). NaN where not a number."""
    t = s.astype("str").str.replace(r"\s", "", regex=True)
    beide = t.str.contains(",", regex=False) & t.str.contains(".", regex=False)
    t = t.where(~beide, t.str.replace(".", "", regex=False))
    t = t.str.replace(",", ".", regex=False)
    return pd.to_numeric(t.where(s.notna()), errors="coerce")


def splits_lijst(cel: str, bekend: Mapping[str, object], extra_scheiding: bool = True) -> list[str]:
    """Split a cell holding several names ('Energie, Wonen; Zorg', 'Werkhoven, Bunnik en Odijk').

    Separators are , ; / | and line breaks. A piece that is not known as a whole is split
    further on ' en ', ' & ' and ' + ' when every part is then known: names such as
    'Gezond leven en vitaliteit' or 'Tull en 't Waal' contain 'en' themselves.
    """
    stukken = [p.strip() for p in re.split(r"[,;/|\n]+", cel) if p.strip()]
    out: list[str] = []
    for stuk in stukken:
        if fold(stuk) in bekend or not extra_scheiding:
            out.append(stuk)
            continue
        delen = [d.strip() for d in re.split(r"\s+(?:en|&|\+)\s+|\s*[&+]\s*", stuk) if d.strip()]
        if len(delen) > 1 and all(fold(d) in bekend for d in delen):
            out.extend(delen)
        else:
            out.append(stuk)
    return out
