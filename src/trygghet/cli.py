"""Command line: ``trygghet build | validate | import-kolada``. Help and messages in Swedish."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trygghet.errors import DataError


def _root(value: str) -> Path:
    return Path(value).resolve()


def cmd_validate(args: argparse.Namespace) -> int:
    from trygghet.validate import validate_data_dir

    problems = validate_data_dir(args.root / "data")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} fel i datafilerna.", file=sys.stderr)
        return 1
    print("Datafilerna är giltiga.")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from trygghet.build import build

    build(args.root, jobs=args.jobs)
    return 0


def cmd_import_kolada(args: argparse.Namespace) -> int:
    from trygghet.kolada import import_dump

    written = import_dump(Path(args.dump), args.root / "data")
    for path in written:
        print(f"Skrev {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="trygghet",
        description="Uppföljning av handlingsplanen för trygghetsskapande och "
                    "brottsförebyggande arbete som webbok.",
    )
    p.add_argument("--root", type=_root, default=Path.cwd(),
                   help="projektets katalog (standard: aktuell katalog)")
    sub = p.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    b = sub.add_parser("build", help="kontrollera data, kör alla notebooks och bygg webboken")
    b.add_argument("--jobs", type=int, default=None,
                   help="antal notebooks som körs samtidigt (standard: antal kärnor)")
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="kontrollera alla datafiler")
    v.set_defaults(func=cmd_validate)

    k = sub.add_parser("import-kolada",
                       help="skapa indikatorfilerna i data/indicators/ ur en Kolada-dump")
    k.add_argument("--dump", required=True, help="katalogen kolada_dump/ (se data/indicators/README.md)")
    k.set_defaults(func=cmd_import_kolada)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print("Avbrutet: rätta felen ovan. Inget har skrivits.", file=sys.stderr)
        return 1
    except Exception as err:
        from trygghet.build import BuildError
        from trygghet.kolada import KoladaImportError

        if isinstance(err, BuildError | KoladaImportError):
            print(f"Fel: {err}", file=sys.stderr)
            print("Den tidigare byggda webbplatsen är orörd.", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
