"""Judgment import benchmark: judgments per second into PostgreSQL, memory, and kill-and-resume.

Run it on its own (it is not part of the test suite), with a PostgreSQL server reachable::

    nice .venv/bin/python benchmarks/import_judgments.py                 # 20,000 judgments
    nice .venv/bin/python benchmarks/import_judgments.py --judgments 2000 --no-write   # a quick try

Environment: ``XIEZHI_BENCH_POSTGRES_URL`` (default
``postgresql://postgres@127.0.0.1:5432/xiezhi_bench_import``). The script DROPS and re-creates that
database (twice), and drops it at the end (``--keep`` leaves it).

What it does:

(a) generates ``--judgments`` judgments from the hand-written samples (``xiezhi.judgments.synthetic``:
    each sample with a fresh case number and freshly drawn names) into a JSON Lines file in a
    temporary directory, and measures the parser alone on them;
(b) imports the file into a freshly migrated database with ``import_judgments`` — parsing, courts
    created from the headers, closed cases with parties and representatives, the judgment documents,
    counters and one audit entry per batch — and records the process's resident memory (RSS) as
    the import proceeds, to show whether it stays flat while the input grows;
(c) imports the same file again: every judgment must come back unchanged;
(d) on a fresh database, starts ``xiezhi import judgments`` as a separate process, kills it with
    SIGKILL halfway, runs it again, and checks that every judgment is there exactly once.

The results replace the "import" section of docs/benchmarks.md; the raw numbers go to
``benchmarks/out/import.json``. DEBUG is off, as in production.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: `python benchmarks/import_judgments.py`

from benchmarks.cases import _database_name, drop_database, log, recreate_database  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/xiezhi_bench_import"
TARGET_PER_SECOND = 100


def configure(url: str, var_dir: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "xiezhi.settings",
        "XIEZHI_ENV": "development",
        "XIEZHI_DEBUG": "false",
        "XIEZHI_LOG_LEVEL": "ERROR",
        "XIEZHI_DATABASE_URL": url,
        "XIEZHI_DB_CONN_MAX_AGE": "60",
        "XIEZHI_VAR_DIR": var_dir,
    }
    os.environ.update(env)
    import django

    django.setup()
    return env


def rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux /proc)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def migrate() -> float:
    from django.core.management import call_command
    from django.db import connections

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    connections.close_all()
    return time.perf_counter() - started


def parse_rate(corpus: Path, sample: int = 2000) -> dict[str, Any]:
    from xiezhi.nlp.judgments import parse_judgment

    texts = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= sample:
                break
    started = time.perf_counter()
    problems = 0
    for text in texts:
        problems += bool(parse_judgment(text).problems)
    seconds = time.perf_counter() - started
    return {
        "documents": len(texts),
        "per_second": round(len(texts) / seconds),
        "avg_chars": round(sum(map(len, texts)) / len(texts)),
        "with_problems": problems,
    }


def timed_import(corpus: Path, batch: int) -> dict[str, Any]:
    """Import in this process; RSS sampled every ~5 % of the input."""
    from xiezhi.audit.context import acting_as, system_actor
    from xiezhi.judgments.services import import_judgments

    samples: list[tuple[float, float]] = []
    next_mark = [0.0]

    def progress(done: int, total: int, counts: Any) -> None:
        share = done / total if total else 1.0
        if share >= next_mark[0]:
            samples.append((round(share, 3), round(rss_mb(), 1)))
            next_mark[0] = share + 0.05

    before = rss_mb()
    with acting_as(system_actor("bench:import judgments")):
        report = import_judgments(corpus, batch_size=batch, progress=progress)
    return {
        "load_average": round(os.getloadavg()[0], 2),
        "counts": report.counts.as_dict(),
        "seconds": round(report.seconds, 2),
        "per_second": round(report.per_second, 1),
        "reasons": dict(report.reason_counts),
        "rss_before_mb": round(before, 1),
        "rss_samples": samples,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def database_counts() -> dict[str, int]:
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for table in (
            "cases_case",
            "cases_party",
            "cases_representative",
            "judgments_judgmentdocument",
            "courts_court",
            "audit_auditentry",
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            out[table] = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(DISTINCT number) FROM cases_case")
        out["distinct_numbers"] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('judgments_judgmentdocument'))")
        out["documents_table"] = cursor.fetchone()[0]
    return out


def kill_and_resume(url: str, env: dict[str, str], corpus: Path, batch: int, total: int) -> dict[str, Any]:
    """Run the command as a process, SIGKILL it halfway, run it again; count what is there."""
    from django.db import connections

    connections.close_all()
    recreate_database(url)
    migrate()
    command = [sys.executable, "-m", "xiezhi.cli", "import", "judgments", str(corpus), "--batch", str(batch)]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    killed_at = 0
    while process.poll() is None:
        time.sleep(0.05)
        killed_at = _count("SELECT COUNT(*) FROM cases_case")
        if killed_at >= total // 2:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait()
    killed = process.returncode == -signal.SIGKILL
    after_kill = _count("SELECT COUNT(*) FROM cases_case")
    checkpoint = _count("SELECT COALESCE(MAX(records), 0) FROM judgments_importcheckpoint")
    resumed = subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    cases = _count("SELECT COUNT(*) FROM cases_case")
    return {
        "judgments": total,
        "killed": killed,
        "cases_after_kill": after_kill,
        "checkpoint_after_kill": checkpoint,
        "resume_exit": resumed.returncode,
        "resumed_line": next((ln for ln in resumed.stdout.splitlines() if ln.startswith("Run:")), ""),
        "cases": cases,
        "distinct_numbers": _count("SELECT COUNT(DISTINCT number) FROM cases_case"),
        "documents": _count("SELECT COUNT(*) FROM judgments_judgmentdocument"),
        "seconds": round(seconds, 1),
        "exact": cases == total and _count("SELECT COUNT(DISTINCT number) FROM cases_case") == total,
    }


def _count(sql: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def report(data: dict[str, Any]) -> str:
    from benchmarks._report import machine_line

    main, again, kill, parse, db = (
        data["import"],
        data["again"],
        data["kill"],
        data["parse"],
        data["database"],
    )
    samples = main["rss_samples"]
    # Compare the second half with itself: the first batches fill the process's working set.
    mid = next((rss for share, rss in samples if share >= 0.5), samples[0][1] if samples else 0)
    last = samples[-1][1] if samples else 0
    per_thousand = (last - mid) / max(data["judgments"] / 2000, 0.001)
    flat = per_thousand < 1.0
    met = main["per_second"] >= TARGET_PER_SECOND
    counts = main["counts"]
    imported = (
        f"| Import into a fresh database (`--batch {data['batch']}`) | {counts['read']:,} | "
        f"{main['seconds']} | **{main['per_second']:,.0f}** | "
        f"target ≥ {TARGET_PER_SECOND}/s: **{'met' if met else 'missed'}** (load average "
        f"{main['load_average']} on the shared machine) |"
    )
    lines = [
        f"{machine_line()} PostgreSQL {data['server_version']}; `nice benchmarks/import_judgments.py "
        f"--judgments {data['judgments']}`.",
        "",
        f"**Corpus**: {data['judgments']:,} judgments generated from the {data['templates']} hand-written "
        f"samples (fresh case numbers and names; {data['corpus_mb']} MB of JSON Lines, "
        f"{parse['avg_chars']:,} characters on average) — criminal, civil, administrative and enforcement "
        "judgments, rulings and mediation statements from "
        f"{counts['courts_created']} courts, none of them known to the fresh database.",
        "",
        "| Step | Judgments | Seconds | Judgments/s | |",
        "|---|---|---|---|---|",
        f"| Parse only (`parse_judgment`, one core) | {parse['documents']:,} | | {parse['per_second']:,} | "
        f"{parse['with_problems']:,} with a problem listed |",
        imported,
        f"| The same file again (all unchanged) | {again['counts']['read']:,} | {again['seconds']} | "
        f"{again['per_second']:,.0f} | {again['counts']['unchanged']:,} unchanged |",
        "",
        f"The import created {counts['imported']:,} closed cases ({counts['with_problems']:,} with a parse "
        f"problem recorded), {db['cases_party']:,} parties, {db['cases_representative']:,} representatives, "
        f"{db['judgments_judgmentdocument']:,} judgment documents ({db['documents_table']} with indexes) and "
        f"{counts['courts_created']} courts; {counts['failed']} failed. Case numbers distinct: "
        f"{db['distinct_numbers']:,} of {db['cases_case']:,}.",
        "",
        "**Memory** (resident set of the importing process, sampled every 5 % of the input): "
        f"{main['rss_before_mb']} MB before, {mid} MB halfway, {last} MB at the end "
        f"({per_thousand:+.2f} MB per 1,000 judgments over the second half), peak "
        f"{main['peak_rss_mb']} MB (the peak includes the second run) — "
        f"{'flat: the input is streamed, one batch in memory at a time' if flat else '**NOT flat**'}.",
        "",
        "**Kill and resume**: `xiezhi import judgments` as a separate process on "
        f"{kill['judgments']:,} judgments, killed with SIGKILL after {kill['cases_after_kill']:,} committed "
        f"cases (checkpoint at {kill['checkpoint_after_kill']:,} records), then run again: {kill['cases']:,} "
        f"cases, {kill['distinct_numbers']:,} distinct numbers, {kill['documents']:,} documents — "
        f"{'exactly once each, nothing lost' if kill['exact'] and kill['killed'] else '**NOT exact**'}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--judgments", type=int, default=20_000, help="Judgments to generate (default 20,000)."
    )
    parser.add_argument("--batch", type=int, default=500, help="Judgments per transaction (default 500).")
    parser.add_argument("--keep", action="store_true", help="Leave the benchmark database in place.")
    parser.add_argument("--no-write", action="store_true", help="Print the report; do not touch docs/.")
    args = parser.parse_args()
    if args.judgments < 100:
        raise SystemExit("--judgments must be at least 100")
    url = os.environ.get("XIEZHI_BENCH_POSTGRES_URL", DEFAULT_URL)
    var_dir = tempfile.mkdtemp(prefix="xiezhi-bench-import-")
    log(f"re-creating {_database_name(url)} …")
    recreate_database(url)
    env = configure(url, var_dir)
    try:
        from xiezhi.judgments import synthetic

        corpus = Path(var_dir) / "judgments.jsonl"
        log(f"generating {args.judgments:,} judgments …")
        size = synthetic.write_jsonl(corpus, args.judgments)
        migrate()
        parse = parse_rate(corpus)
        log(f"parser: {parse['per_second']:,} judgments/s; importing …")
        first = timed_import(corpus, args.batch)
        log(f"imported: {first['per_second']:,} judgments/s; again …")
        database = database_counts()
        again = timed_import(corpus, args.batch)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
        kill_total = max(1000, args.judgments // 4)
        kill_corpus = Path(var_dir) / "kill.jsonl"
        synthetic.write_jsonl(kill_corpus, kill_total, seed=7, first_sequence=500_000)
        log(f"kill and resume on {kill_total:,} judgments …")
        kill = kill_and_resume(url, env, kill_corpus, args.batch, kill_total)
        data = {
            "judgments": args.judgments,
            "batch": args.batch,
            "templates": len(synthetic.templates()),
            "corpus_mb": round(size / 1024 / 1024, 1),
            "server_version": version,
            "parse": parse,
            "import": first,
            "again": again,
            "database": database,
            "kill": kill,
        }
        markdown = report(data)
        print(markdown)
        if not args.no_write:
            from benchmarks._report import write_section

            write_section("import", markdown, data)
            log("docs/benchmarks.md updated")
    finally:
        if args.keep:
            log(f"kept database {_database_name(url)}")
        else:
            drop_database(url)


if __name__ == "__main__":
    main()
