"""签到表 for an activity or a consultation, as a Word file in the GB/T 9704 layout."""
from __future__ import annotations

import os
from pathlib import Path

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.fileio.official_doc import SIZE_SI, FontSet, OfficialDocument
from desktop_app.fileio.paperwork_dto import SignInSheetDTO

ROW_HEIGHT_MM = 11  # room for a handwritten signature


def sign_in_title(dto: SignInSheetDTO) -> str:
    title = dto.title.strip()
    return title if title.endswith("签到表") else f"{title}签到表"


def write_sign_in_sheet(dto: SignInSheetDTO, path: str | os.PathLike, *, fonts: FontSet | None = None) -> Path:
    """签到表: title, date and place, then 序号/姓名/界别/签名/备注 for the expected members and blank rows."""
    title = sign_in_title(dto)
    doc = OfficialDocument(fonts=fonts, title=title, author=dto.organizer)
    doc.title(title)
    when = format_cn_date(dto.held_on) + (f" {dto.start_time}" if dto.start_time else "")
    label = "协商" if dto.kind == "协商" else "活动"
    if dto.organizer:
        doc.centred(f"主办：{dto.organizer}")
    time_line = f"{label}时间：{when}"
    place_line = f"地点：{dto.place}" if dto.place else ""
    if place_line and len(time_line) + len(place_line) + 2 <= 26:
        doc.centred(f"{time_line}　　{place_line}")
    else:
        doc.centred(time_line)
        if place_line:
            doc.centred(place_line)
    doc.blank_line()
    rows = [[i, m.name, m.sector, "", m.note] for i, m in enumerate(dto.members, 1)]
    start = len(rows) + 1
    rows += [[start + k, "", "", "", ""] for k in range(dto.blank_rows)]
    doc.table(
        ["序号", "姓名", "界别", "签名", "备注"],
        rows,
        [16, 30, 40, 45, 25],
        font_size=SIZE_SI,
        aligns=["center"] * 5,
        row_height_mm=ROW_HEIGHT_MM,
    )
    doc.page_numbers()
    return doc.save(path)
