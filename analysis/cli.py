"""The ``analysis`` command (also ``python -m analysis``)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import __version__

if TYPE_CHECKING:  # pandas is imported only by the commands that need it
    import pandas as pd


def run() -> None:
    """The ``analysis`` command: :func:`main`, then exit without the garbage collector's
    last passes over every object still alive. Those took a quarter of a second after
    processing 840 articles, for memory the process hands back to the system anyway. The
    exit handlers still run and open files are still flushed; only objects caught in a
    reference cycle are not finalised (the commands close what they write themselves)."""
    code = main()
    gc.freeze()
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except BrokenPipeError:  # `analysis quotes FILE | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="analysis", description="Who gets quoted in the news.")
    parser.add_argument("--version", action="version", version=f"analysis {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    process = commands.add_parser("process", help="raw articles -> parquet tables + manifest.json")
    process.add_argument(
        "inputs", nargs="*", default=["data/raw"], help="files or folders (default data/raw)"
    )
    process.add_argument(
        "--out", default="data/processed", help="output folder (default data/processed)"
    )
    process.add_argument(
        "--jobs", type=_positive_int, default=1, help="processes, or Dask workers (default 1)"
    )
    process.add_argument(
        "--chunk-size",
        type=_positive_int,
        default=500,
        help="mean articles per chunk (default 500)",
    )
    process.add_argument("--engine", choices=["local", "dask"], default="local")
    process.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    process.add_argument("--source", help="outlet name for inputs that carry none")
    process.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="column of tabular inputs, e.g. --column text=story (repeatable)",
    )
    process.add_argument(
        "--aliases", help="alias CSV (alias,canonical_name); default data/aliases.csv if present"
    )
    process.add_argument(
        "--overrides",
        help="override CSV (name,gender,speaker_type); default data/speaker_overrides.csv",
    )
    process.add_argument("--no-progress", action="store_true", help="no progress bar")
    process.set_defaults(run=_run_process)

    report = commands.add_parser(
        "report", help="run the notebooks with papermill into HTML reports"
    )
    report.add_argument("notebooks", nargs="*", help="notebook names or paths (default: all)")
    report.add_argument(
        "-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE")
    )
    report.add_argument("--batch", help="YAML file listing many runs")
    report.add_argument(
        "--data", help="processed-data folder (sets data_dir; default data/processed)"
    )
    report.add_argument("--out", default="reports", help="output folder (default reports)")
    report.set_defaults(run=_run_report)

    evaluate = commands.add_parser("evaluate", help="score extraction against a gold JSONL file")
    evaluate.add_argument(
        "--gold", required=True, help="gold file (format of shared/eval/README.md)"
    )
    evaluate.add_argument("--split", help="only gold articles of this split")
    evaluate.add_argument("--kinds", help="comma-separated kinds to score, e.g. direct,mixed")
    evaluate.add_argument("--json", action="store_true", help="print JSON instead of a table")
    evaluate.set_defaults(run=_run_evaluate)

    quotes = commands.add_parser("quotes", help="print the quotes and speakers of one article file")
    quotes.add_argument("file", help="an article file (.txt, .html, or one-row export)")
    quotes.set_defaults(run=_run_quotes)
    return parser


def _default_file(given: str | None, default: str) -> str | None:
    if given:
        return given
    return default if Path(default).is_file() else None


def _not_a_folder(option: str, path: str) -> str | None:
    """The error when ``path`` cannot be made an output folder because it, or the nearest
    of its parents that exists, is a file; None when it can."""
    existing = Path(path)
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.is_dir():
        return None
    if existing == Path(path):
        return f"{option}: not a folder: {path}"
    return f"{option}: {path}: {existing} is not a folder"


def _run_process(args: argparse.Namespace) -> int:
    from analysis.pipeline import run_process

    columns = {}
    for item in args.column:
        field, _, column = item.partition("=")
        if not column:
            print(f"analysis process: --column expects FIELD=COLUMN, got {item!r}", file=sys.stderr)
            return 2
        columns[field] = column
    for option, path in (("--aliases", args.aliases), ("--overrides", args.overrides)):
        if path and not Path(path).is_file():
            problem = "not a file" if Path(path).exists() else "no such file"
            print(f"analysis process: {option}: {problem}: {path}", file=sys.stderr)
            return 2
    problem = _not_a_folder("--out", args.out)
    if problem:
        print(f"analysis process: {problem}", file=sys.stderr)
        return 2
    missing = [p for p in args.inputs if not Path(p).exists()]
    if len(missing) == len(args.inputs):  # when some exist, the others become error rows
        print(f"analysis process: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 1
    try:
        manifest = run_process(
            args.inputs,
            out=args.out,
            jobs=args.jobs,
            chunk_size=args.chunk_size,
            engine=args.engine,
            scheduler=args.scheduler,
            source=args.source,
            columns=columns or None,
            aliases=_default_file(args.aliases, "data/aliases.csv"),
            overrides=_default_file(args.overrides, "data/speaker_overrides.csv"),
            progress=not args.no_progress,
        )
    except ValueError as error:  # bad options or rule files: say what, not where in our code
        print(f"analysis process: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: the run stopped its workers and kept what it finished
        print(
            "analysis process: interrupted; finished chunks are kept, "
            "run the same command again to resume",
            file=sys.stderr,
        )
        return 130  # 128 + SIGINT, as shells report it
    warnings = _override_warnings(manifest) + _article_warnings(manifest)
    print(format_process_summary(manifest, warnings=warnings))
    return 0 if manifest["outputs"]["articles"] else 1


def _article_warnings(manifest: dict) -> list[str]:
    """The warnings read off the articles table the run wrote (read once): dates, then
    duplicates."""
    from analysis.io.tables import read_table

    if not manifest["outputs"]["articles"]:
        return []
    columns = ["article_id", "published_at", "content_hash"]
    articles = read_table(manifest["parameters"]["out"], "articles", columns=columns)
    return _date_warnings(articles, manifest) + _duplicate_warnings(articles)


def _date_warnings(articles: pd.DataFrame, manifest: dict) -> list[str]:
    """A line when articles have no publication date (none given, or one the loader
    cannot read): date filters and charts over time leave them out; and one when
    exports had numeric dates that read either way ("09/10/2025") and no date that settled
    the order, so they were read day-first."""
    warnings = _ambiguous_date_warnings(manifest.get("ambiguous_dates") or [])
    missing = int(articles["published_at"].isna().sum())
    if not missing:
        return warnings
    return [
        f"{missing} of {len(articles)} articles have no publication date (none given, or not "
        "a date the loader reads); filters and charts by date leave them out",
        *warnings,
    ]


def _ambiguous_date_warnings(notes: list[dict], shown: int = 3) -> list[str]:
    """One line on the exports whose ambiguous dates were read in the default order."""
    if not notes:
        return []
    total = sum(note["n_ambiguous"] for note in notes)
    files = [f"{note['path']} {note['n_ambiguous']} ({note['reason']})" for note in notes]
    more = f" and {len(files) - shown} more files" if len(files) > shown else ""
    dates = "date" if total == 1 else "dates"
    return [
        f"{total} numeric {dates} could be day or month first (both numbers 12 or under) "
        f"and were read {notes[0]['order']} (the default): {'; '.join(files[:shown])}{more}"
    ]


_SHOWN_DUPLICATES = 3  # groups of same-text articles a warning names, and ids per group


def _duplicate_warnings(articles: pd.DataFrame) -> list[str]:
    """A line when articles have the same ``content_hash`` (the same page or export row
    twice, a wire story saved in two folders): each copy stays an article, so the quotes
    in it count once per copy. Names the first few groups of ids."""
    hashes = articles["content_hash"]
    same = hashes.notna() & hashes.duplicated(keep=False)
    if not same.any():
        return []
    ids = articles["article_id"][same]
    groups = ids.groupby(hashes[same], sort=False).agg(list)
    n = int(same.sum()) - len(groups)
    shown = [
        " = ".join(group[:_SHOWN_DUPLICATES]) + (" = ..." if len(group) > _SHOWN_DUPLICATES else "")
        for group in groups.iloc[:_SHOWN_DUPLICATES]
    ]
    more = "; ..." if len(groups) > _SHOWN_DUPLICATES else ""
    noun = "article has" if n == 1 else "articles have"
    return [
        f"{n} {noun} the same text as another (content_hash); every copy is kept and its "
        f"quotes are counted: {'; '.join(shown)}{more}"
    ]


def _override_warnings(manifest: dict) -> list[str]:
    """What the run's override file did not do as meant (names that are no speaker's,
    genders given to organisations), read against the speakers table the run wrote."""
    from analysis.io.tables import read_table
    from analysis.speakers._corpus import override_warnings

    parameters = manifest["parameters"]
    if not parameters.get("overrides"):
        return []
    speakers = read_table(parameters["out"], "speakers", columns=["name", "speaker_type"])
    return override_warnings(parameters["overrides"], parameters.get("aliases"), speakers)


def format_process_summary(manifest: dict, warnings: Sequence[str] = ()) -> str:
    """The one-screen summary printed at the end of ``analysis process``, with a line for
    each of the ``warnings``."""
    outputs, timings, incremental = (
        manifest["outputs"],
        manifest["timings"],
        manifest["incremental"],
    )
    total = timings.get("total", 0.0) or 1e-9
    rate = outputs["articles"] / total
    rate_text = f"{rate:.0f}" if rate >= 10 else f"{rate:.2g}"  # not "0 articles/s"
    files = manifest["inputs"]["files"]
    found = (
        f"processed {_count(manifest['inputs']['items'], 'input item')} from "
        f"{_count(files, 'file')}"
        if files
        else "found no input file"  # the empty folders are the errors' rows
    )
    lines = [
        f"{found} in {total:.1f} s ({rate_text} articles/s)",
        "  " + "  ".join(f"{name}: {count}" for name, count in outputs.items()),
    ]
    if manifest["inputs"].get("skipped"):
        n = manifest["inputs"]["skipped"]
        lines.append(
            f"  skipped {n} {'file or folder' if n == 1 else 'files or folders'} "
            "(hidden, README, processed data)"
        )
    if incremental.get("articles_reused"):
        lines.append(
            f"  re-used {incremental['articles_reused']} unchanged articles, "
            f"processed {incremental['articles_processed']}"
        )
    if manifest["errors"]:
        lines.append(
            "  errors by type: " + ", ".join(f"{k} {v}" for k, v in manifest["errors"].items())
        )
        lines.append(f"  see the errors table in {manifest['parameters']['out']}/errors/")
    lines += [f"  warning: {warning}" for warning in warnings]
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in timings.items() if k != "total")
    lines.append(f"  CPU time by stage: {stages}")
    lines.append(f"  tables and manifest.json written to {manifest['parameters']['out']}/")
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    """ "1 file", "2 files"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _run_report(args: argparse.Namespace) -> int:
    from analysis.reports import format_report_summary, parse_parameters, run_reports

    problem = _not_a_folder("--out", args.out)
    if problem:
        print(f"analysis report: {problem}", file=sys.stderr)
        return 2
    try:
        parameters = parse_parameters(args.parameter)
        results = run_reports(
            args.notebooks,
            parameters=parameters,
            batch=args.batch,
            data_dir=_report_data_dir(args.data, parameters, args.batch),
            out=args.out,
        )
    except (ValueError, FileNotFoundError) as error:
        print(f"analysis report: {error}", file=sys.stderr)
        return 2
    print(format_report_summary(results))
    return 0 if results and all(r.get("status") == "ok" for r in results) else 1


def _report_data_dir(given: str | None, parameters: dict, batch: str | None) -> str | None:
    """The data folder of ``analysis report``, relative to the current folder as every path
    on the command line: ``--data``, else ``-p data_dir``, else ``data/processed``, where
    ``analysis process`` writes by default. None when the batch file's ``defaults`` set
    ``data_dir`` (the notebooks' rule then: relative to the project root)."""
    from analysis.reports import read_batch

    if given or parameters.get("data_dir"):
        return given or parameters["data_dir"]
    if batch and read_batch(batch)["defaults"].get("data_dir"):
        return None
    return "data/processed"


def _run_evaluate(args: argparse.Namespace) -> int:
    from analysis.evaluate import GoldFileError, evaluate_gold, format_evaluation

    kinds = [k.strip() for k in args.kinds.split(",")] if args.kinds else None
    try:
        result = evaluate_gold(args.gold, kinds=kinds, split=args.split)
    except (GoldFileError, OSError) as error:  # a missing or malformed gold file, bad kinds
        print(f"analysis evaluate: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, default=str) if args.json else format_evaluation(result))
    return 0


def _run_quotes(args: argparse.Namespace) -> int:
    import pandas as pd

    from analysis.io.inputs import read_articles
    from analysis.quotes import extract_quotes
    from analysis.sentences import split_sentences
    from analysis.speakers import attribute_speakers

    articles, errors = read_articles([args.file])
    for error in errors.itertuples():
        print(f"error: {error.message}", file=sys.stderr)  # the message names the file
    if articles.empty:
        return 1
    sentences = split_sentences(articles)
    quotes = attribute_speakers(extract_quotes(articles, sentences), articles)
    for article in articles.itertuples():
        title = article.title if isinstance(article.title, str) and article.title else None
        date = "no date" if pd.isna(article.published_at) else article.published_at
        print(f"# {title or article.article_id} ({article.source}, {date})")
        rows = quotes.loc[quotes["article_id"] == article.article_id]
        for row in rows.itertuples():
            speaker = row.speaker_name if isinstance(row.speaker_name, str) else "unknown"
            mention = f' ("{row.speaker_mention}")' if isinstance(row.speaker_mention, str) else ""
            print(
                f"- [{row.quote_type}] {speaker}{mention}, {row.attribution}, {row.confidence:.2f}"
            )
            print(f"    {row.quote_text}")
        print(f"{len(rows)} quote" + ("" if len(rows) == 1 else "s"))
    return 0
