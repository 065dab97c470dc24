"""The small parsers and matchers for what people type into a spreadsheet: folding of case,
accents and punctuation, suggestions for typos, years, yes/no, dates, numbers and lists."""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Mapping

import pandas as pd

JAAR_MIN, JAAR_MAX = 1900, 2100  # as the schema's CHECK on initiatieven.startjaar


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


_ONBELANGRIJK = re.compile(r"[\s\-_.,’‘`´ʼ′'\"“”]+")


def naam_sleutel(value: object) -> str:
    """The identity of a name: case, accents, spaces, hyphens, dots, commas and apostrophes do not
    matter, every other character does, in any script ('Energie+ Lopik' is not 'Energie Lopik')."""
    s = unicodedata.normalize("NFKD", str(value))
    return _ONBELANGRIJK.sub("", "".join(c for c in s if not unicodedata.combining(c)).casefold())


def naam_sleutel_series(s: pd.Series) -> pd.Series:
    uniek = pd.unique(s.dropna())
    return s.map({v: naam_sleutel(v) for v in uniek})


def naam_id(value: object, max_len: int = 60) -> str:
    """A readable id part for a name: the slug, plus a short hash of naam_sleutel when the slug
    loses characters that matter (Arabic, Greek, emoji, '+', a cut-off tail), so that different
    names never share an id. Plain Latin names keep their plain slug."""
    s = slug(value, max_len)
    sleutel = naam_sleutel(value)
    if sleutel == fold(value).replace(" ", "") and len(fold(value)) <= max_len and s:
        return s
    h = hashlib.sha1(sleutel.encode()).hexdigest()[:8]
    return f"{s}-{h}" if s else h


def naam_id_series(s: pd.Series) -> pd.Series:
    uniek = pd.unique(s.dropna())
    return s.map({v: naam_id(v) for v in uniek})


# ---------- suggestions ----------

def suggest(value: str, options: Mapping[str, str], n: int = 3) -> list[str]:
    """Display names of the options whose folded key is nearest to `value` (difflib).

    Only keys within 0.1 of the best score are kept, so a clear typo gets one suggestion, and
    only keys a few typing errors away (edit distance), so 'Maarsen' never suggests 'Baarn'.
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
            if score >= 0.6 and _afstand(key, option) <= max(2, len(key) // 3):
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


def _afstand(a: str, b: str) -> int:
    """Levenshtein distance (short strings: names of places and themes)."""
    vorige = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        huidige = [i]
        for j, cb in enumerate(b, 1):
            huidige.append(min(vorige[j] + 1, huidige[j - 1] + 1, vorige[j - 1] + (ca != cb)))
        vorige = huidige
    return vorige[-1]


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
