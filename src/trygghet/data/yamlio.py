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
        raise DataError([Problem(path, f"ogiltig YAML: {exc}", row=row)]) from None


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
