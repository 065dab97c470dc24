"""The accepted values of the coded columns, declared once: the importer's aliases, the
synthetic data, the schema's CHECK constraints and the network's styles all use these keys
(tests/unit/test_vocabulary.py keeps them equal).

Each maps the stored value to the other ways people write it in a register.
"""
from __future__ import annotations

FASEN: dict[str, tuple[str, ...]] = {
    "verkennen": ("verkenning", "idee", "ideefase", "verkenningsfase", "oriëntatie", "orientatie"),
    "opstart": ("opstarten", "start", "startfase", "opstartfase", "in oprichting", "oprichting"),
    "uitvoering": ("uitvoeren", "uitvoeringsfase", "in uitvoering", "realisatie", "lopend"),
    "borging": ("borgen", "borgingsfase", "geborgd", "verankering", "structureel"),
}
STATUSSEN: dict[str, tuple[str, ...]] = {
    "actief": ("lopend", "loopt", "in uitvoering", "bezig", "active", "ja"),
    "afgerond": ("klaar", "voltooid", "gereed", "afgesloten", "done"),
    "gestopt": ("beëindigd", "beeindigd", "opgeheven", "stopgezet", "niet meer actief", "inactief"),
}
VERBINDING_SOORTEN: dict[str, tuple[str, ...]] = {
    "lid van": ("lid", "is lid van", "lidmaatschap", "aangesloten bij", "aangesloten", "member"),
    "begeleidt": ("begeleiding", "begeleider", "begeleid", "coaching", "coacht", "procesbegeleiding"),
    "financiert": ("financiering", "financier", "subsidie", "subsidieert", "financieel", "fonds", "funding"),
    "werkt samen met": ("samenwerking", "samenwerken", "werkt samen", "partner", "partnerschap", "samen"),
    "ondersteunt": ("ondersteuning", "steun", "steunt", "support", "ondersteuner", "helpt"),
}
MIJLPAAL_STATUSSEN: dict[str, tuple[str, ...]] = {
    "gedaan": ("klaar", "afgerond", "done", "ja", "voltooid", "gereed", "behaald", "bereikt", "x", "true", "waar"),
    "gepland": ("open", "nee", "planned", "todo", "te doen", "nog te doen", "verwacht", "niet gedaan",
                "false", "onwaar", "gepland"),
}
