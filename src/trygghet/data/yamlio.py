"""Reading YAML data files into validated models, with line numbers in errors."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from trygghet.data.errors import DataError, Problem, problems_from_validation

M = TypeVar("M", bound=BaseModel)


def _read(path: Path) -> tuple[object, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(path, "filen saknas")]) from None
    except UnicodeDecodeError:
        raise DataError([Problem(path, "filen är inte sparad som UTF-8")]) from None
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        where = f" (tecken {mark.column + 1} på raden)" if mark else ""
        raise DataError([Problem(path, f"ogiltig YAML{where}: {yaml_problem(exc)}",
                                 row=row)]) from None


# PyYAML's problems (English) → Swedish, by the start of the library's text.
_YAML_PROBLEMS = [
    ("mapping values are not allowed", ("ett kolon (:) står där det inte får stå; sätt texten "
                                       "inom citattecken om den innehåller \": \"")),
    ("could not find expected ':'", "ett kolon (:) saknas efter fältnamnet"),
    ("found unexpected ':'", "ett kolon (:) står där det inte får stå"),
    ("found character '\\t'", "tabbtecken får inte användas; dra in raderna med mellanslag"),
    ("found character", ("ett tecken som inte får inleda ett värde; sätt texten inom "
                        "citattecken")),
    ("expected <block end>", "indraget stämmer inte med raderna ovanför"),
    ("did not find expected key", "ett fältnamn saknas här (fel indrag?)"),
    ("did not find expected '-'", "ett listelement (-) saknas eller är fel indraget"),
    ("found unexpected end of stream", ("filen tar slut innan ett citattecken eller en "
                                       "parentes har avslutats")),
    ("found unknown escape character", "okänd kombination med \\ inom citattecken"),
    ("expected ',' or ']'", "en lista inom [ ] avslutas inte rätt"),
    ("expected ',' or '}'", "en post inom { } avslutas inte rätt"),
    ("found undefined alias", "en hänvisning (*namn) till något som inte finns"),
    ("but found another document", "filen innehåller mer än ett YAML-dokument (---)"),
    ("expected the node content", "ett värde saknas"),
    ("did not find expected node content", "ett värde saknas"),
]


def yaml_problem(exc: yaml.YAMLError) -> str:
    """What is wrong, in Swedish (never PyYAML's English text)."""
    problem = str(getattr(exc, "problem", "") or "")
    for start, swedish in _YAML_PROBLEMS:
        if problem.startswith(start):
            return swedish
    return "texten följer inte YAML-formatet"


def _line_locator(root: yaml.Node | None):
    """Return a function mapping a pydantic error location to a 1-based line."""

    def locate(loc: Sequence[str | int]) -> int | None:
        node, line = root, (root.start_mark.line + 1 if root else None)
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                match = [v for k, v in node.value if k.value == part]
                if not match:
                    break
                node = match[0]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    break
                node = node.value[part]
            else:
                break
            line = node.start_mark.line + 1
        return line

    return locate


def load_model(path: Path, model: type[M]) -> M:
    """Load one YAML mapping as ``model``; raise DataError naming file and line."""
    data, root = _read(path)
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise DataError(problems_from_validation(err, path, _line_locator(root))) from None


def load_model_list(path: Path, model: type[M]) -> list[M]:
    """Load a YAML list of mappings as ``list[model]``."""
    data, root = _read(path)
    try:
        return TypeAdapter(list[model]).validate_python(data)
    except ValidationError as err:
        raise DataError(problems_from_validation(err, path, _line_locator(root))) from None
