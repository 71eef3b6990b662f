"""Text from stored files: encodings recognised, broken ones refused with a reason; PDF and DOCX."""

from __future__ import annotations

import codecs

import pytest

from xiezhi.documents.tests import samples
from xiezhi.search.extract import MAX_CHARS, Unreadable, clean_text, decode_text, extract_text

TEXT = "民事起诉状：原告请求判令被告归还借款。"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with its byte-order mark
        TEXT.encode("gbk"),
        TEXT.encode("gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "gbk", "gb18030"],
)
def test_encodings_are_recognised(data):
    assert decode_text(data) == TEXT


def test_big5_and_gbk_are_told_apart():
    traditional = "民事起訴狀：原告請求判令被告歸還借款。"
    assert decode_text(traditional.encode("big5")) == traditional
    simplified = "判决书：被告人犯盗窃罪，判处有期徒刑六个月。"
    assert decode_text(simplified.encode("gbk")) == simplified


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x80\x81 \xff\xfe\xfd broken \x80\x80\xff", "no encoding we recognise"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid utf-16"),
        (bytes(range(1, 9)) * 50, "no encoding we recognise"),  # decodes, but is binary noise
    ],
    ids=["bytes-of-no-encoding", "bad-utf-16", "control-characters"],
)
def test_broken_encodings_are_refused_with_a_reason(data, reason):
    with pytest.raises(Unreadable) as exc:
        decode_text(data)
    assert reason in exc.value.reason


def test_clean_text_drops_control_characters_and_cuts_long_text():
    assert clean_text("盗窃\x00罪\x07\n判\t处") == "盗窃罪\n判\t处"
    assert len(clean_text("字" * (MAX_CHARS + 10))) == MAX_CHARS


def test_pdf_docx_and_text():
    assert "Loan agreement" in extract_text(samples.pdf("Loan agreement"), "application/pdf")
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert extract_text(samples.docx(), docx).strip() == "民事起诉状"
    assert extract_text(TEXT.encode(), "text/plain; charset=utf-8") == TEXT
    assert extract_text(b"\x89PNG", "image/png") == ""


@pytest.mark.parametrize("data", [samples.garbled_pdf(), samples.truncated_pdf(), b"not a pdf"])
def test_unreadable_pdfs_are_refused(data):
    with pytest.raises(Unreadable, match="PDF"):
        extract_text(data, "application/pdf")


def test_an_encrypted_pdf_is_refused():
    with pytest.raises(Unreadable, match="the PDF is encrypted"):
        extract_text(samples.pdf("secret", encrypt=True), "application/pdf")


def test_a_broken_docx_is_refused():
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    with pytest.raises(Unreadable, match="Word"):
        extract_text(b"PK\x03\x04 not really a zip", docx)
