"""The statistics workbook's sheets, built from the statistics service's figures and the services' rows.

Nothing is counted here; this module only lays the numbers out (spec/reports.md lists the sheets).
"""
from __future__ import annotations

from desktop_app.domain.enums import Level
from desktop_app.domain.period import rate_value
from desktop_app.fileio.xlsx_writer import ColumnSpec, SheetSpec


def rate(numerator: int, denominator: int) -> float | str:
    """A rate as the workbook stores it: the printed percentage as a fraction, or "—" for 0/0."""
    value = rate_value(numerator, denominator)
    return "—" if value is None else round(value / 100, 4)


SUMMARY_COLUMNS = (ColumnSpec("类别"), ColumnSpec("项目"), ColumnSpec("数量", "int"), ColumnSpec("单位"),
                   ColumnSpec("比率", "percent"))


def summary_sheet(title: str, figures: dict, duty) -> SheetSpec:
    """汇总: the key figures of every part, one per row, with its rate where the reports print one."""
    m, p, h, c, o = (figures[key] for key in ("members", "proposals", "homes", "consultations", "opinions"))
    feedback = sum(p.feedback.values())
    good = p.feedback["满意"] + p.feedback["基本满意"]
    attendance_records = h.attendance + h.excused + h.absent
    rows = [
        ("委员", "在任委员", m.active, "人", None),
        ("委员", "常委", m.standing, "人", rate(m.standing, m.active)),
        ("委员", "女委员", m.women, "人", rate(m.women, m.active)),
        ("委员", "少数民族委员", m.minorities, "人", rate(m.minorities, m.active)),
        ("提案", "征集提案", p.submitted, "件", None),
        ("提案", "立案", p.accepted, "件", rate(p.accepted, p.submitted)),
        ("提案", "其中并案", p.merged, "件", None),
        ("提案", "不立案", p.not_accepted, "件", rate(p.not_accepted, p.submitted)),
        ("提案", "委员提案", p.by_kind["member"], "件", rate(p.by_kind["member"], p.accepted)),
        ("提案", "集体提案", p.by_kind["collective"], "件", rate(p.by_kind["collective"], p.accepted)),
        ("提案", "交办", p.assigned, "件", None),
        ("提案", "办复", p.replied, "件", rate(p.replied, p.assigned)),
        ("提案", "逾期未复", p.overdue, "件", None),
        *(("提案", f"答复{name}类", count, "件次", rate(count, p.replies)) for name, count in p.reply_categories.items()),
        ("提案", "当面答复", p.face_to_face, "件次", rate(p.face_to_face, p.replies)),
        ("提案", "满意度测评", feedback, "份", None),
        ("提案", "满意和基本满意", good, "份", rate(good, feedback)),
        ("提案", "重点提案", p.key, "件", None),
        ("提案", "优秀提案", p.excellent, "件", None),
        ("提案", "参与提案的委员", p.participating_members, "人", rate(p.participating_members, p.active_members)),
        ("委员之家", "委员之家", h.count, "个", None),
        ("委员之家", "开展活动", h.activities, "次", None),
        ("委员之家", "参加委员", h.attendance, "人次", rate(h.attendance, attendance_records)),
        ("委员之家", "参加过活动的委员", h.attending_members, "人", rate(h.attending_members, h.active_members)),
        ("有事来商量", "协商议事平台", c.platforms, "个", None),
        ("有事来商量", "覆盖村（社区）", c.covered_villages, "个", rate(c.covered_villages, c.villages_total)),
        ("有事来商量", "开展协商", c.sessions, "次", None),
        ("有事来商量", "收集意见建议", c.suggestions, "条", None),
        ("有事来商量", "办成实事", c.done_deeds, "件", None),
        ("有事来商量", "参加协商的委员", c.participating_members, "人",
         rate(c.participating_members, c.active_members)),
        ("社情民意信息", "收到信息", o.received, "篇", None),
        ("社情民意信息", "委员报送", o.by_members, "篇", None),
        ("社情民意信息", "报送信息的委员", o.submitting_members, "人", rate(o.submitting_members, o.active_members)),
        ("社情民意信息", "被采用", o.adopted, "篇", rate(o.adopted, o.received)),
        *(("社情民意信息", f"其中{level.label}采用", o.adopted_by_level.get(level.value, 0), "篇", None)
          for level in Level),
        ("社情民意信息", "获领导批示", o.with_instructions, "篇", None),
        *(("委员履职", band, count, "人", rate(count, duty.members)) for band, count in duty.by_band.items()),
        ("委员履职", "未履职预警", duty.warned, "人", rate(duty.warned, duty.members)),
    ]
    # The rate column reads "—" only where a rate exists but its base is zero; figures without one stay blank.
    return SheetSpec(title=f"{title}履职工作统计汇总", columns=SUMMARY_COLUMNS, rows=rows, name="汇总")


def catalogue_sheet(title: str, rows: list[dict]) -> SheetSpec:
    """提案目录: the accepted proposals with their handling, from the ledger rows."""
    separate = any(row.get("separate_units") for row in rows)
    columns = [ColumnSpec("案号"), ColumnSpec("案由", width=40), ColumnSpec("提案者"), ColumnSpec("类别"),
               ColumnSpec("主办单位"), ColumnSpec("会办单位")]
    codes = ["case_number", "title", "lead", "category", "lead_units", "joint_units"]
    if separate:
        columns.append(ColumnSpec("分办单位"))
        codes.append("separate_units")
    columns += [ColumnSpec("交办日期", "date"), ColumnSpec("答复日期", "date"), ColumnSpec("答复类别"),
                ColumnSpec("满意度"), ColumnSpec("办理状态")]
    codes += ["assigned_on", "replied_on", "reply_category", "feedback", "state"]
    return SheetSpec(title=f"{title}提案目录", columns=columns,
                     rows=[[row.get(code) for code in codes] for row in rows], name="提案目录")


def category_sheet(title: str, p) -> SheetSpec:
    """提案分类统计: accepted proposals by category and by kind, with shares."""
    rows = [("按类别", name, count, rate(count, p.accepted)) for name, count in p.by_category.items()]
    rows += [("按类型", "委员提案", p.by_kind["member"], rate(p.by_kind["member"], p.accepted)),
             ("按类型", "集体提案", p.by_kind["collective"], rate(p.by_kind["collective"], p.accepted)),
             ("合计", "立案提案", p.accepted, rate(p.accepted, p.accepted))]
    columns = (ColumnSpec("分类"), ColumnSpec("项目"), ColumnSpec("立案件数", "int"), ColumnSpec("占比", "percent"))
    return SheetSpec(title=f"{title}提案分类统计", columns=columns, rows=rows, name="提案分类统计")


def units_sheet(title: str, p) -> SheetSpec:
    """承办单位办理情况: per unit over its active assignments, then the sums (件次)."""
    columns = (ColumnSpec("承办单位"), ColumnSpec("交办件数", "int"), ColumnSpec("已答复", "int"),
               ColumnSpec("按期答复", "int"), ColumnSpec("逾期未复", "int"), ColumnSpec("A类", "int"),
               ColumnSpec("B类", "int"), ColumnSpec("C类", "int"), ColumnSpec("满意率", "percent"),
               ColumnSpec("见面率", "percent"))
    rows = [(u.name, u.received, u.replied, u.on_time, u.overdue, u.categories["A"], u.categories["B"],
             u.categories["C"], rate(u.satisfied, u.feedback), rate(u.face_to_face, u.replied)) for u in p.units]
    if p.units:
        total = [sum(row[i] for row in rows) for i in range(1, 8)]
        satisfied, feedback = sum(u.satisfied for u in p.units), sum(u.feedback for u in p.units)
        met, replied = sum(u.face_to_face for u in p.units), sum(u.replied for u in p.units)
        rows.append(("合计（件次）", *total, rate(satisfied, feedback), rate(met, replied)))
    return SheetSpec(title=f"{title}承办单位办理情况", columns=columns, rows=rows, name="承办单位办理情况")


DUTY_COLUMNS = (
    ("姓名", "text", "name"), ("界别", "text", "sector"), ("常委", "text", "standing"),
    ("会议出席", "int", "meetings_present"), ("会议请假", "int", "meetings_excused"),
    ("会议缺席", "int", "meetings_absent"), ("活动出席", "int", "activities_present"),
    ("活动请假", "int", "activities_excused"), ("活动缺席", "int", "activities_absent"),
    ("领衔提案", "int", "proposals_led"), ("联名提案", "int", "proposals_cosigned"),
    ("立案提案", "int", "proposals_accepted"), ("报送社情民意", "int", "opinions_submitted"),
    ("社情民意被采用", "int", "opinions_adopted"), ("参加协商", "int", "consultations"),
    ("得分", "number", "score"), ("等次", "text", "band"), ("未履职预警", "text", "warnings"),
)


def duty_sheet(title: str, members: list) -> SheetSpec:
    """委员履职统计: one row per member in office, from the duty performance service."""
    def cell(member, field: str):
        value = getattr(member, field)
        if field == "standing":
            return "是" if value else None
        if field == "warnings":
            return "；".join(value) or None
        return value

    columns = [ColumnSpec(header, kind) for header, kind, _ in DUTY_COLUMNS]
    rows = [[cell(member, field) for _, _, field in DUTY_COLUMNS] for member in members]
    return SheetSpec(title=f"{title}委员履职统计", columns=columns, rows=rows, name="委员履职统计", landscape=True)
