"""Content sniffing and checks of uploads (no database): every refusal has its reason and its fix."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from xiezhi.documents import uploads
from xiezhi.documents.uploads import Limits, UploadRejected, prepare_upload

from . import samples


def _prepare(name: str, data: bytes, limits: Limits | None = None) -> uploads.PreparedUpload:
    return prepare_upload(io.BytesIO(data), name, limits)


def _refusal(name: str, data: bytes, limits: Limits | None = None) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        _prepare(name, data, limits)
    return caught.value


# (name the uploader gave, content, refusal code, words the English message must contain)
REFUSALS = [
    ("起诉状.pdf", lambda: samples.pdf(encrypt=True), "pdf_encrypted", ("password", "remove")),
    ("证据.pdf", samples.truncated_pdf, "pdf_corrupt", ("damaged or incomplete", "save or export it again")),
    ("证据2.pdf", samples.garbled_pdf, "pdf_corrupt", ("cannot be read",)),
    ("判决书.pdf", samples.elf, "executable", ("program", "whatever its name says")),
    ("判决书.pdf", samples.pe, "executable", ("Windows", "never accepted")),
    ("notes.txt", lambda: b"#!/bin/sh\necho owned\n", "executable", ("script",)),
    ("run.bat", lambda: b"echo hello\r\n", "executable", (".bat",)),
    ("答辩状.docx", samples.docx_bomb, "zip_bomb", ("compression bomb", "PDF")),
    ("账目.docx", samples.xlsx, "wrong_type", ("Excel", "Save or export it as PDF")),
    ("宏.docx", lambda: samples.docx({"word/vbaProject.bin": b"\x00" * 64}), "docx_macros", ("macros",)),
    ("旧.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "office_legacy", (".docx",)),
    ("坏.docx", lambda: b"PK\x03\x04" + b"\x00" * 100, "docx_corrupt", ("damaged",)),
    ("说明.txt", lambda: "民事起诉状".encode("gbk"), "text_encoding", ("UTF-8", "GBK")),
    ("图.pdf", lambda: b"GIF89a" + b"\x00" * 50, "wrong_type", ("GIF", "Accepted types")),
    ("大图.png", lambda: samples.png_claiming(100_000, 100_000), "image_too_large", ("pixels",)),
    ("照片.jpg", lambda: samples.photo()[:200], "image_corrupt", ("damaged or incomplete",)),
    ("空.pdf", lambda: b"", "empty", ("empty",)),
    (
        "page.txt",
        lambda: b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        "wrong_type",
        ("web page",),
    ),
    ("数据.bin", lambda: bytes(range(256)) * 4, "wrong_type", ("binary",)),
]


@pytest.mark.parametrize(
    ("name", "make", "code", "words"), REFUSALS, ids=[r[2] + ":" + r[0] for r in REFUSALS]
)
def test_each_refusal_says_what_is_wrong_and_how_to_fix_it(name, make, code, words):
    with translation.override("en"):
        refusal = _refusal(name, make())
    assert refusal.code == code
    for word in words:
        assert word in refusal.message, refusal.message


def test_refusals_are_in_chinese_by_default():
    with translation.override("zh-hans"):
        refusal = _refusal("起诉状.pdf", samples.pdf(encrypt=True))
    assert "密码" in refusal.message, refusal.message


def test_the_size_limit_is_checked_while_reading_and_before_reading():
    limits = Limits(max_bytes=1024)
    with translation.override("en"):
        refusal = _refusal("big.txt", b"a" * 2048, limits)
    assert refusal.code == "too_large"
    assert "1 MB" not in refusal.message and "limit" in refusal.message
    declared = samples.upload("big.pdf", b"x" * 10)
    declared.size = 10**9  # the browser's declared size alone refuses, nothing is read
    with pytest.raises(UploadRejected) as caught:
        prepare_upload(declared, "big.pdf", limits)
    assert caught.value.code == "too_large"


def test_accepted_files_keep_their_bytes_and_hash():
    data = samples.pdf("Hello court")
    prepared = _prepare("complaint.pdf", data)
    assert prepared.content.read() == data
    assert prepared.sha256 == hashlib.sha256(data).hexdigest()
    assert (prepared.size, prepared.content_type, prepared.kind) == (len(data), "application/pdf", "pdf")
    prepared.close()


@pytest.mark.parametrize(
    ("name", "make", "content_type", "download_name"),
    [
        ("起诉状.pdf", samples.pdf, "application/pdf", "起诉状.pdf"),
        ("起诉状.docx", samples.docx, uploads.DOCX.content_type, "起诉状.docx"),
        ("说明.txt", lambda: "\ufeff民事起诉状\n".encode(), "text/plain; charset=utf-8", "说明.txt"),
        # The name lies, the content decides, and the download name tells the truth.
        ("evidence.exe", samples.pdf, "application/pdf", "evidence.exe.pdf"),
        ("scan.jpg", samples.pdf, "application/pdf", "scan.pdf"),
        ("notes", lambda: b"plain words", "text/plain; charset=utf-8", "notes.txt"),
        # Ordinary text that happens to begin like a signature is still text.
        ("合同.txt", lambda: "BMW 汽车买卖合同".encode(), "text/plain; charset=utf-8", "合同.txt"),
        ("公司.txt", lambda: "MZ公司".encode(), "text/plain; charset=utf-8", "公司.txt"),
    ],
)
def test_the_type_comes_from_the_content_not_the_name(name, make, content_type, download_name):
    prepared = _prepare(name, make())
    assert prepared.content_type == content_type
    assert prepared.download_name == download_name


def _page_image(pdf_bytes: bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    return page, page.images[0].image


def test_a_phone_photo_becomes_an_upright_pdf_without_its_metadata():
    photo = samples.photo(orientation=6, size=(80, 40))  # stored sideways, to be turned clockwise
    prepared = _prepare("IMG_0001.JPG", photo)
    pdf = prepared.content.read()
    assert pdf.startswith(b"%PDF-")
    assert prepared.content_type == "application/pdf" and prepared.download_name == "IMG_0001.pdf"
    assert prepared.sha256 == hashlib.sha256(pdf).hexdigest()
    assert prepared.source_sha256 == hashlib.sha256(photo).hexdigest()
    assert prepared.source_content_type == "image/jpeg"
    page, image = _page_image(pdf)
    assert float(page.mediabox.height) > float(page.mediabox.width)  # portrait, as the phone showed it
    assert image.size == (40, 80)
    top, bottom = image.convert("RGB").getpixel((20, 5)), image.convert("RGB").getpixel((20, 75))
    assert top[0] > 200 and top[2] < 80  # the left (red) half is now on top: turned clockwise
    assert bottom[2] > 200 and bottom[0] < 80
    assert b"PhoneMaker" not in pdf  # EXIF (camera, time, location) is left behind


def test_a_png_screenshot_with_transparency_is_laid_on_white():
    image = Image.new("RGBA", (30, 60), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    _page, converted = _page_image(_prepare("聊天记录.png", out.getvalue()).content.read())
    assert converted.convert("RGB").getpixel((10, 10)) >= (250, 250, 250)


def test_large_photos_are_scaled_to_the_longest_side_limit():
    prepared = _prepare(
        "big.jpg", samples.photo(orientation=None, size=(1200, 600)), Limits(photo_max_side=300)
    )
    _page, image = _page_image(prepared.content.read())
    assert max(image.size) == 300


def test_heic_photos_are_converted_when_supported_and_refused_with_a_hint_otherwise(monkeypatch):
    heic = samples.heic_photo()
    if uploads.heif_supported():
        prepared = _prepare("IMG_0002.HEIC", heic)
        assert prepared.content_type == "application/pdf"
        assert prepared.source_content_type == "image/heic"
    monkeypatch.setattr(uploads, "heif_supported", lambda: False)
    with translation.override("en"):
        refusal = _refusal("IMG_0002.HEIC", heic)
    assert refusal.code == "heic_unsupported"
    assert "Most Compatible" in refusal.message


def test_a_valid_docx_is_accepted_and_an_encrypted_member_is_not():
    assert _prepare("答辩状.docx", samples.docx()).kind == "docx"
    data = bytearray(samples.docx())
    data[6] |= 0x1  # the "encrypted" flag of the first local header …
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(b"PK\x01\x02"))
    data[central + 8] |= 0x1  # … and of its central-directory entry
    assert _refusal("答辩状.docx", bytes(data)).code == "docx_encrypted"


def test_clean_name_drops_folders_and_control_characters():
    assert uploads.clean_name("C:\\Users\\王某\\证据\x00一.pdf") == "证据一.pdf"
    assert uploads.clean_name("../../etc/passwd") == "passwd"
    assert uploads.clean_name("") == "file"
    long = "证" * 300 + ".pdf"
    assert len(uploads.clean_name(long)) <= 200 and uploads.clean_name(long).endswith(".pdf")
