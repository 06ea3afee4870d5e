"""签到表 for an activity or a consultation: the expected members, then blank rows to the page's end."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.fileio.docx_template import Table
from desktop_app.fileio.docx_xml import SIZE_SI, TEXT_HEIGHT_MM
from desktop_app.fileio.documents import DocumentKind
from desktop_app.fileio.documents._build import save_template, tag, template_document
from desktop_app.fileio.paperwork_dto import SignInMember, SignInSheetDTO
from desktop_app.fileio.title_lines import balance_title_lines

ROW_HEIGHT_MM = 11.0  # room for a handwritten signature
_ROW_PRINTED_MM = 11.3  # a row as printed, its border included
_LINE_MM = 28.95 * 25.4 / 72  # one line of the 22-line grid
_SAFETY_MM = 3.0  # Word and WPS measure a little differently from LibreOffice


def sign_in_title(dto: SignInSheetDTO) -> str:
    title = dto.title.strip()
    return title if title.endswith("签到表") else f"{title}签到表"


def _rows_on_first_page(title_lines: int, header_lines: int) -> int:
    """Signature rows under the title block on page 1 (the header row repeated, one row of air)."""
    used = (title_lines + 1 + header_lines + 1) * _LINE_MM + _ROW_PRINTED_MM + _SAFETY_MM
    return int((TEXT_HEIGHT_MM - used) // _ROW_PRINTED_MM)


def _rows_on_next_pages() -> int:
    return int((TEXT_HEIGHT_MM - _ROW_PRINTED_MM - _SAFETY_MM) // _ROW_PRINTED_MM)


def blank_rows_to_fill(members: int, first_page: int, next_pages: int, at_least: int) -> int:
    """Blank rows after the members: to the end of the members' last page, never a page of blanks alone.

    `at_least` blank rows are asked for; when they would not fit, the page is filled instead.
    """
    if members <= first_page:
        room = first_page - members
    else:
        over = (members - first_page) % next_pages
        room = next_pages - over if over else 0
    return room if room < at_least else max(room, at_least)


def context(dto: SignInSheetDTO) -> dict[str, Any]:
    title = sign_in_title(dto)
    lines = balance_title_lines(title)
    when = format_cn_date(dto.held_on) + (f" {dto.start_time}" if dto.start_time else "")
    label = "协商" if dto.kind == "协商" else "活动"
    time_line = f"{label}时间：{when}"
    place_line = f"地点：{dto.place}" if dto.place else ""
    together = bool(place_line) and len(time_line) + len(place_line) + 2 <= 26
    header_lines = (1 if dto.organizer else 0) + (1 if together or not place_line else 2)
    blanks = blank_rows_to_fill(len(dto.members), _rows_on_first_page(len(lines), header_lines),
                                _rows_on_next_pages(), dto.blank_rows)
    rows = [(i, m.name, m.sector, "", m.note) for i, m in enumerate(dto.members, 1)]
    rows += [(len(rows) + k + 1, "", "", "", "") for k in range(blanks)]
    return {
        "标题": "\n".join(lines),
        "主办": dto.organizer,
        "时间": time_line,
        "地点": place_line,
        "时间地点同行": together,
        "日期": format_cn_date(dto.held_on),
        "签到名单": Table(("序号", "姓名", "界别", "签名", "备注"), rows, font_size=SIZE_SI,
                      aligns=("center",) * 5, row_height_mm=ROW_HEIGHT_MM,
                      widths_mm=_widths(dto.members)),
        "应到人数": len(dto.members),
    }


def _widths(members: tuple[SignInMember, ...]) -> tuple[float, ...]:
    """序号 and 姓名 as narrow as they can be, 界别 as wide as its longest name, the rest to 签名."""
    from desktop_app.fileio.docx_xml import CELL_PADDING_MM, PT_TO_MM
    from desktop_app.fileio.title_lines import text_width

    char = SIZE_SI * PT_TO_MM

    def need(texts, least):
        return max([text_width(t) for t in texts] + [least]) * char + CELL_PADDING_MM

    number = need([str(len(members) + 40)], 2)
    name = need([m.name for m in members], 4)
    sector = need([m.sector for m in members], 4)
    note = need([m.note for m in members], 4)
    sign = max(156 - number - name - sector - note, 8 * char)
    return (number, name, sector, sign, note)


def build_template(path: Path) -> Path:
    doc = template_document("签到表")
    doc.title(["{{ 标题 }}"])
    doc.blank_line()
    tag(doc, "{%p if 主办 %}")
    doc.centred("主办：{{ 主办 }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if 时间地点同行 %}")
    doc.centred("{{ 时间 }}　　{{ 地点 }}")
    tag(doc, "{%p else %}")
    doc.centred("{{ 时间 }}")
    tag(doc, "{%p if 地点 %}")
    doc.centred("{{ 地点 }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    doc.blank_line()
    tag(doc, "{{p 签到名单 }}")
    return save_template(doc, path)


def example() -> dict[str, Any]:
    return context(SignInSheetDTO(
        title="第一委员之家“委员读书会”活动", held_on=_dt.date(2026, 3, 12), place="县政协四楼会议室",
        organizer="政协黎城县委员会", start_time="上午9:00",
        members=tuple(SignInMember(name, sector) for name, sector in
                      (("王堃", "经济界"), ("李芳", "社会福利和社会保障界"), ("赵文栋", "中共")))))


KIND = DocumentKind(
    key="sign_in", title="签到表", purpose="委员之家活动、有事来商量协商的签到表",
    build_template=build_template, example=example,
    descriptions={
        "标题": "活动或协商的名称加“签到表”，过长时已分成对称的几行",
        "主办": "主办单位：政协××县委员会或某委员之家、某协商议事室",
        "时间": "“活动时间：2026年3月12日 上午9:00”或“协商时间：……”",
        "地点": "“地点：……”；没有地点时为空",
        "时间地点同行": "时间和地点能否排在同一行",
        "日期": "活动或协商的日期",
        "签到名单": "签到表格：序号、姓名、界别、签名、备注，应到委员之后是空白行，排满最后一页",
        "应到人数": "名单中的委员人数",
    },
)
