"""The statistics workbook's sheets, built from the statistics service's figures and the services' rows.

Nothing is counted here; this module only lays the numbers out (docs/reports.md lists the sheets).
"""
from __future__ import annotations

from datetime import date

from desktop_app.domain.enums import Level
from desktop_app.domain.period import Period, rate_value
from desktop_app.fileio.xlsx_writer import HEADER, Cells, ChartSpec, ColumnSpec, SheetSpec, SideTable


def rate(numerator: int, denominator: int) -> float | str:
    """A rate as the workbook stores it: the printed percentage as a fraction, or "—" for 0/0."""
    value = rate_value(numerator, denominator)
    return "—" if value is None else round(value / 100, 4)


SUMMARY_COLUMNS = (ColumnSpec("类别"), ColumnSpec("项目"), ColumnSpec("数量", "int"), ColumnSpec("单位"),
                   ColumnSpec("比率名称"), ColumnSpec("比率", "percent"))
OF_ACTIVE = "占在任委员比例"


def summary_sheet(title: str, figures: dict, duty, period: Period) -> SheetSpec:
    """汇总: the key figures of every part, one per row; where the reports print a rate, its name and value,
    so 91.30% beside 参加委员 reads as the 出席率 it is. Beside it, the activities of each month and their chart."""
    m, p, h, c, o = (figures[key] for key in ("members", "proposals", "homes", "consultations", "opinions"))
    feedback = sum(p.feedback.values())
    good = p.satisfied
    attendance_records = h.attendance + h.excused + h.absent
    rows = [
        ("委员", "在任委员", m.active, "人", None, None),
        ("委员", "常委", m.standing, "人", OF_ACTIVE, rate(m.standing, m.active)),
        ("委员", "女委员", m.women, "人", OF_ACTIVE, rate(m.women, m.active)),
        ("委员", "少数民族委员", m.minorities, "人", OF_ACTIVE, rate(m.minorities, m.active)),
        ("提案", "征集提案", p.submitted, "件", None, None),
        ("提案", "立案", p.accepted, "件", "立案率", rate(p.accepted, p.submitted)),
        ("提案", "其中并案", p.merged, "件", None, None),
        ("提案", "不立案", p.not_accepted, "件", "占征集提案比例", rate(p.not_accepted, p.submitted)),
        ("提案", "委员提案", p.by_kind["member"], "件", "占立案提案比例", rate(p.by_kind["member"], p.accepted)),
        ("提案", "集体提案", p.by_kind["collective"], "件", "占立案提案比例", rate(p.by_kind["collective"], p.accepted)),
        ("提案", "交办", p.assigned, "件", None, None),
        ("提案", "办复", p.replied, "件", "办复率", rate(p.replied, p.assigned)),
        ("提案", "逾期未复", p.overdue, "件", None, None),
        *(("提案", f"答复{name}类", count, "件次", "占答复件次比例", rate(count, p.replies))
          for name, count in p.reply_categories.items()),
        ("提案", "当面答复", p.face_to_face, "件次", "见面率", rate(p.face_to_face, p.replies)),
        ("提案", "满意度测评", feedback, "份", None, None),
        ("提案", "满意和基本满意", good, "份", "满意率", rate(good, feedback)),
        ("提案", "重点提案", p.key, "件", None, None),
        ("提案", "优秀提案", p.excellent, "件", None, None),
        ("提案", "参与提案的委员", p.participating_members, "人", "委员参与率",
         rate(p.participating_members, p.active_members)),
        ("委员之家", "委员之家", h.count, "个", None, None),
        ("委员之家", "开展活动", h.activities, "次", None, None),
        ("委员之家", "参加委员", h.attendance, "人次", "出席率", rate(h.attendance, attendance_records)),
        ("委员之家", "参加过活动的委员", h.attending_members, "人", "委员参与率",
         rate(h.attending_members, h.active_members)),
        ("有事来商量", "协商议事平台", c.platforms, "个", None, None),
        ("有事来商量", "覆盖村（社区）", c.covered_villages, "个", "覆盖率", rate(c.covered_villages, c.villages_total)),
        ("有事来商量", "开展协商", c.sessions, "次", None, None),
        ("有事来商量", "收集意见建议", c.suggestions, "条", None, None),
        ("有事来商量", "办成实事", c.done_deeds, "件", None, None),
        ("有事来商量", "参加协商的委员", c.participating_members, "人", "委员参与率",
         rate(c.participating_members, c.active_members)),
        ("社情民意信息", "收到信息", o.received, "篇", None, None),
        ("社情民意信息", "委员报送", o.by_members, "篇", None, None),
        ("社情民意信息", "报送信息的委员", o.submitting_members, "人", "报送率",
         rate(o.submitting_members, o.active_members)),
        ("社情民意信息", "被采用", o.adopted, "篇", "采用率", rate(o.adopted, o.received)),
        *(("社情民意信息", f"其中{level.label}采用", o.adopted_by_level.get(level.value, 0), "篇", None, None)
          for level in Level),
        ("社情民意信息", "获领导批示", o.with_instructions, "篇", None, None),
        *(("委员履职", band, count, "人", OF_ACTIVE, rate(count, duty.members)) for band, count in duty.by_band.items()),
        ("委员履职", "未履职预警", duty.warned, "人", OF_ACTIVE, rate(duty.warned, duty.members)),
    ]
    # The rate column reads "—" only where a rate exists but its base is zero; figures without one stay blank.
    months = month_keys(period)
    several_years = period.start.year != period.end.year
    side = SideTable((ColumnSpec("月份"), ColumnSpec("开展活动（次）", "int")),
                     [(f"{key[:4]}年{int(key[5:])}月" if several_years else f"{int(key[5:])}月", h.by_month.get(key, 0))
                      for key in months])
    charts = [ChartSpec("column", "委员之家每月开展活动（次）", categories=Cells((0, len(months) - 1), (0, 0), side=True),
                        values=(Cells((0, len(months) - 1), (1, 1), side=True),), names=("开展活动",),
                        axis_title="次", width_cm=max(12.0, 0.9 * len(months) + 4))] if months else []
    return SheetSpec(title=f"{title}履职工作统计汇总", columns=SUMMARY_COLUMNS, rows=rows, name="汇总", side=side,
                     charts=charts)


def month_keys(period: Period) -> list[str]:
    """"2025-01" … for every month the period touches (a month without activities is shown as 0)."""
    keys = []
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


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
    """提案分类统计: accepted proposals by category and by kind, each with its share of the accepted ones."""
    rows = [("按类别", name, count, rate(count, p.accepted)) for name, count in p.by_category.items()]
    categories = len(rows)
    while categories > 1 and rows[categories - 1][2] == 0:  # the pie leaves out 其他 when there is none
        categories -= 1
    rows += [("按类型", "委员提案", p.by_kind["member"], rate(p.by_kind["member"], p.accepted)),
             ("按类型", "集体提案", p.by_kind["collective"], rate(p.by_kind["collective"], p.accepted)),
             ("合计", "立案提案", p.accepted, rate(p.accepted, p.accepted))]
    columns = (ColumnSpec("分类"), ColumnSpec("项目"), ColumnSpec("立案件数", "int"),
               ColumnSpec("占立案提案比例", "percent"))
    charts = [ChartSpec("pie", "立案提案类别构成", categories=Cells((0, categories - 1), (1, 1)),
                        values=(Cells((0, categories - 1), (2, 2)),), names=("立案件数",))] if p.accepted else []
    return SheetSpec(title=f"{title}提案分类统计", columns=columns, rows=rows, name="提案分类统计", charts=charts)


UNITS_NOTE = ("注：本表每一列都只统计主办单位和分办单位：一个单位主办或分办一件提案计 1 件次。会办单位向主办单位提出意见、"
              "不直接答复提案者，其会办的提案和意见不计入本表。已答复、按期答复、A/B/C 类和见面，均按该单位对该件提案的"
              "现行答复统计；满意率＝对该单位答复的满意和基本满意份数÷测评份数，见面率＝见面答复÷已答复。"
              "并案提案随所并入的提案计，不另计件次。")


def units_sheet(title: str, p) -> SheetSpec:
    """承办单位办理情况: per unit over the proposals it answers (主办 and 分办, 件次), then the sums.

    One counting rule for every column (statistics.proposals.unit_figures), stated in the note under the table."""
    columns = (ColumnSpec("承办单位"), ColumnSpec("交办件次", "int"), ColumnSpec("已答复", "int"),
               ColumnSpec("按期答复", "int"), ColumnSpec("逾期未复", "int"), ColumnSpec("A类", "int"),
               ColumnSpec("B类", "int"), ColumnSpec("C类", "int"), ColumnSpec("满意率", "percent"),
               ColumnSpec("见面率", "percent"))
    rows = [(u.name, u.received, u.replied, u.on_time, u.overdue, u.categories["A"], u.categories["B"],
             u.categories["C"], rate(u.satisfied, u.feedback), rate(u.face_to_face, u.replied)) for u in p.units]
    charts = []
    if p.units:
        total = [sum(row[i] for row in rows) for i in range(1, 8)]
        satisfied, feedback = sum(u.satisfied for u in p.units), sum(u.feedback for u in p.units)
        met, replied = sum(u.face_to_face for u in p.units), sum(u.replied for u in p.units)
        rows.append(("合计（件次）", *total, rate(satisfied, feedback), rate(met, replied)))
        units, last = len(p.units), len(rows) - 1
        if replied:
            charts.append(ChartSpec("pie", "答复类别构成（件次）", categories=Cells((HEADER, HEADER), (5, 7)),
                                    values=(Cells((last, last), (5, 7)),), names=("答复",)))
        charts.append(ChartSpec("bar", "各承办单位已答复与逾期未复（件次）", categories=Cells((0, units - 1), (0, 0)),
                                values=(Cells((0, units - 1), (2, 2)), Cells((0, units - 1), (4, 4))),
                                names=("已答复", "逾期未复"), axis_title="件次",
                                height_cm=max(7.5, 0.7 * units + 3)))
    return SheetSpec(title=f"{title}承办单位办理情况", columns=columns, rows=rows, name="承办单位办理情况",
                     notes=(UNITS_NOTE,), charts=charts)


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
