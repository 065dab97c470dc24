"""Coded values are declared once (pipelines.vocabulary): the importer's aliases, the synthetic
data, the schema's CHECK constraints and the network's styles use the same keys."""
from __future__ import annotations

import re

from pipelines import config, synthetic, vocabulary
from pipelines.ingest import fields
from pipelines.ingest.values import fold


def _check_values(column: str) -> set[str]:
    """The accepted values of `column`'s CHECK (... IN (...)) in schema.sql."""
    schema = config.SCHEMA_FILE.read_text(encoding="utf-8")
    m = re.search(rf"\b{column}\s+VARCHAR[^,\n]*CHECK \({column} IN \(([^)]*)\)", schema)
    assert m, f"no CHECK on {column}"
    return set(re.findall(r"'([^']*)'", m.group(1)))


def test_link_kinds_are_the_same_everywhere():
    from vliegwiel import netwerk as network  # read only: its styles must cover exactly the stored kinds
    keys = set(vocabulary.VERBINDING_SOORTEN)
    assert set(fields.VERBINDING_SOORTEN) == keys
    assert set(synthetic.VERBINDING_SOORTEN) == keys
    assert set(network.VERBINDING_SOORTEN) == keys
    schema = config.SCHEMA_FILE.read_text(encoding="utf-8")
    m = re.search(r"CREATE TABLE verbindingen .*?soort\s+VARCHAR NOT NULL CHECK \(soort IN \(([^)]*)\)", schema, re.S)
    assert set(re.findall(r"'([^']*)'", m.group(1))) == keys


def test_statuses_and_phases_are_the_same_everywhere():
    assert set(vocabulary.STATUSSEN) == set(fields.STATUSSEN)
    assert _check_values("fase") == set(vocabulary.FASEN) == set(fields.FASEN)
    assert set(synthetic.STATUSSEN) - {None} == set(vocabulary.STATUSSEN)
    assert set(synthetic.FASEN) - {None} == set(vocabulary.FASEN)
    schema = config.SCHEMA_FILE.read_text(encoding="utf-8")
    m = re.search(r"CREATE TABLE mijlpalen .*?status\s+VARCHAR NOT NULL CHECK \(status IN \(([^)]*)\)", schema, re.S)
    assert set(re.findall(r"'([^']*)'", m.group(1))) == set(vocabulary.MIJLPAAL_STATUSSEN)


def test_an_alias_never_means_two_values():
    for waarden in (vocabulary.FASEN, vocabulary.STATUSSEN, vocabulary.VERBINDING_SOORTEN,
                    vocabulary.MIJLPAAL_STATUSSEN):
        lookup = fields.vocabulaire(waarden)
        for key, aliassen in waarden.items():
            assert lookup[key] == key
            for a in aliassen:
                assert lookup[fold(a)] in waarden
