"""Command line: ``trygghet build | validate | import-kolada | templates | import-status``. Help and messages in Swedish."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trygghet.data.errors import DataError

# argparse's own words (usage, headings, error messages), in Swedish. argparse looks
# them up through gettext at run time, so a catalog-like mapping is enough.
_ARGPARSE_SV = {
    "usage: ": "användning: ",
    "positional arguments": "kommandon och argument",
    "options": "flaggor",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fel: %(message)s\n",
    "the following arguments are required: %s": "följande argument saknas: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
    "expected one argument": "ett värde behövs",
    "expected at least one argument": "minst ett värde behövs",
    "ambiguous option: %(option)s could match %(matches)s":
        "tvetydig flagga: %(option)s kan betyda %(matches)s",
}
argparse._ = lambda message: _ARGPARSE_SV.get(message, message)  # type: ignore[attr-defined]


def _root(value: str) -> Path:
    return Path(value).resolve()


def cmd_validate(args: argparse.Namespace) -> int:
    from trygghet.data.validate import validate_data_dir

    problems = validate_data_dir(args.root / "data")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} fel i datafilerna.", file=sys.stderr)
        return 1
    print("Datafilerna är giltiga.")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from trygghet.publish.build import build

    build(args.root, jobs=args.jobs, use_cache=not args.no_cache)
    return 0


def cmd_import_kolada(args: argparse.Namespace) -> int:
    from trygghet.data.files import write_files_atomically
    from trygghet.intake.kolada import import_dump
    from trygghet.intake.kolada_national import national_files

    # Every municipality's values (data/kommuner/) are read first, so that a broken
    # dump stops the import before any file is written.
    national = national_files(Path(args.dump), args.root / "data")
    written = import_dump(Path(args.dump), args.root / "data")
    written += write_files_atomically(national)
    for path in written:
        print(f"Skrev {path}")
    return 0


def cmd_kolada(args: argparse.Namespace) -> int:
    from trygghet.intake.kolada_api import KoladaApiError, KoladaClient, api_url, fetch_to_files

    try:
        client = KoladaClient(api_url(args.api_url), timeout=args.timeout, attempts=args.attempts)
        written = fetch_to_files(args.root / "data", [y for ys in args.year for y in ys], client,
                                 log=print)
    except KoladaApiError as err:
        print(f"Fel: {err}", file=sys.stderr)
        print("Inget har skrivits; de befintliga datafilerna är orörda.", file=sys.stderr)
        return 1
    for path in written:
        print(f"Skrev {path}")
    return 0


def _years(value: str) -> list[int]:
    from trygghet.intake.kolada_api import parse_years

    try:
        return parse_years(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def cmd_templates(args: argparse.Namespace) -> int:
    from trygghet.intake.reporting import write_templates

    written = write_templates(args.root / "data", args.year, Path(args.out))
    for path in written:
        print(f"Skrev {path}")
    print(f"{len(written)} mallar för {args.year}, en per ansvarig nämnd.")
    return 0


def cmd_import_status(args: argparse.Namespace) -> int:
    from trygghet.intake.reporting import import_status

    result = import_status(args.root / "data", [Path(f) for f in args.files], args.year,
                           replace=args.replace, example=args.example)
    for f in result.files:
        copy = "sparad som" if f.new_copy else "finns redan som"
        print(f"{f.received_as.name}: {f.added} nya, {f.replaced} ersatta, {f.unchanged} "
              f"oförändrade rapporter ({copy} data/raw/{f.stored_as})")
    if result.removed_examples:
        print(f"Exempeldata för {result.year} togs bort ({result.removed_examples} rader).")
    verb = "Uppdaterade" if result.changed else "Oförändrad:"
    print(f"{verb} {result.status_file}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="trygghet",
        description="Uppföljning av handlingsplanen för trygghetsskapande och "
                    "brottsförebyggande arbete som webbok.",
    )
    p.add_argument("--root", type=_root, default=Path.cwd(), metavar="KATALOG",
                   help="projektets katalog (standard: aktuell katalog)")
    sub = p.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    b = sub.add_parser("build", help="kontrollera data, kör alla notebooks och bygg webboken")
    b.add_argument("--jobs", type=int, default=None, metavar="ANTAL",
                   help="antal notebooks som körs samtidigt (standard: antal kärnor)")
    b.add_argument("--no-cache", action="store_true",
                   help="kör alla notebooks och bygg allt från början, utan cache")
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="kontrollera alla datafiler")
    v.set_defaults(func=cmd_validate)

    k = sub.add_parser("import-kolada",
                       help="skapa indikatorfilerna i data/indicators/ och alla kommuners värden i "
                            "data/kommuner/ ur en Kolada-dump")
    k.add_argument("--dump", required=True, metavar="KATALOG", help="katalogen kolada_dump/ (se data/indicators/README.md)")
    k.set_defaults(func=cmd_import_kolada)

    api = sub.add_parser("kolada",
                         help="hämta indikatorernas värden direkt från Koladas API (v3)")
    api.add_argument("--year", type=_years, action="append", required=True, metavar="ÅR",
                     help="år att hämta: 2024, 2020-2024 eller 2022,2024 (kan upprepas); "
                          "raderna för dessa år ersätts, andra år behålls")
    api.add_argument("--api-url", default=None, metavar="URL",
                     help="API:ts adress (standard: miljövariabeln KOLADA_API_URL, annars "
                          "https://api.kolada.se/v3/)")
    api.add_argument("--timeout", type=float, default=30.0, metavar="SEKUNDER",
                     help="sekunder att vänta på svar per anrop (standard: 30)")
    api.add_argument("--attempts", type=int, default=3, metavar="ANTAL",
                     help="antal försök per anrop vid nätverksfel eller serverfel (standard: 3)")
    api.set_defaults(func=cmd_kolada)

    t = sub.add_parser("templates",
                       help="skriv en Excel-mall för statusrapporten per ansvarig nämnd")
    t.add_argument("--year", type=int, required=True, metavar="ÅR", help="året som rapporterna gäller")
    t.add_argument("--out", required=True, metavar="KATALOG", help="katalog där mallarna skrivs")
    t.set_defaults(func=cmd_templates)

    s = sub.add_parser("import-status",
                       help="läs in ifyllda mallar (.xlsx) eller CSV till data/activities/")
    s.add_argument("files", nargs="+", metavar="FIL", help="ifyllda mallar eller CSV-filer")
    s.add_argument("--year", type=int, required=True, metavar="ÅR", help="året som rapporterna gäller")
    s.add_argument("--replace", action="store_true",
                   help="ersätt rapporter som redan finns och skiljer sig (den tidigare filen "
                        "finns kvar i data/raw/)")
    s.add_argument("--example", action="store_true",
                   help="markera rapporterna som exempeldata (används av "
                        "scripts/make_example_reports.py)")
    s.set_defaults(func=cmd_import_status)
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
        from trygghet.intake.kolada import KoladaImportError
        from trygghet.publish.build import BuildError

        if isinstance(err, BuildError | KoladaImportError):
            print(f"Fel: {err}", file=sys.stderr)
            print("Den tidigare byggda webbplatsen är orörd.", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
