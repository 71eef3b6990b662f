"""Checking an uploaded file before it may enter a case file (电子卷宗): pure functions, no database.

What a file *is* is decided from its content (magic bytes, then its structure), never from its name:
an executable renamed ``.pdf`` is still an executable. Accepted are PDF, JPEG, PNG, HEIC photos (when
pillow-heif is installed), Word DOCX and UTF-8 plain text. Photos are turned into one-page PDFs
(upright per their EXIF orientation, with their metadata — location included — left behind), so
that a volume holds documents, not camera files. The SHA-256 is computed while the upload is read.

Every refusal is an :class:`UploadRejected` whose ``message`` tells the uploader what is wrong and
how to fix it; its ``code`` is stable for programs (API clients, tests).
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

__all__ = [
    "ACCEPTED_DESCRIPTION",
    "Limits",
    "PreparedUpload",
    "UploadRejected",
    "clean_name",
    "heif_supported",
    "image_to_pdf",
    "prepare_upload",
    "sniff",
]

CHUNK = 64 * 1024
MB = 1024 * 1024


class UploadRejected(Exception):
    """An upload that is refused; ``message`` says what is wrong and how to fix it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Limits:
    """How much an upload may weigh. The service builds this from settings; tests pass their own."""

    max_bytes: int = 20 * MB
    #: A photo larger than this (width × height) is refused before it is decoded: decoding a
    #: decompression bomb (a tiny file claiming a huge canvas) would exhaust memory.
    max_pixels: int = 60_000_000
    #: A DOCX may unpack to at most this much, and no part may be compressed more than max_zip_ratio
    #: times (text compresses about 5–20 times; a zip bomb a thousand times and more).
    max_unzipped_bytes: int = 200 * MB
    max_zip_ratio: int = 100
    max_zip_members: int = 2000
    #: Longest side of a photo in the PDF made from it: 4096 px keeps a 12-megapixel phone photo
    #: as taken and is well above 300 dpi for an A4 page.
    photo_max_side: int = 4096
    max_pdf_pages: int = 5000


@dataclass
class PreparedUpload:
    """A checked upload, ready to be stored: ``content`` is positioned at its start."""

    content: IO[bytes]
    size: int
    sha256: str
    content_type: str
    extension: str
    original_name: str
    download_name: str
    kind: str  # pdf / docx / text (photos have become pdf)
    source_sha256: str = ""  # of the photo a PDF was made from
    source_content_type: str = ""
    _closers: list[Any] = field(default_factory=list, repr=False)

    def close(self) -> None:
        for item in self._closers:
            item.close()


# --- types --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileType:
    kind: str
    content_type: str
    extension: str
    extensions: frozenset[str]  # names that need no correction
    is_photo: bool = False


PDF = FileType("pdf", "application/pdf", "pdf", frozenset({"pdf"}))
JPEG = FileType("jpeg", "image/jpeg", "jpg", frozenset({"jpg", "jpeg", "jfif"}), is_photo=True)
PNG = FileType("png", "image/png", "png", frozenset({"png"}), is_photo=True)
HEIC = FileType("heic", "image/heic", "heic", frozenset({"heic", "heif"}), is_photo=True)
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
    frozenset({"docx"}),
)
TEXT = FileType("text", "text/plain; charset=utf-8", "txt", frozenset({"txt", "text"}))
ZIP = FileType("zip", "application/zip", "zip", frozenset({"zip"}))  # checked further: DOCX or refused

ACCEPTED_DESCRIPTION = "PDF, JPEG, PNG, HEIC, DOCX, TXT"

# Programs, whatever they are called. Java class files and Mach-O fat binaries share CAFEBABE.
_EXECUTABLE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"MZ", gettext_noop("Windows EXE/DLL")),
    (b"\x7fELF", gettext_noop("Linux ELF")),
    (b"\xfe\xed\xfa\xce", gettext_noop("macOS Mach-O")),
    (b"\xfe\xed\xfa\xcf", gettext_noop("macOS Mach-O")),
    (b"\xce\xfa\xed\xfe", gettext_noop("macOS Mach-O")),
    (b"\xcf\xfa\xed\xfe", gettext_noop("macOS Mach-O")),
    (b"\xca\xfe\xba\xbe", gettext_noop("macOS or Java")),
    (b"#!", gettext_noop("script")),
    (b"dex\n", gettext_noop("Android DEX")),
    (b"\x00asm", gettext_noop("WebAssembly")),
    (b"L\x00\x00\x00\x01\x14\x02\x00", gettext_noop("Windows shortcut (LNK)")),
)
# Recognised, but not documents a case file holds.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x05\x06", gettext_noop("an empty ZIP archive")),
    (b"Rar!", gettext_noop("a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", gettext_noop("a 7-Zip archive")),
    (b"\x1f\x8b", gettext_noop("a compressed (gzip) archive")),
    (b"GIF8", gettext_noop("a GIF image")),
    (b"BM", gettext_noop("a BMP image")),
    (b"II*\x00", gettext_noop("a TIFF image")),
    (b"MM\x00*", gettext_noop("a TIFF image")),
    (b"{\\rtf", gettext_noop("an RTF document")),
    (b"ID3", gettext_noop("an audio recording")),
    (b"RIFF", gettext_noop("an audio or video recording")),
)
# Names that run when double-clicked: refused even for harmless-looking text content.
_SCRIPT_EXTENSIONS = frozenset(
    {
        "bat", "cmd", "com", "exe", "scr", "pif", "msi", "dll", "ps1", "psm1", "vbs", "vbe", "js",
        "jse", "wsf", "wsh", "hta", "sh", "bash", "zsh", "py", "pl", "rb", "php", "jar", "apk",
        "app", "lnk", "reg", "elf", "run", "command",
    }
)  # fmt: skip
_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
)
_ENCRYPT_RE = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _wrong_type(what: str) -> UploadRejected:
    return UploadRejected(
        "wrong_type",
        _(
            "This file is %(what)s, which a case file cannot hold, whatever its name says. "
            "Accepted types: %(accepted)s. Save or export it as PDF and upload it again."
        )
        % {"what": what, "accepted": ACCEPTED_DESCRIPTION},
    )


def _executable(what: str) -> UploadRejected:
    return UploadRejected(
        "executable",
        _(
            "This file is a program (%(what)s), not a document, whatever its name says, and programs "
            "are never accepted. Upload the document itself as %(accepted)s."
        )
        % {"what": what, "accepted": ACCEPTED_DESCRIPTION},
    )


def sniff(head: bytes) -> FileType:
    """The type of a file from its first bytes (at least 16 are needed; 4 KB is plenty).

    Raises :class:`UploadRejected` for programs, known unaccepted types and unknown binary content;
    plain text is only a candidate here (:func:`prepare_upload` checks the encoding).
    """
    for magic, what in _EXECUTABLE_MAGIC:
        if head.startswith(magic) and _plausible(magic, head):
            raise _executable(_(what))
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[4:8] == b"ftyp":
        if head[8:12] in _HEIF_BRANDS:
            return HEIC
        if head[8:12] in (b"avif", b"avis"):
            raise _wrong_type(_("an AVIF image"))
        raise _wrong_type(_("a video or audio recording"))
    if head.startswith(b"PK\x03\x04"):
        return ZIP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UploadRejected(
            "office_legacy",
            _(
                "This is an old-format Office file (.doc, .xls) or a password-protected Office "
                "document. Open it, remove any password, and save it as PDF or as a Word .docx "
                "document, then upload it again."
            ),
        )
    for magic, what in _OTHER_MAGIC:
        if head.startswith(magic) and _plausible(magic, head):
            raise _wrong_type(_(what))
    return TEXT


def _plausible(magic: bytes, head: bytes) -> bool:
    """Two-letter signatures also begin ordinary text ("MZ…", "BMW…"): look at the header too."""
    if magic == b"MZ":
        # A DOS/Windows header has NUL bytes in its first 64; the PE header sits at e_lfanew.
        offset = int.from_bytes(head[0x3C:0x40], "little") if len(head) >= 0x40 else 0
        return b"\x00" in head[:64] or head[offset : offset + 4] == b"PE\x00\x00"
    if magic == b"BM":
        return len(head) >= 14 and head[6:10] == b"\x00\x00\x00\x00"
    return True


def heif_supported() -> bool:
    """Whether HEIC/HEIF photos can be decoded here (the optional pillow-heif package)."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener()
    return True


def clean_name(name: str) -> str:
    """A file name as the uploader gave it, without folders or control characters, at most 200 long."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _CONTROL_CHARS.sub("", name).strip().strip(".") or "file"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = stem[: 190 - len(ext)] + dot + ext if dot and len(ext) <= 10 else name[:200]
    return name


def _split(name: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    return (stem, ext.lower()) if dot and stem else (name, "")


def _download_name(name: str, file_type: FileType) -> str:
    """The name to offer on download: the uploader's, with an extension that tells the truth."""
    stem, ext = _split(name)
    if file_type.is_photo:
        return f"{stem}.pdf"
    if ext in file_type.extensions:
        return name
    return f"{name if ext in _SCRIPT_EXTENSIONS or not ext else stem}.{file_type.extension}"


# --- reading ------------------------------------------------------------------------------------


def _too_large(size: int, limits: Limits) -> UploadRejected:
    return UploadRejected(
        "too_large",
        _(
            "The file is larger than the limit of %(limit)s MB (it is at least %(size)s MB). Split it "
            "into several files, or scan at a lower resolution (200–300 dpi is enough), and upload "
            "them one by one."
        )
        % {"limit": limits.max_bytes // MB, "size": f"{size / MB:.1f}"},
    )


def _spool(stream: IO[bytes], limits: Limits) -> tuple[IO[bytes], int, str]:
    """Copy the upload into a temporary file, hashing as it goes; stop as soon as it is too large."""
    spool = tempfile.SpooledTemporaryFile(max_size=2 * MB)  # closed by PreparedUpload
    digest = hashlib.sha256()
    size = 0
    try:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limits.max_bytes:
                raise _too_large(size, limits)
            digest.update(chunk)
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, size, digest.hexdigest()


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- PDF ----------------------------------------------------------------------------------------


def _pdf_corrupt() -> UploadRejected:
    return UploadRejected(
        "pdf_corrupt",
        _(
            "This PDF is damaged or incomplete and cannot be read (perhaps the download or the scan was "
            "interrupted). Open it on your computer to check it, save or export it again as PDF, and "
            "upload the new copy."
        ),
    )


def _check_pdf(spool: IO[bytes], size: int, limits: Limits) -> None:
    spool.seek(0)
    data = spool.read()
    # An encrypted PDF names its security handler in the trailer (/Encrypt); court files must open
    # without a password for everyone entitled to them and stay readable when archived.
    # (A cross-reference stream carries the trailer keys in its own dictionary, so the whole file
    # is searched, not only the classic "trailer" section.)
    if _ENCRYPT_RE.search(data):
        raise UploadRejected("pdf_encrypted", _pdf_encrypted_message())
    # A complete PDF ends with %%EOF (a few bytes of trailing whitespace are tolerated).
    if b"%%EOF" not in data[-2048:]:
        raise _pdf_corrupt()
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UploadRejected("pdf_encrypted", _pdf_encrypted_message())
            pages = len(reader.pages)
            if pages == 0 or pages > limits.max_pdf_pages:
                raise _pdf_corrupt()
            for page in reader.pages:
                _ = page.mediabox
    except UploadRejected:
        raise
    except Exception:  # pypdf raises many types for broken files; all mean "cannot be read"
        raise _pdf_corrupt() from None


def _pdf_encrypted_message() -> str:
    return _(
        "This PDF is encrypted or password-protected, so the court could not open or archive it. "
        "Open it, remove the password or security setting (or print it to a new PDF), and "
        "upload the unprotected copy."
    )


# --- photos -------------------------------------------------------------------------------------


def _image_corrupt() -> UploadRejected:
    return UploadRejected(
        "image_corrupt",
        _(
            "This picture is damaged or incomplete and cannot be opened (perhaps it was not fully "
            "transferred from the phone). Take or export the photo again and upload the new copy."
        ),
    )


def _open_image(spool: IO[bytes], file_type: FileType, limits: Limits) -> Any:
    from PIL import Image, UnidentifiedImageError

    if file_type is HEIC and not heif_supported():
        raise UploadRejected(
            "heic_unsupported",
            _(
                "HEIC photos (the iPhone's default format) cannot be read here. On the phone choose "
                "Settings → Camera → Formats → Most Compatible, or share the photo as JPEG, and upload "
                "it again."
            ),
        )
    spool.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(spool)
            width, height = image.size
            if width * height > limits.max_pixels:
                raise UploadRejected("image_too_large", _too_many_pixels(width, height))
            if file_type is not HEIC:
                image.verify()  # structure and checksums, without decoding the pixels
                spool.seek(0)
                image = Image.open(spool)
            image.load()  # decodes everything: a truncated photo fails here
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected("image_too_large", _too_many_pixels(0, 0)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _image_corrupt() from None
    return image


def _too_many_pixels(width: int, height: int) -> str:
    return _(
        "This picture has too many pixels to be turned into a document (%(width)s × %(height)s). Take "
        "the photo at the camera's normal resolution, or reduce its size, and upload it again."
    ) % {"width": width or "?", "height": height or "?"}


def image_to_pdf(image: Any, max_side: int = 4096) -> bytes:
    """A one-page PDF of ``image`` (a Pillow image), upright, on a page of A4 height or width.

    The EXIF orientation a phone writes instead of rotating the pixels is applied, transparency
    is laid on white, and nothing of the photo's metadata (camera, time, location) is carried over.
    """
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        image = canvas
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # Resolution chosen so that the long side is as long as an A4 page (11.69 in): readable and
    # printable at once, whatever the camera's resolution.
    dpi = max(72.0, max(image.size) / 11.69)
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=dpi, quality=90)
    return out.getvalue()


# --- DOCX ---------------------------------------------------------------------------------------


def _docx_corrupt() -> UploadRejected:
    return UploadRejected(
        "docx_corrupt",
        _(
            "This Word document is damaged and cannot be read. Open it in Word or WPS, save it again "
            "(or save it as PDF), and upload the new copy."
        ),
    )


def _zip_bomb() -> UploadRejected:
    return UploadRejected(
        "zip_bomb",
        _(
            "This file unpacks to far more data than a document can hold (a compression bomb), so it "
            "was refused. If it is a genuine document, save it as PDF and upload that instead."
        ),
    )


def _inflated(unpacked: int, packed: int, limits: Limits) -> bool:
    # Small parts may compress very well (a few KB of repetitive XML); only big ones are judged.
    return unpacked > MB and unpacked > limits.max_zip_ratio * max(1, packed)


def _check_zip(spool: IO[bytes], size: int, limits: Limits) -> None:
    spool.seek(0)
    try:
        archive = zipfile.ZipFile(spool)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _docx_corrupt() from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise _zip_bomb()
        names = {m.filename for m in members}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            if "xl/workbook.xml" in names:
                raise _wrong_type(_("an Excel workbook"))
            if "ppt/presentation.xml" in names:
                raise _wrong_type(_("a PowerPoint presentation"))
            if "mimetype" in names:
                raise _wrong_type(_("an OpenDocument (WPS/LibreOffice) file"))
            if "META-INF/MANIFEST.MF" in names or "AndroidManifest.xml" in names or "classes.dex" in names:
                raise _executable(_("Java or Android package"))
            raise _wrong_type(_("a ZIP archive"))
        if any(m.flag_bits & 0x1 for m in members):
            raise UploadRejected(
                "docx_encrypted",
                _(
                    "This Word document is password-protected. Open it, remove the password, save it, "
                    "and upload it again."
                ),
            )
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise UploadRejected(
                "docx_macros",
                _(
                    "This Word document contains macros (programs), which are never accepted. Save it "
                    "as a plain Word document (.docx) or as PDF, and upload it again."
                ),
            )
        declared = sum(m.file_size for m in members)
        if declared > limits.max_unzipped_bytes:
            raise _zip_bomb()
        if any(_inflated(m.file_size, m.compress_size, limits) for m in members):
            raise _zip_bomb()
        # The sizes in the directory are the sender's word: unpack everything, counting the real
        # bytes, and stop at the limit. This also checks every part's CRC.
        total = 0
        try:
            for member in members:
                if member.is_dir():
                    continue
                produced = 0
                with archive.open(member) as part:
                    while chunk := part.read(CHUNK):
                        produced += len(chunk)
                        total += len(chunk)
                        if total > limits.max_unzipped_bytes or _inflated(
                            produced, member.compress_size, limits
                        ):
                            raise _zip_bomb()
        except UploadRejected:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError, RuntimeError):
            raise _docx_corrupt() from None


# --- text ---------------------------------------------------------------------------------------


def _check_text(spool: IO[bytes], name: str) -> None:
    spool.seek(0)
    data = spool.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _not_utf8()
    if b"\x00" in data:
        raise _wrong_type(_("a binary file of a kind we do not recognise"))
    _stem, ext = _split(name)
    if ext in _SCRIPT_EXTENSIONS:
        raise _executable(_("script named .%(ext)s") % {"ext": ext})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _not_utf8() from None
    if _CONTROL_CHARS.search(text):
        raise _wrong_type(_("a binary file of a kind we do not recognise"))
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script", "<head", "<body")):
        raise _wrong_type(_("a web page or XML file"))


def _not_utf8() -> UploadRejected:
    return UploadRejected(
        "text_encoding",
        _(
            "This text file is not in UTF-8 (it may be in GBK/GB2312, as older Windows programs save "
            "it). Save it again choosing the UTF-8 encoding, or save it as PDF, and upload it again."
        ),
    )


# --- the whole check ----------------------------------------------------------------------------


def prepare_upload(stream: IO[bytes], name: str, limits: Limits | None = None) -> PreparedUpload:
    """Read, check and (for photos) convert an upload; raise :class:`UploadRejected` if refused.

    ``stream`` is any binary file object (Django's ``UploadedFile`` included); a declared ``size``
    attribute larger than the limit is refused before anything is read. The caller must
    ``close()`` the result once it has been stored.
    """
    limits = limits or Limits()
    original_name = clean_name(name)
    declared = getattr(stream, "size", None)
    if isinstance(declared, int) and declared > limits.max_bytes:
        raise _too_large(declared, limits)
    if hasattr(stream, "seek"):
        try:
            stream.seek(0)
        except (OSError, ValueError):
            pass
    spool, size, digest = _spool(stream, limits)
    try:
        if size == 0:
            raise UploadRejected(
                "empty",
                _(
                    "The file is empty (0 bytes). Choose the file again; if it is on a phone, wait until "
                    "it has finished downloading."
                ),
            )
        spool.seek(0)
        head = spool.read(4096)
        file_type = sniff(head)
        if file_type is PDF:
            _check_pdf(spool, size, limits)
        elif file_type is ZIP:
            _check_zip(spool, size, limits)
            file_type = DOCX
        elif file_type is TEXT:
            _check_text(spool, original_name)
        elif file_type.is_photo:
            image = _open_image(spool, file_type, limits)
            pdf = image_to_pdf(image, limits.photo_max_side)
            spool.close()
            return PreparedUpload(
                content=io.BytesIO(pdf),
                size=len(pdf),
                sha256=_hash(pdf),
                content_type=PDF.content_type,
                extension=PDF.extension,
                original_name=original_name,
                download_name=_download_name(original_name, file_type),
                kind=PDF.kind,
                source_sha256=digest,
                source_content_type=file_type.content_type,
            )
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return PreparedUpload(
        content=spool,
        size=size,
        sha256=digest,
        content_type=file_type.content_type,
        extension=file_type.extension,
        original_name=original_name,
        download_name=_download_name(original_name, file_type),
        kind=file_type.kind,
        _closers=[spool],
    )
