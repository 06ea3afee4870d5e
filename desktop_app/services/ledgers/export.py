"""Activity, consultation and 社情民意 ledgers written in the import layout, so export → import changes nothing."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from db.models import (Activity, Attendance, Consultation, Home, Member, OpinionAdoption, OpinionInstruction,
                       OpinionSubmitter, Organization, Platform, Village, consultation_members)
from db.models import Opinion
from desktop_app.domain.enums import FollowUpStatus, Level
from desktop_app.domain.gatherings import join_names
from desktop_app.domain.period import Period
from desktop_app.fileio.headers import load_synonyms
from desktop_app.services.context import ServiceContext
from desktop_app.services.settings import read_office

# field codes of resources/columns/<kind>.json in export order, with the cell kind
ACTIVITY_COLUMNS = (("date", "date"), ("home", "text"), ("kind", "text"), ("title", "text"), ("place", "text"),
                    ("summary", "text"), ("present", "text"), ("excused", "text"), ("absent", "text"),
                    ("other_participants", "int"), ("suggestions", "int"), ("notes", "text"))
CONSULTATION_COLUMNS = (("date", "date"), ("platform", "text"), ("township", "text"), ("village", "text"),
                        ("topic", "text"), ("topic_source", "text"), ("members", "text"), ("department_reps", "int"),
                        ("resident_reps", "int"), ("suggestions", "int"), ("suggestions_text", "text"),
                        ("outcome", "text"), ("responsible_unit", "text"), ("follow_up", "text"),
                        ("done_deeds", "int"), ("satisfaction", "text"), ("notes", "text"))


def _in_period(column, period: Period | None):
    return column.between(period.start, period.end) if period else column.is_not(None)


def ledger_title(ctx: ServiceContext, period: Period | None, what: str) -> str:
    """政协黎城县委员会2025年委员之家活动台账: the title every ledger export and workbook sheet shares."""
    with ctx.uow() as s:
        office = read_office(s)
    year = f"{period.start.year}年" if period and period.start.year == period.end.year else ""
    return f"{office.committee_display}{year}{what}"


def activity_ledger_rows(ctx: ServiceContext, period: Period | None) -> list[list]:
    """One row per activity (by date), attendance as name lists, in ACTIVITY_COLUMNS order."""
    with ctx.uow() as s:
        names: dict[int, dict[str, list[str]]] = {}
        for activity_id, name, status in s.execute(
                select(Attendance.activity_id, Member.name, Attendance.status)
                .join(Member, Member.id == Attendance.member_id).join(Activity, Activity.id == Attendance.activity_id)
                .where(_in_period(Activity.held_on, period)).order_by(Attendance.activity_id, Attendance.id)):
            names.setdefault(activity_id, {}).setdefault(status, []).append(name)
        rows = []
        for a, home in s.execute(select(Activity, Home.name).outerjoin(Home, Home.id == Activity.home_id)
                                 .where(_in_period(Activity.held_on, period)).order_by(Activity.held_on, Activity.id)):
            lists = names.get(a.id, {})
            rows.append([a.held_on, home, a.kind, a.title, a.place, a.summary,
                         join_names(lists.get("present", [])) or None, join_names(lists.get("excused", [])) or None,
                         join_names(lists.get("absent", [])) or None, a.other_participants, a.suggestions_count,
                         a.notes])
    return rows


def consultation_ledger_rows(ctx: ServiceContext, period: Period | None) -> list[list]:
    with ctx.uow() as s:
        names: dict[int, list[str]] = {}
        for cid, name in s.execute(
                select(consultation_members.c.consultation_id, Member.name)
                .join(Member, Member.id == consultation_members.c.member_id)
                .join(Consultation, Consultation.id == consultation_members.c.consultation_id)
                .where(_in_period(Consultation.held_on, period)).order_by(Member.id)):
            names.setdefault(cid, []).append(name)
        rows = []
        for c, platform, township, village in s.execute(
                select(Consultation, Platform.name, Platform.township, Village.name)
                .join(Platform, Platform.id == Consultation.platform_id)
                .outerjoin(Village, Village.id == Platform.village_id)
                .where(_in_period(Consultation.held_on, period)).order_by(Consultation.held_on, Consultation.id)):
            rows.append([c.held_on, platform, township, village, c.topic, c.topic_source,
                         join_names(names.get(c.id, [])) or None, c.department_participants, c.resident_participants,
                         c.suggestions_count, c.suggestions_text, c.outcome, c.responsible_unit,
                         FollowUpStatus(c.follow_up_status).label, c.done_deeds, c.satisfaction, c.notes])
    return rows


def _sheet(ctx: ServiceContext, kind: str, columns, rows, title: str, sheet: str):
    from desktop_app.fileio.xlsx_writer import ColumnSpec, SheetSpec

    labels = load_synonyms(ctx.resources, kind).labels
    specs = [ColumnSpec(labels[code], cell_kind) for code, cell_kind in columns]
    return SheetSpec(title=title, columns=specs, rows=rows, name=sheet)


def activity_sheet(ctx: ServiceContext, period: Period | None):
    """The 委员之家活动台账 as a sheet (the export's file, and a sheet of the statistics workbook)."""
    return _sheet(ctx, "activities", ACTIVITY_COLUMNS, activity_ledger_rows(ctx, period),
                  ledger_title(ctx, period, "委员之家活动台账"), "活动台账")


def consultation_sheet(ctx: ServiceContext, period: Period | None):
    """The 有事来商量台账 as a sheet."""
    return _sheet(ctx, "consultations", CONSULTATION_COLUMNS, consultation_ledger_rows(ctx, period),
                  ledger_title(ctx, period, "有事来商量台账"), "协商台账")


def export_activities(ctx: ServiceContext, out: Path, period: Period | None = None) -> int:
    """Write the 委员之家活动台账; returns the number of activities written."""
    from desktop_app.fileio.xlsx_writer import write_table_workbook

    sheet = activity_sheet(ctx, period)
    write_table_workbook(Path(out), [sheet])
    return len(sheet.rows)


def export_consultations(ctx: ServiceContext, out: Path, period: Period | None = None) -> int:
    """Write the 有事来商量台账; returns the number of consultations written."""
    from desktop_app.fileio.xlsx_writer import write_table_workbook

    sheet = consultation_sheet(ctx, period)
    write_table_workbook(Path(out), [sheet])
    return len(sheet.rows)


def opinion_sheet(ctx: ServiceContext, period: Period | None = None):
    """The 社情民意 ledger as a sheet (the export's file, and a sheet of the statistics workbook)."""
    from desktop_app.fileio.xlsx_writer import ColumnSpec, SheetSpec

    labels = load_synonyms(ctx.resources, "opinions").labels
    with ctx.uow() as s:
        names: dict[int, list[str]] = {}
        for opinion_id, member, org in s.execute(
            select(OpinionSubmitter.opinion_id, Member.name, Organization.name)
            .outerjoin(Member, Member.id == OpinionSubmitter.member_id)
            .outerjoin(Organization, Organization.id == OpinionSubmitter.organization_id)
            .order_by(OpinionSubmitter.opinion_id, OpinionSubmitter.position)):
            names.setdefault(opinion_id, []).append(member or org)
        adopted: dict[int, list[str]] = {}
        for opinion_id, level in s.execute(select(OpinionAdoption.opinion_id, OpinionAdoption.level)
                                           .order_by(OpinionAdoption.id)):
            adopted.setdefault(opinion_id, []).append(Level(level).label)
        joined: dict[int, list[str]] = {}  # in Python, in the order written: group_concat is SQLite's own
        for opinion_id, text in s.execute(select(OpinionInstruction.opinion_id, OpinionInstruction.text)
                                          .order_by(OpinionInstruction.opinion_id, OpinionInstruction.id)):
            joined.setdefault(opinion_id, []).append(text)
        instructions = {opinion_id: "；".join(texts) for opinion_id, texts in joined.items()}
        stmt = select(Opinion).order_by(Opinion.received_on, Opinion.id)
        if period:
            stmt = stmt.where(Opinion.received_on.between(period.start, period.end))
        rows = [[o.title, "、".join(names.get(o.id, [])), o.received_on, o.bulletin_issue,
                 Level(o.sent_level).label if o.sent_level else None, "、".join(adopted.get(o.id, [])) or None,
                 instructions.get(o.id), o.notes] for o in s.scalars(stmt)]
    codes = ["title", "submitters", "received_on", "issue", "sent_level", "adopted_level", "instructions", "notes"]
    columns = [ColumnSpec(labels.get(c, "备注"), "date" if c == "received_on" else "text") for c in codes]
    return SheetSpec(title=ledger_title(ctx, period, "社情民意信息台账"), columns=columns, rows=rows,
                     name="社情民意信息台账")


def export_opinions(ctx: ServiceContext, out: Path, period: Period | None = None) -> int:
    """Write the 社情民意 ledger in the import's columns; returns the number of opinions written."""
    from desktop_app.fileio.xlsx_writer import write_table_workbook

    sheet = opinion_sheet(ctx, period)
    write_table_workbook(Path(out), [sheet])
    return len(sheet.rows)
