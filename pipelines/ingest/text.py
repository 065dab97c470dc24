"""Text as files really arrive: the encoding (UTF-8, UTF-16 with or without BOM, Windows-1252,
or a mix per line), text that was encoded twice ('CafÃ© DÃ©lta'), invisible characters
(zero-width spaces, soft hyphens, non-breaking spaces) and the CSV separator."""
from __future__ import annotations

import codecs
import re

# Invisible characters inside names ('Lo\u200bpik') are removed; odd spaces become a plain space.
ONZICHTBAAR = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None) | \
    dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000\u2002\u2003\u2009"), " ")

# A UTF-8 sequence read as Windows-1252: a lead byte (Â..ô) followed by continuation bytes as cp1252 shows them.
_CP1252_VERVOLG = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018" \
                  "\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CP1252_VERVOLG}]{{1,3}}")
MOJIBAKE_MELDING = ("verkeerd gecodeerde tekens zijn hersteld (bijvoorbeeld 'Ã©' als 'é'); controleer de "
                    "namen in de voorbeeldweergave")
GEMENGD_MELDING = ("het bestand mengt tekencoderingen (UTF-8 en Windows-1252); elke regel is in zijn eigen "
                   "codering gelezen")


def herstel(text: str) -> tuple[str, int]:
    """'CafÃ© DÃ©lta' -> ('Café Délta', 2): undo UTF-8 that was read as Windows-1252 once."""
    if not _MOJIBAKE.search(text):
        return text, 0
    n = 0

    def terug(m: re.Match) -> str:
        nonlocal n
        try:
            goed = m.group(0).encode("cp1252").decode("utf-8")
        except UnicodeError:
            return m.group(0)
        n += 1
        return goed
    return _MOJIBAKE.sub(terug, text), n


def utf16_zonder_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the bytes look like UTF-16 text without a BOM (mostly ASCII:
    every other byte zero), else None."""
    kop = data[:4096]
    if len(kop) < 4 or len(kop) % 2:
        kop = kop[:len(kop) - len(kop) % 2]
    if len(kop) < 4:
        return None
    even, oneven = kop[0::2].count(0), kop[1::2].count(0)
    helft = len(kop) // 2
    if oneven > 0.4 * helft and even < 0.05 * helft:
        return "utf-16-le"
    if even > 0.4 * helft and oneven < 0.05 * helft:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, list[str]]:
    """UTF-16 (with or without BOM), UTF-8 (with or without BOM), else Windows-1252 (what Dutch
    Excel writes), per line when a file mixes them. Returns (text, notices)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), []
    if soort := utf16_zonder_bom(data):
        return data.decode(soort, errors="replace"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    regels, utf8 = [], False
    for regel in data.split(b"\n"):
        try:
            tekst = regel.decode("utf-8")
            utf8 = utf8 or not regel.isascii()
        except UnicodeDecodeError:
            tekst = regel.decode("cp1252", errors="replace")
        regels.append(tekst)
    return "\n".join(regels).removeprefix("\ufeff"), [GEMENGD_MELDING] if utf8 else []


_SEP_REGEL = re.compile(r'^"?sep=(.)"?[ \t]*\r?$')


def sep_hint(text: str) -> tuple[str | None, str]:
    """Excel's 'sep=;' first line: (separator, text without that line), else (None, text)."""
    eerste, _, rest = text.partition("\n")
    if m := _SEP_REGEL.match(eerste.strip("\ufeff")):
        return m.group(1), rest
    return None, text


def _buiten_quotes(line: str) -> str:
    return re.sub(r'"[^"]*"', "", line)


def sniff_separator(text: str) -> str:
    """The separator ';', tab or ',' that the first lines use most consistently (outside quotes):
    the most lines with the same non-zero count, then the higher count. Title rows above the
    header (no separator) and commas in descriptions of a ';' file do not mislead it."""
    lines = [ln for ln in text[:200_000].splitlines() if ln.strip()][:20]
    best, best_score = ",", (0, 0)
    for sep in (";", "\t", ","):
        tellingen = [_buiten_quotes(ln).count(sep) for ln in lines]
        positief = [n for n in tellingen if n]
        if not positief:
            continue
        gewoon = max(set(positief), key=lambda n: (positief.count(n), n))
        score = (positief.count(gewoon), gewoon)
        if score > best_score:
            best, best_score = sep, score
    return best


def pad_title_rows(text: str, sep: str) -> str:
    """Give title rows above the header as many fields as the header, so the CSV parser, which
    takes its width from the first line, reads the header and the rows below it."""
    lines = text[:200_000].split("\n")[:30]
    tellingen = [_buiten_quotes(ln).count(sep) for ln in lines]
    breed = max(tellingen, default=0)
    if not breed or tellingen[0] == breed:
        return text
    eerste = tellingen.index(breed)
    if eerste > 10 or any(n for n in tellingen[:eerste]):
        return text  # not title rows but a short line: the parser names it
    kop = [ln.rstrip("\r") + sep * (breed - n) for ln, n in zip(lines[:eerste], tellingen[:eerste])]
    return "\n".join(kop) + "\n" + text.split("\n", eerste)[eerste]
