"""Helpers that build applications the way a filer would (drafts, uploads, submission)."""

from __future__ import annotations

import io
from decimal import Decimal

from xiezhi.cases.models import CauseOfAction
from xiezhi.filing import services

# The smallest well-formed PDF: one empty page, with a correct cross-reference table.
_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def tiny_pdf(text: str = "") -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(_OBJECTS, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    if text:
        out += f"% {text}\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(_OBJECTS) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(_OBJECTS) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def civil_data(personas, **changes) -> services.FilingData:
    values = {
        "court": personas.court,
        "case_type": "civil",
        "procedure": "first_instance_ordinary",
        "cause": CauseOfAction.objects.get(code="civil.private_lending"),
        "claim_amount": Decimal("120000"),
        "claims": "判令被告偿还借款本金120000元及利息。",
        "facts": "2025年3月1日被告向原告借款120000元，约定半年内归还，到期后经催讨未还。",
        "parties": (
            services.PartyData(
                "plaintiff",
                personas.litigant.full_name,
                id_number="11010519491231002X",
                phone="13800571234",
                is_filer=True,
            ),
            services.PartyData("defendant", "李大伟", address="浙江省杭州市西湖区文三路"),
        ),
    }
    values.update(changes)
    return services.FilingData(**values)


def ready_filing(personas, filer=None, **changes):
    """A complete draft with a complaint uploaded, ready to submit."""
    filer = filer or personas.litigant
    filing = services.new_draft(filer)
    filing = services.save_draft(filer, filing, civil_data(personas, **changes))
    services.add_evidence(
        filer, filing, io.BytesIO(tiny_pdf("complaint")), "complaint", "民事起诉状", name="complaint.pdf"
    )
    filing.refresh_from_db()
    return filing
