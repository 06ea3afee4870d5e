"""交办通知 to one handling unit: what it received, in which role, and by when to answer.

A 通知 with the 版头 of GB/T 9704 (see _letter), the 主送 unit, the points of handling (numbered from
what the unit received: a paragraph for 主办, 会办, 分办 only when it has such a role), the list of its
proposals and the 落款.
"""
from __future__ import annotations

import datetime as _dt
from collections import Counter
from pathlib import Path
from typing import Any

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.fileio.docx_xml import SIZE_XIAO_SI
from desktop_app.fileio.documents import DocumentKind
from desktop_app.fileio.documents._build import tag
from desktop_app.fileio.documents._letter import (CLOSING_DESCRIPTIONS, LETTERHEAD_DESCRIPTIONS, closing_context,
                                                  letter_end, letter_start, letter_table,
                                                  letterhead_context)
from desktop_app.fileio.paperwork_dto import AssignmentItem, AssignmentNoticeDTO
from desktop_app.fileio.title_lines import balance_title_lines

ROLE_ORDER = ("主办", "会办", "分办")
# The other units of a proposal, named under its 案由 by what they are to this unit.
OTHERS_LABEL = {"主办": "会办", "会办": "主办", "分办": "同时分办"}
# No 序号: the 案号 numbers the list, and the room goes to the 案由.
HEADERS = ("案号", "案由", "提案者", "办理方式", "办理期限")
ALIGNS = ("center", "left", "center", "center", "center")


def role_counts(items: tuple[AssignmentItem, ...]) -> str:
    """主办1件、会办1件、分办1件 — in that order, a role the unit did not receive left out."""
    counts = Counter(item.role for item in items)
    parts = [f"{role}{counts[role]}件" for role in ROLE_ORDER if counts.get(role)]
    parts += [f"{role}{n}件" for role, n in counts.items() if role not in ROLE_ORDER]
    return "、".join(parts)


def title_cell(item: AssignmentItem) -> str:
    """The 案由, and under it the proposal's other units: 会办：县财政局 for a proposal this unit leads."""
    if not item.other_units:
        return item.title
    return f"{item.title}\n{OTHERS_LABEL.get(item.role, '另')}：{item.other_units}"


def notice_title(session_label: str) -> str:
    return f"关于交办{session_label}提案的通知"


def points(roles: set[str]) -> dict[str, int]:
    """The number of each point of the notice; 0 for a point left out (the unit has no such role)."""
    numbers: dict[str, int] = {}
    n = 0
    for key, present in (("期限", True), ("主办", "主办" in roles), ("会办", "会办" in roles),
                         ("分办", "分办" in roles), ("见面", True)):
        if present:
            n += 1
        numbers[key] = n if present else 0
    return numbers


# A 提案者 up to this wide (em, as docx_xml measures a printed line) always stays on one line: 方国杰等13人
# is 6.78. A longer one, the name of a proposing organization, stays whole too unless it would widen the
# column by more than LONG_PROPOSER_EXTRA_EM: then it takes two lines (九三学社黎城/县支社) and the 案由 the room.
PROPOSER_ONE_LINE_EM = 6.8
LONG_PROPOSER_EXTRA_EM = 2.0


def column_widths(rows: list[tuple[str, ...]]) -> tuple[float, ...]:
    """Widths from the content (docx_xml.fit_widths_to_content), a long organization sized for two lines."""
    from desktop_app.fileio.docx_xml import _set_width, fit_widths_to_content

    proposer = HEADERS.index("提案者")
    widths = [_set_width(str(row[proposer])) for row in rows]
    whole = max([w for w in widths if w <= PROPOSER_ONE_LINE_EM] + [4.0])
    probe = []
    for row, width in zip(rows, widths):
        name = str(row[proposer])
        if width > PROPOSER_ONE_LINE_EM and width - whole > LONG_PROPOSER_EXTRA_EM:
            half = (len(name) + 1) // 2
            name = f"{name[:half]}\n{name[half:]}"
        probe.append(tuple(name if c == proposer else str(v) for c, v in enumerate(row)))
    return tuple(fit_widths_to_content(HEADERS, probe, SIZE_XIAO_SI))


def context(dto: AssignmentNoticeDTO, *, mark: str | None = None) -> dict[str, Any]:
    """The notice's fields; `mark` is the 发文机关标志 (default: the office's name followed by 文件)."""
    roles = {item.role for item in dto.items}
    dues = {item.due_on for item in dto.items if item.due_on}
    rows = [(item.case_number, title_cell(item), item.proposer, item.role, format_cn_date(item.due_on))
            for item in dto.items]
    return {
        **letterhead_context(mark if mark is not None else f"{dto.office_name}文件", dto.document_number),
        "标题": "\n".join(balance_title_lines(notice_title(dto.session_label))),
        "主送": dto.unit_name,
        "会次": dto.session_label,
        "件数": len(dto.items),
        "分工": role_counts(dto.items),
        "统一期限": format_cn_date(next(iter(dues))) if len(dues) == 1 else "",
        "条号": points(roles),
        "主办抄送": f"{dto.reply_to}和会办单位" if dto.reply_to else "会办单位",
        "分办抄送": dto.reply_to or "提案委员会",
        "会办期限天数": dto.joint_reply_days,
        "交办清单": letter_table(HEADERS, rows, font_size=SIZE_XIAO_SI, widths_mm=column_widths(rows), aligns=ALIGNS),
        **closing_context(dto.office_name, dto.issued_on, dto.contact_person, dto.contact_phone),
    }


def build_template(path: Path) -> Path:
    doc = letter_start("交办通知")
    doc.paragraph("经审查，现将{{ 会次 }}立案的提案{{ 件数 }}件交由你单位办理（其中{{ 分工 }}），请认真研究，按期办复。"
                  "具体事项通知如下：")
    tag(doc, "{%p if 统一期限 %}")
    doc.paragraph("{{ 条号.期限 }}.办理期限。请于{{ 统一期限 }}前办结并书面答复提案者。")
    tag(doc, "{%p else %}")
    doc.paragraph("{{ 条号.期限 }}.办理期限。各件提案的办理期限见下表，请在期限内办结并书面答复提案者。")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if 条号.主办 %}")
    doc.paragraph("{{ 条号.主办 }}.主办单位要主动与会办单位协商，综合会办意见后统一答复提案者，答复件同时抄送{{ 主办抄送 }}。")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if 条号.会办 %}")
    doc.paragraph("{{ 条号.会办 }}.会办单位要在交办之日起{{ 会办期限天数 }}日内将会办意见送主办单位。")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if 条号.分办 %}")
    doc.paragraph("{{ 条号.分办 }}.分办单位各自答复提案者，答复件同时抄送{{ 分办抄送 }}。")
    tag(doc, "{%p endif %}")
    doc.paragraph("{{ 条号.见面 }}.办理中请与提案者见面沟通，答复时注明答复类别（A.所提问题已经解决或基本解决；"
                  "B.所提问题正在解决或已列入计划逐步解决；C.因条件限制或其他原因需留作参考）。"
                  "如认为提案不属于本单位职责范围，请在收到通知后五个工作日内说明理由并退回。")
    doc.paragraph("交办提案清单如下：").paragraph_format.keep_with_next = True  # the lead-in goes with its table
    tag(doc, "{{p 交办清单 }}")
    return letter_end(doc, path)


def example_dto() -> AssignmentNoticeDTO:
    session = "政协第十四届黎城县委员会第五次会议"
    due, on = _dt.date(2026, 4, 15), _dt.date(2026, 1, 15)
    return AssignmentNoticeDTO(
        office_name="政协黎城县委员会提案委员会", unit_name="县水利局", session_label=session,
        items=(AssignmentItem("第001号", "关于进一步加强农村饮水安全工程建设与管护的建议", "王堃", "主办", due, on,
                              "县财政局"),
               AssignmentItem("第017号", "关于推进浊漳河生态修复的建议", "方国杰等3人", "会办", due, on, "县生态环境局"),
               AssignmentItem("第042号", "关于加快推进小型水库除险加固的建议", "民革黎城县支部", "分办", due, on,
                              "县应急管理局")),
        issued_on=on, document_number="黎政协提〔2026〕3号", contact_person="赵六", contact_phone="0355-6222222",
        reply_to="县政协提案委员会")


def example() -> dict[str, Any]:
    return context(example_dto())


KIND = DocumentKind(
    key="notice", title="交办通知", purpose="交给一个承办单位的提案交办通知：所交提案、办理方式和期限",
    build_template=build_template, example=example,
    descriptions={
        **LETTERHEAD_DESCRIPTIONS,
        "标题": "通知的标题“关于交办政协……会议提案的通知”，过长时已分成对称的几行",
        "主送": "主送的承办单位",
        "会次": "提案所属的会议，如“政协第十四届黎城县委员会第五次会议”",
        "件数": "交给这个单位的提案件数",
        "分工": "按办理方式的件数，如“主办1件、会办1件、分办1件”",
        "统一期限": "各件提案的办理期限相同时为这个日期，不同时为空（期限见清单）",
        "条号": "正文各条的序号（没有这类提案的条为0，不显示）",
        "条号.期限": "“办理期限”一条的序号",
        "条号.主办": "“主办单位要……”一条的序号；没有主办提案时为0",
        "条号.会办": "“会办单位要……”一条的序号；没有会办提案时为0",
        "条号.分办": "“分办单位……”一条的序号；没有分办提案时为0",
        "条号.见面": "“见面沟通、注明答复类别”一条的序号",
        "主办抄送": "主办单位的答复件还要抄送给谁，如“县政协提案委员会和会办单位”",
        "分办抄送": "分办单位的答复件抄送给谁",
        "会办期限天数": "会办单位送会办意见的期限（天）",
        "交办清单": "交办提案清单：案号、案由（其下注明其他承办单位）、提案者、办理方式、办理期限",
        **CLOSING_DESCRIPTIONS,
    },
)
