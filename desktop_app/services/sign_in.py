"""签到表 for an activity or a consultation: the expected members, written as a GB/T 9704 Word file."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from db.models import Consultation, Member, Platform, platform_members
from desktop_app.domain.enums import AttendanceStatus
from desktop_app.domain.errors import NotFound
from desktop_app.fileio.paperwork_dto import SignInMember, SignInSheetDTO
from desktop_app.services.activities import ActivitiesService
from desktop_app.services.consultations import consultation_member_lines
from desktop_app.services.context import ServiceContext
from desktop_app.services.homes import home_members
from desktop_app.services.settings import read_office


def activity_sign_in(ctx: ServiceContext, activity_id: int) -> SignInSheetDTO:
    """The members recorded for the activity, or the home's members when none is recorded yet."""
    detail = ActivitiesService(ctx).get(activity_id)
    with ctx.uow() as s:
        office = read_office(s)
        if detail.attendance:
            members = [SignInMember(a.name, a.sector or "", "请假" if a.status == AttendanceStatus.EXCUSED.value else "")
                       for a in detail.attendance]
        elif detail.data.home_id:
            members = [SignInMember(m.name, m.sector or "") for m in home_members(s, detail.data.home_id)]
        else:
            members = [SignInMember(n, sec or "") for n, sec in s.execute(
                select(Member.name, Member.sector).where(Member.status == "active").order_by(Member.name_pinyin))]
    return SignInSheetDTO(title=detail.data.title, held_on=detail.data.held_on, place=detail.data.place or "",
                          organizer=detail.home_name or office.committee_display, members=tuple(members), kind="活动")


def consultation_sign_in(ctx: ServiceContext, consultation_id: int) -> SignInSheetDTO:
    """The members taking part, or the platform's linked members when none is recorded yet."""
    with ctx.uow() as s:
        c = s.get(Consultation, consultation_id)
        if c is None:
            raise NotFound("找不到这次协商，可能已被其他人删除，请刷新列表。")
        platform = s.get(Platform, c.platform_id)
        lines = consultation_member_lines(s, c.id)
        if lines:
            members = [SignInMember(m.name, m.sector or "") for m in lines]
        else:
            members = [SignInMember(n, sec or "") for n, sec in s.execute(
                select(Member.name, Member.sector).join(platform_members, platform_members.c.member_id == Member.id)
                .where(platform_members.c.platform_id == platform.id).order_by(Member.name_pinyin))]
        return SignInSheetDTO(title=f"有事来商量·{c.topic}", held_on=c.held_on, place=platform.place or platform.name,
                              organizer=platform.name, members=tuple(members), kind="协商", blank_rows=10)


def write_sign_in(ctx: ServiceContext, dto: SignInSheetDTO, out: Path) -> Path:
    """The 签到表 from the template in use (the office's copy when there is one), in the office's fonts."""
    from desktop_app.fileio.documents.sign_in import context
    from desktop_app.services.templates import TemplateService

    Path(out).parent.mkdir(parents=True, exist_ok=True)
    return TemplateService(ctx).render("sign_in", context(dto), out)


def write_activity_sign_in(ctx: ServiceContext, activity_id: int, out: Path) -> Path:
    return write_sign_in(ctx, activity_sign_in(ctx, activity_id), out)


def write_consultation_sign_in(ctx: ServiceContext, consultation_id: int, out: Path) -> Path:
    return write_sign_in(ctx, consultation_sign_in(ctx, consultation_id), out)

