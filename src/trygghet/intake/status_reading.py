"""Reading a committee's status report as it was sent: a filled-in template (.xlsx) or CSV
text with the same columns, in the encodings and separators Excel and other programs
write. Reading is shared with the indicator values (:mod:`trygghet.intake.received`);
this module knows which table a status report is."""

from __future__ import annotations

from pathlib import Path

from trygghet.data.errors import Problem
from trygghet.intake import received as incoming
from trygghet.intake.received import Table
from trygghet.intake.status_template import LAYOUT, SHEET

NOT_A_TEMPLATE = ("filen är inte en statusmall: inget blad har rubrikerna Nr och Status "
                  f"(väntat bladet {SHEET!r}). Använd mallen från `trygghet templates`.")
NOT_A_REPORT = ("filen är inte en statusrapport: hittar ingen rubrikrad med kolumnerna Nr "
                "och Status (semikolon- eller kommaseparerad).")


def read_table(path: Path) -> Table | list[Problem]:
    """The report's table (the template's sheet first), or why there is none."""
    tables = incoming.read_tables(path, LAYOUT, not_a_template=NOT_A_TEMPLATE,
                                  not_a_table=NOT_A_REPORT)
    if isinstance(tables[0], Problem):
        return tables
    return next((t for t in tables if t.sheet == SHEET), tables[0])
