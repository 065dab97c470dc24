"""A Statenbrief (`vliegwiel.statenbrief.Brief`) or the provincial table as PDF bytes, with
ReportLab: A4, Dutch, the dashboard's colours, a static map drawn from the store's
boundaries (no tiles, no internet). No SQL and no streamlit here.

ReportLab's Paragraph parses a small XML markup, so every data text goes through `esc`:
a name such as "<script>" or "Boer & Buur" prints literally. The font is Bitstream Vera,
shipped inside the reportlab wheel (it covers ë, é, –, ‘ ’, €, ², ×), embedded as a subset.
"""
from __future__ import annotations

import io
import math
import os
from xml.sax.saxutils import escape

import reportlab
from reportlab.graphics.shapes import _CLOSEPATH, _LINETO, _MOVETO, FILL_EVEN_ODD, Circle, Drawing, Path, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from vliegwiel.figures.style import BLAUWEN, NUL_KLEUR, OKABE_ITO, RASTER_KLEUR, TEKST_KLEUR

FONT, VET, CURSIEF = "Vera", "Vera-Bold", "Vera-Italic"
DONKER = colors.HexColor(BLAUWEN[5])       # header band
KOP = colors.HexColor(BLAUWEN[4])          # headings
LICHT = colors.HexColor(BLAUWEN[0])        # table header
ZEBRA = colors.HexColor(NUL_KLEUR)
RASTER = colors.HexColor(RASTER_KLEUR)
TEKST = colors.HexColor(TEKST_KLEUR)
GRIJS = colors.HexColor("#4a4a4a")
WAARSCHUWING = colors.HexColor(OKABE_ITO["vermiljoen"])
PROGRAMMA = "Vliegwiel van gemeenschapskracht"
MARGE = 15 * mm


def _fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    map_ = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    for naam, bestand in ((FONT, "Vera.ttf"), (VET, "VeraBd.ttf"), (CURSIEF, "VeraIt.ttf"),
                          ("Vera-BoldItalic", "VeraBI.ttf")):
        pdfmetrics.registerFont(TTFont(naam, os.path.join(map_, bestand)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=VET, italic=CURSIEF, boldItalic="Vera-BoldItalic")


def esc(value) -> str:
    """Data text safe for Paragraph markup (never None: 'onbekend')."""
    return escape("onbekend" if value is None else str(value))


def _stijlen() -> dict[str, ParagraphStyle]:
    basis = ParagraphStyle("basis", fontName=FONT, fontSize=8.5, leading=11, textColor=TEKST)
    return {
        "basis": basis,
        "klein": ParagraphStyle("klein", parent=basis, fontSize=7, leading=8.8),
        "cel": ParagraphStyle("cel", parent=basis, fontSize=7.3, leading=8.8),
        "celkop": ParagraphStyle("celkop", parent=basis, fontName=VET, fontSize=7.3, leading=8.8),
        "celbron": ParagraphStyle("celbron", parent=basis, fontSize=6.5, leading=7.8, textColor=GRIJS),
        "rechts": ParagraphStyle("rechts", parent=basis, fontSize=7.5, leading=9.2, alignment=TA_RIGHT),
        "celkoprechts": ParagraphStyle("celkoprechts", parent=basis, fontName=VET, fontSize=7.5, leading=9.2,
                                       alignment=TA_RIGHT),
        "celbronrechts": ParagraphStyle("celbronrechts", parent=basis, fontSize=6.5, leading=8, textColor=GRIJS,
                                        alignment=TA_RIGHT),
        "kop": ParagraphStyle("kop", parent=basis, fontName=VET, fontSize=11.5, leading=14, textColor=KOP,
                              spaceBefore=4, spaceAfter=2, keepWithNext=1),
        "titel": ParagraphStyle("titel", parent=basis, fontName=VET, fontSize=21, leading=25, textColor=colors.white),
        "titelklein": ParagraphStyle("titelklein", parent=basis, fontName=VET, fontSize=16, leading=19,
                                     textColor=colors.white),
        "ondertitel": ParagraphStyle("ondertitel", parent=basis, fontSize=10, leading=13, textColor=colors.white),
        "band": ParagraphStyle("band", parent=basis, fontSize=8, leading=10, textColor=colors.white),
        "bandrechts": ParagraphStyle("bandrechts", parent=basis, fontSize=8, leading=10, textColor=colors.white,
                                     alignment=TA_RIGHT),
        "waarschuwing": ParagraphStyle("waarschuwing", parent=basis, fontName=VET, textColor=WAARSCHUWING),
    }


# ---------- map ----------

def _projectie(ringen, breedte: float, hoogte: float, marge: float = 4.0, y0: float = 0.0):
    """lon/lat -> drawing points: equirectangular with cos(latitude) (fine at this scale), fitted to the box."""
    xs = [x for r in ringen for x, _y in r]
    ys = [y for r in ringen for _x, y in r]
    if not xs:
        return None
    k = math.cos(math.radians((min(ys) + max(ys)) / 2))
    w, h = max((max(xs) - min(xs)) * k, 1e-9), max(max(ys) - min(ys), 1e-9)
    s = min((breedte - 2 * marge) / w, (hoogte - 2 * marge) / h)
    dx = (breedte - w * s) / 2 - min(xs) * k * s
    dy = (hoogte - h * s) / 2 - min(ys) * s + y0
    return lambda lon, lat: (lon * k * s + dx, lat * s + dy)


def _pad(ringen, proj, kleur: str, rand: str, dikte: float) -> Path:
    """All rings of an area as one even-odd path (holes stay holes), built in one go."""
    punten, ops = [], []
    for ring in ringen:
        for i, (lon, lat) in enumerate(ring):
            punten.extend(proj(lon, lat))
            ops.append(_LINETO if i else _MOVETO)
        ops.append(_CLOSEPATH)
    return Path(punten, ops, fillMode=FILL_EVEN_ODD, fillColor=colors.HexColor(kleur),
                strokeColor=colors.HexColor(rand), strokeWidth=dikte)


def _overlapt(box, boxen) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxen)


def kaart_tekening(kaart, breedte: float, hoogte: float) -> Drawing:
    """The area's map (top), a locator of the province and the legend (bottom strip)."""
    _fonts()
    strook = 24 * mm if (kaart.omtrek or kaart.legenda) else 0
    d = Drawing(breedte, hoogte)
    d.initialFontName = FONT  # the renderer's starting state, else it selects Helvetica once
    d.add(Rect(0, 0, breedte, hoogte, fillColor=colors.white, strokeColor=RASTER, strokeWidth=0.6))
    kaart_h = hoogte - strook
    alle = [r for v in kaart.vlakken for r in v.ringen]
    if not alle and kaart.punten:
        alle = [tuple((p.lon, p.lat) for p in kaart.punten)]
    proj = _projectie(alle, breedte, kaart_h, 6, y0=strook)
    if proj is None:
        d.add(String(breedte / 2, hoogte / 2, "Ligging onbekend", fontName=FONT, fontSize=8, textAnchor="middle"))
        return d
    for v in kaart.vlakken:
        if v.ringen:
            d.add(_pad(v.ringen, proj, v.kleur, v.rand, v.dikte))
    labels = []
    for pt in sorted(kaart.punten, key=lambda p: p.nadruk):  # the highlighted kern on top
        x, y = proj(pt.lon, pt.lat)
        d.add(Circle(x, y, pt.straal, fillColor=colors.HexColor(pt.kleur), strokeColor=colors.HexColor("#333333"),
                     strokeWidth=0.5))
        if pt.nadruk:
            d.add(Circle(x, y, pt.straal + 3.5, fillColor=None, strokeColor=colors.black, strokeWidth=1.6))
    for pt in sorted(kaart.punten, key=lambda p: not p.nadruk):  # labels: highlighted first, then by size
        if not pt.label:
            continue
        x, y = proj(pt.lon, pt.lat)
        grootte = 8 if pt.nadruk else 6
        font = VET if pt.nadruk else FONT
        w = pdfmetrics.stringWidth(pt.label, font, grootte)
        lx = min(max(x + pt.straal + 2, 2), breedte - w - 2)
        box = (lx - 1, y - 2, lx + w + 1, y + grootte)
        if _overlapt(box, labels) or box[1] < strook:
            continue
        labels.append(box)
        d.add(Rect(box[0], box[1], box[2] - box[0], box[3] - box[1], fillColor=colors.Color(1, 1, 1, 0.75),
                   strokeColor=None))
        d.add(String(lx, y, pt.label, fontName=font, fontSize=grootte, fillColor=TEKST))
    if strook:
        d.add(Rect(0, 0, breedte, strook, fillColor=colors.HexColor("#fafafa"), strokeColor=RASTER, strokeWidth=0.6))
    links = 0
    if kaart.omtrek:
        mini = [r for v in kaart.omtrek for r in v.ringen]
        mp = _projectie(mini, strook, strook, 2)
        for v in kaart.omtrek:
            if v.ringen and mp:
                d.add(_pad(v.ringen, mp, v.kleur, v.rand, v.dikte))
        links = strook + 2
    y = strook - 9
    kolom_x, kolom_w = links + 3, (breedte - links - 6) / (2 if len(kaart.legenda) > 3 else 1)
    for i, (kleur, label) in enumerate(kaart.legenda):
        kx = kolom_x + (i // 3) * kolom_w if len(kaart.legenda) > 3 else kolom_x
        ky = y - (i % 3) * 9 if len(kaart.legenda) > 3 else y - i * 9
        d.add(Rect(kx, ky - 1, 7, 7, fillColor=colors.HexColor(kleur), strokeColor=colors.HexColor("#555555"),
                   strokeWidth=0.4))
        d.add(String(kx + 10, ky, label, fontName=FONT, fontSize=6.5, fillColor=TEKST))
    return d


# ---------- tables ----------

def _tabel(rijen, breedtes, kop_rijen: int = 1, zebra: bool = True, extra=()) -> Table:
    t = Table(rijen, colWidths=breedtes, repeatRows=kop_rijen, hAlign="LEFT")
    stijl = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 7), ("LEADING", (0, 0), (-1, -1), 8),  # empty spacer cells stay low
        ("BACKGROUND", (0, 0), (-1, kop_rijen - 1), LICHT),
        ("LINEBELOW", (0, kop_rijen - 1), (-1, kop_rijen - 1), 0.6, KOP),
        ("LINEBELOW", (0, kop_rijen), (-1, -1), 0.3, RASTER),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.3), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if zebra:
        stijl += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(kop_rijen + 1, len(rijen), 2)]
    t.setStyle(TableStyle(stijl + list(extra)))
    return t


def _kolommen(koppen, breedte: float, pad: float = 8) -> list[float]:
    """Column widths: every column but the first as wide as its bold header, the first takes the rest."""
    rest = [pdfmetrics.stringWidth(k, VET, 7.5) + pad for k in koppen[1:]]
    return [breedte - sum(rest)] + rest


def _breedte(teksten, pad: float = 8) -> float:
    """A column as wide as its longest text (at cell size, headers bold)."""
    return max(pdfmetrics.stringWidth(str(t), VET, 7.5) for t in teksten) + pad


def _p(tekst_, stijl) -> Paragraph:
    return Paragraph(esc(tekst_), stijl)


def _cijfertabel(brief, s, breedte: float) -> Table:
    # Value and year as wide as their longest text (up to about a fifth each, then they wrap at
    # spaces); the source gets a quarter, the label the rest.
    waarde = min(max([pdfmetrics.stringWidth(c.waarde, VET, 7.5) for c in brief.cijfers] + [30]) + 7, breedte * 0.2)
    jaar = min(max([pdfmetrics.stringWidth(c.peiljaar, FONT, 6.5) for c in brief.cijfers] + [30]) + 7, breedte * 0.22)
    # the label never narrower than its longest word ("Eenpersoonshuishoudens")
    label = max(pdfmetrics.stringWidth(w, FONT, 7.5) for c in brief.cijfers for w in c.label.split()) + 8
    bron = min(breedte * 0.24, breedte - waarde - jaar - label)
    b = [breedte - waarde - jaar - bron, waarde, jaar, bron]
    rijen = [[_p(k, s["celkop"]) for k in ("Kenmerk", "Waarde", "Peiljaar", "Bron")]]
    for c in brief.cijfers:
        rijen.append([_p(c.label, s["cel"]), Paragraph(f"<b>{esc(c.waarde)}</b>", s["cel"]),
                      _p(c.peiljaar, s["celbron"]), _p(c.bron, s["celbron"])])
    return _tabel(rijen, b)


def _band(titel: str, ondertitel: str, data_datum: str, print_datum: str, s, breedte: float,
          compact: bool = False) -> Table:
    links = [Paragraph(f"STATENBRIEF · {esc(PROGRAMMA)}", s["band"]), Spacer(1, 3),
             Paragraph(esc(titel), s["titelklein" if compact else "titel"]), Spacer(1, 2),
             Paragraph(esc(ondertitel), s["ondertitel"])]
    rechts = [Paragraph(f"Gegevens van {esc(data_datum)}", s["bandrechts"]),
              Paragraph(f"Gedrukt op {esc(print_datum)}", s["bandrechts"]),
              Paragraph("Provincie Utrecht", s["bandrechts"])]
    t = Table([[links, rechts]], colWidths=[breedte * 0.7, breedte * 0.3])
    t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), DONKER), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("FONTNAME", (0, 0), (-1, -1), FONT),
                           ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                           ("TOPPADDING", (0, 0), (-1, -1), 5),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return t


def _themas(brief, s) -> list:
    n = len(brief.themas_aanwezig) + len(brief.witte_vlekken)
    return [Paragraph("Thema's en witte vlekken", s["kop"]),
            Paragraph(f"<b>Met een initiatief ({len(brief.themas_aanwezig)} van {n}):</b> "
                      f"{_lijst(brief.themas_aanwezig)}", s["cel"]), Spacer(1, 2),
            Paragraph(f"<b>Witte vlekken ({len(brief.witte_vlekken)} van {n}):</b> {_lijst(brief.witte_vlekken)}",
                      s["cel"]), Spacer(1, 2),
            Paragraph(esc(brief.thema_uitleg), s["klein"])]


def _lijst(namen) -> str:
    return ", ".join(esc(n) for n in namen) if namen else "geen"


def _voet(titel: str, data_datum: str, print_datum: str):
    def teken(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 6.5)
        canvas.setFillColor(GRIJS)
        canvas.drawString(doc.leftMargin + 6, 8 * mm,
                          f"Statenbrief {titel} · gegevens van {data_datum} · gedrukt op {print_datum}")
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin - 6, 8 * mm, f"pagina {doc.page}")
        canvas.restoreState()
    return teken


def _document(buf, titel: str, pagesize, auteur: str = "Provincie Utrecht") -> SimpleDocTemplate:
    return SimpleDocTemplate(buf, pagesize=pagesize, leftMargin=MARGE, rightMargin=MARGE, topMargin=10 * mm,
                             bottomMargin=14 * mm, title=titel, author=auteur, subject=PROGRAMMA,
                             creator="Vliegwiel-dashboard", lang="nl-NL", initialFontName=FONT)


def _synthetisch(n: int, s) -> list:
    if not n:
        return []
    return [Spacer(1, 4), Paragraph(f"Let op: er zijn {n:,} synthetische (verzonnen) records geladen voor test- en "
                                    "demodoeleinden. Deze cijfers beschrijven niet de werkelijkheid."
                                    .replace(",", "."), s["waarschuwing"])]


def _bronnen(bronnen, s) -> list:
    """Sources and licences as one compact paragraph below a heading that keeps with it."""
    return [Paragraph("Bronnen en licenties", s["kop"]),
            Paragraph(" · ".join(esc(b.rstrip(".")) for b in bronnen) + ". Wat de bronnen niet zeggen, staat er als ‘onbekend’. "
                      "Het register bevat de initiatieven die in de programmadocumenten genoemd worden en is niet "
                      "volledig. Geen contactpersonen of andere persoonsgegevens.", s["klein"])]


# ---------- documents ----------

def brief_pdf(brief) -> bytes:
    """A Statenbrief of a gemeente, kern or the province: one or two A4 pages."""
    _fonts()
    s = _stijlen()
    buf = io.BytesIO()
    doc = _document(buf, f"Statenbrief {brief.naam}", A4)
    breedte = A4[0] - 2 * MARGE - 12  # the frame pads 6 pt on each side
    links_b, rechts_b = breedte * 0.6, breedte * 0.4 - 4 * mm
    kaart = kaart_tekening(brief.kaart, rechts_b, 80 * mm)
    rechts = [kaart, Spacer(1, 2), _p(brief.kaart.bijschrift, s["klein"])]
    links = [_cijfertabel(brief, s, links_b - 2 * mm)]
    # The themes go under the shorter of the two columns (the map or the figures), so no space is lost.
    hoogte = lambda flowables, w: sum(f.wrap(w, A4[1])[1] for f in flowables)  # noqa: E731
    themas = _themas(brief, s)
    hl, hr = hoogte(links, links_b - 2 * mm), hoogte(rechts, rechts_b)
    if max(hl, hr + hoogte(themas, rechts_b)) < max(hl + hoogte(themas, links_b - 2 * mm), hr):
        rechts += themas
    else:
        links += themas
    boven = Table([[links, rechts]], colWidths=[links_b, rechts_b + 4 * mm])
    boven.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (1, 0), (1, 0), 4 * mm)]))
    verhaal = [_band(brief.titel, brief.ondertitel, brief.data_datum, brief.print_datum, s, breedte)]
    verhaal += _synthetisch(brief.synthetisch, s) + [
        Paragraph("Kerncijfers", s["kop"]), boven]

    if brief.kernen:
        verhaal += [Paragraph(f"Kernen ({len(brief.kernen)})", s["kop"]), _kernen(brief.kernen, s, breedte),
                    Paragraph("Inwoners per kern: benadering uit CBS-cijfers per postcode (PC4), 1 januari 2021.",
                              s["klein"])]

    verhaal += [Paragraph(f"Initiatieven ({len(brief.initiatieven) + brief.initiatieven_meer})", s["kop"])]
    if brief.initiatieven:
        kop = ("Initiatief", "Kern(en)", "Thema's", "Status", "Fase", "Laatst bevestigd")
        vast = [_breedte([kop[i]] + [getattr(r, a) for r in brief.initiatieven])
                for i, a in ((3, "status"), (4, "fase"), (5, "bijgewerkt"))]
        rest = breedte - sum(vast)
        b = [rest * 0.38, rest * 0.24, rest * 0.38] + vast
        rijen = [[_p(k, s["celkop"]) for k in kop]]
        rijen += [[_p(i.naam, s["cel"]), _p(i.kernen, s["cel"]), _p(i.themas, s["cel"]), _p(i.status, s["cel"]),
                   _p(i.fase, s["cel"]), _p(i.bijgewerkt, s["cel"])] for i in brief.initiatieven]
        verhaal.append(_tabel(rijen, b))
        if brief.initiatieven_meer:
            verhaal.append(Paragraph(f"En nog {brief.initiatieven_meer:,} initiatieven: de volledige lijst staat "
                                     "op het dashboard (Data &amp; bronnen).".replace(",", "."), s["klein"]))
        verhaal.append(Paragraph("Bron: register Vliegwiel. ‘Laatst bevestigd’: de laatste import waarin het "
                                 "initiatief stond (seed-register: de maand van het brondocument), met de actualiteit "
                                 f"die daaruit volgt ({_versheid_regel()}). Voortgang van de pilots: afgeleid uit "
                                 "hun mijlpalen.", s["klein"]))
    else:
        verhaal.append(Paragraph("Geen initiatieven in het register.", s["basis"]))

    verhaal += [Paragraph("Pilots", s["kop"])]
    if brief.pilots:
        vast = [_breedte(["Fase"] + [p.fase for p in brief.pilots]),
                _breedte(["Status"] + [p.status for p in brief.pilots])]
        rest = breedte - sum(vast)
        b = [rest * 0.28, *vast, rest * 0.45, rest * 0.27]
        rijen = [[_p(k, s["celkop"]) for k in ("Pilot", "Fase", "Status", "Voortgang", "Volgende mijlpaal")]]
        rijen += [[_p(p.naam, s["cel"]), _p(p.fase, s["cel"]), _p(p.status, s["cel"]), _p(p.voortgang, s["cel"]),
                   _p(p.volgende, s["cel"])] for p in brief.pilots]
        verhaal.append(_tabel(rijen, b))
    else:
        verhaal.append(Paragraph("Geen van de vier pilots werkt hier.", s["basis"]))

    verhaal += _bronnen(brief.bronnen, s)
    doc.build(verhaal, onFirstPage=_voet(brief.naam, brief.data_datum, brief.print_datum),
              onLaterPages=_voet(brief.naam, brief.data_datum, brief.print_datum))
    return buf.getvalue()


def _kernen(kernen, s, breedte: float) -> Table:
    """Kernen in two columns side by side when there are many, to save a page."""
    kop = ["Kern", "Inwoners", "Kleine kern", "Initiatieven"]

    def regel(r, stijl, rechts):
        return [_p(r[0], stijl)] + [_p(c, rechts) for c in r[1:]]

    if len(kernen) <= 6:
        return _tabel([regel(kop, s["celkop"], s["celkoprechts"])] + [regel(r, s["cel"], s["rechts"])
                                                                         for r in kernen],
                      _kolommen(kop, breedte / 2 if len(kernen) <= 6 else breedte))
    helft = math.ceil(len(kernen) / 2)
    paren = [list(kernen[:helft]), list(kernen[helft:])]
    paren[1] += [("", "", "", "")] * (helft - len(paren[1]))
    rijen = [regel(kop, s["celkop"], s["celkoprechts"]) + [""] + regel(kop, s["celkop"], s["celkoprechts"])]
    for a, b_ in zip(*paren):
        rijen.append(regel(a, s["cel"], s["rechts"]) + [""] + regel(b_, s["cel"], s["rechts"]))
    b = _kolommen(kop, (breedte - 4 * mm) / 2)
    return _tabel(rijen, b + [4 * mm] + b, extra=[("BACKGROUND", (4, 0), (4, -1), colors.white),
                                                   ("LINEBELOW", (4, 0), (4, -1), 0, colors.white)])


def tabel_pdf(tabel) -> bytes:
    """The provincial annex: one line per gemeente, A4 landscape, year and source in the header."""
    _fonts()
    s = _stijlen()
    buf = io.BytesIO()
    doc = _document(buf, tabel.titel, landscape(A4))
    breedte = landscape(A4)[0] - 2 * MARGE - 12
    b = [breedte * f for f in (0.19, 0.12, 0.12, 0.17, 0.13, 0.15, 0.12)]
    kop = [_p(k, s["celkop" if i == 0 else "celkoprechts"]) for i, (k, _b) in enumerate(tabel.kolommen)]
    bron = [_p(b_, s["celbron" if i == 0 else "celbronrechts"]) for i, (_k, b_) in enumerate(tabel.kolommen)]
    rijen = [kop, bron] + [[_p(r[0], s["cel"])] + [_p(c, s["rechts"]) for c in r[1:]] for r in tabel.rijen]
    rijen.append([Paragraph(f"<b>{esc(tabel.totaal[0])}</b>", s["cel"])] +
                 [Paragraph(f"<b>{esc(c)}</b>", s["rechts"]) for c in tabel.totaal[1:]])
    # tighter rows than the brief's tables, so 26 gemeenten and the sources fit one landscape page
    t = _tabel(rijen, b, kop_rijen=2, extra=[("LINEABOVE", (0, -1), (-1, -1), 0.8, KOP),
                                            ("TOPPADDING", (0, 2), (-1, -1), 1),
                                            ("BOTTOMPADDING", (0, 2), (-1, -1), 1.2)])
    ondertitel = "Kernen, initiatieven en pilots: één regel per gemeente (bijlage bij de Statenbrief)"
    verhaal = [_band(tabel.titel, ondertitel, tabel.data_datum, tabel.print_datum, s, breedte, compact=True)]
    verhaal += _synthetisch(tabel.synthetisch, s) + [Spacer(1, 3), t]
    verhaal += [Spacer(1, 3), Paragraph("Een kern is een woonplaats volgens het CBS; een kleine kern heeft minder dan "
                                        "10.000 inwoners (benadering uit CBS-cijfers per postcode).", s["klein"])]
    verhaal += _bronnen(tabel.bronnen, s)
    voet = _voet("provincie Utrecht, gemeenten", tabel.data_datum, tabel.print_datum)
    doc.build(verhaal, onFirstPage=voet, onLaterPages=voet)
    return buf.getvalue()


def _versheid_regel() -> str:
    """'stil na 1 jaar, vermoedelijk gestopt na 3 jaar' from the one rule (pipelines.config.VERSHEID)."""
    from pipelines import config
    return ", ".join(f"{label} na {jaren} jaar" for label, jaren in sorted(config.VERSHEID, key=lambda r: r[1]) if jaren)
