"""Reading YAML data files into validated models, with line numbers in errors."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from trygghet.data import limits
from trygghet.data.errors import UNFILLED, DataError, Problem, problems_from_validation
from trygghet.data.files import read_text

M = TypeVar("M", bound=BaseModel)


class RefusedYaml(yaml.MarkedYAMLError):
    """YAML that is valid but refused: an anchor or alias, nesting too deep, a key twice.
    ``problem`` is already Swedish."""

    def __init__(self, problem: str, mark: yaml.Mark | None):
        super().__init__(problem=problem, problem_mark=mark)


class DataLoader(yaml.SafeLoader):
    """PyYAML's safe loader, stricter at the door:

    - no anchors or aliases (``&namn``/``*namn``): an alias repeated in an alias makes a
      small file expand without end (an alias bomb), and the data files never need one;
    - at most :data:`~trygghet.data.limits.YAML_DEPTH` levels of nesting (Python's recursion
      would fail on a deeper file);
    - no key twice in a mapping: YAML lets the last one win silently, so ``name:`` written
      twice could turn one committee into another."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RefusedYaml("hänvisningar (&namn och *namn) används inte i datafilerna; "
                              "skriv ut värdet där det behövs", event.start_mark)
        self._depth += 1
        try:
            if self._depth > limits.YAML_DEPTH:
                raise RefusedYaml(f"för djup nästling (fler än {limits.YAML_DEPTH} nivåer)",
                                  event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, yaml.Node] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.setdefault(key, key_node)
                except TypeError:  # an unhashable key: the constructor names it
                    continue
                if first is not key_node:
                    raise RefusedYaml(f"fältet {key!r} står två gånger i samma post (första "
                                      f"gången på rad {first.start_mark.line + 1}); ta bort "
                                      "det ena", key_node.start_mark)
        return super().construct_mapping(node, deep)


def compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document, read by :class:`DataLoader`; raises YAMLError."""
    loader = DataLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def parse(text: str) -> tuple[object, yaml.Node | None]:
    """The value of one YAML document and its node tree (for line numbers), read by
    :class:`DataLoader`; raises YAMLError."""
    loader = DataLoader(text)
    try:
        root = loader.get_single_node()
        return (loader.construct_document(root) if root is not None else None), root
    finally:
        loader.dispose()


def _read(path: Path) -> tuple[object, yaml.Node | None]:
    text = read_text(path)
    try:
        return parse(text)
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
    if isinstance(exc, RefusedYaml):
        return str(exc.problem)
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


#: A value a skeleton file (``trygghet ny-plan``) leaves for people to fill in starts so:
#: ``title: "FYLL I: planens titel"``. ``trygghet validate`` names every one left.
PLACEHOLDER = "FYLL I"


def placeholders(data: object, loc: tuple[str | int, ...] = ()
                 ) -> list[tuple[tuple[str | int, ...], str]]:
    """Where ``data`` (parsed YAML) still has placeholders: (location, what to fill in)."""
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in placeholders(value, (*loc, key))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in placeholders(value, (*loc, i))]
    if isinstance(data, str) and data.strip().startswith(PLACEHOLDER):
        what = data.strip()[len(PLACEHOLDER):].lstrip(" :–-")
        return [(loc, what)]
    return []


def _validate(path: Path, data: object, root: yaml.Node | None, adapter: TypeAdapter):
    """``data`` validated by ``adapter``; a DataError names every placeholder left (and
    no other problem at the same place) and every other problem, with file and line."""
    locate = _line_locator(root)
    left = placeholders(data)
    problems = [Problem(path, f"{UNFILLED}: {what}" if what else UNFILLED,
                        row=locate(loc), column=".".join(map(str, loc)) or None)
                for loc, what in left]
    try:
        value = adapter.validate_python(data)
    except ValidationError as err:
        spots = [loc for loc, _ in left]
        problems += [p for e, p in zip(err.errors(), problems_from_validation(err, path, locate),
                                       strict=True)
                     if not any(tuple(e["loc"])[:len(s)] == s for s in spots)]
    if problems:
        raise DataError(problems)
    return value


def load_model(path: Path, model: type[M]) -> M:
    """Load one YAML mapping as ``model``; raise DataError naming file and line."""
    data, root = _read(path)
    return _validate(path, data, root, TypeAdapter(model))


def load_model_list(path: Path, model: type[M]) -> list[M]:
    """Load a YAML list of mappings as ``list[model]``."""
    data, root = _read(path)
    return _validate(path, data, root, TypeAdapter(list[model]))
