"""Command line: ``trygghet build | pdf | publish | validate | status | snapshot | ny-plan | ny-planperiod |
schema |
import-kolada | kolada | templates | import-status | indicator-template | import-values |
assessment-template | import-assessments | ta-bort-exempel``. Help and messages in Swedish."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from trygghet.data.errors import DataError, UserError, os_error_message, problem_lines

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


def _print_problems(problems) -> None:
    for line in problem_lines(problems):
        print(line, file=sys.stderr)


def _root(value: str) -> Path:
    return Path(value).resolve()


def cmd_validate(args: argparse.Namespace) -> int:
    from trygghet.data.untrusted import text_warnings
    from trygghet.data.validate import validate_data_dir

    problems = validate_data_dir(args.root / "data")
    _print_problems(problems)
    # Markup in a text field is shown literally in the book, and a text that begins like a
    # formula is written as text: worth a warning, not an error.
    for w in text_warnings(args.root / "data"):
        print(f"Varning: {w}", file=sys.stderr)
    if problems:
        from trygghet.data.errors import UNFILLED

        unfilled = sum(p.message.startswith(UNFILLED) for p in problems)
        also = f", varav {unfilled} värden som inte är ifyllda" if unfilled else ""
        print(f"{len(problems)} fel i datafilerna{also}.", file=sys.stderr)
        return 1
    print("Datafilerna är giltiga.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from trygghet.analysis.reporting_state import reporting_state
    from trygghet.data.project import Project
    from trygghet.present.reporting_pages import checklist_text

    state = reporting_state(Project.load(args.root / "data", args.year))
    print(checklist_text(state), end="")
    return 1 if args.strict and not state.complete else 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    import datetime as dt

    from trygghet.analysis.edition_changes import snapshot_tables
    from trygghet.analysis.reporting_state import missing_items, reporting_state
    from trygghet.data.project import Project
    from trygghet.data.snapshots import MISSING_FILE, snapshot_dir, write_snapshot
    from trygghet.present.reporting_pages import missing_text

    project = Project.load(args.root / "data", args.year)
    values, development = snapshot_tables(project, args.year)
    # Editions are often published with something missing: say what, and record it.
    state = reporting_state(project, args.year)
    print(missing_text(state), end="")
    written = write_snapshot(args.root / "data", args.year, dt.date.today(), values,
                             development, replace=args.replace, missing=missing_items(state))
    folder = snapshot_dir(args.root / "data", args.year)
    if written:
        print(f"Skrev {folder}: {len(values)} värden och {len(development)} bedömningar som "
              f"uppföljningen {args.year} visar, och vad som saknades ({state.gaps} punkter, "
              f"{MISSING_FILE}). Checka in filerna med publiceringen.")
    else:
        print(f"Oförändrad: {folder} visar redan samma värden och bedömningar.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from trygghet.data.files import write_files_atomically
    from trygghet.data.schema import expected_files

    files = expected_files(args.root)
    changed = {path: text.encode("utf-8") for path, text in files.items()
               if not path.exists() or path.read_text(encoding="utf-8") != text}
    for path in write_files_atomically(changed):
        print(f"Skrev {path}")
    if not changed:
        print("Schemana och guidens fälttabeller är aktuella.")
    return 0


def cmd_new_project(args: argparse.Namespace) -> int:
    from trygghet.intake.new_project import new_project

    name, group = new_project(Path(args.folder), args.kommun, Path(args.kolada_meta))
    folder = Path(args.folder)
    print(f"Skapade {folder} för {name} ({args.kommun}).")
    if group:
        print(f"Föreslagen jämförelsegrupp: {group.name} ({group.id}, "
              f"{len(group.members)} kommuner).")
    else:
        print("Kolada har ingen grupp Liknande kommuner socioekonomi för kommunen; välj en "
              "jämförelsegrupp i data/settings.yml.")
    print("Nästa steg: fyll i data/settings.yml och planen i data/plan/ (README.md i "
          f"katalogen säger hur), och kör sedan `make validate` i {folder}: den visar "
          "allt som ännu inte är ifyllt.")
    return 0


def cmd_next_plan(args: argparse.Namespace) -> int:
    from trygghet.intake.new_project import next_plan

    earlier = next_plan(args.root / "data", args.start, args.slut)
    moved = earlier.relative_to(args.root)
    print(f"Den förra planen ligger nu i {moved}/; dess utgåvor behåller sina adresser.")
    print(f"Den nya planen {args.start}–{args.slut} är ett skelett i data/plan/: fyll i "
          "plan.yml och fokusområdena och se över nämnderna (kopierade från den förra "
          "planen). `trygghet validate` visar allt som ännu inte är ifyllt; boken byggs "
          "när det är klart.")
    return 0


def _kommun_code(value: str) -> str:
    if not re.fullmatch(r"\d{4}", value):
        raise argparse.ArgumentTypeError(
            f"ogiltig kommunkod {value!r} (ska vara fyra siffror, t.ex. 0180)")
    return value


def cmd_build(args: argparse.Namespace) -> int:
    from trygghet.publish.build import build

    build(args.root, jobs=args.jobs, use_cache=not args.no_cache, wait=args.wait)
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from trygghet.publish.build import build
    from trygghet.publish.pdf import build_pdfs

    # The site first (nothing runs when it is current), so the PDF shows what it shows.
    build(args.root, jobs=args.jobs)
    build_pdfs(args.root, args.year)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from trygghet.publish.site import publish

    publish(args.root, jobs=args.jobs)
    return 0


def cmd_import_kolada(args: argparse.Namespace) -> int:
    from trygghet.data.files import write_files_atomically
    from trygghet.intake.kolada import dump_files
    from trygghet.intake.kolada_national import national_files
    from trygghet.intake.population import population_file

    # Every file is read and checked first, then all are written at once: a broken dump
    # stops the import before any file is written.
    dump, data = Path(args.dump), args.root / "data"
    national = national_files(dump, data)
    written = write_files_atomically(dump_files(dump, data) | population_file(dump, data)
                                     | national)
    for path in written:
        print(f"Skrev {path}")
    return 0


def cmd_kolada(args: argparse.Namespace) -> int:
    from trygghet.intake.kolada_api import KoladaClient, api_url, fetch_to_files

    client = KoladaClient(api_url(args.api_url), timeout=args.timeout, attempts=args.attempts)
    written = fetch_to_files(args.root / "data", [y for ys in args.year for y in ys], client,
                             log=print, remove_missing=args.remove_missing,
                             population=True, national=True,
                             confirm=_revisions_accepted(args.accept_revisions))
    for path in written:
        print(f"Skrev {path}")
    return 0


def _revisions_accepted(accepted: bool):
    """How ``trygghet kolada`` decides on large revisions of stored values: accepted with
    --godta-revisioner, asked at a terminal, refused otherwise (None)."""
    if not accepted and not sys.stdin.isatty():
        return None

    def ask(flagged: list[str]) -> bool:
        print(f"Koladas svar ändrar {len(flagged)} redan sparade värden mer än gränsen"
              + (" (skrivs, --godta-revisioner):" if accepted else ":"))
        for line in flagged:
            print(f"  {line}")
        if accepted:
            return True
        try:
            return input("Skriva ändringarna ändå? [j/N] ").strip().lower() in {"j", "ja"}
        except EOFError:
            return False
    return ask


def _years(value: str) -> list[int]:
    from trygghet.intake.kolada_api import parse_years

    try:
        return parse_years(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _positive(kind: type, least: str):
    """An argparse type: a number of ``kind`` that is > 0, with a Swedish error."""

    def parse(value: str):
        try:
            number = kind(value)
        except ValueError:
            number = None
        if number is None or not 0 < number < float("inf"):
            raise argparse.ArgumentTypeError(f"ogiltigt värde {value!r} (ska vara {least})")
        return number

    return parse


def _out(args: argparse.Namespace, kind: str) -> Path:
    """A template command's folder: ``--out``, else ``mallar/<år>/<slag>/``."""
    from trygghet.data import layout

    return Path(args.out) if args.out else layout.templates_dir(args.root, args.year, kind)


def _received(args: argparse.Namespace, kind: str) -> list[Path]:
    """An import's files: those named, else every .xlsx, .ods and .csv in
    ``inkommet/<år>/<slag>/``."""
    from trygghet.data import layout
    from trygghet.data.errors import Problem

    named = [args.files] if isinstance(args.files, str) else args.files
    if named:
        return [Path(f) for f in named]
    folder = layout.received_dir(args.root, args.year, kind)
    found = layout.received_files(folder)
    if not found:
        raise DataError([Problem(folder, (
            "inga ifyllda filer (.xlsx, .ods eller .csv) i mappen; lägg de ifyllda filerna "
            "där eller ange dem efter kommandot"))])
    return found


def _archive(args: argparse.Namespace, kind: str) -> Path:
    """Where an import keeps its copies: ``--arkiv``, else ``inkommet/<år>/<slag>/arkiv/``."""
    from trygghet.data import layout

    return Path(args.arkiv) if args.arkiv else layout.archive_dir(args.root, args.year, kind)


def _kept(args: argparse.Namespace, f) -> str:
    from trygghet.data.layout import shown

    return f"{'sparad som' if f.new_copy else 'finns redan som'} {shown(f.copy, args.root)}"


def cmd_templates(args: argparse.Namespace) -> int:
    from trygghet.data.layout import STATUS
    from trygghet.intake.status_template import write_templates

    written = write_templates(args.root / "data", args.year, _out(args, STATUS))
    for path in written:
        print(f"Skrev {path}")
    print(f"{len(written)} mallar för {args.year}, en per ansvarig nämnd.")
    return 0


def cmd_import_status(args: argparse.Namespace) -> int:
    from trygghet.data.layout import STATUS
    from trygghet.intake.status_import import import_status

    result = import_status(args.root / "data", _received(args, STATUS), args.year,
                           replace=args.replace, example=args.example,
                           archive=_archive(args, STATUS))
    for f in result.files:
        print(f"{f.received_as.name}: {f.added} nya, {f.replaced} ersatta, {f.unchanged} "
              f"oförändrade rapporter ({_kept(args, f)})")
    if result.removed_examples:
        print(f"Exempeldata för {result.year} togs bort ({result.removed_examples} rader).")
    verb = "Uppdaterade" if result.changed else "Oförändrad:"
    print(f"{verb} {result.status_file}")
    return 0


def cmd_indicator_template(args: argparse.Namespace) -> int:
    from trygghet.data.layout import VALUES
    from trygghet.intake.values_template import own_indicators, write_template

    path = write_template(args.root / "data", args.year, _out(args, VALUES))
    count = len(own_indicators(args.root / "data"))
    print(f"Skrev {path}")
    print(f"En mall för {args.year} med {count} indikatorer som staden själv har värden för.")
    return 0


def cmd_import_values(args: argparse.Namespace) -> int:
    from trygghet.data.layout import VALUES
    from trygghet.intake.values_import import import_values

    result = import_values(args.root / "data", _received(args, VALUES), args.year,
                           replace=args.replace, archive=_archive(args, VALUES))
    for f in result.files:
        print(f"{f.received_as.name}: {f.added} nya, {f.replaced} ersatta, {f.unchanged} "
              f"oförändrade värden ({_kept(args, f)})")
    for path in result.written:
        print(f"Uppdaterade {path}")
    if not result.written:
        print("Inga värden ändrades.")
    return 0


def cmd_assessment_template(args: argparse.Namespace) -> int:
    from trygghet.data.layout import ASSESSMENTS
    from trygghet.intake.assessments import write_template

    print(f"Skrev {write_template(args.root / 'data', args.year, _out(args, ASSESSMENTS))}")
    return 0


def cmd_import_assessments(args: argparse.Namespace) -> int:
    from trygghet.data.errors import Problem
    from trygghet.data.layout import ASSESSMENTS
    from trygghet.intake.assessments import import_assessments

    files = _received(args, ASSESSMENTS)
    if len(files) > 1:
        raise DataError([Problem(files[0].parent, (
            f"{len(files)} filer i mappen; bedömningen läses in en fil i taget: ange filen "
            "efter kommandot"))])
    result = import_assessments(args.root / "data", files[0], args.year,
                                replace=args.replace, example=args.example,
                                archive=_archive(args, ASSESSMENTS))
    f = result.file
    print(f"{f.received_as.name}: {f.added} nya, {f.replaced} ersatta, {f.unchanged} "
          f"oförändrade bedömningar ({_kept(args, f)})")
    if result.removed_examples:
        print(f"Exempeldata för {result.year} togs bort ({result.removed_examples} mål).")
    for path in result.written:
        print(f"Uppdaterade {path}")
    if not result.written:
        print("Inga bedömningar ändrades.")
    return 0


def cmd_remove_examples(args: argparse.Namespace) -> int:
    from trygghet.intake.examples import (
        ASSESSMENTS,
        COUNTED,
        REMOVAL_LOG,
        STATUS,
        WHAT,
        remove_examples,
    )

    kinds = [k for k, chosen in ((STATUS, args.status), (ASSESSMENTS, args.bedomningar))
             if chosen]
    for item in remove_examples(args.root / "data", args.year, kinds or None):
        names = ", ".join(str(p) for p in item.files)
        print(f"Tog bort exempeldata i {WHAT[item.kind]} för {args.year} ({item.rows} "
              f"{COUNTED[item.kind]}): "
              f"{names}. Noterat i {item.files[0].parent / REMOVAL_LOG}.")
    print("Exempelfilerna finns kvar i data/raw/ och i importloggen. Checka in ändringen.")
    return 0


def _check_year_range(args: argparse.Namespace) -> None:
    """``--year`` within the years the year's plan (data/plan/plan.yml or an earlier plan in
    data/planer/) can be followed up; an argparse error (exit code 2) otherwise. Kolada values
    may be older than the plan."""
    command_parser = getattr(args, "command_parser", None)
    if command_parser is None:
        return
    from trygghet.data.plan import PLAN_FILE, YEARS_AFTER_PERIOD, load_plan

    kolada = args.command == "kolada"
    if kolada and not (args.root / "data" / "plan" / PLAN_FILE).exists():
        return  # fetching values needs no plan; the years are still checked by _years
    years = [y for ys in args.year for y in ys] if kolada else [args.year]
    for year in years:
        plan = load_plan(args.root / "data", year)
        period, accepted = plan.document.period, plan.follow_up_years
        if year > accepted[-1] or (not kolada and year < accepted[0]):
            allowed = (f"till och med {accepted[-1]}" if kolada
                       else f"från {accepted[0]} till och med {accepted[-1]}")
            command_parser.error(
                f"argumentet --year: året {year} går inte att använda; välj ett år {allowed} "
                f"(planperioden {period.start}–{period.end} i "
                f"{(plan.folder / PLAN_FILE).relative_to(args.root)} och "
                f"{YEARS_AFTER_PERIOD} år efter den)")


def _template_command(sub, name: str, func, help_text: str, year_help: str,
                      out_help: str, kind: str) -> None:
    """A command writing a template to fill in: ``--year ÅR [--out KATALOG]``."""
    from trygghet.data.layout import TEMPLATES_FOLDER

    t = sub.add_parser(name, help=help_text)
    t.add_argument("--year", type=int, required=True, metavar="ÅR", help=year_help)
    t.add_argument("--out", default=None, metavar="KATALOG",
                   help=f"{out_help} (standard: {TEMPLATES_FOLDER}/ÅR/{kind}/ i projektets "
                        "katalog)")
    t.set_defaults(command_parser=t, func=func)


def _import_command(sub, name: str, func, help_text: str, kind: str, *, one: bool = False,
                    year_help: str, what: str) -> argparse.ArgumentParser:
    """An import: the filled-in files (default: those in ``inkommet/<år>/<slag>/``),
    ``--year ÅR``, ``--replace`` (for ``what``: "rapporter", "värden" …) and ``--arkiv``."""
    from trygghet.data.layout import ARCHIVE_FOLDER, RECEIVED_FOLDER

    folder = f"{RECEIVED_FOLDER}/ÅR/{kind}/"
    command = sub.add_parser(name, help=help_text)
    if one:
        command.add_argument("files", nargs="?", metavar="FIL",
                             help=f"den ifyllda mallen (standard: den enda filen i {folder})")
    else:
        command.add_argument("files", nargs="*", metavar="FIL",
                             help="ifyllda mallar eller CSV-filer (standard: alla .xlsx, .ods "
                                  f"och .csv i {folder})")
    command.add_argument("--year", type=int, required=True, metavar="ÅR", help=year_help)
    command.add_argument("--replace", action="store_true",
                         help=f"ersätt {what} som redan finns och skiljer sig (den tidigare "
                              "filen finns kvar i arkivet)")
    command.add_argument("--arkiv", "--archive", dest="arkiv", default=None, metavar="KATALOG",
                         help="där en orörd kopia av varje inläst fil sparas; filerna kan ha "
                              "personuppgifter och ska inte checkas in (standard: "
                              f"{folder}{ARCHIVE_FOLDER}/, som git inte tar med)")
    command.set_defaults(command_parser=command, func=func)
    return command


def parser() -> argparse.ArgumentParser:
    from trygghet.data.layout import ASSESSMENTS, STATUS, VALUES
    from trygghet.intake.new_project import KOLADA_LISTS

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
    b.add_argument("--wait", type=float, default=600.0, metavar="SEKUNDER",
                   help="pågår ett annat bygge: vänta högst så här länge (standard: 600)")
    b.set_defaults(func=cmd_build)

    pdf = sub.add_parser("pdf", help="skriv varje utgåva som en tillgänglig PDF i _build/pdf/ "
                                     "(bygger webboken först om den inte är aktuell)")
    pdf.add_argument("--year", type=int, action="append", default=None, metavar="ÅR",
                     help="utgåva att skriva (kan upprepas; standard: alla utgåvor)")
    pdf.add_argument("--jobs", type=int, default=None, metavar="ANTAL",
                     help="antal notebooks som körs samtidigt om webboken behöver byggas")
    pdf.set_defaults(func=cmd_pdf)

    pub = sub.add_parser("publish", help="bygg webboken och PDF:erna för adressen i "
                                         "data/settings.yml (website.address) och skriv "
                                         "mappen att lägga på webben: _build/publish/")
    pub.add_argument("--jobs", type=int, default=None, metavar="ANTAL",
                     help="antal notebooks som körs samtidigt om webboken behöver byggas")
    pub.set_defaults(func=cmd_publish)

    v = sub.add_parser("validate", help="kontrollera alla datafiler")
    v.set_defaults(func=cmd_validate)

    st = sub.add_parser("status",
                        help="visa vad som saknas i en uppföljning innan den publiceras "
                             "(rapporter, värden, exempeldata)")
    st.add_argument("--year", type=int, required=True, metavar="ÅR", help="uppföljningens år")
    st.add_argument("--strict", action="store_true",
                    help="avsluta med felkod 1 så länge något saknas (för ett publiceringsflöde)")
    st.set_defaults(command_parser=st, func=cmd_status)

    sn = sub.add_parser("snapshot",
                        help="spara vilka värden och bedömningar en uppföljning visar, när den "
                             "publiceras (data/editions/ÅR/)")
    sn.add_argument("--year", type=int, required=True, metavar="ÅR", help="uppföljningens år")
    sn.add_argument("--replace", action="store_true",
                    help="ersätt en sparad ögonblicksbild som skiljer sig (bara när utgåvan "
                         "publiceras på nytt)")
    sn.set_defaults(command_parser=sn, func=cmd_snapshot)
    new = sub.add_parser("ny-plan",
                         help="skapa en ny projektkatalog för en kommun: inställningar ur "
                              "Koladas kommunlista, ett planskelett att fylla i och kommandona")
    new.add_argument("folder", metavar="KATALOG", help="den nya katalogen (får inte finnas "
                                                      "eller ska vara tom)")
    new.add_argument("--kommun", required=True, type=_kommun_code, metavar="KOD",
                     help="kommunkoden i Kolada och SCB, t.ex. 0180 för Stockholm")
    new.add_argument("--kolada-meta", default=str(KOLADA_LISTS), metavar="KATALOG",
                     help="katalogen med Koladas listor kolada_municipalities_v3.csv och "
                          "kolada_municipality_groups_v3.csv (standard: listorna som följer "
                          "med trygghet, se KALLA.yml där)")
    new.set_defaults(func=cmd_new_project)
    nxt = sub.add_parser("ny-planperiod",
                         help="börja nästa plan i samma bok: den gällande planen flyttas till "
                              "data/planer/<start>-<slut>/ och data/plan/ blir ett skelett "
                              "att fylla i")
    nxt.add_argument("--start", type=int, required=True, metavar="ÅR",
                     help="den nya planperiodens första år")
    nxt.add_argument("--slut", type=int, required=True, metavar="ÅR",
                     help="den nya planperiodens sista år")
    nxt.set_defaults(func=cmd_next_plan)

    sch = sub.add_parser("schema",
                         help="skriv JSON-schemana för datafilerna (schema/) och fälttabellerna "
                              "i guiden docs/sa-skriver-du-in-en-plan.md ur programmets modeller")
    sch.set_defaults(func=cmd_schema)

    k = sub.add_parser("import-kolada",
                       help="skapa indikatorfilerna i data/indicators/ och alla kommuners värden i "
                            "data/kommuner/ ur en Kolada-dump")
    k.add_argument("--dump", required=True, metavar="KATALOG", help="katalogen kolada_dump/ (se data/indicators/README.md)")
    k.set_defaults(func=cmd_import_kolada)

    api = sub.add_parser("kolada",
                         help="hämta indikatorernas värden direkt från Koladas API (v3)")
    api.add_argument("--year", type=_years, action="append", required=True, metavar="ÅR",
                     help="år att hämta: 2024, 2020-2024 eller 2022,2024 (kan upprepas); "
                          "rader som finns i Koladas svar läggs till eller ersätts, andra "
                          "rader behålls")
    api.add_argument("--api-url", default=None, metavar="URL",
                     help="API:ts adress (standard: miljövariabeln KOLADA_API_URL, annars "
                          "https://api.kolada.se/v3/)")
    api.add_argument("--timeout", type=_positive(float, "ett tal större än 0"), default=30.0,
                     metavar="SEKUNDER",
                     help="högsta tid i sekunder för hela anropet, svaret inräknat (standard: 30)")
    api.add_argument("--attempts", type=_positive(int, "ett heltal, minst 1"), default=3,
                     metavar="ANTAL",
                     help="antal försök per anrop vid nätverksfel eller serverfel (standard: 3)")
    api.add_argument("--remove-missing", "--ta-bort-saknade", action="store_true",
                     help="ta bort rader för de hämtade åren som inte finns i Koladas svar "
                          "(utan flaggan behålls de)")
    api.add_argument("--godta-revisioner", "--accept-revisions", dest="accept_revisions",
                     action="store_true",
                     help="skriv även värden som Kolada har reviderat mer än gränsen "
                          "(befolkningen mer än 5 %%, andra värden mer än 50 %%); utan flaggan "
                          "frågar kommandot i en terminal och avbryter annars")
    api.set_defaults(command_parser=api, func=cmd_kolada)

    rx = sub.add_parser("ta-bort-exempel",
                        help="ta bort ett års exempeldata (statusrapporter, bedömningen av "
                             "målen) utan att läsa in riktiga rapporter; riktiga rapporter tas "
                             "aldrig bort")
    rx.add_argument("--year", type=int, required=True, metavar="ÅR",
                    help="året vars exempeldata tas bort")
    rx.add_argument("--status", action="store_true",
                    help="bara statusrapporterna (data/activities/status-ÅR.csv)")
    rx.add_argument("--bedomningar", action="store_true",
                    help="bara bedömningen av målen (data/goals/); utan flaggor tas all "
                         "exempeldata för året bort")
    rx.set_defaults(func=cmd_remove_examples)

    _template_command(sub, "templates", cmd_templates,
                      "skriv en Excel-mall för statusrapporten per ansvarig nämnd",
                      "året som rapporterna gäller", "katalog där mallarna skrivs", STATUS)

    s = _import_command(sub, "import-status", cmd_import_status,
                        "läs in ifyllda mallar (.xlsx eller .ods) eller CSV till "
                        "data/activities/", STATUS,
                        year_help="året som rapporterna gäller", what="rapporter")
    s.add_argument("--example", action="store_true",
                   help="markera rapporterna som exempeldata (används av "
                        "scripts/make_example_reports.py)")

    _template_command(sub, "indicator-template", cmd_indicator_template,
                      "skriv Excel-mallen för indikatorvärden från stadens egna källor",
                      "året som värdena gäller", "katalog där mallen skrivs", VALUES)

    _import_command(sub, "import-values", cmd_import_values,
                    "läs in indikatorvärden från stadens egna källor (ifylld mall .xlsx eller "
                    ".ods, eller CSV) till data/indicators/", VALUES,
                    year_help="året som mallen gäller", what="värden")

    _template_command(sub, "assessment-template", cmd_assessment_template,
                      "skriv Excel-mallen för bedömningen av planens mål för ett år",
                      "året som bedömningen gäller", "katalog där mallen skrivs", ASSESSMENTS)

    ia = _import_command(sub, "import-assessments", cmd_import_assessments,
                         "läs in bedömningen av målen (ifylld mall .xlsx eller .ods, eller "
                         "CSV) till data/goals/", ASSESSMENTS, one=True,
                         year_help="året som bedömningen gäller", what="bedömningar")
    ia.add_argument("--example", action="store_true",
                    help="markera bedömningen som exempeldata (används av "
                         "scripts/make_example_assessments.py)")
    return p


#: Commands that write data/: one at a time (the data lock), and each removes what an
#: interrupted writer left. ``validate`` takes the lock too, to finish such a change.
WRITES_DATA = frozenset({"snapshot", "ny-planperiod", "import-kolada", "kolada",
                         "import-status", "import-values", "import-assessments",
                         "ta-bort-exempel"})


def _run(args: argparse.Namespace) -> int:
    """Run the command; a command using data/ holds the data lock while it runs."""
    if args.command not in WRITES_DATA | {"validate"}:
        return args.func(args)
    from trygghet.data.writing import data_lock, remove_leftovers

    with data_lock(args.root / "data", log=print):
        if args.command in WRITES_DATA:
            for line in remove_leftovers(args.root / "data"):
                print(line)
        return args.func(args)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        _check_year_range(args)
        return _run(args)
    except UserError as err:  # each error says what went wrong and what was left as it was
        print(err.message(), file=sys.stderr)
        return err.exit_code
    except OSError as err:  # a change of data/ is all or nothing, even then
        print(f"Fel: {os_error_message(err)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
