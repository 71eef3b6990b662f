"""The legal user dictionary (``xiezhi/nlp/resources/segment/legal_words.txt``)."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from .normalisation import fold

__all__ = ["compound_parts", "legal_words"]

_RESOURCE = ("resources", "segment", "legal_words.txt")


@lru_cache(maxsize=1)
def legal_words() -> tuple[str, ...]:
    """The project's legal words (charges with and without 罪, law short names, legal terms).

    Returned folded (simplified, lower-case), de-duplicated, in file order — the form the segmenter
    sees, because text is folded before it is segmented.
    """
    # The resources directory has no __init__.py, so it is addressed from the xiezhi.nlp package.
    source = files("xiezhi.nlp").joinpath(*_RESOURCE).read_text(encoding="utf-8")
    seen: dict[str, None] = {}
    for raw in source.splitlines():
        word = raw.split("#", 1)[0].strip()
        if word:
            seen.setdefault(fold(word), None)
    return tuple(seen)


@lru_cache(maxsize=1)
def compound_parts() -> dict[str, tuple[str, ...]]:
    """Legal words that contain other legal words of 4+ characters: ``危险驾驶罪 → (危险驾驶,)``.

    Search-mode segmentation (jieba's ``cut_for_search``) only adds the 2- and 3-character
    sub-words of a long word, so ``危险驾驶罪`` yields 危险/驾驶/危险驾驶罪 but not 危险驾驶; the
    search analyzer adds these parts itself so that the word field of a document with 危险驾驶罪
    also scores a search for 危险驾驶.
    """
    words = legal_words()
    long_words = {w for w in words if len(w) >= 4}
    parts: dict[str, tuple[str, ...]] = {}
    for word in words:
        inner = [
            word[i:j]
            for i in range(len(word))
            for j in range(i + 4, len(word) + 1)
            if (i, j) != (0, len(word)) and word[i:j] in long_words
        ]
        if inner:
            parts[word] = tuple(dict.fromkeys(inner))
    return parts
