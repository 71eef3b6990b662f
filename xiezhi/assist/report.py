"""The similar-case search report (类案检索报告) as DOCX (python-docx) and PDF (reportlab).

Contents follow the SPC's 2020 guidance on similar-case search (《关于统一法律适用加强类案检索的指导
意见（试行）》, art. 8): who searched, when, on which platform and how; the scope and filters; the
results with each case's authority, court, number, date and key passages; and the judge's conclusion
on whether and how the similar cases are followed or referred to. The report is a formal Chinese court
document, so its wording is Chinese (like the judgment templates), whatever the reader's UI language.
The PDF uses reportlab's built-in CID font STSong-Light, as :mod:`xiezhi.judgments.output` does.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

TIER_LABELS = {
    "guiding": "指导性案例",
    "higher": "上级法院案例",
    "same": "本院案例",
    "other": "其他法院案例",
}
LEVEL_LABELS = {
    "supreme": "最高人民法院",
    "high": "高级人民法院",
    "intermediate": "中级人民法院",
    "basic": "基层人民法院",
}


@dataclass
class Line:
    """A paragraph: ``style`` title / heading / para / meta; ``segments`` ((text, bold), …)."""

    style: str
    segments: list[tuple[str, bool]] = field(default_factory=list)

    @classmethod
    def plain(cls, style: str, text: str) -> Line:
        return cls(style, [(text, False)])

    @property
    def text(self) -> str:
        return "".join(t for t, _b in self.segments)


def _filters_text(filters: dict[str, Any]) -> str:
    parts = []
    if filters.get("levels"):
        parts.append("法院层级：" + "、".join(LEVEL_LABELS.get(v, v) for v in filters["levels"]))
    if filters.get("region"):
        parts.append(f"地域：行政区划代码以 {filters['region']} 开头")
    if filters.get("year_from") or filters.get("year_to"):
        parts.append(f"年份：{filters.get('year_from') or '不限'} 至 {filters.get('year_to') or '不限'}")
    return "；".join(parts) or "未设筛选条件（全部已决案件）"


def report_lines(
    case: Any,
    result: Any,
    *,
    author: Any,
    conclusion: str = "",
    marks: dict[str, bool] | None = None,
    generated_at: datetime | None = None,
) -> list[Line]:
    """The report's paragraphs for ``case`` and a :class:`~xiezhi.assist.similar.SimilarResult`."""
    marks = marks or {}
    when = timezone.localtime(generated_at or timezone.now())
    name = getattr(author, "display_name", "") or getattr(author, "username", "")
    searched = timezone.localtime(result.searched_at) if result.searched_at else when
    lines = [
        Line.plain("court", case.court.name),
        Line.plain("title", "类案检索报告"),
        Line.plain("heading", "一、待决案件基本情况"),
        Line.plain("para", f"案号：{case.number or '（未编号）'}"),
        Line.plain("para", f"案件名称：{case.title or case.number}"),
        Line.plain("para", f"审理法院：{case.court.name}"),
        Line.plain("heading", "二、检索所依据的案件事实"),
        Line.plain("para", result.facts or "（无）"),
        Line.plain("heading", "三、检索主体、时间、平台与方法"),
        Line.plain("para", f"检索人：{name}"),
        Line.plain("para", f"检索时间：{searched:%Y年%m月%d日 %H:%M}"),
        Line.plain("para", "检索平台：獬豸智慧法院平台 类案检索（本院已决刑事案件）"),
        Line.plain(
            "para",
            "检索方法：以待决案件事实为检索条件，关键词检索（BM25）与裁判预测模型相似度相结合的混合检索"
            f"（检索引擎 {result.engine_version}"
            + (f"，模型 {result.model_version}" if result.model_version else "")
            + "），按效力层级（指导性案例、上级法院、本院、其他法院）排列。",
        ),
        Line.plain("heading", "四、检索范围与筛选条件"),
        Line.plain("para", f"筛选条件：{_filters_text(result.filters.as_dict())}"),
        Line.plain(
            "para",
            f"检索范围：本院数据库中已决刑事案件 {result.decided_count} 件"
            + (
                f"；裁判预测模型的训练案例 {result.training_count} 件（无法院、年份信息，"
                + ("设有筛选条件，未纳入检索" if result.training_excluded else "标为其他法院案例")
                + "）"
                if result.training_count
                else ""
            )
            + "。",
        ),
        Line.plain("heading", f"五、检索结果（共 {len(result.hits)} 件）"),
    ]
    if result.status != "ok":
        lines.append(Line.plain("para", f"未能检索：{result.reason}"))
    for hit in result.hits:
        court = hit.get("court_name") or ("（训练案例，法院不详）" if not hit.get("has_metadata") else "")
        tier = TIER_LABELS.get(hit["tier"], hit["tier"])
        if hit.get("guiding"):
            tier = hit["guiding"] if "指导" in hit["guiding"] else f"{tier}·{hit['guiding']}"
        head = f"{hit['rank']}. 【{tier}】{hit.get('number') or hit['id']}"
        lines.append(Line.plain("hit", head))
        details = [f"审理法院：{court or '不详'}", f"裁判日期：{hit.get('decided_on') or '不详'}"]
        if hit.get("charges"):
            details.append("罪名：" + "、".join(hit["charges"]))
        details.append(f"相似度：{hit['score']:.2f}")
        if hit["id"] in marks:
            details.append("法官标记：" + ("有参考价值" if marks[hit["id"]] else "无参考价值"))
        lines.append(Line.plain("meta", "；".join(details)))
        for passage in hit.get("passages") or []:
            segs = [(t, m) for t, m in passage.get("segments") or [(passage["text"], False)]]
            lines.append(Line("passage", [("关键段落：", False), *segs]))
    if not result.hits and result.status == "ok":
        lines.append(Line.plain("para", "未检索到相似案例。"))
    lines += [
        Line.plain("heading", "六、检索结论"),
        Line.plain("para", conclusion.strip() or "（承办法官未填写结论）"),
        Line.plain(
            "note",
            "说明：本报告由智能辅助系统生成，检索结果仅供参考，不作为裁判依据；是否参照或参考类案由承办法官判断。",
        ),
        Line.plain("date", f"{name}　{when:%Y年%m月%d日}"),
    ]
    return lines


def render_docx(lines: list[Line], title: str = "类案检索报告") -> bytes:
    """A Word document of the report; the words a passage shares with the query in bold."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    normal.font.name = "SimSun"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    document.core_properties.title = title
    for line in lines:
        paragraph = document.add_paragraph()
        for text, bold in line.segments:
            run = paragraph.add_run(text)
            run.bold = bold or line.style in ("title", "heading", "hit")
            if line.style == "title":
                run.font.size = Pt(20)
            elif line.style == "court":
                run.font.size = Pt(16)
        if line.style in ("title", "court"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif line.style == "date":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif line.style in ("meta", "passage"):
            paragraph.paragraph_format.left_indent = Pt(24)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pdf(lines: list[Line], title: str = "类案检索报告") -> bytes:
    """A PDF (A4, STSong-Light) of the report with a text layer; shared words in bold."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from xiezhi.judgments.output import _FONT, _register_font

    _register_font()
    body = ParagraphStyle(
        "body", fontName=_FONT, fontSize=11, leading=18, alignment=TA_JUSTIFY, wordWrap="CJK"
    )
    styles = {
        "court": ParagraphStyle("court", parent=body, fontSize=15, leading=24, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=body, fontSize=20, leading=32, alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", parent=body, fontSize=13, leading=24, spaceBefore=6),
        "hit": ParagraphStyle("hit", parent=body, fontSize=11.5, spaceBefore=4),
        "meta": ParagraphStyle("meta", parent=body, leftIndent=18),
        "passage": ParagraphStyle("passage", parent=body, leftIndent=18, textColor="#333333"),
        "note": ParagraphStyle("note", parent=body, fontSize=9, textColor="#555555", spaceBefore=8),
        "date": ParagraphStyle("date", parent=body, alignment=TA_RIGHT, spaceBefore=12),
    }
    # STSong-Light has no bold face: shared words are underlined (an underline keeps the text layer).
    story = []
    for line in lines:
        if not line.text:
            continue
        markup = "".join(f"<u>{escape(t)}</u>" if b else escape(t) for t, b in line.segments)
        story.append(Paragraph(markup, styles.get(line.style, body)))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author="Xiezhi", topMargin=2.5 * cm, bottomMargin=2.5 * cm,
        leftMargin=2.5 * cm, rightMargin=2.5 * cm,
    ).build(story)  # fmt: skip
    return buffer.getvalue()
