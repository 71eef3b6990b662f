"""The inner structure of an article's text: paragraphs (款) and their items (项).

Plain functions on strings (no Django). In the statute texts we import, each paragraph of an
article stands on its own line, and each item on its own line starting with （一）, （二） ...;
items belong to the paragraph above them. Paragraphs are counted without the item lines, as
lawyers count them: 第一百三十三条之一第二款 is the line after the four items of the first paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xiezhi.nlp.citations import chinese_to_int

__all__ = ["Item", "Paragraph", "find_item", "paragraphs"]

_ITEM_RE = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十百零〇0-9０-９]+)\s*[)）]\s*")


@dataclass(frozen=True)
class Item:
    """One item (项) of a paragraph: （二）在公共交通工具上抢劫的；"""

    number: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (款), numbered from 1, with its items in order."""

    number: int
    text: str
    items: tuple[Item, ...] = field(default=())

    def item(self, number: int) -> Item | None:
        return next((i for i in self.items if i.number == number), None)


def _item_number(line: str) -> int | None:
    match = _ITEM_RE.match(line)
    return chinese_to_int(match.group(1)) if match else None


def paragraphs(text: str) -> list[Paragraph]:
    """Split an article's text into its paragraphs, each with the items listed under it.

    Item lines before any paragraph (an article that opens with a list) form paragraph 1 with an
    empty lead text.
    """
    result: list[tuple[str, list[Item]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        number = _item_number(line)
        if number is not None:
            if not result:
                result.append(("", []))
            result[-1][1].append(Item(number, line))
        else:
            result.append((line, []))
    return [Paragraph(i, lead, tuple(items)) for i, (lead, items) in enumerate(result, start=1)]


def find_item(parts: list[Paragraph], item: int, paragraph: int | None = None) -> tuple[int, Item] | None:
    """The item ``item`` of paragraph ``paragraph`` — or, when no paragraph is given, of the only
    paragraph that has items (judgments often write 第二百六十三条第（四）项). Returns
    (paragraph number, item) or None when there is no such item or the choice is ambiguous."""
    if paragraph is not None:
        chosen = [p for p in parts if p.number == paragraph]
    else:
        chosen = [p for p in parts if p.items]
        if len(chosen) != 1:
            return None
    if not chosen:
        return None
    found = chosen[0].item(item)
    return (chosen[0].number, found) if found else None
