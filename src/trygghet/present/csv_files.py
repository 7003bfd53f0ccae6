"""The CSV files the project writes for others to open (the downloads and the data package):
one writer, so that every one of them follows the same rule for text.

People open these files in Excel or LibreOffice Calc, which run a field that begins like a
formula (``=HYPERLINK(…)``, ``@…``, ``+…``, ``-…``). Every field of a text column goes
through :func:`trygghet.data.untrusted.csv_text` (an apostrophe first; the rule,
:data:`~trygghet.data.untrusted.CSV_TEXT_RULE`, is stated in the data package); which
columns are text is said by the field types the files' Frictionless schemas declare
(``string``), never guessed from a value: a number such as ``-3.1`` in a number column is
written as it is. The pages show the text as it was written."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from trygghet.data.untrusted import csv_text

BOM = "\ufeff"
TEXT_TYPE = "string"  # Frictionless Table Schema: the type of a text field


def csv_bytes(fields: Sequence[tuple[str, str]], rows: Iterable[Sequence[object]], *,
              bom: bool = True, line_end: str = "\r\n") -> bytes:
    """A CSV file (UTF-8, with BOM unless ``bom`` is false, so that Excel shows å ä ö) with
    a header of the ``fields``' names, (name, Frictionless type), and ``rows``, each with one
    value per field; every ``string`` field neutralised by :func:`csv_text`."""
    text = [kind == TEXT_TYPE for _, kind in fields]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([name for name, _ in fields])
    for row in rows:
        if len(row) != len(fields):
            raise ValueError(f"{len(row)} values for {len(fields)} fields: {row!r}")
        writer.writerow([csv_text(v) if is_text and isinstance(v, str) else v
                         for v, is_text in zip(row, text, strict=True)])
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")


__all__ = ["BOM", "TEXT_TYPE", "csv_bytes"]
