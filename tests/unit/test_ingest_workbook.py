"""What a real workbook hides (issue 11): hidden rows skipped with a notice, total rows refused,
merged cells filled from their first cell, a formula without a saved value named by its cell."""
from __future__ import annotations

import pytest

from pipelines import ingest
from tests.fixtures import hostile


def test_a_hidden_row_is_skipped_with_a_notice(seed_db):
    parsed = ingest.parse("initiatieven", hostile.hidden_row_only(), "register.xlsx", seed_db)
    assert parsed.ok
    assert parsed.rows["naam"].tolist() == ["Dorpshuis De Schakel", "Buurtkracht Werkhoven"]
    assert "rij 4 is verborgen in Excel en overgeslagen; maak een rij zichtbaar om hem te importeren" in parsed.meldingen


def test_total_rows_are_refused(seed_db):
    parsed = ingest.parse("initiatieven", hostile.hidden_and_total_rows(), "register.xlsx", seed_db)
    reden = ("deze rij lijkt een totaalregel, geen initiatief; verwijder de rij en importeer het bestand opnieuw")
    assert [(p.rij, p.reden) for p in parsed.problemen] == [(5, reden), (6, reden)]


@pytest.mark.parametrize("naam", ["Totaal Lokaal", "Aantal Zaken", "Som van de delen"])
def test_names_that_only_start_like_a_total_are_initiatives(seed_db, naam):
    parsed = ingest.parse("initiatieven", f"Naam;Gemeente\n{naam};Lopik\n".encode(), "t.csv", seed_db)
    assert parsed.ok, parsed.problemen


def test_merged_cells_are_filled_from_their_first_cell_with_a_notice(seed_db):
    parsed = ingest.parse("initiatieven", hostile.merged_gemeente(), "register.xlsx", seed_db)
    assert parsed.ok, parsed.problemen
    assert parsed.rows["gemeente_code"].tolist() == ["GM0331"] * 3
    assert ("de cellen B2:B4 zijn samengevoegd; elke rij heeft de waarde van B2 gekregen" in parsed.meldingen)


def test_a_formula_without_a_saved_value_is_named(seed_db):
    with pytest.raises(ingest.FileRejected) as exc:
        ingest.parse("initiatieven", hostile.formula_without_value(), "register.xlsx", seed_db)
    assert str(exc.value) == ("Werkblad 'Sheet' van 'register.xlsx': cel E2 bevat een formule zonder berekende "
                              "waarde; open en bewaar het bestand in Excel en importeer het opnieuw.")
