"""Cases benchmark: a million cases in PostgreSQL, the judge's pages, and concurrent registration.

Run it on its own (it is not part of the test suite), with a PostgreSQL server reachable::

    nice .venv/bin/python benchmarks/cases.py                 # the full run (about 15–30 minutes)
    nice .venv/bin/python benchmarks/cases.py --cases 50000 --register 1000 --no-write   # a quick try

Environment: ``XIEZHI_BENCH_POSTGRES_URL`` (default
``postgresql://postgres@127.0.0.1:5432/xiezhi_bench``). The script DROPS and re-creates that
database, and drops it again at the end (``--keep`` leaves it for poking at with psql).

What it does:

(a) migrates, loads the demo court system (``xiezhi demo``), then bulk-loads ``--cases`` cases with
    PostgreSQL ``COPY``: spread over the demo's courts (80 % basic, 16 % intermediate, 4 % high),
    their divisions and judges by a realistic mix of kinds (civil summary and ordinary, small
    claims, criminal, administrative, enforcement, appeals, retrial reviews), registered over the
    past eight years with a growing intake, most of them closed, effective or archived; a third get
    their parties and timeline, collegial cases their panel. The demo's civil judge
    ``xh-ms1-judge1`` holds exactly 300 open cases (plus years of closed ones).
(b) measures server time in-process with Django's test ``Client`` (the whole middleware stack and
    template rendering, no network): the judge's workbench page, the case page (cycling through
    the judge's open cases) and the API list ``/api/v1/cases`` and detail, each p50/p95 over
    ``--requests`` requests after a warm-up; with the queries behind each page and EXPLAIN ANALYZE
    of the workbench queries. Targets: workbench < 200 ms, case page < 100 ms (p95).
(c) registers ``--register`` cases from ``--workers`` processes at once through
    ``services.register_case`` (one filing counter: the worst case for the number lock), then
    checks that the numbers are unique and gap-free and runs ``xiezhi cases verify-numbers``.

The results replace the "Cases" section of docs/benchmarks.md (``benchmarks/_report.py``), the
raw numbers go to ``benchmarks/out/cases.json``. Persistent connections are on
(``XIEZHI_DB_CONN_MAX_AGE=60``) as in a production deployment; DEBUG is off.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: `python benchmarks/cases.py`

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/xiezhi_bench"
TARGET_JUDGE = "xh-ms1-judge1"
PANEL_JUDGE = "hz-ms1-judge1"  # an intermediate-court judge: sits on many appeal panels
FILING_OFFICER = "xh-la-officer1"
TARGET_OPEN = 300
TARGETS_MS = {"workbench": 200.0, "case_page": 100.0}


# --- environment and database -----------------------------------------------------------------


def configure(url: str, var_dir: str) -> None:
    """Settings for this process (and each worker): the bench database, no DEBUG, quiet logs."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "xiezhi.settings",
            "XIEZHI_ENV": "development",
            "XIEZHI_DEBUG": "false",
            "XIEZHI_LOG_LEVEL": "ERROR",
            "XIEZHI_DATABASE_URL": url,
            "XIEZHI_DB_CONN_MAX_AGE": "60",
            "XIEZHI_VAR_DIR": var_dir,
        }
    )
    import django

    django.setup()


def _database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise SystemExit(f"refusing to create or drop a database named {name!r}")
    return name


def _maintenance_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = _database_name(url)
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_database_name(url)))
        )


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# --- (a) the bulk load ----------------------------------------------------------------------------

#: (weight, division kind, case type, procedure) per court level: the usual mix of a court's intake.
MIX: dict[str, list[tuple[float, str, str, str]]] = {
    "basic": [
        (20, "civil", "civil", "first_instance_ordinary"),
        (30, "civil", "civil", "first_instance_summary"),
        (8, "civil", "civil", "small_claims"),
        (3, "criminal", "criminal", "first_instance_ordinary"),
        (4, "criminal", "criminal", "first_instance_summary"),
        (3, "criminal", "criminal", "fast_track"),
        (1.5, "administrative", "administrative", "first_instance_ordinary"),
        (1.5, "administrative", "administrative", "first_instance_summary"),
        (18, "enforcement", "enforcement", "enforcement"),
        (2, "enforcement", "enforcement", "enforcement_resumed"),
    ],
    "intermediate": [
        (40, "civil", "civil", "second_instance"),
        (10, "civil", "civil", "first_instance_ordinary"),
        (8, "criminal", "criminal", "second_instance"),
        (3, "criminal", "criminal", "first_instance_ordinary"),
        (5, "administrative", "administrative", "first_instance_ordinary"),
        (6, "administrative", "administrative", "second_instance"),
        (8, "supervision", "civil", "retrial_review"),
        (12, "enforcement", "enforcement", "enforcement"),
    ],
    "high": [
        (35, "civil", "civil", "second_instance"),
        (10, "civil", "civil", "first_instance_ordinary"),
        (25, "supervision", "civil", "retrial_review"),
        (10, "criminal", "criminal", "second_instance"),
        (10, "administrative", "administrative", "second_instance"),
        (5, "enforcement", "enforcement", "enforcement"),
    ],
}
LEVEL_SHARE = {"basic": 0.80, "intermediate": 0.16, "high": 0.04}
OPEN = ("registered", "assigned", "in_trial", "suspended")
OPEN_STATUSES = (("registered", 3), ("assigned", 20), ("in_trial", 67), ("suspended", 10))
OUTCOMES = (("judgment", 40), ("mediation", 25), ("withdrawal", 25), ("ruling", 5), ("dismissal", 5))
PARTY_SHARE = 0.33
YEARS = 8


def _weighted(rng: random.Random, pairs: Iterable[tuple[Any, float]]) -> Any:
    items = list(pairs)
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


@dataclass
class Slot:
    """Where one kind of case lands: a division of a court, its judges and support staff."""

    court_id: int
    court_code: str
    division_id: int
    case_type: str
    procedure: str
    type_code: str
    time_limit: str | None
    collegial: bool
    roles: tuple[str, str]
    judges: list[int]
    presiding: list[int]
    clerks: list[int]
    assistants: list[int]
    causes: list[tuple[int, str]]


@dataclass
class LoadStats:
    cases: int = 0
    open_cases: int = 0
    parties: int = 0
    events: int = 0
    panel_seats: int = 0
    suspensions: int = 0
    seconds: float = 0.0
    by_status: Counter = field(default_factory=Counter)
    by_level: Counter = field(default_factory=Counter)


def _slots() -> dict[str, list[tuple[float, list[Slot]]]]:
    """Per court level: (weight, slots across the level's courts) for each entry of MIX."""
    from xiezhi.accounts.models import StaffProfile, StaffRole
    from xiezhi.cases import rules
    from xiezhi.cases.models import CauseOfAction
    from xiezhi.courts.models import Court, Division

    causes: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for cause in CauseOfAction.objects.filter(is_active=True):
        causes[cause.kind].append((cause.pk, cause.name))
    staff: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for profile in StaffProfile.objects.active().exclude(division=None):
        staff[profile.division_id][profile.role].append(profile.user_id)
    out: dict[str, list[tuple[float, list[Slot]]]] = {}
    for level, mix in MIX.items():
        courts = list(Court.objects.filter(level=level, is_active=True).order_by("code"))
        entries = []
        for weight, division_kind, case_type, procedure in mix:
            kind = rules.case_kind(case_type, procedure)
            slots = []
            for court in courts:
                for division in Division.objects.filter(court=court, kind=division_kind).order_by("id"):
                    people = staff[division.pk]
                    judges = [
                        *people[StaffRole.JUDGE],
                        *people[StaffRole.PRESIDING_JUDGE],
                        *people[StaffRole.DIVISION_HEAD],
                    ]
                    if division_kind == "enforcement":
                        judges += people[StaffRole.ENFORCEMENT_OFFICER]
                    if not judges:
                        continue
                    roles = rules.party_roles_for(case_type, procedure)
                    if case_type == "criminal":
                        pair = (
                            ("appellant", "prosecutor")
                            if procedure == "second_instance"
                            else ("prosecutor", "accused")
                        )
                    else:
                        pair = (roles[0], roles[1])
                    cause_kind = case_type if case_type in ("criminal", "administrative") else "civil"
                    slots.append(
                        Slot(
                            court_id=court.pk,
                            court_code=court.code,
                            division_id=division.pk,
                            case_type=case_type,
                            procedure=procedure,
                            type_code=kind.type_code,
                            time_limit=kind.time_limit,
                            collegial=kind.collegial_required,
                            roles=pair,
                            judges=judges,
                            presiding=people[StaffRole.PRESIDING_JUDGE] or people[StaffRole.DIVISION_HEAD],
                            clerks=people[StaffRole.CLERK],
                            assistants=people[StaffRole.JUDGE_ASSISTANT],
                            causes=causes[cause_kind] or causes["civil"],
                        )
                    )
            if slots:
                entries.append((weight, slots))
        out[level] = entries
    return out


class _Limits:
    """The statutory limit of each rule, by start day (rules change over time)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, int], Any] = {}

    def period(self, key: str, start: date) -> Any:
        """The rule's limit on ``start``, or None when the procedure did not exist yet."""
        from xiezhi.cases import time_limits

        cached = self.cache.get((key, start.toordinal()), False)
        if cached is False:
            try:
                cached = time_limits.rule_for(key, start).limit
            except time_limits.TimeLimitError:
                cached = None
            self.cache[(key, start.toordinal())] = cached
        return cached

    def due(self, key: str | None, start: date) -> date | None:
        from xiezhi.cases import time_limits

        period = self.period(key, start) if key else None
        return time_limits.add_period(start, period) if period else None

    def exists(self, key: str | None, start: date) -> bool:
        """Whether the procedure existed on ``start`` (e.g. criminal fast-track only from 2018-10-26)."""
        return key is None or self.period(key, start) is not None


def _daily_intake(total: int, first: date, today: date) -> Iterator[tuple[date, int]]:
    """Cases registered each day: a caseload growing by half over the period, few at weekends."""
    days = (today - first).days + 1
    weights = [
        (1.0 + 0.5 * n / days) * (0.08 if (first + timedelta(n)).weekday() >= 5 else 1.0) for n in range(days)
    ]
    scale = total / sum(weights)
    carried = 0.0
    issued = 0
    for n, weight in enumerate(weights):
        carried += weight * scale
        count = int(carried)
        if n == days - 1:
            count = total - issued
        carried -= count
        issued += count
        if count:
            yield first + timedelta(n), count


def _p_open(age_days: int) -> float:
    if age_days < 60:
        return 0.9
    if age_days < 120:
        return 0.55
    if age_days < 200:
        return 0.2
    if age_days < 400:
        return 0.02
    return 0.002


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=8)


class Loader:
    """Streams generated rows into COPY; remembers what the parties, timeline and panels need."""

    def __init__(self, total: int, seed: int = 20261127) -> None:
        from django.utils import timezone

        from xiezhi.accounts.models import User
        from xiezhi.lib import fake

        self.total = total
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.first = date(self.today.year - YEARS, 1, 1)
        self.limits = _Limits()
        self.slots = _slots()
        self.target = User.objects.get(username=TARGET_JUDGE)
        self.names = [fake.chinese_name(self.rng) for _ in range(4000)]
        self.ids = [fake.identity_number(self.rng) for _ in range(4000)]
        self.phones = [fake.mobile(self.rng) for _ in range(1000)]
        self.stats = LoadStats()
        # Cases whose parties, timeline, panel and suspensions are written after the cases.
        self.details: list[tuple] = []

    def _next_ids(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM cases_case")
            self.next_id = cursor.fetchone()[0] + 1
        from xiezhi.cases.models import CaseNumberCounter

        self.counters: dict[tuple[int, int, str], int] = {
            (c.court_id, c.year, c.type_code): c.last_sequence
            for c in CaseNumberCounter.objects.filter(special="")
        }

    def _case_row(
        self, slot: Slot, registered: date, judge: int | None, status: str, force_parties: bool = False
    ) -> tuple:
        from xiezhi.nlp.case_numbers import format_case_number

        rng = self.rng
        case_id = self.next_id
        self.next_id += 1
        key = (slot.court_id, registered.year, slot.type_code)
        sequence = self.counters.get(key, 0) + 1
        self.counters[key] = sequence
        number = format_case_number(registered.year, slot.court_code, slot.type_code, sequence)
        cause_id, cause_name = rng.choice(slot.causes)
        first, second = rng.choice(self.names), rng.choice(self.names)
        if slot.case_type == "criminal":
            title = f"{second}{cause_name}案"
        else:
            title = f"{first}诉{second}{cause_name}"
        closed_on = effective_on = archived_on = None
        outcome = ""
        if status == "closed":
            age = (self.today - registered).days
            closed_on = min(self.today, registered + timedelta(rng.randint(10, max(11, min(age, 210)))))
            outcome = _weighted(rng, OUTCOMES)
            effective = closed_on + timedelta(rng.randint(16, 45))
            if effective <= self.today:
                effective_on, status = effective, "effective"
                archived = effective + timedelta(rng.randint(20, 150))
                if archived <= self.today:
                    archived_on, status = archived, "archived"
        if status == "registered":
            judge = None
        clerk = rng.choice(slot.clerks) if slot.clerks and judge else None
        assistant = rng.choice(slot.assistants) if slot.assistants and judge else None
        claim = None
        if slot.case_type in ("civil", "enforcement"):
            claim = f"{rng.lognormvariate(10.5, 1.3):.2f}"
        received = registered - timedelta(rng.randint(0, 7))
        created = _at(registered)
        self.stats.cases += 1
        self.stats.by_status[status] += 1
        if status in OPEN:
            self.stats.open_cases += 1
        with_parties = force_parties or rng.random() < PARTY_SHARE
        if with_parties or (slot.collegial and judge):
            self.details.append(
                (
                    case_id,
                    slot,
                    registered,
                    status,
                    judge,
                    first,
                    second,
                    closed_on,
                    effective_on,
                    archived_on,
                    with_parties,
                )
            )
        return (
            case_id,
            created,
            created,
            slot.court_id,
            slot.division_id,
            slot.case_type,
            slot.procedure,
            slot.type_code,
            registered.year,
            sequence,
            number,
            title[:200],
            cause_id,
            claim,
            received,
            registered,
            closed_on,
            effective_on,
            archived_on,
            status,
            outcome,
            judge,
            clerk,
            assistant,
            slot.collegial,
            None,
            "",
            self.limits.due(slot.time_limit, registered),
            "",
            "",
            1,
        )

    def _random_cases(self, count: int) -> Iterator[tuple]:
        rng = self.rng
        levels = list(LEVEL_SHARE.items())
        for day, n in _daily_intake(count, self.first, self.today):
            age = (self.today - day).days
            p_open = _p_open(age)
            for _ in range(n):
                level = _weighted(rng, levels)
                slots = _weighted(rng, [(s, w) for w, s in self.slots[level]])
                slot = rng.choice(slots)
                while not self.limits.exists(slot.time_limit, day):
                    slot = rng.choice(_weighted(rng, [(s, w) for w, s in self.slots[level]]))
                is_open = rng.random() < p_open
                status = _weighted(rng, OPEN_STATUSES) if is_open else "closed"
                judge = rng.choice(slot.judges)
                if judge == self.target.pk and is_open:
                    # The target judge's open caseload is set exactly below.
                    others = [j for j in slot.judges if j != self.target.pk]
                    judge = rng.choice(others)
                yield self._case_row(slot, day, judge, status)

    def _target_cases(self, count: int) -> Iterator[tuple]:
        """The target judge's open cases: civil cases of his division registered in the last 8 months."""
        civil = [
            s
            for _, slots in self.slots["basic"]
            for s in slots
            if self.target.pk in s.judges and s.case_type == "civil"
        ]
        for _ in range(count):
            slot = self.rng.choice(civil)
            registered = self.today - timedelta(int(240 * self.rng.random() ** 1.5))
            status = _weighted(self.rng, (("assigned", 15), ("in_trial", 75), ("suspended", 10)))
            yield self._case_row(slot, registered, self.target.pk, status, force_parties=True)

    def run(self) -> LoadStats:
        from django.db import connection, transaction

        from xiezhi.cases.models import Case

        started = time.perf_counter()
        self._next_ids()
        existing_open = Case.objects.open().filter(judge=self.target).count()
        columns = [f.column for f in Case._meta.concrete_fields]
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            log(f"COPY {self.total:,} cases …")
            with raw.copy(f"COPY cases_case ({', '.join(columns)}) FROM STDIN") as copy:
                for index, row in enumerate(self._random_cases(self.total - (TARGET_OPEN - existing_open))):
                    copy.write_row(row)
                    if index and index % 200_000 == 0:
                        log(f"  {index:,} cases")
                for row in self._target_cases(TARGET_OPEN - existing_open):
                    copy.write_row(row)
            self._details(raw)
            self._counters(raw)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(_no_style(), _loaded_models()):
                cursor.execute(sql)
        self.stats.seconds = time.perf_counter() - started
        return self.stats

    def _details(self, raw: Any) -> None:
        rng = self.rng
        party_id = _max_id(raw, "cases_party") + 1
        event_id = _max_id(raw, "cases_timelineevent") + 1
        seat_id = _max_id(raw, "cases_panelmember") + 1
        parties, events, seats, suspensions = [], [], [], []
        for (
            case_id,
            slot,
            registered,
            status,
            judge,
            first,
            second,
            closed_on,
            effective_on,
            archived_on,
            with_parties,
        ) in self.details:
            created = _at(registered)
            if with_parties:
                for position, (role, name) in enumerate(zip(slot.roles, (first, second), strict=True)):
                    organisation = role == "prosecutor"
                    parties.append(
                        (
                            party_id,
                            created,
                            created,
                            case_id,
                            "other" if organisation else "natural",
                            role,
                            f"{slot.court_code}人民检察院" if organisation else name,
                            "" if organisation else rng.choice("MF"),
                            None,
                            "" if organisation else rng.choice(self.ids),
                            "",
                            "",
                            "" if organisation else "浙江省杭州市西湖区文三路90号",
                            "" if organisation else rng.choice(self.phones),
                            None,
                            position,
                        )
                    )
                    party_id += 1
                steps = [("received", registered, 9), ("registered", registered, 10)]
                if judge:
                    assigned = min(self.today, registered + timedelta(rng.randint(0, 3)))
                    steps.append(("assigned", assigned, 11))
                    if status != "assigned":
                        steps.append(
                            ("trial_started", min(self.today, assigned + timedelta(rng.randint(1, 10))), 14)
                        )
                if status == "suspended":
                    start = min(self.today, registered + timedelta(rng.randint(15, 60)))
                    steps.append(("suspended", start, 15))
                    suspensions.append((case_id, start))
                for kind, day in (
                    ("closed", closed_on),
                    ("effective", effective_on),
                    ("archived", archived_on),
                ):
                    if day:
                        steps.append((kind, day, 16))
                for kind, day, hour in steps:
                    events.append((event_id, case_id, kind, _at(day, hour), None, True, ""))
                    event_id += 1
            if slot.collegial and judge:
                others = [j for j in slot.judges if j != judge]
                rng.shuffle(others)
                presiding = next((p for p in slot.presiding if p != judge), None) or (
                    others.pop() if others else None
                )
                members = [(judge, "judge")]
                if presiding:
                    members.append((presiding, "presiding"))
                members += [(j, "judge") for j in others if j != presiding][:1]
                for user_id, role in members:
                    seats.append((seat_id, case_id, user_id, role))
                    seat_id += 1
        log(f"COPY {len(parties):,} parties, {len(events):,} timeline events, {len(seats):,} panel seats …")
        _copy(raw, "cases_party", _columns("Party"), parties)
        _copy(raw, "cases_timelineevent", _columns("TimelineEvent"), events)
        _copy(raw, "cases_panelmember", _columns("PanelMember"), seats)
        suspension_rows = [(case_id, "appraisal", start, None, "鉴定") for case_id, start in suspensions]
        _copy(
            raw, "cases_suspension", ["case_id", "kind", "started_on", "ended_on", "reason"], suspension_rows
        )
        self.stats.parties, self.stats.events = len(parties), len(events)
        self.stats.panel_seats, self.stats.suspensions = len(seats), len(suspensions)

    def _counters(self, raw: Any) -> None:
        """The number counters stand at the last sequence loaded, as if the service had issued them."""
        rows = [(court, year, code, "", last) for (court, year, code), last in self.counters.items()]
        raw.execute(
            "CREATE TEMP TABLE bench_counter "
            "(court_id bigint, year int, type_code text, special text, last int)"
        )
        _copy(raw, "bench_counter", ["court_id", "year", "type_code", "special", "last"], rows)
        raw.execute(
            "INSERT INTO cases_casenumbercounter "
            "(court_id, year, type_code, special, last_sequence, issued_elsewhere_upto) "
            "SELECT court_id, year, type_code, special, last, 0 FROM bench_counter "
            "ON CONFLICT (court_id, year, type_code, special) "
            "DO UPDATE SET last_sequence = EXCLUDED.last_sequence"
        )
        raw.execute("DROP TABLE bench_counter")


def _no_style() -> Any:
    from django.core.management.color import no_style

    return no_style()


def _loaded_models() -> list[Any]:
    from xiezhi.cases.models import Case, PanelMember, Party, Suspension, TimelineEvent

    return [Case, Party, TimelineEvent, PanelMember, Suspension]


def _columns(model_name: str) -> list[str]:
    from django.apps import apps

    return [f.column for f in apps.get_model("cases", model_name)._meta.concrete_fields]


def _max_id(raw: Any, table: str) -> int:
    raw.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    return raw.fetchone()[0]


def _copy(raw: Any, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


# --- (b) server time of the pages -----------------------------------------------------------------


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(pick(0.95), 1),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
    }


def _timed(request: Callable[[int], Any], count: int, warmup: int) -> dict[str, Any]:
    """Wall time of each request and the CPU time this process spent on it (the difference is
    waiting: for PostgreSQL, and on a busy machine for a core). The warm-up requests are timed too,
    as "first visits": for the case pages they are each page's first request, whose rows may still
    be on disk rather than in PostgreSQL's cache."""
    firsts = []
    for i in range(warmup):
        started = time.perf_counter()
        response = request(i)
        firsts.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (response.status_code, response.content[:500])
    walls, cpus = [], []
    load_before = os.getloadavg()[0]
    for i in range(count):
        started, cpu = time.perf_counter(), time.thread_time()
        response = request(i)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.thread_time() - cpu) * 1000)
        assert response.status_code == 200, (response.status_code, response.content[:500])
    result: dict[str, Any] = _percentiles(walls)
    cpu_stats = _percentiles(cpus)
    result["cpu_p50_ms"], result["cpu_p95_ms"] = cpu_stats["p50_ms"], cpu_stats["p95_ms"]
    result["load_average"] = round((load_before + os.getloadavg()[0]) / 2, 1)
    first_stats = _percentiles(firsts) if firsts else {}
    result["first_visit_p50_ms"] = first_stats.get("p50_ms")
    result["first_visit_p95_ms"] = first_stats.get("p95_ms")
    result["warmup"] = warmup
    return result


def _queries(request: Callable[[], Any]) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        request()
    timed = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    return {
        "count": len(captured.captured_queries),
        "db_ms": round(sum(float(q["time"]) for q in captured.captured_queries) * 1000, 1),
        "slowest": [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:600]} for q in timed[:3]],
    }


def _explain(queryset: Any) -> list[str]:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def measure_pages(requests: int, warmup: int) -> dict[str, Any]:
    from django.test import Client
    from django.urls import reverse

    from xiezhi.accounts import services as account_services
    from xiezhi.accounts.models import User
    from xiezhi.cases import selectors
    from xiezhi.cases.models import Case

    judge = User.objects.select_related("staff_profile").get(username=TARGET_JUDGE)
    open_ids = list(Case.objects.open().filter(judge=judge).order_by("id").values_list("id", flat=True))
    assert len(open_ids) == TARGET_OPEN, len(open_ids)
    client = Client()
    client.force_login(judge)
    _token, raw_token = account_services.issue_api_token(judge, "benchmark")
    api = Client(headers={"Authorization": f"Bearer {raw_token}"})
    workbench = reverse("cases:workbench")

    def page(i: int) -> str:
        return reverse("cases:detail", args=[open_ids[i % len(open_ids)]])

    results: dict[str, Any] = {}
    plan = [
        ("workbench", lambda i: client.get(workbench)),
        ("case_page", lambda i: client.get(page(i))),
        ("api_list", lambda i: api.get("/api/v1/cases")),
        ("api_detail", lambda i: api.get(f"/api/v1/cases/{open_ids[i % len(open_ids)]}")),
    ]
    # Pages of one case are warmed up by visiting each of the judge's open cases once (the set the
    # timed requests cycle through): the timed figures are then the steady state, and the warm-up
    # pass is reported as first visits.
    per_case = {"case_page", "api_detail"}
    for name, request in plan:
        rounds = max(warmup, len(open_ids)) if name in per_case else warmup
        log(f"measuring {name} ({requests} requests after {rounds} warm-up) …")
        results[name] = _timed(request, requests, rounds)
        results[name]["queries"] = _queries(lambda request=request: request(0))
        log(
            f"  {name}: p50 {results[name]['p50_ms']} ms, p95 {results[name]['p95_ms']} ms "
            f"(CPU p50 {results[name]['cpu_p50_ms']} ms, load {results[name]['load_average']})"
        )
    listing = selectors.workbench_cases(judge, selectors.WorkbenchFilters())
    results["explain"] = {
        "workbench_page": _explain(listing[:50]),
        "workbench_count": _explain_count(listing),
    }
    results["workbench_query"] = compare_workbench_queries((TARGET_JUDGE, PANEL_JUDGE))
    results["case_page_db"] = _server_side_ms(lambda: client.get(page(7)))
    return results


def _execution(lines: list[str]) -> dict[str, Any]:
    """Execution time and whether the plan reads the whole case table, from EXPLAIN ANALYZE output."""
    found = re.search(r"Execution Time: ([\d.]+) ms", lines[-1])
    return {
        "ms": float(found.group(1)) if found else None,
        "seq_scan": any("Seq Scan on cases_case" in line for line in lines),
    }


def _proposed_workbench(judge: Any) -> Any:
    """The workbench list as it could be built: the judge's panel seats on *open* cases read first
    (a short list of ids), so the OR holds only indexable conditions (see the report's findings)."""
    from django.db.models import Q

    from xiezhi.cases import rules
    from xiezhi.cases.models import Case, PanelMember

    seats = list(
        PanelMember.objects.filter(user=judge, case__status__in=rules.OPEN_STATUSES).values_list(
            "case_id", flat=True
        )
    )
    mine = Q(judge=judge) | Q(id__in=seats) | Q(clerk=judge) | Q(assistant=judge)
    return (
        Case.objects.filter(mine, status__in=rules.OPEN_STATUSES)
        .by_urgency()
        .select_related("court", "division", "judge", "cause")
    )


def compare_workbench_queries(usernames: Iterable[str]) -> dict[str, Any]:
    """Server-side execution time of the workbench's page and count queries: as built now by
    ``selectors.workbench_cases`` and as proposed, for a judge without and one with many panel seats."""
    from xiezhi.accounts.models import User
    from xiezhi.cases import selectors
    from xiezhi.cases.models import PanelMember

    out: dict[str, Any] = {}
    for username in usernames:
        judge = User.objects.select_related("staff_profile").get(username=username)
        current = selectors.workbench_cases(judge, selectors.WorkbenchFilters())
        proposed = _proposed_workbench(judge)
        assert list(current.values_list("id", flat=True)) == list(proposed.values_list("id", flat=True))
        out[username] = {
            "open_cases": current.count(),
            "panel_seats": PanelMember.objects.filter(user=judge).count(),
            "current_page": _execution(_explain(current[:50])),
            "current_count": _execution(_explain_count(current)),
            "proposed_page": _execution(_explain(proposed[:50])),
            "proposed_count": _execution(_explain_count(proposed)),
        }
    return out


def _server_side_ms(request: Callable[[], Any]) -> dict[str, Any]:
    """Re-run every SELECT of one request under EXPLAIN ANALYZE: the database's own work, without
    the round trips and without waiting for a core."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        request()
    total, count = 0.0, 0
    for query in captured.captured_queries:
        if query["sql"].startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                total += _execution([row[0] for row in cursor.fetchall()])["ms"] or 0.0
                count += 1
    return {"selects": count, "execution_ms": round(total, 2)}


def _explain_count(queryset: Any) -> list[str]:
    """The plan of the paginator's COUNT over the same filtered set."""
    from django.db import connection

    inner, params = queryset.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) FROM ({inner}) AS counted", params)
        return [row[0] for row in cursor.fetchall()]


# --- (c) concurrent registration ------------------------------------------------------------------


def _register_worker(url: str, var_dir: str, count: int, index: int, ready: Any, go: Any, out: Any) -> None:
    """One filing clerk's process: register ``count`` cases as fast as the services allow."""
    configure(url, var_dir)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from xiezhi.accounts.models import User
    from xiezhi.audit.context import acting_as, actor_for_user
    from xiezhi.cases import services
    from xiezhi.cases.models import CauseOfAction
    from xiezhi.courts.models import Court, Division

    officer = User.objects.select_related("staff_profile__division").get(username=FILING_OFFICER)
    court = Court.objects.get(code="浙0106")
    division = Division.objects.get(court=court, name="民事审判第一庭")
    cause = CauseOfAction.objects.get(code="civil.private_lending")
    received = timezone.localdate() - timedelta(days=1)
    errors: list[str] = []
    done = statements = 0
    ready.wait()
    go.wait()
    started = time.perf_counter()
    with acting_as(actor_for_user(officer, "127.0.0.1", "benchmark")):
        for n in range(count):
            data = services.CaseInput(
                court=court,
                division=division,
                case_type="civil",
                procedure="first_instance_summary",
                received_on=received,
                cause=cause,
                claim_amount=None,
                parties=(
                    services.PartyInput("plaintiff", f"原告{index}-{n}", id_number=""),
                    services.PartyInput("defendant", f"被告{index}-{n}"),
                ),
            )
            try:
                if n == 0:
                    with CaptureQueriesContext(connection) as captured:
                        services.register_case(officer, data)
                    statements = len(captured.captured_queries)
                else:
                    services.register_case(officer, data)
                done += 1
            except Exception as exc:  # counted and reported; the run goes on
                errors.append(f"{exc.__class__.__name__}: {exc}"[:200])
    elapsed = time.perf_counter() - started
    connection.close()
    out.put(
        {
            "worker": index,
            "done": done,
            "seconds": elapsed,
            "errors": errors[:5],
            "error_count": len(errors),
            "statements": statements,
        }
    )


def register_concurrently(url: str, var_dir: str, total: int, workers: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from xiezhi.cases.models import Case, CaseNumberCounter
    from xiezhi.courts.models import Court

    court = Court.objects.get(code="浙0106")
    year = timezone.localdate().year
    before = CaseNumberCounter.objects.get(court=court, year=year, type_code="民初", special="").last_sequence
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(workers + 1)
    go = context.Barrier(workers + 1)
    out = context.Queue()
    share = [total // workers + (1 if i < total % workers else 0) for i in range(workers)]
    processes = [
        context.Process(target=_register_worker, args=(url, var_dir, share[i], i, ready, go, out))
        for i in range(workers)
    ]
    for process in processes:
        process.start()
    ready.wait()  # every worker has set up Django and connected
    log(f"registering {total:,} cases from {workers} processes …")
    started = time.perf_counter()
    go.wait()
    reports = [out.get(timeout=3600) for _ in processes]
    wall = time.perf_counter() - started
    for process in processes:
        process.join()
    done = sum(r["done"] for r in reports)
    sequences = sorted(
        Case.objects.filter(court=court, year=year, type_code="民初", sequence__gt=before).values_list(
            "sequence", flat=True
        )
    )
    series = list(
        Case.objects.filter(court=court, year=year, type_code="民初").values_list("sequence", flat=True)
    )
    after = CaseNumberCounter.objects.get(court=court, year=year, type_code="民初", special="").last_sequence
    gap_free = sequences == list(range(before + 1, before + done + 1)) and after == before + done
    whole_series_ok = sorted(series) == list(range(1, after + 1))
    started_verify = time.perf_counter()
    verify_ok = True
    try:
        call_command("cases", "verify-numbers", stdout=open(os.devnull, "w"))
    except Exception as exc:  # reported, not hidden
        verify_ok = False
        log(f"verify-numbers failed: {exc}")
    verify_seconds = time.perf_counter() - started_verify
    return {
        "workers": workers,
        "requested": total,
        "registered": done,
        "errors": sum(r["error_count"] for r in reports),
        "error_samples": [e for r in reports for e in r["errors"]][:5],
        "statements": max(r["statements"] for r in reports),
        "wall_seconds": round(wall, 2),
        "cases_per_second": round(done / wall, 1),
        "per_worker_seconds": sorted(round(r["seconds"], 2) for r in reports),
        "numbers_from": before + 1,
        "numbers_to": after,
        "new_numbers_gap_free_and_unique": gap_free,
        "whole_series_1_to_n": whole_series_ok,
        "verify_numbers_ok": verify_ok,
        "verify_numbers_seconds": round(verify_seconds, 1),
    }


# --- report ---------------------------------------------------------------------------------------


def _row(name: str, label: str, numbers: dict[str, Any], target: float | None) -> str:
    verdict = ""
    if target is not None:
        verdict = f"< {target:.0f} ms: " + ("**met**" if numbers["p95_ms"] < target else "**missed**")
    q = numbers["queries"]
    return (
        f"| {label} | {numbers['p50_ms']} | {numbers['p95_ms']} | {numbers['max_ms']} | "
        f"{numbers['cpu_p50_ms']} | {q['count']} | {q['db_ms']} | {numbers['load_average']} | {verdict} |"
    )


def report(
    load: dict[str, Any], pages: dict[str, Any], registration: dict[str, Any], sizes: dict[str, Any]
) -> str:
    from benchmarks._report import machine_line

    lines = [
        machine_line() + f" PostgreSQL {sizes['server_version']}; `nice benchmarks/cases.py`.",
        "",
        f"**Data** (bulk-loaded with COPY in {load['seconds']:.0f} s, then `VACUUM ANALYZE`): "
        f"{load['cases']:,} cases over the demo's {sizes['courts']} courts and {sizes['judges']} judges, "
        "registered "
        f"since {sizes['first_year']}; {load['open_cases']:,} open; {load['parties']:,} parties, "
        f"{load['events']:,} timeline events, {load['panel_seats']:,} panel seats. Table "
        f"`cases_case` {sizes['case_table']} with its indexes. `{TARGET_JUDGE}` handles {TARGET_OPEN} open "
        f"cases (and {sizes['target_closed']:,} closed ones).",
        "",
        f"**Server time** in-process through Django's test client (middleware, views, templates; no "
        f"network), {pages['workbench']['n']} requests each after a warm-up; the case page cycles through "
        "the judge's open cases. Times in ms: wall time (p50, p95, max), the CPU time the Django process "
        "spent (p50; the rest is waiting for PostgreSQL or, on a shared machine, for a core), the queries "
        "of one request with their database time, and the machine's load average while measuring.",
        "",
        "| Request | p50 | p95 | max | CPU p50 | queries | DB ms | load | target (p95) |",
        "|---|---|---|---|---|---|---|---|---|",
        _row(
            "workbench",
            f"Workbench `/workspace/cases/` ({TARGET_JUDGE}, first page of 50)",
            pages["workbench"],
            TARGETS_MS["workbench"],
        ),
        _row("case_page", "Case page `/workspace/cases/<id>/`", pages["case_page"], TARGETS_MS["case_page"]),
        _row("api_list", "API `GET /api/v1/cases` (20 a page, with total)", pages["api_list"], None),
        _row("api_detail", "API `GET /api/v1/cases/<id>`", pages["api_detail"], None),
        "",
        f"**Concurrent registration**: {registration['registered']:,} cases registered by "
        f"{registration['workers']} processes at once through `services.register_case`, all on one "
        f"number series (浙0106, {sizes['year']}, 民初: the worst case for the counter lock) in "
        f"{registration['wall_seconds']} s = **{registration['cases_per_second']} cases/s** "
        f"({registration['errors']} errors). Numbers {registration['numbers_from']:,}–"
        f"{registration['numbers_to']:,}: unique and gap-free: "
        f"{'yes' if registration['new_numbers_gap_free_and_unique'] else '**NO**'}; whole series 1..N: "
        f"{'yes' if registration['whole_series_1_to_n'] else '**NO**'}; `xiezhi cases verify-numbers` over "
        f"all {load['cases'] + registration['registered']:,} cases: "
        f"{'passed' if registration['verify_numbers_ok'] else '**failed**'} in "
        f"{registration['verify_numbers_seconds']} s.",
    ]
    return "\n".join([*lines, "", findings(pages, registration)])


def findings(pages: dict[str, Any], registration: dict[str, Any]) -> str:
    """What the numbers say, written from the measurements (EXPLAIN ANALYZE on the same database)."""
    query = pages["workbench_query"]
    target, panel = query[TARGET_JUDGE], query[PANEL_JUDGE]

    def ms(entry: dict[str, Any]) -> str:
        return f"{entry['ms']:.1f}" if entry["ms"] is not None else "?"

    out = ["**Findings.**", ""]
    workbench = pages["workbench"]
    met = workbench["p95_ms"] < TARGETS_MS["workbench"]
    if target["current_page"]["seq_scan"] or target["current_count"]["seq_scan"]:
        out.append(
            f"- Workbench{'' if met else ' (target missed)'}: its page query and the paginator's count take "
            f"{ms(target['current_page'])} + {ms(target['current_count'])} ms of database time (EXPLAIN "
            "ANALYZE) because each reads the whole case table (Seq Scan). `selectors.visible_cases()` and "
            "`workbench_cases()` put `id IN (SELECT case_id FROM cases_panelmember WHERE user_id = …)` in "
            "an OR with `judge_id`, `clerk_id` and `assistant_id`; PostgreSQL cannot combine a sub-plan with "
            "index scans (no BitmapOr), so it filters all rows. The fix needs no new index: read the user's "
            "panel seats on the listed statuses first (for the default open list "
            "`PanelMember.objects.filter(user=user, case__status__in=OPEN_STATUSES)`, a short list) and put "
            "the ids in the OR (`Q(id__in=[…])`). The plan becomes a BitmapOr over `case_judge_status_idx`, "
            f"the primary key and the clerk/assistant indexes: {ms(target['proposed_page'])} + "
            f"{ms(target['proposed_count'])} ms for `{TARGET_JUDGE}`; for `{PANEL_JUDGE}` "
            f"({panel['panel_seats']:,} panel seats, {panel['open_cases']:,} open cases) "
            f"{ms(panel['current_page'])} + {ms(panel['current_count'])} → {ms(panel['proposed_page'])} + "
            f"{ms(panel['proposed_count'])} ms (the same result rows, checked). Reading *all* seats instead "
            "gives a list of tens of thousands of ids that PostgreSQL again answers with a Seq Scan; the "
            "`status=all` view of such a judge stays a scan and would need the OR split into a UNION of "
            "indexed branches (or a per-user access table) if it has to be fast. The API list "
            "(`/api/v1/cases`) uses the same selector and gains the same."
        )
    else:
        out.append(
            f"- Workbench: page and count queries take {ms(target['current_page'])} + "
            f"{ms(target['current_count'])} ms of database time, using the indexes."
        )
    case_page = pages["case_page"]
    db = pages["case_page_db"]
    out.append(
        f"- Case page{'' if case_page['p95_ms'] < TARGETS_MS['case_page'] else ' (target missed)'}: its "
        f"{db['selects']} SELECTs need {db['execution_ms']} ms of database work in all (every one by primary "
        f"or foreign key); the rest is Python — ORM and template rendering, CPU p50 "
        f"{case_page['cpu_p50_ms']} ms — and, on this shared 2-core machine (load average "
        f"{case_page['load_average']} while measuring, the benchmark itself under `nice`), waiting for a "
        "core and for each round trip. Timed after each of the judge's open cases had been visited once; "
        f"those first visits, when a case's rows may still come from disk, took p50 "
        f"{case_page.get('first_visit_p50_ms')} ms, p95 {case_page.get('first_visit_p95_ms')} ms."
    )
    out.append(
        f"- Registration: one registration is {registration['statements']} statements in one transaction "
        "that holds the series' counter row and the audit-chain head row (both `SELECT … FOR UPDATE`) until "
        "it commits, so concurrent registrations — and every other audited write — run one after the other; "
        "the throughput is one over that transaction's duration, which on a busy machine is mostly waiting "
        "for a core between the statements. Numbers stayed unique and gap-free under the contention."
    )
    return "\n".join(out)


def _sizes() -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from xiezhi.accounts.models import StaffProfile, User
    from xiezhi.cases.models import Case
    from xiezhi.courts.models import Court

    target = User.objects.get(username=TARGET_JUDGE)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('cases_case'))")
        case_table = cursor.fetchone()[0]
    return {
        "server_version": version,
        "courts": Court.objects.exclude(level="supreme").count(),
        "judges": StaffProfile.objects.filter(role__in=["judge", "presiding_judge", "division_head"]).count(),
        "first_year": timezone.localdate().year - YEARS,
        "year": timezone.localdate().year,
        "case_table": case_table,
        "target_closed": Case.objects.filter(judge=target).exclude(status__in=OPEN).count(),
    }


def _load_fresh(url: str, cases: int) -> LoadStats:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))
    load = Loader(cases).run()
    log(f"loaded in {load.seconds:.0f} s; VACUUM ANALYZE …")
    with connection.cursor() as cursor:
        for table in (
            "cases_case",
            "cases_party",
            "cases_timelineevent",
            "cases_panelmember",
            "cases_suspension",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
        # What was loaded, for a later --reuse run on the same database.
        cursor.execute("CREATE TABLE bench_meta (key text PRIMARY KEY, value jsonb)")
        cursor.execute(
            "INSERT INTO bench_meta VALUES ('load', %s::jsonb)", [json.dumps(_load_dict(load), default=str)]
        )
    return load


def _load_dict(load: LoadStats) -> dict[str, Any]:
    data = {k: v for k, v in load.__dict__.items() if not isinstance(v, Counter)}
    data["by_status"] = dict(load.by_status)
    return data


def _reused_load() -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    # The database may predate newer migrations of the code being measured.
    call_command("migrate", verbosity=0)

    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'load'")
        row = cursor.fetchone()
    if row is None:
        raise SystemExit("--reuse: the benchmark database has no loaded data; run without --reuse first")
    value = row[0]
    return json.loads(value) if isinstance(value, str) else value


def _database_exists(url: str) -> bool:
    import psycopg

    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_database_name(url)]).fetchone()
            is not None
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--cases", type=int, default=1_000_000, help="Cases to bulk-load (default 1,000,000)."
    )
    parser.add_argument("--requests", type=int, default=200, help="Timed requests per page (default 200).")
    parser.add_argument("--warmup", type=int, default=20, help="Warm-up requests per page (default 20).")
    parser.add_argument("--register", type=int, default=10_000, help="Cases to register concurrently.")
    parser.add_argument("--workers", type=int, default=8, help="Registering processes (default 8).")
    parser.add_argument("--keep", action="store_true", help="Leave the benchmark database in place.")
    parser.add_argument(
        "--reuse", action="store_true", help="Measure on the database a --keep run left (skip the load)."
    )
    parser.add_argument("--no-write", action="store_true", help="Print the report; do not touch docs/.")
    args = parser.parse_args()
    if args.cases < 10_000 or args.requests < 1:
        raise SystemExit("--cases must be at least 10,000 and --requests at least 1")

    url = os.environ.get("XIEZHI_BENCH_POSTGRES_URL", DEFAULT_URL)
    var_dir = tempfile.mkdtemp(prefix="xiezhi-bench-")
    if args.reuse:
        if not _database_exists(url):
            raise SystemExit(f"--reuse: database {_database_name(url)} does not exist")
        log(f"reusing {_database_name(url)}")
    else:
        log(f"re-creating {_database_name(url)} …")
        recreate_database(url)
    configure(url, var_dir)
    try:
        load = _reused_load() if args.reuse else _load_dict(_load_fresh(url, args.cases))
        sizes = _sizes()
        pages = measure_pages(args.requests, args.warmup)
        registration = register_concurrently(url, var_dir, args.register, args.workers)
        markdown = report(load, pages, registration, sizes)
        raw = {"load": load, "sizes": sizes, "pages": pages, "registration": registration}
        print(markdown)
        if not args.no_write:
            from benchmarks._report import write_section

            write_section("cases", markdown, raw)
            log("docs/benchmarks.md updated")
    finally:
        if args.keep or args.reuse:
            log(f"kept database {_database_name(url)}")
        else:
            drop_database(url)


if __name__ == "__main__":
    main()
