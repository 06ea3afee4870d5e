"""`stats` without --json: the figures as sentences people read, with rates as reports print them."""
from __future__ import annotations

from desktop_app.domain.period import Period
from desktop_app.domain.period import percent_text as _rate


def summary_lines(period: Period, summary: dict) -> list[str]:
    lines = [f"统计时段：{period.start:%Y}年{period.start.month}月{period.start.day}日至"
             f"{period.end:%Y}年{period.end.month}月{period.end.day}日"]
    if period.note:  # how the span was fixed, e.g. a session counted from its first proposal
        lines.append(period.note)
    m = summary.get("members")
    if m:
        lines.append(f"委员：在任 {m['active']} 人，其中常委 {m['standing']} 人。")
    p = summary.get("proposals")
    if p:
        lines.append(f"提案：征集 {p['submitted']} 件，立案 {p['accepted']} 件（其中并案 {p['merged']} 件），"
                     f"立案率 {_rate(p['acceptance_rate'])}；办复率 {_rate(p['reply_rate'])}，"
                     f"满意率 {_rate(p['satisfaction_rate'])}。")
    h = summary.get("homes")
    if h:
        lines.append(f"委员之家：{h['count']} 个，开展活动 {h['activities']} 次，参加委员 {h['attendance']} 人次。")
    c = summary.get("consultations")
    if c:
        lines.append(f"有事来商量：平台 {c['platforms']} 个，协商 {c['sessions']} 次，意见建议 {c['suggestions']} 条，"
                     f"办成实事 {c['done_deeds']} 件，委员参与率 {_rate(c['member_participation_rate'])}。")
    o = summary.get("opinions")
    if o:
        lines.append(f"社情民意信息：收到 {o['received']} 篇，其中委员报送 {o['by_members']} 篇，"
                     f"报送率 {_rate(o['member_submission_rate'])}，采用率 {_rate(o['adoption_rate'])}。")
    return lines
