"""`report annual`: the annual work summary (年度工作总结), a Word document from the office's template.

Every figure comes from the statistics service (and the bands from the duty performance service); the
examples are records chosen by annual_examples; fileio/documents/annual.py words them and TemplateService
fills the template in use. Written on the worker that asks for it (progress and cancel between the steps).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.domain.errors import Cancelled
from desktop_app.domain.period import Period
from desktop_app.fileio.annual_dto import (AnnualReportDTO, ConsultationsPart, DutyPart, HomesPart, KeyProposalRow,
                                           MembersPart, OpinionsPart, ProposalsPart)
from desktop_app.services.context import ServiceContext
from desktop_app.services.progress import CancelFn, ProgressFn

STEPS = 5


def _in_vocabulary_order(by_name: dict, names: list[str]) -> dict:
    """`by_name` in the order of the office's vocabulary; names it does not list keep their order, after."""
    ordered = {name: by_name[name] for name in names if name in by_name}
    ordered.update((name, value) for name, value in by_name.items() if name not in ordered)
    return ordered


class AnnualReportService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def dto(self, period: Period, *, today: date | None = None) -> AnnualReportDTO:
        """Everything the summary prints (without progress: for tests and the benchmark)."""
        return self._gather(period, today or date.today(), lambda *_: None)

    def write(self, out: str | Path, period: Period, *, today: date | None = None, charts: bool = True,
              progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> Path:
        """Write the summary to `out`. `charts=False` leaves the charts out (and draws nothing)."""
        from desktop_app.fileio.documents.annual import context
        from desktop_app.services.templates import TemplateService

        def step(index: int, text: str) -> None:
            if cancelled and cancelled():
                raise Cancelled()
            if progress:
                progress(index, STEPS, text)

        dto = self._gather(period, today or date.today(), step)
        step(3, "正在绘制图表" if charts else "正在整理文字")
        fields = context(dto, charts=charts)
        step(4, "正在写入文件")
        path = TemplateService(self._ctx).render("annual", fields, out)
        if progress:
            progress(STEPS, STEPS, "完成")
        return path

    def _gather(self, period: Period, today: date, step) -> AnnualReportDTO:
        from desktop_app.fileio.documents.annual_wording import annual_title
        from desktop_app.services.performance import PerformanceService
        from desktop_app.services.reports import annual_examples
        from desktop_app.services.settings import read_office
        from desktop_app.services.statistics import StatisticsService

        step(0, "正在汇总统计数字")
        figures = StatisticsService(self._ctx).figures(period, units=False)  # no unit's figures are printed
        step(1, "正在统计委员履职")
        duty = PerformanceService(self._ctx).summary(period)
        step(2, "正在整理事例")
        with self._ctx.uow() as s:
            office = read_office(s)
            orders = annual_examples.vocabulary_orders(s, ("proposal_category", "topic_source"))
            examples = annual_examples.gather(s, period)

        def names(key: str) -> list[str]:
            return orders.get(key, [])

        m, p, h, c, o = (figures[k] for k in ("members", "proposals", "homes", "consultations", "opinions"))
        categories = names("proposal_category")
        resolved = _in_vocabulary_order(examples.resolved, categories)
        return AnnualReportDTO(
            committee=office.committee_display, county=office.county,
            title=annual_title(office.committee_display, period.start, period.end, period.label),
            period_start=period.start, period_end=period.end, period_label=period.label, signed_on=today,
            members=MembersPart(
                active=m.active, standing=m.standing, women=m.women, minorities=m.minorities, cpc=m.cpc,
                non_cpc=m.non_cpc, sectors=m.sectors, by_sector=m.by_sector,
                by_political_status=m.by_political_status, by_education=m.by_education, by_age_band=m.by_age_band),
            proposals=ProposalsPart(
                submitted=p.submitted, accepted=p.accepted, merged=p.merged, collective=p.by_kind["collective"],
                member=p.by_kind["member"], participating_members=p.participating_members,
                active_members=p.active_members, by_category=_in_vocabulary_order(p.by_category, categories),
                assigned=p.assigned, replied=p.replied, replies=p.replies, reply_categories=p.reply_categories,
                face_to_face=p.face_to_face, feedback=p.feedback_given, satisfied=p.satisfied, overdue=p.overdue,
                overdue_on=date.today(), key=p.key, excellent=p.excellent, follow_up=p.follow_up,
                key_proposals=tuple(KeyProposalRow(k.case_number, k.title, k.proposer, k.lead_units, k.leaders)
                                    for k in p.key_proposals),
                resolved=tuple(resolved.items())),
            homes=HomesPart(
                homes=h.count, activities=h.activities, in_homes=h.in_homes, county_wide=h.county_wide,
                attendance=h.attendance, attending_members=h.attending_members, active_members=h.active_members,
                suggestions=h.suggestions, by_kind=h.by_kind, attendance_by_kind=h.attendance_by_kind,
                by_home=h.by_home, by_month=h.by_month, examples=examples.activities),
            consultations=ConsultationsPart(
                platforms=c.platforms, covered_villages=c.covered_villages, villages_total=c.villages_total,
                sessions=c.sessions, participating_members=c.participating_members, active_members=c.active_members,
                suggestions=c.suggestions, done_deeds=c.done_deeds, department_participants=c.department_participants,
                resident_participants=c.resident_participants,
                by_topic_source=_in_vocabulary_order(c.by_topic_source, names("topic_source")),
                by_topic=c.by_topic, by_follow_up=c.by_follow_up, by_township=c.by_township, by_month=c.by_month,
                examples=examples.consultations),
            opinions=OpinionsPart(
                received=o.received, by_members=o.by_members, submitting_members=o.submitting_members,
                active_members=o.active_members, adopted=o.adopted,
                adopted_by_level={level.label: o.adopted_by_level[level.value]
                                  for level in annual_examples.LEVELS_HIGHEST_FIRST
                                  if o.adopted_by_level.get(level.value)},
                with_instructions=o.with_instructions, bulletins=o.bulletins, examples=examples.opinions),
            duty=DutyPart(members=duty.members, by_band=duty.by_band),
        )
