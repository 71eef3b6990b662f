"""The text of a stored file, for the search index: PDF (pypdf), DOCX, plain text.

Pure functions over bytes, no database. A file whose text cannot be had — a text file in no
encoding we can recognise, a PDF pypdf cannot read — raises :class:`Unreadable` with a reason the
reindex report shows; the indexer skips that file and goes on.

Plain text is decoded by its byte-order mark, else as UTF-8, else GB18030 (which includes GBK and
GB2312, the usual encodings of Chinese documents written on Windows) or Big5 — each strictly; when
both decode, the one whose result looks like Chinese text wins; a result with many control
characters is refused as binary. DOCX text is read straight
from ``word/document.xml`` (paragraphs, tables' cell text and text runs, in document order), which
is what search needs and does not depend on the package's other parts being present.
"""

from __future__ import annotations

import codecs
import html
import io
import re
import zipfile

__all__ = ["MAX_CHARS", "Unreadable", "clean_text", "decode_text", "extract_text"]

#: Longest text kept per file (about 150 pages); the rest is not indexed.
MAX_CHARS = 300_000
MAX_PDF_PAGES = 500
MAX_DOCX_XML = 50 * 1024 * 1024  # bytes of word/document.xml read (markup is most of it)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACKS = ("utf-8", "gb18030", "big5")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DOCX_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_DOCX_TOKEN = re.compile(r"<w:t(?:\s[^>]*)?>[^<]*</w:t>|</w:p>|<w:br\s*/>|<w:tab\s*/>")


class Unreadable(Exception):
    """The file's text cannot be extracted; ``reason`` says why (shown in the reindex report)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def clean_text(text: str) -> str:
    """Drop control characters (NUL cannot be stored by PostgreSQL), keep tabs and line breaks,
    cut at :data:`MAX_CHARS`. Lone surrogates are left for the indexer to refuse."""
    return _CONTROL.sub("", text[:MAX_CHARS])


def _plausibility(text: str) -> float:
    """Share of characters a Chinese document is made of: CJK ideographs, CJK and full-width
    punctuation, ASCII printables and whitespace. Text decoded with the wrong one of GB18030 and
    Big5 is full of kana, bopomofo, private-use and other rare characters."""
    if not text:
        return 1.0
    plain = sum(
        1
        for c in text
        if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or c.isascii()
    )
    return plain / len(text)


def decode_text(data: bytes) -> str:
    """Decode a plain-text file (see the module docstring); raises :class:`Unreadable`."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise Unreadable(f"starts like {encoding} but is not valid {encoding}") from None
    candidates: list[tuple[float, int, str]] = []
    for rank, encoding in enumerate(_FALLBACKS):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = len(_CONTROL.findall(text))
        if controls > max(2, len(text) // 100):
            continue  # decodes, but as binary noise
        if encoding == "utf-8":
            return text  # valid UTF-8 is almost never an accident
        candidates.append((_plausibility(text), -rank, text))
    if candidates:
        return max(candidates)[2]
    raise Unreadable(
        "the text is in no encoding we recognise (tried UTF-8, GB18030 and Big5): broken encoding"
    )


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Unreadable("the PDF is encrypted")
        parts: list[str] = []
        size = 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES or size >= MAX_CHARS:
                break
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
    except Unreadable:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise Unreadable(f"the PDF cannot be read ({type(exc).__name__}: {str(exc)[:120]})") from None
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("word/document.xml") as part:
            xml = part.read(MAX_DOCX_XML).decode("utf-8", "ignore")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, ValueError, OSError) as exc:
        raise Unreadable(f"the Word document cannot be read ({type(exc).__name__})") from None
    out: list[str] = []
    for token in _DOCX_TOKEN.finditer(xml):
        piece = token.group(0)
        match = _DOCX_TEXT.fullmatch(piece)
        if match:
            out.append(html.unescape(match.group(1)))
        elif piece.startswith("<w:tab"):
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def extract_text(data: bytes, content_type: str) -> str:
    """The text of a file of ``content_type`` (as stored: PDF, DOCX, text/plain), cleaned.

    Other types (there are none in a case file today: photos become PDFs on upload) give "".
    Raises :class:`Unreadable`.
    """
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/pdf":
        text = _pdf_text(data)
    elif kind == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        text = _docx_text(data)
    elif kind.startswith("text/"):
        text = decode_text(data)
    else:
        return ""
    return clean_text(text)
