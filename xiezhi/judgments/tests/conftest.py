"""Files for the import tests: samples copied into a folder, DOCX and PDF written at test time."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "tests_nlp" / "judgments"
GOLD = ROOT / "tests_nlp" / "anonymize_cases"


def sample(name: str) -> str:
    folder = SAMPLES if (SAMPLES / f"{name}.txt").exists() else GOLD
    return (folder / f"{name}.txt").read_text(encoding="utf-8")


def write_docx(path: Path, text: str) -> None:
    """A minimal Word document: one paragraph per line."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in text.split("\n")
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", document)


def write_pdf(path: Path, text: str) -> None:
    """A one-page PDF whose text layer is ``text`` (CJK included), lines broken at 38 characters as
    on a printed page.

    pypdf cannot write text, so the PDF is written by hand: a Type0 font with Identity-H encoding in
    which every glyph id is the character's code point, and a ToUnicode map that says so — the
    structure PDF printers use for CJK text, which text extraction reads back.
    """
    chars = sorted({ord(c) for c in text if c != "\n" and ord(c) < 0x10000})
    content = ["BT", "/F1 10 Tf", "12 TL", "36 806 Td"]
    wrapped = [line[i : i + 38] for line in text.split("\n") for i in range(0, max(len(line), 1), 38)]
    for line in wrapped:
        content.append("<" + "".join(f"{ord(c):04X}" for c in line if ord(c) < 0x10000) + "> Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("ascii")
    blocks = []
    for i in range(0, len(chars), 100):
        chunk = chars[i : i + 100]
        pairs = "\n".join(f"<{c:04X}> <{c:04X}>" for c in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{pairs}\nendbfchar")
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder as a court would hand it over: text files (UTF-8 and GBK), a JSON Lines file, a PDF,
    a Word document — and a damaged PDF, an unstructured text and a file of another type."""
    root = tmp_path / "judgments"
    (root / "pdf").mkdir(parents=True)
    for name in ("01_criminal_several_defendants", "02_civil_first_instance", "03_civil_second_instance"):
        shutil.copy(SAMPLES / f"{name}.txt", root / f"{name}.txt")
    (root / "05_mediation.txt").write_bytes(sample("05_mediation").encode("gb18030"))
    shutil.copy(GOLD / "23_unstructured.txt", root / "23_unstructured.txt")
    write_pdf(root / "pdf" / "10_enforcement.pdf", sample("10_enforcement_ruling_suffix"))
    (root / "pdf" / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    write_docx(root / "29_civil_appeal.docx", sample("29_civil_appeal"))
    (root / "notes.md").write_text("not a judgment", encoding="utf-8")
    from xiezhi.judgments import synthetic

    lines = [json.dumps(record, ensure_ascii=False) for record in synthetic.generate(6)]
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"id": "no-text", "title": "a record without its text"}))
    (root / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root
