"""Test files made on the spot: nothing binary is committed, and each sample shows what it tests."""

from __future__ import annotations

import io
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf(text: str = "Xiezhi", *, encrypt: bool = False) -> bytes:
    """A minimal valid one-page PDF, written by hand with a correct cross-reference table.

    ``encrypt=True`` adds a standard security handler dictionary and names it in the trailer
    (/Encrypt), as a password-protected PDF does.
    """
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypt:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -44 >>"
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        file_id = b"<0123456789abcdef0123456789abcdef>"
        trailer += b" /Encrypt %d 0 R /ID [%s %s]" % (len(objects), file_id, file_id)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def truncated_pdf() -> bytes:
    """A PDF cut off halfway, as after an interrupted download."""
    data = pdf("A document whose download was interrupted")
    return data[: len(data) // 2]


def garbled_pdf() -> bytes:
    """Starts and ends like a PDF, but nothing in between is one."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\nthis is not a pdf body\n%%EOF\n"


def photo(*, orientation: int | None = 6, size: tuple[int, int] = (80, 40), fmt: str = "JPEG") -> bytes:
    """A phone-style photo: left half red, right half blue, stored sideways with an EXIF
    orientation tag (6 = the viewer must turn it 90° clockwise), as phones do."""
    from PIL import Image

    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        exif[0x010F] = "PhoneMaker"  # Make
        image.save(out, format=fmt, exif=exif.tobytes(), quality=95)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def heic_photo() -> bytes:
    from PIL import Image
    from pillow_heif import from_pillow

    image = Image.new("RGB", (64, 32), (0, 128, 0))
    out = io.BytesIO()
    from_pillow(image).save(out, quality=60)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge canvas: a decompression bomb if it were decoded."""
    data = bytearray(photo(orientation=None, size=(2, 2), fmt="PNG"))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17]))
    data[ihdr + 17 : ihdr + 21] = crc.to_bytes(4, "big")
    return bytes(data)


def elf() -> bytes:
    """The header of a Linux executable."""
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def pe() -> bytes:
    """The header of a Windows executable: MZ, the DOS stub, and the PE signature at e_lfanew."""
    header = bytearray(b"MZ" + b"\x90\x00" + b"\x00" * 0x3C)
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    header += b"This program cannot be run in DOS mode.\r\r\n$".ljust(0x80 - len(header), b"\x00")
    return bytes(header[:0x80]) + b"PE\x00\x00" + b"\x4c\x01" + b"\x00" * 300


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
    b'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
    b'main+xml"/></Types>'
)
_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>民事起诉状</w:t></w:r></w:p></w:body></w:document>'
).encode()


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Word document (the parts a DOCX must have), plus any ``extra`` parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", _DOCUMENT)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_bomb(megabytes: int = 64) -> bytes:
    """A DOCX with a part of zeros that deflates about a thousandfold: a zip bomb."""
    return docx({"word/media/image1.bin": b"\x00" * (megabytes * 1024 * 1024)})


def xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", b"<workbook/>")
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    """What Django hands a view; the declared content type is the browser's guess and never used."""
    return SimpleUploadedFile(name, data, content_type=content_type)
