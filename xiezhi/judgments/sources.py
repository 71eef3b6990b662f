"""Reading judgments from files, one at a time: plain text, DOCX, PDF, or JSON Lines.

Nothing is loaded whole that could be large: a JSON Lines file is read line by line from a byte
offset (so an interrupted import continues where it stopped), a folder is walked in sorted order,
and a plain text, DOCX or PDF file holds one judgment and is refused above :data:`MAX_FILE_BYTES`.
A file that cannot be read becomes a :class:`SourceItem` with an ``error`` that says why — it never
stops the import.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

__all__ = [
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "SourceFile",
    "SourceItem",
    "Walk",
    "decode_text",
    "docx_text",
    "fingerprint",
    "pdf_text",
    "read_items",
]

SUFFIXES = (".txt", ".docx", ".pdf", ".jsonl")
#: One judgment in a text, DOCX or PDF file is at most this large (a long judgment is ~1 MB as PDF).
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Largest document.xml unpacked from a DOCX (a zip bomb stops here).
MAX_DOCX_XML_BYTES = 100 * 1024 * 1024
#: Longest line of a JSON Lines file (one judgment with its metadata).
MAX_LINE_BYTES = 20 * 1024 * 1024
FINGERPRINT_BYTES = 64 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class SourceFile:
    """A file to import: its absolute path, size and kind (txt, docx, pdf, jsonl)."""

    path: str
    size: int
    kind: str


@dataclass
class SourceItem:
    """One judgment read from a file, or the reason it could not be read.

    ``position`` is the byte offset where reading continues after this item (the file's size for
    one-judgment files); ``record`` the 1-based line (JSON Lines) or 1.
    """

    file: SourceFile
    record: int
    position: int
    text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    @property
    def where(self) -> str:
        return f"{self.file.path}:{self.record}" if self.file.kind == "jsonl" else self.file.path


class Walk:
    """The importable files under a path (a file, or a folder walked in sorted order), one at a time.

    Nothing is collected: a folder of a million files is walked in constant memory. Files of other
    types are counted in ``unsupported`` (the first :data:`KEEP_NAMES` names kept for the report).
    Raises ``FileNotFoundError`` for a missing path.
    """

    KEEP_NAMES = 20

    def __init__(self, path: str | Path) -> None:
        self.root = Path(path).expanduser().resolve()
        if not self.root.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        self.unsupported = 0
        self.unsupported_names: list[str] = []

    def files(self) -> Iterator[SourceFile]:
        """The files to import, in a stable order (the same on every run)."""
        self.unsupported, self.unsupported_names = 0, []
        for full in self._paths():
            suffix = full.suffix.lower()
            if suffix in SUFFIXES:
                try:
                    size = full.stat().st_size
                except OSError:
                    continue  # removed while walking
                yield SourceFile(str(full), size, suffix[1:])
            else:
                self.unsupported += 1
                if len(self.unsupported_names) < self.KEEP_NAMES:
                    self.unsupported_names.append(str(full))

    def size(self) -> tuple[int, int]:
        """(files, bytes) to import: a pass over the names and sizes only, for the progress bar."""
        count = total = 0
        for full in self._paths():
            if full.suffix.lower() in SUFFIXES:
                try:
                    total += full.stat().st_size
                except OSError:
                    continue
                count += 1
        return count, total

    def _paths(self) -> Iterator[Path]:
        if self.root.is_file():
            yield self.root
            return
        for folder, dirs, names in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if not name.startswith("."):
                    yield Path(folder) / name


def fingerprint(path: str) -> str:
    """SHA-256 of the file's first 64 KiB: tells a file apart from another one at the same path."""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read(FINGERPRINT_BYTES)).hexdigest()


def read_items(source: SourceFile, start: int = 0, record: int = 0) -> Iterator[SourceItem]:
    """The judgments of one file, from byte offset ``start`` (after ``record`` records) on."""
    if source.kind == "jsonl":
        yield from _jsonl(source, start, record)
        return
    if start > 0:
        return  # a one-judgment file already read
    if source.size > MAX_FILE_BYTES:
        yield SourceItem(source, 1, source.size, error=_too_large(source.size))
        return
    try:
        if source.kind == "txt":
            with open(source.path, "rb") as handle:
                text = decode_text(handle.read())
        elif source.kind == "docx":
            text = docx_text(source.path)
        else:
            text = pdf_text(source.path)
    except (OSError, ValueError) as exc:
        yield SourceItem(source, 1, source.size, error=str(exc))
        return
    yield SourceItem(source, 1, source.size, text=text, metadata={"id": Path(source.path).name})


def _too_large(size: int) -> str:
    limit = MAX_FILE_BYTES // 1024 // 1024
    return f"file of {size / 1024 / 1024:.0f} MB is larger than one judgment can be ({limit} MB)"


def _jsonl(source: SourceFile, start: int, record: int) -> Iterator[SourceItem]:
    with open(source.path, "rb") as handle:
        handle.seek(start)
        position = start
        while True:
            raw = handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                # Skip the rest of an over-long line without holding it in memory.
                while raw and not raw.endswith(b"\n"):
                    position += len(raw)
                    raw = handle.readline(MAX_LINE_BYTES)
                position += len(raw)
                record += 1
                yield SourceItem(source, record, position, error="line longer than 20 MB: not one judgment")
                continue
            position += len(raw)
            record += 1
            line = raw.strip()
            if not line:
                continue
            yield _jsonl_item(source, record, position, line)


def _jsonl_item(source: SourceFile, record: int, position: int, line: bytes) -> SourceItem:
    try:
        data = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return SourceItem(source, record, position, error="line is not UTF-8 (JSON Lines must be UTF-8)")
    except json.JSONDecodeError as exc:
        return SourceItem(
            source, record, position, error=f"line is not JSON ({exc.msg} at column {exc.colno})"
        )
    if not isinstance(data, dict):
        return SourceItem(source, record, position, error='line is not a JSON object {"text": …}')
    text = data.pop("text", None)
    if not isinstance(text, str) or not text.strip():
        return SourceItem(
            source, record, position, error='no "text" (the judgment as a string) in the object'
        )
    metadata = {key: value for key, value in data.items() if isinstance(key, str)}
    return SourceItem(source, record, position, text=text, metadata=metadata)


def decode_text(data: bytes) -> str:
    """Text of a plain-text judgment: UTF-8 (with or without BOM), UTF-16, or GB18030.

    GB18030 is a superset of GBK and GB2312, the encodings older Chinese Windows programs save in.
    Raises ``ValueError`` naming the problem when it is none of these (or binary).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _normalise_newlines(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise ValueError("text file with a UTF-16 mark that is not UTF-16") from None
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte-order mark: every other byte of CJK-and-ASCII text is rarely zero in
        # one half and often zero in the other; anything else with NUL bytes is not text.
        head = data[:4096]
        odd, even = head[1::2].count(0), head[0::2].count(0)
        encoding = "utf-16-le" if odd > 4 * even else "utf-16-be" if even > 4 * odd else ""
        if encoding and len(data) % 2 == 0:
            try:
                return _normalise_newlines(data.decode(encoding))
            except UnicodeDecodeError:
                pass
        raise ValueError("binary file, not text (is it a .doc or an image renamed .txt?)")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _normalise_newlines(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ValueError("text file in neither UTF-8 nor GB18030/GBK: save it as UTF-8")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def docx_text(path: str) -> str:
    """The paragraphs of a Word .docx document, one per line (tables cell by cell).

    Read with the standard library (the document is a ZIP of XML parts): no extra dependency, and
    the unpacked size is bounded. Raises ``ValueError`` for a damaged, encrypted or non-Word file.
    """
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ValueError("not a Word .docx document (old .doc files must be saved as .docx or PDF)") from None
    with archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            raise ValueError("a ZIP file without word/document.xml: not a Word .docx document") from None
        if info.flag_bits & 0x1:
            raise ValueError("password-protected Word document: remove the password and save again")
        if info.file_size > MAX_DOCX_XML_BYTES:
            raise ValueError("Word document unpacks to more than 100 MB: not one judgment")
        paragraphs: list[str] = []
        current: list[str] = []
        try:
            with archive.open(info) as part:
                # Safe on untrusted input: ElementTree never fetches external entities, and the expat
                # bundled with Python >= 3.11 (2.4.1+) refuses entity-expansion bombs.
                for event, element in ElementTree.iterparse(part, events=("start", "end")):  # noqa: S314
                    tag = element.tag
                    if event == "start":
                        continue
                    if tag == f"{_W}t":
                        current.append(element.text or "")
                    elif tag == f"{_W}tab":
                        current.append("\t")
                    elif tag in (f"{_W}br", f"{_W}cr"):
                        current.append("\n")
                    elif tag == f"{_W}p":
                        paragraphs.append("".join(current))
                        current = []
                        element.clear()
        except (ElementTree.ParseError, zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ValueError(f"damaged Word document ({exc})") from None
    return "\n".join(paragraphs)


def pdf_text(path: str) -> str:
    """The text layer of a PDF, page by page. Raises ``ValueError`` for a damaged, encrypted or
    scanned (image-only) PDF, saying which."""
    from pypdf import PdfReader

    # pypdf reports what it repairs through warnings and its logger; the import reports the outcome.
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with open(path, "rb") as handle:
                reader = PdfReader(handle, strict=False)
                encrypted = reader.is_encrypted
                pages = [] if encrypted else [page.extract_text() or "" for page in reader.pages]
        except Exception as exc:  # pypdf raises many types for broken files; all mean "cannot be read"
            raise ValueError(f"damaged PDF that cannot be read ({type(exc).__name__})") from None
        finally:
            quiet.setLevel(level)
    if encrypted:
        raise ValueError("encrypted PDF: remove the password and export it again")
    text = _normalise_newlines("\n".join(pages))
    if not text.strip():
        raise ValueError("PDF without a text layer (a scanned image?): it needs OCR before import")
    return text
