"""Proposal paperwork as Word files: 提案表, 交办通知, 催办单, 满意度测评表.

DTOs in (see paperwork_dto), .docx out, all in the GB/T 9704 layout of `OfficialDocument`.
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.fileio.official_doc import SIZE_XIAO_SI, FontSet, FormCell, OfficialDocument
from desktop_app.fileio.paperwork_dto import (
    AssignmentNoticeDTO,
    ProposalFormDTO,
    ReminderDTO,
    SatisfactionFormDTO,
)

_BLANK_DATE = "年　　月　　日"
_ROLE_ORDER = ("主办", "会办", "分办")


def _date_or_blank(value) -> str:
    return format_cn_date(value) if value else _BLANK_DATE


def _label(text: str, **kw) -> FormCell:
    return FormCell(text, bold=True, align="center", **kw)


def _signer_line(signer) -> str:
    extra = "，".join(x for x in (signer.sector, signer.work_unit) if x)
    return f"{signer.name}（{extra}）" if extra else signer.name


def write_proposal_form(dto: ProposalFormDTO, path: str | os.PathLike, *, fonts: FontSet | None = None) -> Path:
    """提案表: facts of the proposal, its text (理由及建议), and the review boxes for the office."""
    doc = OfficialDocument(fonts=fonts, title=f"{dto.session_label}提案", author=dto.committee_name)
    doc.title(f"{dto.session_label}提案")
    doc.blank_line()
    widths = [23, 33, 19, 28, 23, 30]
    lead = dto.lead
    rows: list[list[FormCell | str]] = [
        [_label("案　号"), FormCell(dto.case_number), _label("类　别"), FormCell(dto.category),
         _label("提案形式"), FormCell(dto.kind + ("\n（重点提案）" if dto.key_proposal else ""))],
        [_label("案　由"), FormCell(dto.title, span=5, align="left", height_mm=15)],
    ]
    if dto.organization:
        rows.append([_label("提案单位"), FormCell(dto.organization, span=5, align="left")])
        if lead is not None:
            rows.append([_label("联系人"), FormCell(lead.name), _label("职　务"), FormCell(lead.work_unit),
                         _label("联系电话"), FormCell(lead.phone)])
    elif lead is not None:
        rows.append([_label("提案人"), FormCell(lead.name), _label("界　别"), FormCell(lead.sector),
                     _label("联系电话"), FormCell(lead.phone)])
        rows.append([_label("工作单位\n及职务"), FormCell(lead.work_unit, span=5, align="left")])
        if lead.address:
            rows.append([_label("通讯地址"), FormCell(lead.address, span=5, align="left")])
    else:
        rows.append([_label("提案人"), FormCell("", span=5, height_mm=10)])
    if dto.co_signers or not dto.organization:
        signers = "、".join(_signer_line(s) for s in dto.co_signers)
        rows.append([_label("附议人"), FormCell(signers, span=5, align="left", height_mm=12)])
    rows.append([_label("提交日期"), FormCell(_date_or_blank(dto.submitted_on)), _label("建议承\n办单位"),
                 FormCell("、".join(dto.suggested_units), span=3, align="left")])
    doc.form_table(rows, widths, font_size=SIZE_XIAO_SI)
    doc.blank_line()
    doc.heading1("提案内容（理由及建议）")
    if dto.body.strip():
        doc.paragraphs(dto.body)
    else:
        for _ in range(8):
            doc.blank_line()
    doc.blank_line()
    signed = f"签字：　　　　　　　　{_BLANK_DATE}"
    doc.form_table(
        [
            [_label("初审意见"), FormCell(_box(dto.first_review, signed), span=3, align="left", valign="bottom",
                                          height_mm=30)],
            [_label("复审意见"), FormCell(_box(dto.second_review, signed), span=3, align="left", valign="bottom",
                                          height_mm=30)],
            [_label("交办意见"), FormCell(_box(dto.handling_units, signed), span=3, align="left", valign="bottom",
                                          height_mm=30)],
        ],
        [23, 44, 44, 45],
        font_size=SIZE_XIAO_SI,
    )
    doc.page_numbers()
    return doc.save(path)


def _box(text: str, signed: str) -> str:
    """A review box: what is already decided (if anything), room to write, and the signature line."""
    return f"{text}\n\n{signed}" if text else f"\n\n\n{signed}"


def _role_counts(items) -> str:
    counts = Counter(item.role for item in items)
    parts = [f"{role}{counts[role]}件" for role in _ROLE_ORDER if counts.get(role)]
    parts += [f"{role}{n}件" for role, n in counts.items() if role not in _ROLE_ORDER]
    return "、".join(parts)


def _role_cell(item) -> str:
    if item.other_units:
        other = "主办" if item.role == "会办" else "会办"
        return f"{item.role}\n（{other}：{item.other_units}）"
    return item.role


def write_assignment_notice(dto: AssignmentNoticeDTO, path: str | os.PathLike, *, fonts: FontSet | None = None) -> Path:
    """交办通知 to one handling unit: what it received, in which role, and the due dates."""
    title = f"关于交办{dto.session_label}提案的通知"
    doc = OfficialDocument(fonts=fonts, title=title, author=dto.office_name)
    if dto.document_number:
        doc.centred(dto.document_number)
        doc.blank_line()
    doc.title(title)
    doc.blank_line()
    doc.salutation(f"{dto.unit_name}：")
    n = len(dto.items)
    doc.paragraph(
        f"经审查，现将{dto.session_label}立案的提案{n}件交由你单位办理（其中{_role_counts(dto.items)}），"
        f"请认真研究，按期办复。具体事项通知如下："
    )
    roles = {item.role for item in dto.items}
    copy_to = f"{dto.reply_to}和" if dto.reply_to else ""
    point = 1
    dues = {item.due_on for item in dto.items if item.due_on}
    if len(dues) == 1:
        doc.paragraph(f"{point}.办理期限。请于{format_cn_date(dues.pop())}前办结并书面答复提案者。")
    else:
        doc.paragraph(f"{point}.办理期限。各件提案的办理期限见下表，请在期限内办结并书面答复提案者。")
    point += 1
    if "主办" in roles:
        doc.paragraph(
            f"{point}.主办单位要主动与会办单位协商，综合会办意见后统一答复提案者，答复件同时抄送{copy_to}会办单位。"
        )
        point += 1
    if "会办" in roles:
        doc.paragraph(f"{point}.会办单位要在交办之日起{dto.joint_reply_days}日内将会办意见送主办单位。")
        point += 1
    if "分办" in roles:
        doc.paragraph(f"{point}.分办单位各自答复提案者，答复件同时抄送{dto.reply_to or '提案委员会'}。")
        point += 1
    doc.paragraph(
        f"{point}.办理中请与提案者见面沟通，答复时注明答复类别（A.所提问题已经解决或基本解决；"
        "B.所提问题正在解决或已列入计划逐步解决；C.因条件限制或其他原因需留作参考）。"
        "如认为提案不属于本单位职责范围，请在收到通知后五个工作日内说明理由并退回。"
    )
    doc.paragraph("交办提案清单如下：").paragraph_format.keep_with_next = True
    doc.table(
        ["序号", "案号", "案由", "提案者", "办理方式", "办理期限"],
        [
            [i, item.case_number, item.title, item.proposer, _role_cell(item), format_cn_date(item.due_on)]
            for i, item in enumerate(dto.items, 1)
        ],
        [12, 21, 46, 23, 22, 32],
        font_size=SIZE_XIAO_SI,
        aligns=["center", "center", "left", "center", "center", "center"],
    )
    _contact(doc, dto.contact_person, dto.contact_phone)
    doc.signature(dto.office_name, dto.issued_on)
    doc.page_numbers()
    return doc.save(path)


def _contact(doc: OfficialDocument, person: str, phone: str) -> None:
    if person or phone:
        doc.blank_line()
        parts = [f"联系人：{person}" if person else "", f"联系电话：{phone}" if phone else ""]
        doc.paragraph("；".join(p for p in parts if p) + "。")


def write_reminder(dto: ReminderDTO, path: str | os.PathLike, *, fonts: FontSet | None = None) -> Path:
    """催办单 for the overdue proposals of one handling unit."""
    title = "提案办理催办单"
    doc = OfficialDocument(fonts=fonts, title=title, author=dto.office_name)
    doc.title(title)
    if dto.number:
        doc.centred(dto.number)
    doc.blank_line()
    doc.salutation(f"{dto.unit_name}：")
    n = len(dto.items)
    when = f"于{format_cn_date(dto.reply_by)}前" if dto.reply_by else "尽快"
    doc.paragraph(
        f"截至{format_cn_date(dto.as_of)}，你单位承办的下列提案{n}件已超过办理期限，尚未书面答复提案者。"
        f"请高度重视，抓紧办理，{when}将办理结果书面答复提案者，并将答复件抄送{dto.office_name}。"
        "确需延期办理的，请书面说明理由。"
    )
    rows = []
    for i, item in enumerate(dto.items, 1):
        days = item.overdue_days
        if days is None and item.due_on:
            days = max((dto.as_of - item.due_on).days, 0)
        title = item.title if item.role == "主办" else f"{item.title}（{item.role}）"
        rows.append([i, item.case_number, title, format_cn_date(item.assigned_on),
                     format_cn_date(item.due_on), "" if days is None else f"{days}天"])
    lead_in = doc.paragraph("超期提案清单如下：")
    lead_in.paragraph_format.keep_with_next = True
    doc.table(
        ["序号", "案号", "案由", "交办日期", "办理期限", "超期天数"],
        rows,
        [12, 21, 38, 32, 32, 21],
        font_size=SIZE_XIAO_SI,
        aligns=["center", "center", "left", "center", "center", "center"],
    )
    _contact(doc, dto.contact_person, dto.contact_phone)
    doc.signature(dto.office_name, dto.issued_on)
    doc.page_numbers()
    return doc.save(path)


def write_satisfaction_form(dto: SatisfactionFormDTO, path: str | os.PathLike, *, fonts: FontSet | None = None) -> Path:
    """满意度测评表 for the proposer to fill in by hand: a verdict and 见面 per unit, remarks, signature."""
    title = "提案办理满意度测评表"
    doc = OfficialDocument(fonts=fonts, title=title, author=dto.committee_name)
    doc.title(title)
    doc.subtitle(dto.session_label)
    doc.blank_line()
    widths = [38, 14, 36, 38, 30]
    rows: list[list[FormCell | str]] = [
        [_label("案　号"), FormCell(dto.case_number, span=2), FormCell(f"提案者：{dto.proposer}", span=2, align="left")],
        [_label("案　由"), FormCell(dto.title, span=4, align="left", height_mm=14)],
        [_label("承办单位"), _label("办理\n方式"), _label("答复日期"), _label("测评意见"), _label("是否见面")],
    ]
    for unit in dto.units:
        replied = format_cn_date(unit.replied_on) if unit.replied_on else "　年　月　日"
        if unit.reply_category:
            replied += f"\n（{unit.reply_category}类）"
        rows.append([
            FormCell(unit.unit_name, align="center"),
            FormCell(unit.role),
            FormCell(replied),
            FormCell("□满意\n□基本满意\n□不满意", align="left"),
            FormCell("□是　□否"),
        ])
    rows.append([_label("意见和建议"), FormCell("", span=4, align="left", valign="top", height_mm=45)])
    rows.append([FormCell(f"提案者签名：　　　　　　　　　　{_BLANK_DATE}", span=5, align="right", height_mm=14)])
    doc.form_table(rows, widths, font_size=SIZE_XIAO_SI)
    doc.blank_line()
    notes = [
        "说明：1.请在相应的“□”内打“√”，每个承办单位选一项。",
        "2.对答复“不满意”的，请在“意见和建议”栏写明理由，提案将重新办理。",
    ]
    where = dto.return_to or "提案委员会"
    by = f"于{format_cn_date(dto.return_by)}前" if dto.return_by else "在收到答复后一个月内"
    phone = f"，联系电话：{dto.contact_phone}" if dto.contact_phone else ""
    notes.append(f"3.请{by}将本表寄回或送交{where}{phone}。")
    for note in notes:
        doc.paragraph(note)
    doc.page_numbers()
    return doc.save(path)


__all__ = [
    "write_proposal_form",
    "write_assignment_notice",
    "write_reminder",
    "write_satisfaction_form",
]
