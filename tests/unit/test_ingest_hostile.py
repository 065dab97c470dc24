"""Messy and hostile registers (issue 11): the right sheet, refused quotes, bounded memory,
and never a traceback. Fixtures: tests/fixtures/hostile.py."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipelines import ingest
from tests.fixtures import hostile
from tests.ingest_util import REPO

QUOTE = ("een aanhalingsteken (\") wordt niet afgesloten, zodat de cel de volgende regels opslokt. Sluit het "
         "aanhalingsteken of verwijder het en importeer het bestand opnieuw.")


def _parse(seed_db, name):
    kind, filename, data = hostile.cases()[name]
    return ingest.parse(kind, data, filename, seed_db)


@pytest.mark.parametrize("name, blad, andere", [("contact_sheet_first", "Register 2024", "Contactpersonen"),
                                                ("toelichting_first", "Blad2", "Toelichting")])
def test_the_register_sheet_is_read_never_a_sheet_of_people_or_notes(seed_db, name, blad, andere):
    parsed = _parse(seed_db, name)
    assert parsed.blad == blad
    assert parsed.rows["naam"].tolist() == ["Dorpshuis De Schakel", "Buurtkracht Werkhoven"]
    assert parsed.meldingen[0] == f"werkblad '{blad}' is gelezen (de werkmap heeft ook '{andere}')"


def test_two_sheets_that_both_look_like_the_register_are_refused_with_their_names(seed_db):
    with pytest.raises(ingest.FileRejected) as exc:
        _parse(seed_db, "two_registers")
    assert str(exc.value) == ("In 'register.xlsx' lijken meer werkbladen op het register: '2023', '2024'. Laat alleen "
                              "het werkblad met het register staan (of geef het de naam van het register) en "
                              "importeer het bestand opnieuw.")


@pytest.mark.parametrize("name, rij", [("unbalanced_quote", 2), ("eof_in_quote", 3)])
def test_a_missing_closing_quote_is_refused_with_its_row(seed_db, name, rij):
    with pytest.raises(ingest.FileRejected) as exc:
        _parse(seed_db, name)
    assert str(exc.value) == f"Rij {rij} van 'register.csv': {QUOTE}"


def test_a_huge_claimed_range_or_a_stray_cell_reads_only_the_real_rows(seed_db):
    assert _parse(seed_db, "huge_used_range").n_rijen == 2
    stray = _parse(seed_db, "stray_cell")
    assert stray.n_rijen == 2
    assert "kolom GR en verder hebben geen kop en zijn genegeerd" in stray.meldingen


_CHILD = """
import json, resource, sys, shutil
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, 3 * 1024 ** 3))  # a guard: fail, never swap the machine
from pipelines import ingest
from tests.fixtures import hostile
uitkomst = {}
for name, (kind, filename, data) in hostile.cases().items():
    shutil.copy(sys.argv[1], sys.argv[2])
    try:
        ingest.ingest(kind, data, sys.argv[2], filename)
        uitkomst[name] = "gelukt"
    except ingest.IngestError as exc:  # anything else escapes with a traceback and fails the test
        uitkomst[name] = type(exc).__name__
print(json.dumps(uitkomst))
# VmHWM: this process's own peak. ru_maxrss would also count the pytest parent's peak, which Linux
# carries over to a child started by vfork+exec (it grew to 513 MB in a full run).
hwm = [int(r.split()[1]) for r in open("/proc/self/status") if r.startswith("VmHWM:")]
print((hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) // 1024, file=sys.stderr)
"""


def test_every_hostile_file_under_a_memory_limit_without_a_traceback(seed_db, tmp_path):
    out = subprocess.run([sys.executable, "-c", _CHILD, str(seed_db), str(tmp_path / "v.duckdb")], cwd=REPO,
                         capture_output=True, text=True, timeout=300)
    assert "Traceback" not in out.stderr and out.returncode == 0, out.stderr
    assert out.stdout, out.stderr
    assert json.loads(out.stdout) == {
        "contact_sheet_first": "gelukt", "toelichting_first": "gelukt", "two_registers": "FileRejected",
        "huge_used_range": "gelukt", "stray_cell": "gelukt", "unbalanced_quote": "FileRejected",
        "eof_in_quote": "FileRejected", "email_with_name": "RowsRejected",
        "scripts": "gelukt", "leading_zeros": "RowsRejected", "hidden_and_total_rows": "RowsRejected",
        "hidden_row_only": "gelukt", "merged_gemeente": "gelukt", "formula_without_value": "FileRejected",
        "point_in_amersfoort": "RowsRejected", "rd_thousands_dots": "gelukt", "title_rows": "gelukt",
        "sep_line": "gelukt", "zero_width": "gelukt", "utf16_no_bom": "gelukt", "mojibake": "gelukt",
        "mixed_encodings": "gelukt", "whitespace_only": "FileRejected", "whitespace_utf16": "FileRejected",
        "xlsx_named_csv": "gelukt", "encrypted_workbook": "FileRejected", "ods_register": "gelukt",
        "ods_stray_cell": "FileRejected", "former_gemeente": "gelukt"}
    peak_mb = int(out.stderr.strip().splitlines()[-1])  # the child's last line; warnings may come before
    assert peak_mb < 300, f"peak memory {peak_mb} MB"
