"""The command line: `python -m pipelines.ingest <initiatieven|verbindingen|mijlpalen> FILE
[--db PATH] [--controleer] [--volledig]`, `python -m pipelines.ingest verwijder-contactpersoon ID`
and `python -m pipelines.ingest ongedaan-maken ENTRY [--bevestig]`.
Dutch messages, exit code 1 for a rejected file, 2 for misuse."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines import config, older, retire
from pipelines.errors import FileRejected, IngestError, RowsRejected, aantal
from pipelines.ingest.writing import apply
from pipelines.ingest.fields import KINDS
from pipelines.ingest.parsing import parse
from pipelines.ingest.removal import remove_contact_persons
from pipelines.ingest.runs import name_and_sha, record_rejection
from pipelines.ingest.values import of_lijst


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages are English
        self.print_usage(sys.stderr)
        vertaald = (message.replace("the following arguments are required", "deze argumenten ontbreken")
                    .replace("unrecognized arguments", "onbekende argumenten"))
        self.exit(2, f"Fout: {vertaald}\n")


def _remove_contact(argv: list[str]) -> int:
    parser = _Parser(prog="python -m pipelines.ingest verwijder-contactpersoon",
                     description="Verwijder de contactpersoon (of -personen) van een initiatief, op verzoek.")
    parser.add_argument("initiatief_id", help="het id van het initiatief")
    parser.add_argument("--db", type=Path, default=None, help="pad van de database")
    args = parser.parse_args(argv)
    try:
        n = remove_contact_persons(args.initiatief_id, args.db or config.db_path())
    except IngestError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    print(f"{aantal(n, 'contactpersoon', 'contactpersonen')} van '{args.initiatief_id}' verwijderd.")
    return 0


def _undo(argv: list[str]) -> int:
    from pipelines import undo
    parser = _Parser(prog="python -m pipelines.ingest ongedaan-maken",
                     description="Maak een import ongedaan: de database wordt opnieuw opgebouwd zonder die import.")
    parser.add_argument("import_naam", help="de import in het archief, bijv. 000003-initiatieven")
    parser.add_argument("--db", type=Path, default=None, help="pad van de database")
    parser.add_argument("--bevestig", action="store_true", help="echt uitvoeren (zonder: alleen tonen wat verandert)")
    args = parser.parse_args(argv)
    db = args.db or config.db_path()
    try:
        if not args.bevestig:
            voorbeeld = undo.preview(args.import_naam, db)
            for r in voorbeeld.itertuples(index=False):
                veld = f" {r.Veld}: {r.Nu} → {r.Daarna}" if r.Veld else ""
                print(f"{r.Soort} {r.Id} ({r.Naam}): {r.Wijziging}{veld}")
            print(f"{aantal(voorbeeld['Id'].nunique(), 'record verandert', 'records veranderen')}. "
                  "Er is niets gewijzigd; herhaal met --bevestig om het uit te voeren.")
            return 0
        naam = undo.undo(args.import_naam, db)
    except IngestError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    print(f"Import '{args.import_naam}' ongedaan gemaakt (vastgelegd als '{naam}'); het archief bewaart hem.")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["verwijder-contactpersoon"]:
        return _remove_contact(argv[1:])
    if argv[:1] == ["ongedaan-maken"]:
        return _undo(argv[1:])
    parser = _Parser(prog="python -m pipelines.ingest",
                     description="Importeer een register (Excel .xlsx of .csv) in de Vliegwiel-database.")
    parser.add_argument("soort", metavar="{initiatieven,verbindingen,mijlpalen}", help="soort register")
    parser.add_argument("bestand", type=Path, help="het .xlsx- of .csv-bestand")
    parser.add_argument("--db", type=Path, default=None,
                        help="pad van de database (standaard VLIEGWIEL_DB of data/vliegwiel.duckdb)")
    parser.add_argument("--controleer", action="store_true",
                        help="alleen controleren en de problemen tonen; niets wegschrijven")
    parser.add_argument("--volledig", action="store_true",
                        help="volledig register: initiatieven van de gemeenten in het bestand die er niet in staan, "
                             "worden 'niet meer in register'")
    parser.add_argument("--ouder-toestaan", action="store_true",
                        help="ook importeren als het bestand velden terugzet naar oudere waarden (een oudere export)")
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
            if args.volledig:
                uit = retire.preview(parsed, db)
                for r in uit.itertuples(index=False):
                    print(f"Niet meer in register: {r.naam} ({r.id})")
            print(f"Controle geslaagd: '{parsed.bestand}' ({aantal(parsed.n_rijen, 'rij', 'rijen')}) "
                  "kan worden geïmporteerd. Er is niets gewijzigd.")
            return 0
        try:
            parsed = parse(args.soort, args.bestand, db_path=db)
        except FileRejected as exc:  # logged as a rejected run, as `ingest` does
            if Path(db).exists():
                naam, sha = name_and_sha(args.bestand, None)
                record_rejection(db, kind=args.soort, bestand=naam, sha256=sha, melding=str(exc))
            raise
        terug = older.going_back(parsed, db) if parsed.ok else None
        if terug is not None and len(terug):
            for r in terug.itertuples(index=False):
                print(f"Terug naar een oudere waarde: {r.Id} ({r.Naam}), {r.Veld}: {r.Nu} → {r[4]} "
                      f"(de waarde van {r[5]})", file=sys.stderr if not args.ouder_toestaan else sys.stdout)
            if not args.ouder_toestaan:
                print(f"Niet geïmporteerd: '{parsed.bestand}' zet {aantal(len(terug), 'veld', 'velden')} terug naar een "
                      "oudere waarde; is dit een oudere export? Importeer met --ouder-toestaan als dat de bedoeling "
                      "is. Er is niets gewijzigd.", file=sys.stderr)
                return 1
        result = apply(parsed, db, volledig=args.volledig)
    except RowsRejected as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except IngestError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    print(result.samenvatting())
    for m in result.meldingen:
        print(f"Let op: {m}")
    return 0
