"""提案表: the proposal itself — its facts, its text (理由及建议) and the boxes the office fills in by hand.

The two forms are fixed tables in the template: rows that depend on the proposal (提案单位 or 提案人,
通讯地址, 附议人) are `{%tr if %}` rows, the text is one paragraph per line (numbered lines as headings).
The review boxes (初审、复审、交办意见) keep together with their heading: never a heading at a page's foot
with the boxes overleaf.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.fileio.docx_xml import SIZE_XIAO_SI, FormCell
from desktop_app.fileio.documents import DocumentKind
from desktop_app.fileio.documents._build import save_template, tag, template_document
from desktop_app.fileio.official_doc import heading_level
from desktop_app.fileio.paperwork_dto import ProposalFormDTO, Signer
from desktop_app.fileio.title_lines import balance_title_lines

BLANK_DATE = "年　　月　　日"
SIGNED = f"签字：　　　　　　　　{BLANK_DATE}"
# 案号 | 第001号 | 类别 | 生态文明建设 | 提案形式 | 委员提案: the phone (13800000000) on one line in the last
# column; the 提交日期 spans the second and third columns so that 2026年12月15日 stays on one line.
FACT_WIDTHS_MM = (21.0, 30.0, 17.0, 32.0, 21.0, 35.0)
REVIEW_WIDTHS_MM = (21.0, 135.0)
REVIEW_HEIGHT_MM = 30.0
EMPTY_BODY_LINES = 8  # room to write when the text is not in the database


def _label(text: str, **kw) -> FormCell:
    return FormCell(text, bold=True, align="center", **kw)


def signer_line(signer: Signer) -> str:
    extra = "，".join(x for x in (signer.sector, signer.work_unit) if x)
    return f"{signer.name}（{extra}）" if extra else signer.name


def body_paragraphs(text: str) -> list[dict[str, Any]]:
    """The text one paragraph a line; `级别` 1–3 for a line that reads as a heading (一、 （一） 1.), else 0."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            out.append({"级别": heading_level(line) or 0, "文字": line})
    return out


def context(dto: ProposalFormDTO) -> dict[str, Any]:
    lead = dto.lead or Signer("")
    title = f"{dto.session_label}提案"
    return {
        "标题": "\n".join(balance_title_lines(title)),
        "会次": dto.session_label,
        "案号": dto.case_number,
        "类别": dto.category,
        "提案形式": dto.kind,
        "重点提案": dto.key_proposal,
        "案由": dto.title,
        "提案单位": dto.organization,
        "提案人": {"姓名": lead.name, "界别": lead.sector, "工作单位": lead.work_unit, "联系电话": lead.phone,
                 "通讯地址": lead.address},
        "显示附议人": bool(dto.co_signers) or not dto.organization,
        "附议人": "、".join(signer_line(s) for s in dto.co_signers),
        "提交日期": format_cn_date(dto.submitted_on) if dto.submitted_on else BLANK_DATE,
        "建议承办单位": "、".join(dto.suggested_units),
        "提案内容": body_paragraphs(dto.body),
        "初审意见": dto.first_review,
        "复审意见": dto.second_review,
        "交办意见": dto.handling_units,
    }


def _review_row(label: str, field: str) -> list[FormCell]:
    """A box: what is already decided (if anything), room to write, and the signature line at its foot."""
    return [_label(label), FormCell(f"{{{{ {field} }}}}\n\n{SIGNED}", align="left", valign="bottom",
                                    height_mm=REVIEW_HEIGHT_MM)]


def build_template(path: Path) -> Path:
    doc = template_document("提案表")
    doc.title(["{{ 标题 }}"])
    doc.blank_line()
    doc.heading1("提案基本情况")
    whole = 5  # a value across the five columns after the label

    def tr(statement: str) -> list[FormCell]:
        return [FormCell(f"{{%tr {statement} %}}", span=6)]

    doc.form_table([
        [_label("案　号"), FormCell("{{ 案号 }}"), _label("类　别"), FormCell("{{ 类别 }}"), _label("提案形式"),
         FormCell("{{ 提案形式 }}\n{%p if 重点提案 %}\n（重点提案）\n{%p endif %}", align="center")],
        [_label("案　由"), FormCell("{{ 案由 }}", span=whole, align="left", height_mm=15)],
        tr("if 提案单位"),
        [_label("提案单位"), FormCell("{{ 提案单位 }}", span=whole, align="left")],
        tr("if 提案人.姓名"),
        [_label("联系人"), FormCell("{{ 提案人.姓名 }}"), _label("职　务"), FormCell("{{ 提案人.工作单位 }}"),
         _label("联系电话"), FormCell("{{ 提案人.联系电话 }}")],
        tr("endif"),
        tr("elif 提案人.姓名"),
        [_label("提案人"), FormCell("{{ 提案人.姓名 }}"), _label("界　别"), FormCell("{{ 提案人.界别 }}"),
         _label("联系电话"), FormCell("{{ 提案人.联系电话 }}")],
        [_label("工作单位\n及职务"), FormCell("{{ 提案人.工作单位 }}", span=whole, align="left")],
        tr("if 提案人.通讯地址"),
        [_label("通讯地址"), FormCell("{{ 提案人.通讯地址 }}", span=whole, align="left")],
        tr("endif"),
        tr("else"),
        [_label("提案人"), FormCell("", span=whole, height_mm=10)],
        tr("endif"),
        tr("if 显示附议人"),
        [_label("附议人"), FormCell("{{ 附议人 }}", span=whole, align="left", height_mm=12)],
        tr("endif"),
        [_label("提交日期"), FormCell("{{ 提交日期 }}", span=2), _label("建议承办单位"),
         FormCell("{{ 建议承办单位 }}", span=2, align="left")],
    ], FACT_WIDTHS_MM, font_size=SIZE_XIAO_SI)
    doc.blank_line()
    doc.heading1("提案内容（理由及建议）")
    tag(doc, "{%p for 段 in 提案内容 %}")
    tag(doc, "{%p if 段.级别 == 1 %}")
    doc.heading1("{{ 段.文字 }}")
    tag(doc, "{%p elif 段.级别 == 2 %}")
    doc.heading2("{{ 段.文字 }}")
    tag(doc, "{%p elif 段.级别 == 3 %}")
    doc.heading3("{{ 段.文字 }}")
    tag(doc, "{%p else %}")
    doc.paragraph("{{ 段.文字 }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not 提案内容 %}")
    for _ in range(EMPTY_BODY_LINES):
        doc.blank_line()
    tag(doc, "{%p endif %}")
    doc.blank_line()
    doc.heading1("审查和交办意见")  # keeps with the boxes (the heading style keeps with the next paragraph)
    doc.form_table([_review_row("初审意见", "初审意见"), _review_row("复审意见", "复审意见"),
                    _review_row("交办意见", "交办意见")], REVIEW_WIDTHS_MM, font_size=SIZE_XIAO_SI,
                   keep_together=True)
    return save_template(doc, path)


def example_dto() -> ProposalFormDTO:
    return ProposalFormDTO(
        committee_name="政协黎城县委员会", session_label="政协第十四届黎城县委员会第五次会议",
        title="关于进一步加强农村饮水安全工程建设与管护的建议", kind="委员提案", category="社会建设",
        case_number="第001号",
        lead=Signer("王堃", "经济界", "黎城县某农业科技有限公司总经理", "13800000000", "黎城县黎侯镇某街1号"),
        co_signers=(Signer("李喆", "教育界"), Signer("张玥", "医药卫生界")), submitted_on=_dt.date(2026, 1, 6),
        body="一、存在的问题\n部分农村饮水工程管护责任不清、水费收缴率低。\n二、几点建议\n（一）明确管护主体\n"
             "建议由县水利局牵头，落实乡镇和村两级管护责任。",
        suggested_units=("县水利局", "县财政局"), first_review="符合立案标准（赵审，2026年1月8日）",
        handling_units="主办：县水利局；会办：县财政局", key_proposal=True)


def example() -> dict[str, Any]:
    return context(example_dto())


KIND = DocumentKind(
    key="proposal_form", title="提案表", purpose="一件提案的提案表：基本情况、提案内容和审查、交办意见栏",
    build_template=build_template, example=example,
    descriptions={
        "标题": "提案表的标题“政协……会议提案”，过长时已分成对称的几行",
        "会次": "提案所属的会议，如“政协第十四届黎城县委员会第五次会议”",
        "案号": "案号，如“第001号”；立案前为空",
        "类别": "提案类别，如“社会建设”",
        "提案形式": "委员提案或集体提案",
        "重点提案": "是否重点提案（是时在提案形式下注明“（重点提案）”）",
        "案由": "提案的案由",
        "提案单位": "集体提案的提案单位；委员提案为空",
        "提案人": "领衔委员（集体提案为联系人）；没有时各项为空",
        "提案人.姓名": "姓名",
        "提案人.界别": "界别",
        "提案人.工作单位": "工作单位及职务",
        "提案人.联系电话": "联系电话",
        "提案人.通讯地址": "通讯地址；没有时不印这一行",
        "显示附议人": "是否印“附议人”一行（有附议人，或委员提案）",
        "附议人": "附议人，如“李喆（教育界）、张玥（医药卫生界）”",
        "提交日期": "提交日期；没有时为空白的“年 月 日”",
        "建议承办单位": "建议的承办单位，以“、”分隔",
        "提案内容": "提案内容（理由及建议），每段一项",
        "提案内容[].级别": "1、2、3 为“一、”“（一）”“1.”开头的标题，0 为正文段落",
        "提案内容[].文字": "这一段的文字",
        "初审意见": "已有的初审意见（意见、审查人、日期）；没有时为空，留给手写",
        "复审意见": "已有的复审意见；没有时为空",
        "交办意见": "已交办时为承办单位，如“主办：县水利局；会办：县财政局”；没有时为空",
    },
)
