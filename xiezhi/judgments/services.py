"""Importing historical judgments into closed cases (``xiezhi import judgments PATH``).

Each judgment is parsed by the framework-free :func:`xiezhi.nlp.judgments.parse_judgment`, then:

- its **court** is found by the court code of its case number (or, for a pre-2016 number, by the
  name in its header, or ``--court-code``); a code no court has creates the court from the header's
  name, level from the code, marked in :class:`~xiezhi.judgments.models.ImportedCourt`;
- a **closed case** is created with the historical number, parties, representatives and outcome —
  ``effective`` when the document says it is final, ``closed`` otherwise — and the full text is kept
  in a :class:`~xiezhi.judgments.models.JudgmentDocument` with everything the parser read;
- the **series counter** of (court, year, type code) is moved past the highest imported sequence,
  so that registrations never issue an imported number again (see the app README);
- **idempotent** by case number: the same text again is *unchanged*; a different text with the
  same number and document title is a *conflict*, never an overwrite; another document of an
  imported case (a ruling beside its judgment, a …号之一) is *attached* to it.

Judgments are written in batches, one transaction each, with bulk inserts; the batch's transaction
also moves the file's checkpoint and the run's counts, so an import killed at any moment continues
where the last committed batch ended — nothing lost, nothing twice. Bulk inserts bypass the model
signals that audit single writes, so every batch writes one audit entry naming what it created.

Bad input never stops an import: an unreadable file or a judgment without a case number or court
is *failed*, with its reason in the report.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases import rules
from xiezhi.cases.models import (
    Case,
    CaseNumberCounter,
    CaseStatus,
    CauseOfAction,
    Party,
    Representative,
)
from xiezhi.courts.models import Court, Division
from xiezhi.nlp.case_numbers import CaseNumberError, check_court_code
from xiezhi.nlp.judgments import PARSER_VERSION, ParsedJudgment, parse_judgment, read_case_number

from . import sources
from .models import (
    ImportCheckpoint,
    ImportedCourt,
    ImportRun,
    JudgmentDocument,
    JudgmentKind,
    JudgmentSource,
)
from .signals import judgments_imported

__all__ = ["Counts", "ImportReport", "JudgmentImportError", "import_judgments"]

DEFAULT_BATCH = 500
MAX_REASONS = 20
_RETRIES = 3

#: Parser role → Party.role (xiezhi.cases.rules.PARTY_ROLE_NAMES). The parser's finer role and the
#: label as written stay in the document's metadata.
PARTY_ROLE_MAP: dict[str, str] = {
    "civil_defendant_in_criminal": "defendant",
    "convict": "accused",
    "original_plaintiff": "third_party",
    "original_defendant": "third_party",
    "original_third_party": "third_party",
}
#: Parser representative kind → Representative.kind; officials (出庭负责人) are kept in metadata only.
REPRESENTATIVE_MAP: dict[str, str] = {
    "defender": "defender",
    "lawyer": "lawyer",
    "agent": "agent",
    "guardian": "guardian",
}
#: Parser procedure (as the text states it) → Case.procedure for first-instance type codes.
_STATED_PROCEDURE = {
    "ordinary": "first_instance_ordinary",
    "summary": "first_instance_summary",
    "small_claims": "small_claims",
    "fast_track": "fast_track",
}
#: Outcome key → Case.outcome (the rest follow the document's kind).
_CASE_OUTCOME = {
    "withdrawal": "withdrawal",
    "dismissal": "dismissal",
    "transfer": "transfer",
    "enforcement_terminated": "termination",
    "enforcement_terminated_this_round": "termination",
}
_KIND = {
    "judgment": JudgmentKind.JUDGMENT,
    "ruling": JudgmentKind.RULING,
    "mediation": JudgmentKind.MEDIATION,
    "decision": JudgmentKind.DECISION,
}
_FIRST_ROLES = ("plaintiff", "appellant", "applicant", "enforcement_applicant", "private_prosecutor")
_SECOND_ROLES = ("defendant", "appellee", "respondent", "judgment_debtor")


class JudgmentImportError(Exception):
    """The import cannot start at all (missing path, unknown --court-code); the message says why."""


# --- report -----------------------------------------------------------------------------------------


@dataclass
class Counts:
    """Judgments read and what became of them."""

    read: int = 0
    imported: int = 0
    attached: int = 0
    unchanged: int = 0
    conflicts: int = 0
    failed: int = 0
    with_problems: int = 0
    courts_created: int = 0

    def add(self, other: dict[str, int] | Counts) -> None:
        values = other if isinstance(other, dict) else other.as_dict()
        for key, value in values.items():
            if hasattr(self, key):
                setattr(self, key, getattr(self, key) + value)

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class ImportReport:
    """What an import session did; ``run_counts`` add up every session of the same run."""

    source: str
    run_id: int = 0
    resumed: bool = False
    files: int = 0
    unsupported_files: list[str] = field(default_factory=list)
    unsupported_count: int = 0
    counts: Counts = field(default_factory=Counts)
    run_counts: dict[str, int] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    reason_counts: Counter = field(default_factory=Counter)
    finished: bool = False
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.counts.read / self.seconds if self.seconds else 0.0

    def note(self, code: str, where: str, message: str) -> None:
        self.reason_counts[code] += 1
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append(f"{where}: {message}")


Progress = Callable[[int, int, Counts], None]


# --- preparing one judgment (no database writes) ----------------------------------------------------


@dataclass
class _Prepared:
    """A parsed judgment with everything needed to write it; ``key`` is its case number."""

    key: str
    document_number: str
    title: str
    kind: str
    text: str
    sha256: str
    parsed: ParsedJudgment
    court_code: str | None
    court_name: str
    year: int
    type_code: str
    sequence: int | None
    decided_on: date | None
    item: sources.SourceItem
    extra_problems: list[str] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Failure:
    code: str
    message: str
    item: sources.SourceItem


def _prepare(item: sources.SourceItem, default_court_code: str | None) -> _Prepared | _Failure:
    if item.error:
        return _Failure("unreadable", item.error, item)
    text = item.text
    parsed = parse_judgment(text)
    meta = item.metadata
    ref = parsed.case_number
    extra: list[str] = []
    notes: dict[str, Any] = {}
    given = str(meta.get("case_number") or "").strip()
    given_ref = read_case_number(given) if given else None
    if given and (given_ref is None or given_ref.error):
        return _Failure("bad_case_number", f"the metadata's case number {given!r} cannot be read", item)
    if ref is None and given_ref is not None:
        ref = given_ref
        notes["case_number_from"] = "metadata"
    if ref is None:
        return _Failure("no_case_number", "no case number in the header (and none in the metadata)", item)
    if ref.error:
        return _Failure("bad_case_number", f"case number {ref.text}: {ref.error}", item)
    if given_ref is not None and (given_ref.text, given_ref.suffix) != (ref.text, ref.suffix):
        return _Failure(
            "metadata_mismatch",
            f"the metadata's case number {given_ref.text}{given_ref.suffix} differs from the text's "
            f"{ref.text}{ref.suffix}",
            item,
        )
    if ref.type_code is None:
        return _Failure("bad_case_number", f"case number {ref.text}: its type cannot be read", item)
    number = ref.number
    if number is None:  # a pre-2016 number, kept verbatim: no court code in it, no place in a series
        key, court_code = ref.text, meta.get("court_code") or default_court_code
        sequence = None
    else:
        key, court_code = str(number), number.court_code
        # Numbers with a special-adjudication code (知) stay outside the sequence series: the series'
        # uniqueness constraint does not include that code.
        sequence = number.sequence if not number.special else None
    court_name = parsed.court.value if parsed.court else ""
    if not court_name and meta.get("court"):
        court_name = "".join(str(meta["court"]).split())
        notes["court_from"] = "metadata"
    decided_on = parsed.decision_date.value if parsed.decision_date else None
    if meta.get("date"):
        given_day = _iso_date(meta["date"])
        if given_day is None:
            extra.append(f"metadata: date {meta['date']!r} is not a date (YYYY-MM-DD)")
        elif decided_on is None:
            decided_on = given_day
            notes["decided_on_from"] = "metadata"
        elif given_day != decided_on:
            extra.append(f"metadata: date {given_day} differs from the document's {decided_on}")
    document = parsed.document
    title = document.title if document else str(meta.get("document_type") or "")
    kind = _KIND.get(document.kind, JudgmentKind.OTHER) if document else JudgmentKind.OTHER
    if not title:
        title = "裁判文书"
    return _Prepared(
        key=key,
        document_number=key + ref.suffix,
        title=title,
        kind=kind,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        parsed=parsed,
        court_code=court_code,
        court_name=court_name,
        year=ref.year or 0,
        type_code=ref.type_code,
        sequence=sequence,
        decided_on=decided_on,
        item=item,
        extra_problems=extra,
        notes=notes,
    )


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


# --- look-ups kept for the whole import ------------------------------------------------------------


class _Context:
    """Courts, divisions and causes, read once and kept up to date as courts are created."""

    def __init__(self, default_court_code: str | None) -> None:
        self.default_court_code = default_court_code
        self.reload()

    def reload(self) -> None:
        self.courts_by_code: dict[str, Court] = {}
        self.courts_by_name: dict[str, Court] = {}
        for court in Court.objects.all():
            self.courts_by_code[court.code] = court
            self.courts_by_name[court.name] = court
        self.divisions: dict[tuple[int, tuple[str, ...]], int | None] = {}
        self.causes: dict[tuple[str, str], int] = {
            (kind, name): pk for pk, kind, name in CauseOfAction.objects.values_list("pk", "kind", "name")
        }

    def division(self, court: Court, kinds: tuple[str, ...]) -> int | None:
        key = (court.pk, kinds)
        if key not in self.divisions:
            self.divisions[key] = (
                Division.objects.filter(court=court, kind__in=kinds)
                .order_by("id")
                .values_list("id", flat=True)
                .first()
            )
        return self.divisions[key]


# --- the import --------------------------------------------------------------------------------------


@dataclass
class _FileState:
    path: str
    fingerprint: str
    position: int = 0
    records: int = 0
    last_key: str = ""
    done: bool = False


def import_judgments(
    path: str | Path,
    *,
    court_code: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    limit: int | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the judgments of a file or a folder of .txt/.docx/.pdf/.jsonl files.

    An unfinished earlier run over the same path is resumed from its checkpoints; otherwise a new
    run reads everything (judgments already imported count as unchanged). ``limit`` stops after that
    many judgments (the run stays unfinished, the next call continues). ``progress`` is called with
    (bytes read, bytes to read, counts so far). Memory does not grow with the input: files are
    walked and read one record at a time, and only the current batch is held.
    Raises :class:`JudgmentImportError` when the path does not exist or ``court_code`` names no court.
    """
    started = time.perf_counter()
    if batch_size < 1:
        raise JudgmentImportError("the batch size must be at least 1")
    try:
        walk = sources.Walk(path)
    except FileNotFoundError as exc:
        raise JudgmentImportError(str(exc)) from None
    if court_code and not Court.objects.filter(code=court_code).exists():
        raise JudgmentImportError(f"--court-code {court_code}: no court has this code")
    root = str(walk.root)
    report = ImportReport(source=root)
    run = ImportRun.objects.filter(source=root, finished_at__isnull=True).order_by("-id").first()
    report.resumed = run is not None
    if run is None:
        run = ImportRun.objects.create(source=root, options={"court_code": court_code}, counts={})
    report.run_id = run.pk
    context = _Context(court_code)
    report.files, total = walk.size() if progress is not None else (0, 0)
    done_bytes = 0
    batch: list[_Prepared | _Failure] = []
    touched: dict[str, _FileState] = {}  # files read since the last committed batch
    stopped = False
    files = 0
    for source_file, state in _with_checkpoints(walk.files(), run, report.resumed):
        files += 1
        if state.done:
            done_bytes += source_file.size
            continue
        base = state.position
        touched[state.path] = state
        for item in sources.read_items(source_file, state.position, state.records):
            if limit is not None and report.counts.read >= limit:
                stopped = True
                break
            entry = _prepare(item, court_code)
            batch.append(entry)
            report.counts.read += 1
            state.position, state.records = item.position, item.record
            if isinstance(entry, _Prepared):
                state.last_key = entry.key
            if len(batch) >= batch_size:
                _flush(batch, context, run, touched, report)
                batch = []
                touched = {state.path: state}
            if progress is not None:
                progress(done_bytes + item.position - base, total, report.counts)
        if stopped:
            break
        state.done = True
        state.position = max(state.position, source_file.size)
        done_bytes += source_file.size - base
    report.files = files
    report.unsupported_files = walk.unsupported_names
    report.unsupported_count = walk.unsupported
    report.finished = not stopped
    _flush(batch, context, run, touched, report, finish=report.finished)
    run.refresh_from_db(fields=["counts"])
    report.run_counts = dict(run.counts)
    report.seconds = time.perf_counter() - started
    if progress is not None:
        progress(total, total, report.counts)
    if report.counts.imported or report.counts.attached:
        judgments_imported.send(sender=ImportReport, report=report)
    return report


def _with_checkpoints(
    files: Iterator[sources.SourceFile], run: ImportRun, resumed: bool, chunk: int = 500
) -> Iterator[tuple[sources.SourceFile, _FileState]]:
    """Each file with where to start reading it: its checkpoint in a resumed run (looked up a chunk
    of files at a time), else the beginning. A file whose first 64 KiB changed starts over."""
    pending: list[sources.SourceFile] = []

    def checked() -> Iterator[tuple[sources.SourceFile, _FileState]]:
        saved: dict[str, ImportCheckpoint] = {}
        if resumed:
            saved = {
                c.path: c
                for c in ImportCheckpoint.objects.filter(run=run, path__in=[f.path for f in pending])
            }
        for source_file in pending:
            try:
                mark = sources.fingerprint(source_file.path)
            except OSError:
                mark = ""
            state = _FileState(source_file.path, mark)
            checkpoint = saved.get(source_file.path)
            if (
                checkpoint is not None
                and checkpoint.fingerprint == mark
                and checkpoint.position <= source_file.size
            ):
                state.position, state.records = checkpoint.position, checkpoint.records
                state.last_key, state.done = checkpoint.last_key, checkpoint.done
            yield source_file, state

    for source_file in files:
        pending.append(source_file)
        if len(pending) >= chunk:
            yield from checked()
            pending = []
    yield from checked()


def _flush(
    batch: list[_Prepared | _Failure],
    context: _Context,
    run: ImportRun,
    touched: dict[str, _FileState],
    report: ImportReport,
    *,
    finish: bool = False,
) -> None:
    """Write one batch, its checkpoints and the run's counts in one transaction."""
    for attempt in range(_RETRIES):
        try:
            with transaction.atomic():
                outcome = _write_batch(batch, context, run)
                _save_checkpoints(run, touched)
                locked = ImportRun.objects.select_for_update().get(pk=run.pk)
                counts = Counts(
                    **{k: v for k, v in locked.counts.items() if k in Counts.__dataclass_fields__}
                )
                counts.add(outcome.counts)
                counts.read += len(batch)
                locked.counts = counts.as_dict()
                locked.finished_at = timezone.now() if finish else None
                locked.save(update_fields=["counts", "finished_at"])
            break
        except (IntegrityError, OperationalError) as exc:
            # Someone else (a registration, another import) took a number or created a court meanwhile,
            # or PostgreSQL broke a lock cycle by aborting this batch: read the current state and write
            # the batch again.
            if isinstance(exc, OperationalError) and "deadlock" not in str(exc).lower():
                raise
            context.reload()
            if attempt == _RETRIES - 1:
                raise
    report.counts.add(outcome.counts)
    for code, where, message in outcome.reasons:
        report.note(code, where, message)


def _save_checkpoints(run: ImportRun, touched: dict[str, _FileState]) -> None:
    for state in touched.values():
        ImportCheckpoint.objects.update_or_create(
            run=run,
            path=state.path,
            defaults={
                "fingerprint": state.fingerprint,
                "position": state.position,
                "records": state.records,
                "last_key": state.last_key[:48],
                "done": state.done,
            },
        )


# --- writing a batch --------------------------------------------------------------------------------


@dataclass
class _BatchOutcome:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reasons: list[tuple[str, str, str]] = field(default_factory=list)

    def fail(self, code: str, where: str, message: str, bucket: str = "failed") -> None:
        self.counts[bucket] += 1
        self.reasons.append((code, where, message))


@dataclass
class _NewCase:
    case: Case
    prepared: _Prepared
    documents: list[_Prepared] = field(default_factory=list)


def _write_batch(batch: list[_Prepared | _Failure], context: _Context, run: ImportRun) -> _BatchOutcome:
    outcome = _BatchOutcome()
    prepared = [entry for entry in batch if isinstance(entry, _Prepared)]
    keys = {entry.key for entry in prepared}
    existing = {number: pk for pk, number in Case.objects.filter(number__in=keys).values_list("pk", "number")}
    known: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
    for case_id, sha, title, number, source in JudgmentDocument.objects.filter(
        case_id__in=existing.values()
    ).values_list("case_id", "sha256", "title", "document_number", "source"):
        known[case_id].append((sha, title, number, source))
    _lock_series(prepared, context)
    new_cases: dict[str, _NewCase] = {}
    attach: list[tuple[int, _Prepared]] = []
    for entry in batch:
        if isinstance(entry, _Failure):
            outcome.fail(entry.code, entry.item.where, entry.message)
            continue
        where = entry.item.where
        if entry.key in existing:
            documents = known[existing[entry.key]]
            verdict = _compare(entry, documents, registered_here=not documents)
            if verdict == "attach":
                attach.append((existing[entry.key], entry))
                documents.append((entry.sha256, entry.title, entry.document_number, JudgmentSource.IMPORTED))
            _count(outcome, verdict, entry, where)
            continue
        if entry.key in new_cases:
            pending = new_cases[entry.key]
            documents = [(p.sha256, p.title, p.document_number, "imported") for p in pending.documents]
            verdict = _compare(entry, documents, registered_here=False)
            if verdict == "attach":
                pending.documents.append(entry)
            _count(outcome, verdict, entry, where)
            continue
        court = _court(entry, context, outcome)
        if court is None:
            continue
        case = _case(entry, court, context, outcome)
        if case is None:
            continue
        new_cases[entry.key] = _NewCase(case, entry, [entry])
        outcome.counts["imported"] += 1
        if entry.parsed.problems or entry.extra_problems:
            outcome.counts["with_problems"] += 1
    created = _insert(list(new_cases.values()), attach, context)
    _bump_counters([n.case for n in new_cases.values()])
    if created["cases"] or created["documents"]:
        _audit(run, batch, created)
    return outcome


def _compare(entry: _Prepared, documents: list[tuple[str, str, str, str]], registered_here: bool) -> str:
    if any(sha == entry.sha256 for sha, _, _, _ in documents):
        return "unchanged"
    if registered_here:
        return "registered_here"
    if any(title == entry.title and number == entry.document_number for _, title, number, _ in documents):
        return "conflict"
    return "attach"


def _count(outcome: _BatchOutcome, verdict: str, entry: _Prepared, where: str) -> None:
    if verdict == "unchanged":
        outcome.counts["unchanged"] += 1
    elif verdict == "attach":
        outcome.counts["attached"] += 1
    elif verdict == "conflict":
        outcome.fail(
            "conflict",
            where,
            f"{entry.document_number} {entry.title} was imported before with a different text; "
            "kept the earlier one (nothing overwritten)",
            bucket="conflicts",
        )
    else:
        outcome.fail(
            "conflict",
            where,
            f"{entry.key} is the number of a case registered in Xiezhi; the judgment was not imported",
            bucket="conflicts",
        )


def _court(entry: _Prepared, context: _Context, outcome: _BatchOutcome) -> Court | None:
    """The judgment's court: by code, else by name; created from the header for an unknown code."""
    where = entry.item.where
    name, code = entry.court_name, entry.court_code
    if code:
        court = context.courts_by_code.get(code)
        if court is not None:
            if name and name != court.name:
                entry.extra_problems.append(
                    f"court: the header names {name}, the court with code {code} is {court.name}"
                )
            return court
        if not name:
            outcome.fail(
                "no_court", where, f"no court has code {code} and the header names no court to create"
            )
            return None
        other = context.courts_by_name.get(name)
        if other is not None:
            outcome.fail(
                "court_conflict",
                where,
                f"{name} has code {other.code} here, but the case number {entry.key} says {code}",
            )
            return None
        return _create_court(entry, name, code, context, outcome)
    if name and name in context.courts_by_name:
        return context.courts_by_name[name]
    outcome.fail(
        "no_court",
        where,
        f"the pre-2016 number {entry.key} has no court code and no court is named {name or '(no name)'}: "
        "pass --court-code or give court_code in the metadata",
    )
    return None


def _create_court(
    entry: _Prepared, name: str, code: str, context: _Context, outcome: _BatchOutcome
) -> Court | None:
    try:
        level = check_court_code(code)
    except CaseNumberError as exc:
        outcome.fail("no_court", entry.item.where, f"court code {code}: {exc}")
        return None
    # The code tells the court above (high → 最高法, 京01 → 京, 粤0703 → 粤07) except for the district
    # courts of municipalities (under 京01–京04 in no order of their digits) and the special codes 71–99;
    # and the region (粤0703 → 440703, 京0105 → 110105): courts.rules. A parent not yet here stays
    # unset (``xiezhi courts_backfill`` links it once it exists).
    from xiezhi.courts.rules import parent_code_from_code, region_from_code

    parent_code = parent_code_from_code(code)
    parent = context.courts_by_code.get(parent_code) if parent_code else None
    note = "" if parent or level == "supreme" else "parent court unknown: set it in the admin"
    named_level = _level_in_name(name)
    if named_level and named_level != level:
        note = f"{note}; " if note else ""
        note += f"the name says {named_level}, the code {code} a {level} court"
    court = Court.objects.create(
        name=name[:100], code=code, level=level, parent=parent, region_code=region_from_code(code)
    )
    ImportedCourt.objects.create(
        court=court,
        header_name=name[:100],
        case_number=entry.key[:48],
        source_path=entry.item.where[:500],
        note=note[:300],
    )
    context.courts_by_code[code] = court
    context.courts_by_name[court.name] = court
    outcome.counts["courts_created"] += 1
    entry.notes["court_created"] = True
    return court


def _level_in_name(name: str) -> str | None:
    if name.endswith("最高人民法院"):
        return "supreme"
    if "高级人民法院" in name:
        return "high"
    if "中级人民法院" in name:
        return "intermediate"
    return None


def _kind(entry: _Prepared, court: Court) -> tuple[rules.CaseKind | None, str, str]:
    """The kind of case for the type code at this court: (kind, how it was chosen, refusal)."""
    kinds = [k for k in rules.CASE_KINDS if k.type_code == entry.type_code]
    if not kinds:
        return (
            None,
            "",
            f"type code {entry.type_code} has no kind of case in Xiezhi (cases/rules.py CASE_KINDS)",
        )
    heard = [k for k in kinds if court.level in k.levels]
    if not heard:
        return None, "", f"a {court.level} court does not hear {entry.type_code} cases ({entry.key})"
    if len(heard) == 1:
        return heard[0], "type code", ""
    parsed = entry.parsed
    if parsed.procedure is not None:
        wanted = _STATED_PROCEDURE.get(parsed.procedure.value)
        for kind in heard:
            if kind.procedure == wanted:
                return kind, "stated in the text", ""
    # Not stated: a collegial panel means the ordinary procedure; a judge sitting alone at a basic
    # court the summary procedure (most cases heard alone are) — recorded as an inference.
    ordinary = next((k for k in heard if k.procedure == "first_instance_ordinary"), heard[0])
    summary = next((k for k in heard if k.procedure == "first_instance_summary"), None)
    if parsed.collegial is False and summary is not None:
        return summary, "inferred: heard by one judge", ""
    return ordinary, "inferred: collegial panel" if parsed.collegial else "inferred: default", ""


def _case(entry: _Prepared, court: Court, context: _Context, outcome: _BatchOutcome) -> Case | None:
    kind, basis, refusal = _kind(entry, court)
    if kind is None:
        outcome.fail("unsupported_type", entry.item.where, refusal)
        return None
    parsed = entry.parsed
    meta = entry.item.metadata
    entry.notes["procedure_basis"] = basis
    registered_on = _iso_date(meta["registered_on"]) if meta.get("registered_on") else None
    received_on = _iso_date(meta["received_on"]) if meta.get("received_on") else None
    if registered_on and entry.decided_on and registered_on > entry.decided_on:
        entry.extra_problems.append(f"metadata: registered_on {registered_on} is after the decision")
        registered_on = None
    # The model needs a day of receipt; the judgment does not say it. The decision day is a true
    # upper bound; the metadata says which one was used.
    if received_on is None:
        received_on = registered_on or entry.decided_on or date(entry.year, 1, 1)
        entry.notes["received_on_from"] = (
            "registered_on" if registered_on else "decision date" if entry.decided_on else "start of the year"
        )
    outcome_key = parsed.outcome.key if parsed.outcome else ""
    case_outcome = _CASE_OUTCOME.get(outcome_key) or (
        "mediation"
        if entry.kind == "mediation"
        else entry.kind
        if entry.kind in ("judgment", "ruling")
        else "other"
    )
    cause_kind = {"criminal": "criminal", "administrative": "administrative"}.get(kind.case_type, "civil")
    cause_id = context.causes.get((cause_kind, parsed.cause.value)) if parsed.cause else None
    collegial = parsed.collegial if parsed.collegial is not None else kind.collegial_required
    final = parsed.final
    return Case(
        court=court,
        division_id=context.division(court, kind.division_kinds),
        case_type=kind.case_type,
        procedure=kind.procedure,
        type_code=kind.type_code,
        year=entry.year,
        sequence=entry.sequence,
        number=entry.key,
        title=str(meta.get("title") or _title(entry, kind.case_type))[:200],
        cause_id=cause_id,
        received_on=received_on,
        registered_on=registered_on,
        closed_on=entry.decided_on,
        status=CaseStatus.EFFECTIVE if final else CaseStatus.CLOSED,
        outcome=case_outcome,
        is_collegial=bool(collegial),
    )


def _title(entry: _Prepared, case_type: str) -> str:
    parties = entry.parsed.parties
    cause = entry.parsed.cause.value if entry.parsed.cause else ""

    def names(roles: tuple[str, ...]) -> list[str]:
        out = []
        for party in parties:
            role = PARTY_ROLE_MAP.get(party.role, party.role)
            if role in roles and party.name not in out:
                out.append(party.name)
        return out

    if case_type == "criminal":
        accused = [
            p.name for p in parties if p.role in ("accused", "convict") or p.original_role == "accused"
        ]
        return f"{'、'.join(dict.fromkeys(accused)) or entry.key}{cause}案"
    first, second = names(_FIRST_ROLES), names(_SECOND_ROLES)
    if first and second:
        return f"{'、'.join(first)}诉{'、'.join(second)}{cause}"
    return f"{'、'.join(first or second) or entry.key}{cause}"


def _insert(
    new_cases: list[_NewCase], attach: list[tuple[int, _Prepared]], context: _Context
) -> dict[str, Any]:
    """Bulk-insert the cases, then their parties, representatives and documents."""
    cases = Case.objects.bulk_create([n.case for n in new_cases])
    parties: list[Party] = []
    owners: list[tuple[_NewCase, int]] = []  # for each party: its case and index in the parsed list
    for new in new_cases:
        for index, party in enumerate(new.prepared.parsed.parties):
            role = PARTY_ROLE_MAP.get(party.role, party.role)
            if len(party.name) > 120:
                new.prepared.extra_problems.append(
                    f"party: name longer than 120 characters cut: {party.name[:20]}…"
                )
            parties.append(
                Party(
                    case_id=new.case.pk,
                    kind=party.kind,
                    role=role[:32],
                    name=party.name[:120] or "?",
                    sex=party.sex,
                    birth_date=party.birth_date,
                    legal_representative=party.legal_representative[:60],
                    position=index,
                )
            )
            owners.append((new, index))
    Party.objects.bulk_create(parties)
    party_ids: dict[tuple[int, int], int] = {
        (id(new), index): party.pk for (new, index), party in zip(owners, parties, strict=True)
    }
    representatives: list[Representative] = []
    for new in new_cases:
        for rep in new.prepared.parsed.representatives:
            kind = REPRESENTATIVE_MAP.get(rep.kind)
            if kind is None:
                continue
            for index in rep.parties:
                party_id = party_ids.get((id(new), index))
                if party_id is not None:
                    representatives.append(
                        Representative(
                            case_id=new.case.pk,
                            party_id=party_id,
                            kind=kind,
                            name=rep.name[:60],
                            law_firm=rep.law_firm[:120],
                        )
                    )
    Representative.objects.bulk_create(representatives)
    documents = [_document(new.case.pk, doc) for new in new_cases for doc in new.documents]
    documents += [_document(case_id, doc) for case_id, doc in attach]
    JudgmentDocument.objects.bulk_create(documents)
    return {
        "cases": [c.pk for c in cases],
        "numbers": [c.number for c in cases],
        "documents": [d.pk for d in documents],
        "parties": len(parties),
        "representatives": len(representatives),
    }


def _document(case_id: int, entry: _Prepared) -> JudgmentDocument:
    data = entry.parsed.as_dict()
    problems = list(dict.fromkeys([*data["problems"], *entry.extra_problems]))
    data["problems"] = problems
    data["import"] = {
        **entry.notes,
        "metadata": {k: v for k, v in entry.item.metadata.items() if isinstance(v, str | int | float | bool)},
    }
    return JudgmentDocument(
        case_id=case_id,
        kind=entry.kind,
        title=entry.title[:60],
        document_number=entry.document_number[:48],
        text=entry.text,
        decided_on=entry.decided_on,
        source=JudgmentSource.IMPORTED,
        source_name=str(entry.item.metadata.get("id") or Path(entry.item.file.path).name)[:255],
        source_path=entry.item.where[:500],
        sha256=entry.sha256,
        metadata=data,
        problem_count=min(len(problems), 32767),
        parser_version=PARSER_VERSION,
    )


def _lock_series(prepared: list[_Prepared], context: _Context) -> None:
    """Lock the counter rows of the batch's series first, before anything is audited.

    Registration locks a series' counter and then the audit chain's head; taking them in the same
    order here means an import batch and a registration on the same series queue instead of
    deadlocking. Missing rows are created (at 0, which issues nothing) so that there is a row to lock.
    """
    keys = set()
    for entry in prepared:
        court = context.courts_by_code.get(entry.court_code or "")
        if court is not None and entry.sequence is not None:
            keys.add((court.pk, entry.year, entry.type_code))
    for court_id, year, type_code in sorted(keys):
        lookup = {"court_id": court_id, "year": year, "type_code": type_code, "special": ""}
        if CaseNumberCounter.objects.select_for_update().filter(**lookup).exists():
            continue
        try:
            with transaction.atomic():
                CaseNumberCounter.objects.create(**lookup, last_sequence=0)
        except IntegrityError:
            pass  # a registration created it meanwhile
        CaseNumberCounter.objects.select_for_update().filter(**lookup).exists()


def _bump_counters(cases: list[Case]) -> None:
    """Move each series' counter past the highest imported sequence (never back).

    Imported numbers were issued by an earlier system; registering here continues after them, so
    no number is issued twice. Locks the counter rows in a fixed order, as registration does one.
    """
    highest: dict[tuple[int, int, str], int] = {}
    for case in cases:
        if case.sequence is None or case.year is None:
            continue
        key = (case.court_id, case.year, case.type_code)
        highest[key] = max(highest.get(key, 0), case.sequence)
    for (court_id, year, type_code), sequence in sorted(highest.items()):
        lookup = {"court_id": court_id, "year": year, "type_code": type_code, "special": ""}
        counter = CaseNumberCounter.objects.select_for_update().filter(**lookup).first()
        if counter is None:
            CaseNumberCounter.objects.create(**lookup, last_sequence=sequence, issued_elsewhere_upto=sequence)
        elif counter.last_sequence < sequence or counter.issued_elsewhere_upto < sequence:
            counter.last_sequence = max(counter.last_sequence, sequence)
            # The earlier system's numbers up to here: `xiezhi cases verify-numbers` does not count
            # the ones never imported as gaps.
            counter.issued_elsewhere_upto = max(counter.issued_elsewhere_upto, sequence)
            counter.save(update_fields=["last_sequence", "issued_elsewhere_upto"])


def _audit(run: ImportRun, batch: list[_Prepared | _Failure], created: dict[str, Any]) -> None:
    """One entry per batch: bulk inserts bypass the per-row audit signals."""
    first = batch[0].item
    last = batch[-1].item
    ids = created["cases"]
    record(
        AuditAction.CREATE,
        object_type="cases.case" if ids else "judgments.judgmentdocument",
        object_id=f"{min(ids)}-{max(ids)}"
        if ids
        else f"{min(created['documents'])}-{max(created['documents'])}",
        object_repr=f"judgment import run #{run.pk}: {len(ids)} cases, {len(created['documents'])} documents",
        after={
            "run": run.pk,
            "cases": ids,
            "numbers": created["numbers"],
            "judgment_documents": created["documents"],
            "parties": created["parties"],
            "representatives": created["representatives"],
        },
        detail=(f"judgment import: {len(ids)} closed cases from {first.where} to {last.where}")[:300],
    )


def iter_reasons(report: ImportReport) -> Iterator[str]:
    """The report's failure and conflict reasons: how many of each kind, then the first few."""
    for code, count in report.reason_counts.most_common():
        yield f"{count} × {code}"
    yield from report.reasons
