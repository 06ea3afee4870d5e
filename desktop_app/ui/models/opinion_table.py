"""Columns of the 社情民意信息 table."""
from __future__ import annotations

from desktop_app.ui.models.row_table import column, number, sort_key, state


def adopted_text(row) -> str:
    return f"已采用（{row.adopted_label}）" if row.adopted_levels else "未采用"


def source_text(row) -> str:
    return "提案转来" if row.source_proposal_id else "协商转来" if row.consultation_id else ""


OPINION_COLUMNS = [
    column("收稿日期", "received_on"),
    column("标题", "title"),
    ("报送人", lambda r: r.submitters, lambda r: sort_key(r.submitters or None)),
    column("编报期号", "bulletin_issue"),
    ("报送层级", lambda r: r.sent_level_label, lambda r: sort_key(r.sent_level_label or None)),
    state("采用情况", adopted_text, lambda r: (len(r.adopted_levels), r.adopted_label)),
    number("批示", "instructions"),
    ("来源", lambda r: source_text(r), lambda r: source_text(r)),
]
