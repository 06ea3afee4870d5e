"""Columns of the homes, activities, platforms and consultations tables."""
from __future__ import annotations

from desktop_app.domain.enums import AttendanceStatus
from desktop_app.ui.models.row_table import column, number, state

HOME_COLUMNS = [
    column("名称", "name"), column("级别", "level"), column("乡镇", "township"), column("地点", "place"),
    number("委员人数", "member_count"), number("活动次数", "activity_count"),
    state("状态", lambda r: "在用" if r.active else f"已撤销（{r.retired_date}）", lambda r: r.active),
]

ACTIVITY_COLUMNS = [
    column("日期", "held_on"),
    ("委员之家", lambda r: r.home_name or "全县性活动", lambda r: r.home_name or ""),
    column("活动类型", "kind"), column("活动名称", "title"), column("地点", "place"),
    *(number(status.label, status.value) for status in AttendanceStatus),
    number("其他参加", "other_participants"), number("意见建议", "suggestions_count"),
]

PLATFORM_COLUMNS = [
    column("名称", "name"), column("级别", "level"), column("乡镇（街道）", "township"),
    column("村（社区）", "village_name"), number("联系委员", "member_count"), number("协商次数", "consultation_count"),
    state("状态", lambda r: "在用" if r.active else "停用", lambda r: r.active),
]

CONSULTATION_COLUMNS = [
    column("日期", "held_on"), column("协商议事室", "platform_name"), column("乡镇", "township"),
    column("议题", "topic"), column("议题来源", "topic_source"), number("参加委员", "members"),
    number("意见建议", "suggestions_count"), number("办成实事", "done_deeds"), column("责任单位", "responsible_unit"),
    state("落实情况", lambda r: r.follow_up_label, lambda r: r.follow_up_status),
    ("转出", lambda r: "、".join(x for x, y in (("提案", r.proposal_id), ("社情民意", r.opinion_id)) if y),
     lambda r: (bool(r.proposal_id), bool(r.opinion_id))),
]
