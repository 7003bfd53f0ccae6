"""The plan format as a contract: JSON Schemas generated from the models that read the data
files, and the field tables of the guide "Så skriver du in en plan" generated from the
schemas. The models (their ``Field(description=…)``, in Swedish) are the one source;
``trygghet schema`` writes both, and a test fails when the committed files differ.

Schemas (``schema/<name>.schema.json``): ``plan`` (data/plan/plan.yml), ``fokusomrade``
(data/plan/fokusomrade-<id>.yml), ``committees`` (data/plan/committees.yml), ``settings``
(data/settings.yml) and ``indikator`` (data/indicators/<id>.yml)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from trygghet.data.indicators import IndicatorMeta
from trygghet.data.plan import Committee, FocusArea, PlanDocument
from trygghet.data.settings import Settings

SCHEMA_DIR = "schema"
GUIDE = Path("docs") / "sa-skriver-du-in-en-plan.md"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Contract:
    """One kind of data file and the model that reads it."""

    name: str  # schema/<name>.schema.json and the guide's table marker
    file: str  # where the file is, for people
    model: object  # a pydantic model or a type (list[Committee])
    title: str
    description: str

    @property
    def schema_file(self) -> str:
        return f"{SCHEMA_DIR}/{self.name}.schema.json"


CONTRACTS = [
    Contract("plan", "data/plan/plan.yml", PlanDocument, "Planen (plan.yml)",
             "Uppgifter om planen som dokument: titel, organisation, antagande och planperiod."),
    Contract("fokusomrade", "data/plan/fokusomrade-<id>.yml", FocusArea,
             "Ett fokusområde (fokusomrade-<id>.yml)",
             "Ett av planens fokusområden med text, mål, indikatorer och aktiviteter."),
    Contract("committees", "data/plan/committees.yml", list[Committee], "Nämnderna (committees.yml)",
             "Nämndregistret: en post per nämnd som planen ger ansvar, med planens stavningar."),
    Contract("settings", "data/settings.yml", Settings, "Inställningarna (settings.yml)",
             "Kommunen, jämförelsegruppen, utgivaren, kontaktuppgifterna och webbokens adress."),
    Contract("indikator", "data/indicators/<id>.yml", IndicatorMeta,
             "En indikators metadata (indicators/<id>.yml)",
             "Vad indikatorn mäter, enhet, riktning, källa och serier."),
]


class _Schema(GenerateJsonSchema):
    """Pydantic's schema without the English titles it makes of field and model names."""

    def field_title_should_be_set(self, schema) -> bool:
        return False

    def generate(self, schema, mode="validation"):
        result = super().generate(schema, mode)
        for definition in result.get("$defs", {}).values():
            definition.pop("title", None)
        result.pop("title", None)
        return result


def json_schema(contract: Contract) -> dict:
    """The contract's JSON Schema (draft 2020-12), with a Swedish title and description."""
    body = TypeAdapter(contract.model).json_schema(schema_generator=_Schema)
    return {"$schema": DIALECT, "title": contract.title,
            "description": f"{contract.description} Filen: {contract.file}.", **body}


def schema_text(contract: Contract) -> str:
    return json.dumps(json_schema(contract), ensure_ascii=False, indent=2) + "\n"


# -- the guide's field tables --------------------------------------------------------------


def _resolve(node: dict, defs: dict) -> dict:
    ref = node.get("$ref")
    return {**defs[ref.rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}} \
        if ref else node


def _nullable(node: dict) -> tuple[dict, bool]:
    options = node.get("anyOf")
    if options and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        if len(rest) == 1:
            return {**rest[0], **{k: v for k, v in node.items() if k != "anyOf"}}, True
    return node, False


def _type_text(node: dict, defs: dict) -> str:
    """The kind of value, in Swedish."""
    node = _resolve(node, defs)
    if "enum" in node:
        return " eller ".join(f"`{v}`" for v in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    kind = node.get("type")
    if kind == "array":
        item = _resolve(node.get("items", {}), defs)
        return "lista med poster" if item.get("type") == "object" else \
            f"lista ({_type_text(item, defs)})"
    if kind == "object":
        return "post"
    words = {"string": "text", "integer": "heltal", "number": "tal", "boolean": "`true`/`false`"}
    text = words.get(kind, "värde")
    formats = {"date": "datum ÅÅÅÅ-MM-DD", "uri": "webbadress", "email": "e-postadress"}
    if node.get("format") in formats:
        return formats[node["format"]]
    limits = [f"≥ {node['minimum']}" if "minimum" in node else "",
              f"> {node['exclusiveMinimum']}" if "exclusiveMinimum" in node else "",
              f"≤ {node['maximum']}" if "maximum" in node else ""]
    if any(limits):
        text += " " + " och ".join(x for x in limits if x)
    if "pattern" in node:
        text += f", mönster `{node['pattern']}`"
    return text


def field_rows(schema: dict) -> list[tuple[str, str, str, str]]:
    """(field, type, required, description) for every field, nested fields as
    ``parent.field`` (the form ``trygghet validate`` names them in)."""
    defs = schema.get("$defs", {})
    rows: list[tuple[str, str, str, str]] = []

    def walk(node: dict, prefix: str) -> None:
        node = _resolve(node, defs)
        if node.get("type") == "array":
            node = _resolve(node.get("items", {}), defs)
        required = set(node.get("required", []))
        for name, prop in node.get("properties", {}).items():
            prop, nullable = _nullable(_resolve(prop, defs))
            kind = _type_text(prop, defs) + (" eller `null`" if nullable else "")
            if name in required:
                needed = "ja"
            elif "default" in prop and prop["default"] not in (None, [], {}):
                needed = f"nej (standard: `{json.dumps(prop['default'], ensure_ascii=False)}`)"
            else:
                needed = "nej"
            rows.append((f"{prefix}{name}", kind, needed, prop.get("description", "")))
            inner = _resolve(prop.get("items", {}), defs) if prop.get("type") == "array" \
                else _resolve(prop, defs)
            if inner.get("type") == "object" or "properties" in inner:
                walk(inner, f"{prefix}{name}.")

    walk(schema, "")
    return rows


def _cell(text: str) -> str:
    """Text in a Markdown table cell: pipes escaped, angle brackets as entities."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def field_table(contract: Contract) -> str:
    """The guide's Markdown table of a contract's fields."""
    lines = ["| Fält | Värde | Krävs | Beskrivning |", "|---|---|---|---|"]
    for field, kind, needed, description in field_rows(json_schema(contract)):
        kind = kind.replace("|", "\\|")
        lines.append(f"| `{field}` | {kind} | {needed} | {_cell(description)} |")
    return "\n".join(lines)


def _marker(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- fält: {name} [^\n]*-->\n)(.*?)(<!-- /fält -->)", re.DOTALL)


def guide_text(current: str) -> str:
    """The guide with every field table replaced by the one the models give."""
    for contract in CONTRACTS:
        marker = _marker(contract.name)
        if not marker.search(current):
            raise ValueError(f"guiden saknar markeringen för tabellen {contract.name!r}")
        current = marker.sub(lambda m, c=contract: m[1] + field_table(c) + "\n" + m[3],
                             current)
    return current


def expected_files(root: Path) -> dict[Path, str]:
    """What ``trygghet schema`` writes under ``root``: the schemas, and the guide's
    tables when the guide is there."""
    root = Path(root)
    files = {root / c.schema_file: schema_text(c) for c in CONTRACTS}
    guide = root / GUIDE
    if guide.exists():
        files[guide] = guide_text(guide.read_text(encoding="utf-8"))
    return files


__all__ = ["CONTRACTS", "GUIDE", "SCHEMA_DIR", "Contract", "expected_files", "field_rows",
           "field_table", "guide_text", "json_schema", "schema_text"]
