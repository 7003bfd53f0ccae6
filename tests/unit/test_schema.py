"""The plan format is a documented contract: the JSON Schemas in schema/ and the field
tables of the guide docs/sa-skriver-du-in-en-plan.md are generated from the models that
read the data files (`trygghet schema`), every field is described in Swedish, and the
project's own data files follow the schemas."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT
from trygghet.data.schema import CONTRACTS, GUIDE, expected_files, field_rows, json_schema

REGENERATE = "kör `.venv/bin/trygghet schema` och checka in resultatet"


def test_the_committed_schemas_and_guide_tables_are_what_the_models_give():
    stale = [str(path.relative_to(ROOT)) for path, text in expected_files(ROOT).items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert stale == [], f"inaktuella filer: {stale}; {REGENERATE}"
    assert (ROOT / GUIDE) in expected_files(ROOT)


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_every_field_has_a_description_and_is_in_the_guide(contract):
    guide = (ROOT / GUIDE).read_text(encoding="utf-8")
    rows = field_rows(json_schema(contract))
    assert len(rows) >= 3
    for field, _kind, _needed, description in rows:
        assert len(description) > 10, f"{contract.name}: {field} saknar beskrivning"
        assert f"| `{field}` |" in guide, f"{field} står inte i guiden"


def _documents(contract):
    """The project's files of the contract's kind, as parsed YAML with dates as text
    (JSON has no dates)."""
    pattern = {"plan": "plan/plan.yml", "fokusomrade": "plan/fokusomrade-*.yml",
               "committees": "plan/committees.yml", "settings": "settings.yml",
               "indikator": "indicators/*.yml"}[contract.name]
    for path in sorted((ROOT / "data").glob(pattern)):
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield path, json.loads(json.dumps(content, default=lambda v: v.isoformat()
                                          if isinstance(v, dt.date) else str(v)))


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_the_projects_files_follow_the_committed_schema(contract):
    schema = json.loads((ROOT / contract.schema_file).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    documents = list(_documents(contract))
    assert documents
    for path, content in documents:
        errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(content)]
        assert errors == [], f"{path.name}: {errors}"


def test_the_schema_refuses_what_validate_refuses():
    contract = next(c for c in CONTRACTS if c.name == "fokusomrade")
    _, content = next(_documents(contract))
    schema = json_schema(contract)
    content["indicators"][0]["direction"] = "upp"
    content["goals"][0]["txt"] = "stavfel"
    messages = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(content)]
    assert any("'upp' is not one of" in m for m in messages)
    assert any("'txt' was unexpected" in m for m in messages)
