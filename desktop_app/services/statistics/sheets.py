"""The figures of each part as labelled rows and tables, worded as the office's reports word them.

The statistics page shows these; a later statistics workbook can write the same sheets. Nothing is
counted here: every number comes from the part's Figures (the one place it is computed). Each sheet also
carries its charts' data (chart_data.ChartData), made from the same Figures.
"""
from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.enums import Level
from desktop_app.domain.period import format_rate
from desktop_app.services.statistics.chart_data import BAR, HBAR, PIE, ChartData, monthly, ranked, single


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Sheet:
    key: str  # the part's key in `stats --json`
    title: str
    figures: tuple[tuple[str, str], ...]  # (项目, 数值) with units, rates as reports print them
    tables: tuple[Table, ...]
    charts: tuple[ChartData, ...] = ()


def _count(value: int, unit: str) -> str:
    return f"{value} {unit}"


def _shares(title: str, counts: dict[str, int], whole: int, unit: str, *, first: str = "项目") -> Table:
    """Counts with each one's share of `whole`."""
    rows = tuple((name, _count(count, unit), format_rate(count, whole)) for name, count in counts.items())
    return Table(title, (first, "数量", "占比"), rows)


def members_sheet(f) -> Sheet:
    figures = (
        ("在任委员", _count(f.active, "人")),
        ("其中常委", _count(f.standing, "人")),
        ("女委员", f"{_count(f.women, '人')}（{format_rate(f.women, f.active)}）"),
        ("少数民族委员", f"{_count(f.minorities, '人')}（{format_rate(f.minorities, f.active)}）"),
    )
    tables = (
        _shares("按界别", f.by_sector, f.active, "人", first="界别"),
        _shares("按政治面貌", f.by_political_status, f.active, "人", first="政治面貌"),
        _shares("按学历", f.by_education, f.active, "人", first="学历"),
        _shares("按年龄（统计时段末）", f.by_age_band, f.active, "人", first="年龄段"),
    )
    charts = (
        ranked("members.sectors", "在任委员按界别（人）", f.by_sector, unit="人", limit=15,
               title_when_cut="在任委员最多的{n}个界别（人）", empty_text="还没有在任委员。"),
        single("members.parties", "在任委员按政治面貌（人）", PIE, f.by_political_status, empty_text="还没有在任委员。"),
    )
    return Sheet("members", "委员", figures, tables, charts)


def proposals_sheet(f) -> Sheet:
    feedback_total = sum(f.feedback.values())
    figures = (
        ("征集提案", _count(f.submitted, "件")),
        ("立案", f"{_count(f.accepted, '件')}（其中并案 {f.merged} 件）"),
        ("不立案", _count(f.not_accepted, "件")),
        ("立案率", format_rate(f.accepted, f.submitted)),
        ("委员提案", _count(f.by_kind["member"], "件")),
        ("集体提案", _count(f.by_kind["collective"], "件")),
        ("交办", _count(f.assigned, "件")),
        ("办复", _count(f.replied, "件")),
        ("办复率", format_rate(f.replied, f.assigned)),
        ("逾期未复", _count(f.overdue, "件")),
        ("答复（件次）", _count(f.replies, "件次")),
        ("见面率", format_rate(f.face_to_face, f.replies)),
        ("满意度测评", _count(feedback_total, "份")),
        ("满意率", format_rate(f.satisfied, f.feedback_given)),
        ("重点提案", _count(f.key, "件")),
        ("优秀提案", _count(f.excellent, "件")),
        ("跟踪办理", _count(f.follow_up, "件")),
        ("委员参与率", f"{format_rate(f.participating_members, f.active_members)}"
                       f"（{f.participating_members}/{f.active_members} 人）"),
    )
    units = Table("承办单位办理情况", ("承办单位", "交办", "已答复", "按期答复", "逾期未复", "A类", "B类", "C类",
                                "满意率", "见面率"),
                  tuple((u.name, str(u.received), str(u.replied), str(u.on_time), str(u.overdue),
                         str(u.categories["A"]), str(u.categories["B"]), str(u.categories["C"]),
                         format_rate(u.satisfied, u.feedback), format_rate(u.face_to_face, u.replied))
                        for u in f.units))
    key = Table("重点提案", ("案号", "案由", "提案者", "主办单位", "领办督办"),
                tuple((f"第{k.case_number:03d}号" if k.case_number else "", k.title, k.proposer,
                       "、".join(k.lead_units), "、".join(k.leaders)) for k in f.key_proposals))
    tables = (
        _shares("立案提案按类别", f.by_category, f.accepted, "件", first="类别"),
        _shares("答复类别", {f"{name}类": count for name, count in f.reply_categories.items()}, f.replies, "件次",
                first="类别"),
        _shares("办理满意度", f.feedback, feedback_total, "份", first="测评意见"),
        units,
        key,
    )
    late = {u.name: (u.replied - u.on_time) + u.overdue for u in f.units}
    charts = (
        single("proposals.categories", "立案提案按类别（件）", HBAR, f.by_office_category or f.by_category, unit="件",
               empty_text="本时段没有立案提案。"),
        single("proposals.replies", "答复类别（件次）", PIE,
               {f"{name}类": count for name, count in f.reply_categories.items()}, empty_text="本时段的提案还没有答复。"),
        single("proposals.satisfaction", "办理满意度测评（份）", PIE, f.feedback, empty_text="本时段还没有满意度测评。"),
        ranked("proposals.late_units", "超期答复与逾期未复的承办单位（件）", late, unit="件",
               title_when_cut="超期答复与逾期未复最多的{n}个承办单位（件）",
               empty_text="没有超期答复或逾期未复的承办单位。"),
    )
    return Sheet("proposals", "提案", figures, tables, charts)


def homes_sheet(f) -> Sheet:
    records = f.attendance + f.excused + f.absent
    figures = (
        ("委员之家", _count(f.count, "个")),
        ("开展活动", _count(f.activities, "次")),
        ("其中全县性活动", _count(f.county_wide, "次")),
        ("参加委员", _count(f.attendance, "人次")),
        ("请假", _count(f.excused, "人次")),
        ("缺席", _count(f.absent, "人次")),
        ("出席率", format_rate(f.attendance, records)),
        ("参加过活动的委员", f"{_count(f.attending_members, '人')}（{format_rate(f.attending_members, f.active_members)}）"),
        ("其他参加人员", _count(f.other_participants, "人次")),
        ("收集意见建议", _count(f.suggestions, "条")),
    )
    by_kind = Table("按活动类型", ("活动类型", "活动", "出席人次"),
                    tuple((kind, _count(count, "次"), _count(f.attendance_by_kind.get(kind, 0), "人次"))
                          for kind, count in f.by_kind.items()))
    tables = (
        by_kind,
        _shares("按委员之家", f.by_home, f.activities, "次", first="委员之家"),
        Table("按月份", ("月份", "活动"), tuple((f"{month[:4]}年{int(month[5:])}月", _count(count, "次"))
                                             for month, count in f.by_month.items())),
    )
    charts = (
        monthly("homes.months", "每月开展活动（次）", f.months, f.by_month, unit="", empty_text="本时段没有活动。"),
        ranked("homes.kinds", "活动按类型（次）", f.by_kind, unit="次", empty_text="本时段没有活动。"),
    )
    return Sheet("homes", "委员之家", figures, tables, charts)


def consultations_sheet(f) -> Sheet:
    figures = (
        ("协商议事平台", _count(f.platforms, "个")),
        ("覆盖村（社区）", f"{_count(f.covered_villages, '个')}，覆盖率 {format_rate(f.covered_villages, f.villages_total)}"
                        + ("" if f.villages_total else "（请在设置中填写全县村和社区数）")),
        ("开展协商", _count(f.sessions, "次")),
        ("收集意见建议", _count(f.suggestions, "条")),
        ("办成实事", _count(f.done_deeds, "件")),
        ("参加委员", f"{_count(f.participating_members, '人')}，参与率 "
                     f"{format_rate(f.participating_members, f.active_members)}"),
        ("部门参加", _count(f.department_participants, "人次")),
        ("群众参加", _count(f.resident_participants, "人次")),
    )
    tables = (
        _shares("协商成果落实情况", f.by_follow_up, f.sessions, "次", first="落实情况"),
        _shares("议题来源", f.by_topic_source, f.sessions, "次", first="议题来源"),
        _shares("按乡镇", f.by_township, f.sessions, "次", first="乡镇"),
    )
    charts = (
        monthly("consultations.months", "每月开展协商（次）", f.months, f.by_month, unit="",
                empty_text="本时段没有协商。"),
        single("consultations.follow_up", "协商成果落实情况（次）", PIE, f.by_follow_up, empty_text="本时段没有协商。"),
    )
    return Sheet("consultations", "有事来商量", figures, tables, charts)


def opinions_sheet(f) -> Sheet:
    figures = (
        ("收到社情民意信息", _count(f.received, "篇")),
        ("其中委员报送", _count(f.by_members, "篇")),
        ("报送委员", f"{_count(f.submitting_members, '人')}，报送率 "
                     f"{format_rate(f.submitting_members, f.active_members)}"),
        ("被采用", _count(f.adopted, "篇")),
        ("采用率", format_rate(f.adopted, f.received)),
        ("获领导批示", _count(f.with_instructions, "篇")),
    )
    by_level = {level.label: f.adopted_by_level.get(level.value, 0) for level in Level}
    tables = (_shares("按采用层级", by_level, f.adopted, "篇", first="采用层级"),)
    charts = (single("opinions.levels", "被采用信息按采用层级（篇）", BAR, by_level, unit="篇",
                     empty_text="本时段还没有被采用的信息。"),)
    return Sheet("opinions", "社情民意信息", figures, tables, charts)


def duty_sheet(summary, members: list) -> Sheet:
    """委员履职: the bands and the 未履职预警 list from the duty performance service (summary and rows)."""
    figures = (("在任委员", _count(summary.members, "人")),
               *((band, f"{_count(count, '人')}（{format_rate(count, summary.members)}）")
                 for band, count in summary.by_band.items()),
               ("未履职预警", _count(summary.warned, "人")))
    warned = Table("未履职预警", ("姓名", "界别", "得分", "预警"),
                   tuple((m.name, m.sector or "", str(m.score), "；".join(m.warnings)) for m in members if m.warnings))
    scores = Table("委员履职得分", ("姓名", "界别", "会议出席", "活动出席", "缺席", "领衔提案", "联名提案",
                               "社情民意", "参加协商", "得分", "等次"),
                   tuple((m.name, m.sector or "", str(m.meetings_present), str(m.activities_present),
                          str(m.meetings_absent + m.activities_absent), str(m.proposals_led),
                          str(m.proposals_cosigned), str(m.opinions_submitted), str(m.consultations), str(m.score),
                          m.band) for m in members))
    charts = (single("duty.bands", "委员履职等次（人）", BAR, summary.by_band, unit="人", empty_text="还没有在任委员。"),)
    return Sheet("duty", "委员履职", figures, (warned, scores), charts)


def problem_sheet(title: str, message: str) -> Sheet:
    """A part that could not be counted, with the sentence that says why and what to do."""
    return Sheet("problem", title, (("无法统计", message),), ())


SHEETS = {"members": members_sheet, "proposals": proposals_sheet, "homes": homes_sheet,
          "consultations": consultations_sheet, "opinions": opinions_sheet}


def sheets(figures: dict) -> list[Sheet]:
    """One sheet per part, in the order of `stats --json`."""
    return [SHEETS[key](value) for key, value in figures.items() if key in SHEETS]
