"""Command line: `python -m lib.cli summary|check|ics` (SPEC §6).

    python -m lib.cli summary [--source S] [--as-of YYYY-MM-DD] [--json]
    python -m lib.cli check   [--source S] [--as-of YYYY-MM-DD] [--json]
    python -m lib.cli ics     [--source S] [--as-of YYYY-MM-DD] [--out FILE]
    python -m lib.cli digest  [--source S] [--as-of YYYY-MM-DD] [--send] [--to NAME]
    python -m lib.cli report  --partner P --year Y [--lang vi,ru] [--format docx|pdf] --out FILE
    python -m lib.cli watch   [--source S] [--once] [--interval SECONDS]

S is a workbook path (.xlsx/.csv), a Google Sheet URL or key, or absent (configured source,
else the demo). `--as-of` fixes "today" so that output is reproducible.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from lib import issue_text
from lib.columns import use_system_memory_pool
from lib.config import ConfigError, Settings, load_settings, writable_data_dir
from lib.formatting import severity_name
from lib.history import service as history
from lib.i18n import LANGUAGES, t, tc, tn, using
from lib.ics import deadlines_calendar
from lib.loading import dataset_from_raw, read_dataset
from lib.metrics import deadline_items, summary
from lib.model import Dataset
from lib.reminders.compose import message
from lib.reminders.delivery import deliver
from lib.reminders.plan import digests_for
from lib.report.content import ReportError
from lib.schema import Severity
from lib.sources import SourceError, source_for
from lib.windows import window_counts, window_title

ISSUE_FIELDS = ("tab", "row", "column", "header", "field", "code", "severity", "message")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib.cli", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("summary", "counts, stages, themes, output, overdue and due-soon projects, issues"),
        ("check", "data-quality issues; exit status 1 when any is an error"),
        ("ics", "write the deadlines calendar"),
        ("digest", "print the reminder digests, or send them by e-mail with --send"),
        ("report", "write the implementation report of an agreement for a partner and a year"),
        ("watch", "read the sheet every cache period and keep what changed in the history"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--source", help="workbook path, Google Sheet URL or key")
        command.add_argument("--as-of", type=date.fromisoformat, help="today, as YYYY-MM-DD")
        if name == "report":
            command.add_argument("--partner", required=True, help="the partner agency, e.g. TASS")
            command.add_argument("--year", required=True, type=int, help="the year, e.g. 2026")
            command.add_argument(
                "--lang",
                type=_report_languages,
                default=None,
                help="one language, or two for a bilingual document: vi,ru (default: vi,ru)",
            )
            command.add_argument("--format", choices=["docx", "pdf"], default="docx")
            command.add_argument("--out", required=True, help="file to write")
            continue
        command.add_argument(
            "--lang",
            choices=list(LANGUAGES),
            help="language of the text output (default: the `language` setting, else English)",
        )
        if name == "digest":
            command.add_argument("--send", action="store_true", help="send over SMTP")
            command.add_argument("--to", help="only this person (a name or an e-mail address)")
        elif name in ("summary", "check"):
            command.add_argument("--json", action="store_true", help="print JSON")
        elif name == "ics":
            command.add_argument("--out", default="-", help="file to write (default: stdout)")
        else:
            command.add_argument(
                "--once", action="store_true", help="one load, then exit (for cron)"
            )
            command.add_argument(
                "--interval",
                type=float,
                help="seconds between loads (default: the cache_ttl_seconds setting)",
            )
            command.add_argument("--loads", type=int, help=argparse.SUPPRESS)  # tests: stop after N
    return parser


def _report_languages(text: str) -> tuple[str, ...]:
    codes = tuple(code.strip() for code in text.split(",") if code.strip())
    if not 1 <= len(codes) <= 2 or any(code not in LANGUAGES for code in codes):
        raise argparse.ArgumentTypeError(
            f"one or two of {', '.join(LANGUAGES)} separated by a comma, not “{text}”"
        )
    return codes


def _settings_for(source: str | None) -> Settings:
    settings = load_settings()
    if source is None:
        return settings
    if Path(source).suffix.lower() in (".xlsx", ".xlsm", ".csv") or Path(source).exists():
        return replace(settings, workbook=source, spreadsheet="")
    return replace(settings, spreadsheet=source, workbook="")


def summary_document(dataset: Dataset, today: date, due_soon_days: int) -> dict[str, object]:
    """The JSON object of `summary --json`, field names and order as in SPEC §6."""
    facts = summary(dataset.projects, dataset.vocab, today, due_soon_days)
    items = deadline_items(
        dataset.projects, dataset.milestones, dataset.vocab.stages, today, due_soon_days
    )
    return {
        "source": dataset.source_label,
        "as_of": today.isoformat(),
        "rows": {
            "read": dataset.rows.read,
            "projects": dataset.rows.projects,
            "blank": dataset.rows.blank,
            "unread": dataset.rows.unread,
            "with_issues": dataset.rows.with_issues,
        },
        **facts,
        # The same windows as the Overview, the Deadlines page and the calendar file.
        "deadlines": window_counts(items),
        "issues": issue_records(dataset),
    }


def issue_records(dataset: Dataset) -> list[dict[str, object]]:
    return [
        {k: (int(v) if k == "row" else v) for k, v in record.items()}
        for record in issue_text.in_language(dataset.issues)[list(ISSUE_FIELDS)].to_dict("records")
    ]


def _print_summary(document: dict[str, object], due_soon_days: int) -> None:
    rows = document["rows"]
    print(t("{source} — as of {date}", source=document["source"], date=document["as_of"]))
    print(
        tn("{n} project", "{n} projects", rows["projects"])
        + " "
        + t(
            "({read} rows read, {blank} blank, {unread} unread, {with_issues} with issues)",
            read=rows["read"],
            blank=rows["blank"],
            unread=rows["unread"],
            with_issues=rows["with_issues"],
        )
    )
    print("\n" + t("By stage:"))
    for stage, count in document["by_stage"].items():
        print(f"  {tc('stage', stage):<24}{count:>5}")
    print("\n" + t("By theme:"))
    for theme, count in document["by_theme"].items():
        print(f"  {tc('theme', theme):<32}{count:>5}")
    overdue, due_soon = document["overdue"], document["due_soon"]
    print("\n" + t("Overdue ({n}): {ids}", n=len(overdue), ids=", ".join(overdue) or "—"))
    print(t("Due soon ({n}): {ids}", n=len(due_soon), ids=", ".join(due_soon) or "—"))
    print("\n" + t("Open deadlines (projects' Due + milestones):"))
    for window, counts in document["deadlines"].items():
        print(
            f"  {window_title(window, due_soon_days):<28}"
            f"{counts['projects']:>5} + {counts['milestones']}"
        )
    print(t("Issues: {n} (run `python -m lib.cli check` to list them)", n=len(document["issues"])))


def _print_issues(records: list[dict[str, object]]) -> None:
    names = {str(s): severity_name(str(s)) for s in Severity}
    width = max(len(name) for name in names.values())  # "Предупреждение" is wider than "warning"
    for issue in records:
        cell = f"{issue['tab']}!{issue['column']}{issue['row']}"
        severity = names.get(str(issue["severity"]), str(issue["severity"]))
        print(f"{cell:<16} {severity:<{width}} {issue['code']:<24} {issue['message']}")
    errors = sum(1 for i in records if i["severity"] == "error")
    print(
        tn("{n} issue", "{n} issues", len(records)) + ", " + tn("{n} error", "{n} errors", errors)
    )


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure is one line on stderr and a non-zero exit status."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): nothing to say, see run_command
    except (SourceError, ConfigError, ReportError) as error:
        return _fail(str(error), 2)
    except OSError as error:  # the --out file, mostly
        name = Path(error.filename).name if error.filename else ""
        return _fail(f"{name}: {error.strerror or type(error).__name__}".lstrip(": "), 2)
    except Exception as error:
        return _fail(
            f"an unexpected problem stopped the command ({type(error).__name__}). "
            "Please report it with the command you ran.",
            3,
        )


def _fail(message: str, status: int) -> int:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return status


def _run(args: argparse.Namespace) -> int:
    settings = _settings_for(args.source)
    interface = args.lang if isinstance(args.lang, str) else None  # report: a tuple
    with using(interface or settings.language or None):
        return _run_with(args, settings)


def _run_with(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "watch":
        return _watch(args, settings)
    today = args.as_of or settings.today()
    dataset = read_dataset(source_for(settings, lambda: today), settings, today)
    if args.command == "summary":
        document = summary_document(dataset, today, settings.due_soon_days)
        if args.json:
            print(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            _print_summary(document, settings.due_soon_days)
        return 0
    if args.command == "check":
        records = issue_records(dataset)
        if args.json:
            print(json.dumps(records, ensure_ascii=False, indent=2))
        else:
            _print_issues(records)
        return 1 if any(r["severity"] == "error" for r in records) else 0
    if args.command == "digest":
        return _digest(args, dataset, settings, today)
    if args.command == "report":
        return _report(args, dataset, today)
    calendar = deadlines_calendar(dataset, dataset.projects, today, settings.due_soon_days)
    if args.out == "-":
        sys.stdout.buffer.write(calendar)
    else:
        Path(args.out).write_bytes(calendar)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _digest(args: argparse.Namespace, dataset: Dataset, settings: Settings, today: date) -> int:
    folder = writable_data_dir()
    digests = digests_for(dataset, settings, today, folder, args.to)
    if args.to and not digests:
        print(t("Nothing to send to {name} this period.", name=args.to), file=sys.stderr)
    if not args.send:
        for digest in digests:
            mail = message(digest, settings.smtp.sender or settings.smtp.user or "tracker")
            print(f"To: {mail['To']}\nSubject: {mail['Subject']}\n")
            print(mail.get_body(("plain",)).get_content())
        return 0
    if not settings.smtp.configured:
        raise ConfigError("No mail server is configured: set host in [smtp] of secrets.toml.")
    report = deliver(digests, settings.smtp, folder)
    for address in report.sent:
        print(t("sent to {address}", address=address))
    for address in report.already:
        print(t("already sent this period to {address}", address=address))
    for address, why in report.failed:
        print(t("not sent to {address}: {why}", address=address, why=why), file=sys.stderr)
    if report.error:
        print(f"error: {report.error}", file=sys.stderr)
    return 0 if report.ok else 1


def _report(args: argparse.Namespace, dataset: Dataset, today: date) -> int:
    from lib.report import build_report, write_report  # matplotlib and fonts: only when asked

    report = build_report(dataset, args.partner, args.year, today)
    Path(args.out).write_bytes(write_report(report, args.lang or ("vi", "ru"), args.format))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _watch(args: argparse.Namespace, settings: Settings) -> int:
    """Load, compare, record; again every interval. One line per load on stdout. With --once
    the exit status says whether the load was recorded (cron mails a failure)."""
    interval = args.interval if args.interval is not None else settings.cache_ttl_seconds
    loads = 1 if args.once else args.loads
    source = source_for(settings, lambda: args.as_of or settings.today())
    done, status = 0, 0
    while loads is None or done < loads:
        if done:
            time.sleep(max(interval, 1.0))
        done += 1
        today = args.as_of or settings.today()
        now = datetime.now(UTC)
        try:
            raw = source.load()
            dataset = dataset_from_raw(raw, settings, today, now)
        except SourceError as error:
            print(t("{time} not read: {reason}", time=_clock(now), reason=str(error)), flush=True)
            status = 2
            continue
        outcome = history.record(settings, dataset, raw, today, now)
        if outcome.error:
            print(
                t("{time} not recorded: {reason}", time=_clock(now), reason=outcome.error),
                flush=True,
            )
            status = 1
        else:
            print(
                tn(
                    "{time} {n} change recorded",
                    "{time} {n} changes recorded",
                    outcome.recorded,
                    time=_clock(now),
                ),
                flush=True,
            )
            status = 0
    return status


def _clock(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def run_command() -> int:
    """`python -m lib.cli`: main(), quiet when the reader of its output goes away (`| head`)."""
    # The one line on stderr says what went wrong; the library's warnings would repeat it.
    logging.getLogger("lib").addHandler(logging.NullHandler())
    logging.getLogger("lib").propagate = False
    use_system_memory_pool()
    try:
        status = main()
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        # Python would print a second error while flushing stdout at exit: point it nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell tool stopped by a closed pipe returns
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(run_command())
