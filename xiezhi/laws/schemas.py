"""Typed edges of the laws API (``/api/v1/laws``)."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

from .forms import MAX_CHECK_CHARS
from .models import DocType, VersionStatus


def _values(enum) -> str:  # type: ignore[no-untyped-def]
    return ", ".join(member.value for member in enum)


class LawFilter(Schema):
    q: str | None = Field(None, max_length=100, description="Part of the name, short name or an alias.")
    doc_type: str | None = Field(None, description=f"One of: {_values(DocType)}.")
    status: str | None = Field(None, description=f"Status of the current version: {_values(VersionStatus)}.")
    page: int = Field(1, ge=1, le=100_000, description="Page number, from 1.")
    page_size: int = Field(50, ge=1, le=200, description="Laws per page (at most 200).")


class VersionOut(Schema):
    id: int
    version_date: date
    publish_date: date | None
    effective_date: date | None
    status: str = Field(description=f"One of: {_values(VersionStatus)} (as of the last import).")
    valid_from: date | None
    valid_to: date | None
    is_current: bool
    article_count: int


class LawOut(Schema):
    id: int
    name: str
    short_name: str
    doc_type: str
    level: str
    department: str
    issuing_body: str
    status: str | None = Field(description="Status of the current version.")
    version_date: date | None = Field(description="Date of the current version.")
    url: str = Field(description="The law's page in the statute browser.")


class LawPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[LawOut]


class HeadingOut(Schema):
    title: str
    anchor: str
    sections: list[str]


class ArticleOut(Schema):
    label: str
    kind: str
    number: int
    suffix: int
    chapter: str
    section: str
    text: str
    url: str


class LawDetailOut(LawOut):
    aliases: list[str]
    versions: list[VersionOut]
    version: VersionOut = Field(
        description="The version whose articles follow (?version=, else the current)."
    )
    contents: list[HeadingOut]
    articles: list[ArticleOut]


class LookupOut(Schema):
    law: str
    law_id: int
    version: VersionOut
    article: ArticleOut
    label: str = Field(description="What was found, e.g. 第六十七条第三款.")
    paragraph: int | None = Field(description="Paragraph (款) number, when one was asked for and exists.")
    item: int | None = Field(description="Item (项) number, when one was asked for and exists.")
    text: str = Field(description="The item's, the paragraph's or the whole article's text.")
    notes: list[str]
    url: str


class CheckIn(Schema):
    text: str = Field(description=f"The text to check, at most {MAX_CHECK_CHARS} characters.")
    on: date | None = Field(None, description="Day whose law applies (the judgment's date); default today.")


class CitationOut(Schema):
    text: str = Field(description="The article words as written, text == input[start:end].")
    start: int
    end: int
    law: str | None = Field(description="The law's full official name, as normalised.")
    law_text: str | None
    law_start: int | None
    law_end: int | None
    article: str = Field(description="Canonical label, e.g. 第六十七条第三款.")
    number: int
    suffix: int
    paragraph: int | None
    item: int | None
    status: str = Field(
        description="ok, unknown_law, no_such_article, no_such_paragraph, no_such_item, not_in_force, "
        "suspicious_range (an end of a range of more than 50 articles, not expanded); neutral: "
        "unverified (the day precedes the earliest text the knowledge base holds), not_in_source (a "
        "judicial interpretation or other normative document the knowledge base does not hold)."
    )
    ok: bool
    flagged: bool = Field(description="Wrong or suspicious; false for ok and for the neutral statuses.")
    message: str
    message_zh: str
    url: str | None = Field(description="The cited article in the statute browser (#para-N for a paragraph).")
    law_url: str | None


class CheckOut(Schema):
    on: date
    count: int
    flagged: int
    truncated: bool = Field(
        description="True when the text cites more than the limit; only the first citations were checked."
    )
    notes: list[str] = Field(description='What was limited, as "English. / 中文。".')
    citations: list[CitationOut]
