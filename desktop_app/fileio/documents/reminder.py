"""催办单 for the overdue proposals of one handling unit: a 函 with the 版头 of GB/T 9704 and the list."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.fileio.docx_xml import SIZE_XIAO_SI
from desktop_app.fileio.documents import DocumentKind
from desktop_app.fileio.documents._build import tag
from desktop_app.fileio.documents._letter import (CLOSING_DESCRIPTIONS, LETTERHEAD_DESCRIPTIONS, closing_context,
                                                  letter_end, letter_start, letter_table,
                                                  letterhead_context)
from desktop_app.fileio.paperwork_dto import AssignmentItem, ReminderDTO

TITLE = "提案办理催办单"
# The 交办日期 is said once in the text when every item shares it (the usual case), else it is a column.
HEADERS = ("案号", "案由", "办理期限", "超期天数")
HEADERS_WITH_ASSIGNED = ("案号", "案由", "交办日期", "办理期限", "超期天数")


def overdue_days(item: AssignmentItem, as_of: _dt.date) -> int | None:
    """Days past the due date: as the service counted them, else from `as_of`."""
    if item.overdue_days is not None:
        return item.overdue_days
    if item.due_on:
        return max((as_of - item.due_on).days, 0)
    return None


def context(dto: ReminderDTO, *, mark: str | None = None) -> dict[str, Any]:
    """The 催办单's fields; `mark` is the 发文机关标志 (default: the office's name)."""
    assigned = {item.assigned_on for item in dto.items}
    one_day = len(assigned) == 1 and None not in assigned
    rows = []
    for item in dto.items:
        days = overdue_days(item, dto.as_of)
        title = item.title if item.role == "主办" else f"{item.title}（{item.role}）"
        row = [item.case_number, title, format_cn_date(item.due_on), "" if days is None else f"{days}天"]
        if not one_day:
            row.insert(2, format_cn_date(item.assigned_on))
        rows.append(row)
    headers = HEADERS if one_day else HEADERS_WITH_ASSIGNED
    aligns = tuple("left" if h == "案由" else "center" for h in headers)
    return {
        **letterhead_context(mark if mark is not None else dto.office_name, dto.number),
        "标题": TITLE,
        "主送": dto.unit_name,
        "截至日期": format_cn_date(dto.as_of),
        "交办日期": format_cn_date(next(iter(assigned))) if one_day else "",
        "件数": len(dto.items),
        "答复要求": f"于{format_cn_date(dto.reply_by)}前" if dto.reply_by else "尽快",
        "超期清单": letter_table(headers, rows, font_size=SIZE_XIAO_SI, aligns=aligns),
        **closing_context(dto.office_name, dto.issued_on, dto.contact_person, dto.contact_phone),
    }


def build_template(path: Path) -> Path:
    doc = letter_start("催办单")
    # Four lines, so that a reminder of a few items and its 落款 fit on one page under the 版头.
    doc.paragraph("截至{{ 截至日期 }}，你单位{% if 交办日期 %}于{{ 交办日期 }}{% endif %}承办的下列提案{{ 件数 }}件"
                  "已超过办理期限，尚未答复提案者。请抓紧办理，{{ 答复要求 }}书面答复提案者，"
                  "答复件抄送{{ 发文机关 }}；确需延期的，请书面说明理由。")  # “下列提案” is the table right under it
    tag(doc, "{{p 超期清单 }}")
    return letter_end(doc, path)


def example_dto() -> ReminderDTO:
    on, due = _dt.date(2025, 12, 15), _dt.date(2026, 3, 15)
    return ReminderDTO(
        office_name="政协黎城县委员会提案委员会", unit_name="县水利局",
        items=(AssignmentItem("第001号", "关于进一步加强农村饮水安全工程建设与管护的建议", "王堃", "主办", due, on,
                              overdue_days=21),
               AssignmentItem("第017号", "关于推进浊漳河生态修复的建议", "方国杰等3人", "会办", due, on,
                              overdue_days=21)),
        as_of=_dt.date(2026, 4, 5), issued_on=_dt.date(2026, 4, 5), reply_by=_dt.date(2026, 4, 20),
        number="黎政协提〔2026〕9号", contact_person="赵六", contact_phone="0355-6222222")


def example() -> dict[str, Any]:
    return context(example_dto())


KIND = DocumentKind(
    key="reminder", title="催办单", purpose="给一个承办单位的提案办理催办单：逾期未答复的提案清单",
    build_template=build_template, example=example,
    descriptions={
        **LETTERHEAD_DESCRIPTIONS,
        "标题": "催办单的标题“提案办理催办单”",
        "主送": "主送的承办单位",
        "截至日期": "逾期的判断日期，如“2026年4月5日”",
        "件数": "逾期未答复的提案件数",
        "答复要求": "“于2026年4月20日前”，未给答复期限时为“尽快”",
        "交办日期": "各件提案的交办日期相同时为这个日期（写在正文中），不同时为空（清单中另列“交办日期”）",
        "超期清单": "超期提案清单：案号、案由（会办、分办的注明）、（交办日期不同时）交办日期、办理期限、超期天数",
        **CLOSING_DESCRIPTIONS,
        "发文机关": "发文机关署名，也是答复件的抄送单位，如“政协黎城县委员会提案委员会”",
    },
)
