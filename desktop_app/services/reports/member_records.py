"""`report members`: the 委员履职档案, one Word file per member in office at the end of the period.

Everything is read in one transaction by a few grouped queries over every member at once (the roster,
committees, attendance, consultations, proposals with their replies, opinions with adoptions and
instructions), never one round of queries per member: a city's 500 records are gathered in well under
a second. The score, band and warnings are PerformanceService's (the same as the 统计 page and the
workbook); the per-item points are the rules' working of the same counts. Each record is then written
through the template in use, with progress and cancel between members.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from sqlalchemy import literal, select, union_all

from db.models import (Activity, Attendance, Consultation, Home, Member, Opinion, OpinionAdoption, OpinionInstruction,
                       OpinionSubmitter, Organization, Platform, Proposal, ProposalCosigner, consultation_members,
                       member_committees)
from desktop_app.domain.cn_format import format_cn_date, format_cn_month
from desktop_app.domain.duty_scoring import DutyRules, points_by_item
from desktop_app.domain.enums import AttendanceStatus, Level
from desktop_app.domain.errors import Cancelled, EnvironmentProblem, InputFileProblem, NotFound
from desktop_app.domain.file_names import safe_file_stem
from desktop_app.domain.normalize import clean_name
from desktop_app.domain.period import Period
from desktop_app.fileio.documents.member_record import (AttendanceItem, ConsultationItem, MemberFacts, MemberRecordDTO,
                                                        OpinionItem, ProposalItem, ScoreLine)
from desktop_app.services.context import ServiceContext
from desktop_app.services.progress import CancelFn, ProgressFn


@dataclass(frozen=True)
class MemberRecord:
    """One member's record ready to write, with the file name it gets in the folder."""

    member_id: int
    file_name: str  # 王芳.docx, or 王芳（1975年3月）.docx when two members in office share the name
    dto: MemberRecordDTO


def period_wording(period: Period) -> tuple[str, str]:
    """(what the subtitle says, how a sentence refers to it): ("2025年度", "本年度") for a calendar year,
    the dates (or the session span with its dates) and "本时段" otherwise."""
    if period.start == date(period.start.year, 1, 1) and period.end == date(period.start.year, 12, 31):
        return f"{period.start.year}年度", "本年度"
    dates = f"{format_cn_date(period.start)}至{format_cn_date(period.end)}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}", period.label):
        return dates, "本时段"
    return f"{period.label}：{dates}", "本时段"


def _birth(year: int | None, month: int | None) -> str:
    if not year:
        return ""
    return format_cn_month(date(year, month, 1)) if month else f"{year}年"


def file_names(members: Iterable[tuple[int, str, int | None, int | None]]) -> dict[int, str]:
    """id → `<姓名>.docx` for (id, name, birth year, birth month); members sharing a name get their birth month,
    or their number in the roster when that does not tell them apart either. Safe on Windows."""
    members = list(members)
    by_name: dict[str, list[tuple[int, str, int | None, int | None]]] = defaultdict(list)
    for member in members:
        by_name[member[1]].append(member)
    out: dict[int, str] = {}
    for name, group in by_name.items():
        births = [_birth(y, m) for _id, _n, y, m in group]
        for (member_id, _n, _y, _m), birth in zip(group, births):
            if len(group) == 1:
                stem = name
            elif birth and births.count(birth) == 1:
                stem = f"{name}（{birth}）"
            else:
                stem = f"{name}（编号{member_id}）"
            out[member_id] = safe_file_stem(stem, fallback=f"委员{member_id}") + ".docx"
    return out


class MemberRecordsService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    # ----- gathering -----
    def records(self, period: Period, *, member_ids: Sequence[int] | None = None,
                name: str | None = None) -> list[MemberRecord]:
        """The records of the members in office at the end of `period` (all, those of `member_ids`, or those
        called `name`), in roster order. NotFound (one sentence) when none is left to write."""
        from desktop_app.services.performance import PerformanceService
        from desktop_app.services.settings import read_office

        performance = PerformanceService(self._ctx)
        rules = performance.rules()
        duty_rows, _summary = PerformanceService(self._ctx, rules=rules).scored(period)
        names = file_names(self._roster_births(period))
        chosen = duty_rows
        if member_ids is not None:
            wanted = set(member_ids)
            chosen = [row for row in duty_rows if row.member_id in wanted]
            if not chosen:
                raise NotFound(f"所选委员在{period.label}末都不在任，没有可生成的履职档案。")
        if name is not None:
            wanted_name = clean_name(name)
            chosen = [row for row in chosen if clean_name(row.name) == wanted_name]
            if not chosen:
                raise NotFound(f"{period.label}末在任的委员中没有“{name.strip()}”，请检查姓名后再试。")
        ids = [row.member_id for row in chosen]
        title, words = period_wording(period)
        with self._ctx.uow() as s:
            committee = read_office(s).committee_display
            facts = _facts(s, ids)
            attendance = _attendance(s, period, ids)
            consultations = _consultations(s, period, ids)
            proposals = _proposals(s, period, ids)
            opinions = _opinions(s, period, ids)
        out = []
        for row in chosen:
            counts = row.counts()
            dto = MemberRecordDTO(
                committee=committee, period_title=title, period_words=words, member=facts[row.member_id],
                counts=counts, score=row.score, band=row.band,
                attendance=tuple(attendance.get(row.member_id, ())),
                consultations=tuple(consultations.get(row.member_id, ())),
                proposals=tuple(proposals.get(row.member_id, ())), opinions=tuple(opinions.get(row.member_id, ())),
                score_lines=_score_lines(counts, rules), max_score=rules.max_score, warnings=row.warnings)
            out.append(MemberRecord(row.member_id, names[row.member_id], dto))
        return out

    def _roster_births(self, period: Period) -> list[tuple[int, str, int | None, int | None]]:
        """Every member in office (for telling same-name members apart, whichever of them are written)."""
        from desktop_app.services.statistics.members import active_members_condition

        with self._ctx.uow() as s:
            return [tuple(r) for r in s.execute(select(Member.id, Member.name, Member.birth_year, Member.birth_month)
                                                .where(active_members_condition(period)).order_by(Member.id))]

    # ----- writing -----
    def write(self, folder: str | Path, period: Period, *, member_ids: Sequence[int] | None = None,
              name: str | None = None, progress: ProgressFn | None = None,
              cancelled: CancelFn | None = None) -> list[Path]:
        """Write the records into `folder` (created if missing); the paths written, in roster order.

        Cancelling stops between two members; the files already written stay (the message says how many).
        """
        from desktop_app.fileio.documents.member_record import context
        from desktop_app.services.templates import TemplateService

        folder = Path(folder)
        if progress:
            progress(0, 0, "正在汇总委员履职记录")
        records = self.records(period, member_ids=member_ids, name=name)
        _make_folder(folder)
        templates = TemplateService(self._ctx)
        fonts = templates.fonts()
        total = len(records)
        written: list[Path] = []
        for done, record in enumerate(records):
            if cancelled and cancelled():
                raise Cancelled(f"已取消：已生成的 {len(written)} 份履职档案保留在“{folder}”中，其余未生成。")
            if progress:
                progress(done, total, record.dto.member.name)
            written.append(templates.render("members", context(record.dto), folder / record.file_name, fonts=fonts))
        if progress:
            progress(total, total, "完成")
        return written


def _make_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InputFileProblem(f"“{folder}”是一个文件，不是文件夹，请另选保存履职档案的文件夹。")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentProblem(f"无法创建文件夹“{folder}”：{exc.strerror or exc}。请检查磁盘和文件夹权限。") from exc


# ----- the grouped queries: each reads every chosen member's rows at once -----

def _in(column, ids: list[int]):
    return column.in_(ids)


def _facts(s, ids: list[int]) -> dict[int, MemberFacts]:
    homes = dict(s.execute(select(Home.id, Home.name)).all())
    committees: dict[int, list[str]] = defaultdict(list)
    for member_id, committee in s.execute(
            select(member_committees.c.member_id, Organization.name)
            .join(Organization, Organization.id == member_committees.c.organization_id)
            .where(_in(member_committees.c.member_id, ids)).order_by(Organization.id)):
        committees[member_id].append(committee)
    out = {}
    for m in s.execute(select(Member.id, Member.name, Member.gender, Member.ethnicity, Member.birth_year,
                              Member.birth_month, Member.sector, Member.political_status, Member.education,
                              Member.work_unit, Member.position, Member.is_standing, Member.home_id, Member.phone)
                       .where(_in(Member.id, ids))):
        out[m.id] = MemberFacts(
            name=m.name, gender=m.gender or "", ethnicity=m.ethnicity or "", birth=_birth(m.birth_year, m.birth_month),
            sector=m.sector or "", political_status=m.political_status or "", education=m.education or "",
            work_unit=_work_unit(m.work_unit, m.position), standing=bool(m.is_standing),
            committees=tuple(committees.get(m.id, ())), home=homes.get(m.home_id, "") if m.home_id else "",
            phone=m.phone or "")
    return out


def _work_unit(unit: str | None, position: str | None) -> str:
    unit, position = (unit or "").strip(), (position or "").strip()
    if position and position not in unit:
        return unit + position
    return unit


def _attendance(s, period: Period, ids: list[int]) -> dict[int, list[AttendanceItem]]:
    out: dict[int, list[AttendanceItem]] = defaultdict(list)
    for member_id, held_on, title, kind, status in s.execute(
            select(Attendance.member_id, Activity.held_on, Activity.title, Activity.kind, Attendance.status)
            .join(Activity, Activity.id == Attendance.activity_id)
            .where(Activity.held_on.between(period.start, period.end), _in(Attendance.member_id, ids))
            .order_by(Activity.held_on, Activity.id)):
        out[member_id].append(AttendanceItem(held_on, title, kind, AttendanceStatus(status).label))
    return out


def _consultations(s, period: Period, ids: list[int]) -> dict[int, list[ConsultationItem]]:
    out: dict[int, list[ConsultationItem]] = defaultdict(list)
    member = consultation_members.c.member_id
    for member_id, held_on, platform, topic in s.execute(
            select(member, Consultation.held_on, Platform.name, Consultation.topic)
            .join(Consultation, Consultation.id == consultation_members.c.consultation_id)
            .join(Platform, Platform.id == Consultation.platform_id)
            .where(Consultation.held_on.between(period.start, period.end), _in(member, ids))
            .order_by(Consultation.held_on, Consultation.id)):
        out[member_id].append(ConsultationItem(held_on, platform, topic))
    return out


def _proposals(s, period: Period, ids: list[int]) -> dict[int, list[ProposalItem]]:
    """Each member's proposals of the period (submitted in it), led or co-signed, with the outcome as the
    proposal ledger states it (services.proposals.ledger_rows: state, latest reply's category, verdict)."""
    from desktop_app.services.proposals.ledger_rows import ledger_rows

    in_period = Proposal.submitted_on.between(period.start, period.end)
    led = select(Proposal.lead_member_id.label("member_id"), Proposal.id.label("proposal_id"),
                 literal(0).label("role")).where(in_period, _in(Proposal.lead_member_id, ids))
    cosigned = (select(ProposalCosigner.member_id, ProposalCosigner.proposal_id, literal(1))
                .join(Proposal, Proposal.id == ProposalCosigner.proposal_id)
                .where(in_period, _in(ProposalCosigner.member_id, ids)))
    taking_part = union_all(led, cosigned).subquery()
    roles: dict[int, dict[int, int]] = defaultdict(dict)  # member → proposal → 0 led / 1 co-signed
    for member_id, proposal_id, role in s.execute(select(taking_part)):
        roles[member_id][proposal_id] = min(role, roles[member_id].get(proposal_id, role))  # led wins
    involved = {pid for taken in roles.values() for pid in taken}
    if not involved:
        return {}
    rows = dict(ledger_rows(s, Proposal.id.in_(select(taking_part.c.proposal_id))))
    excellent = set(s.scalars(select(Proposal.id).where(in_period, Proposal.is_excellent.is_(True))))
    order = {pid: (row["submitted_on"], row["case_number"] or "", pid) for pid, row in rows.items()}
    out: dict[int, list[ProposalItem]] = {}
    for member_id, taken in roles.items():
        items = []
        for pid in sorted(taken, key=lambda p: order[p]):
            row = rows[pid]
            state = f"并入第{row['merged_into']}号" if row["merged_into"] else row["state"]
            items.append(ProposalItem(case=row["case_number"] or "", title=row["title"],
                                      role="领衔" if taken[pid] == 0 else "联名", state=state,
                                      reply_category=row["reply_category"] or "", verdict=row["feedback"] or "",
                                      key=bool(row["key_proposal"]) and row["accepted"],
                                      excellent=pid in excellent and row["accepted"]))
        out[member_id] = items
    return out


def _opinions(s, period: Period, ids: list[int]) -> dict[int, list[OpinionItem]]:
    in_period = Opinion.received_on.between(period.start, period.end)
    found = s.execute(select(OpinionSubmitter.member_id, Opinion.id, Opinion.title, Opinion.received_on)
                      .join(Opinion, Opinion.id == OpinionSubmitter.opinion_id)
                      .where(in_period, _in(OpinionSubmitter.member_id, ids))
                      .order_by(Opinion.received_on, Opinion.id)).all()
    if not found:
        return {}
    of_period = select(Opinion.id).where(in_period).scalar_subquery()
    adopted: dict[int, list[str]] = defaultdict(list)
    for opinion_id, level in s.execute(select(OpinionAdoption.opinion_id, OpinionAdoption.level)
                                       .where(OpinionAdoption.opinion_id.in_(of_period))
                                       .order_by(OpinionAdoption.adopted_on, OpinionAdoption.id)):
        known = Level.from_label(level)
        label = known.label if known else level
        if label not in adopted[opinion_id]:
            adopted[opinion_id].append(label)
    instructions: dict[int, list[str]] = defaultdict(list)
    for opinion_id, leader, text in s.execute(select(OpinionInstruction.opinion_id, OpinionInstruction.leader,
                                                     OpinionInstruction.text)
                                              .where(OpinionInstruction.opinion_id.in_(of_period))
                                              .order_by(OpinionInstruction.given_on, OpinionInstruction.id)):
        text = (text or "").strip()
        leader = (leader or "").strip()
        instructions[opinion_id].append(f"{leader}：{text}" if leader and leader not in text else text)
    out: dict[int, list[OpinionItem]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for member_id, opinion_id, title, received_on in found:
        if (member_id, opinion_id) in seen:  # a member listed twice on one opinion
            continue
        seen.add((member_id, opinion_id))
        out[member_id].append(OpinionItem(title, received_on, tuple(adopted.get(opinion_id, ())),
                                          tuple(instructions.get(opinion_id, ()))))
    return out


def _score_lines(counts: dict[str, int], rules: DutyRules) -> tuple[ScoreLine, ...]:
    """The rules' items the member has a count for, with the points each gives (after its cap)."""
    points = points_by_item(counts, rules)
    return tuple(ScoreLine(item.label, counts.get(item.code, 0), item.points, item.cap, points[item.code])
                 for item in rules.items if counts.get(item.code, 0))
