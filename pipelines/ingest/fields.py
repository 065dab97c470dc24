"""What each kind of register holds: its fields with the headers people give them, the
required fields, the columns of our own exports an import does not take over, and the
lookup from any way of writing a coded value to the stored value."""
from __future__ import annotations

import dataclasses

from pipelines.ingest.values import fold
from pipelines.vocabulary import FASEN, MIJLPAAL_STATUSSEN, STATUSSEN, VERBINDING_SOORTEN  # noqa: F401

KINDS = ("initiatieven", "verbindingen", "mijlpalen")


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
    "cbswoonplaats": "kolom '{kop}' wordt niet overgenomen: de woonplaats volgt uit de kolom Kern",
}

# Names people use for a kern that differ from the CBS woonplaats name.
KERN_ALIASSEN = {"driebergen": "Driebergen-Rijsenburg", "rijsenburg": "Driebergen-Rijsenburg",
                 "spakenburg": "Bunschoten-Spakenburg", "bunschoten": "Bunschoten-Spakenburg",
                 "elst": "Elst Ut", "elst u": "Elst Ut"}


def vocabulaire(waarden: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out = {fold(w): w for w in waarden}
    for w, aliassen in waarden.items():
        for a in aliassen:
            out.setdefault(fold(a), w)
    return out
