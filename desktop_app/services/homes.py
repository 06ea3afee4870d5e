"""委员之家: add, edit, retire; the members assigned to each (Member.home_id)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import Activity, Home, Member
from desktop_app.domain.errors import Conflict, NotFound, Problem
from desktop_app.domain.gatherings import HOME_LEVELS
from desktop_app.domain.normalize import clean_name, clean_text
from desktop_app.services import audit
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.records import add_flushed, flush_versioned, load_versioned, refuse_problems


@dataclass(frozen=True)
class HomeInput:
    name: str
    level: str = "乡镇"
    place: str | None = None
    township: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class HomeRow:
    id: int
    name: str
    level: str
    place: str | None
    township: str | None
    active: bool
    retired_date: date | None
    member_count: int
    activity_count: int
    notes: str | None = None
    version: int = 1


@dataclass(frozen=True)
class HomeMember:
    id: int
    name: str
    sector: str | None
    name_pinyin: str = ""
    name_initials: str = ""


@dataclass(frozen=True)
class HomeDetail:
    row: HomeRow
    members: tuple[HomeMember, ...]


def _cleaned(data: HomeInput) -> HomeInput:
    return HomeInput(name=clean_name(data.name), level=clean_text(data.level) or "乡镇",
                     place=clean_text(data.place) or None, township=clean_name(data.township) or None,
                     notes=clean_text(data.notes) or None)


def _problems(s: Session, data: HomeInput, home_id: int | None) -> list[Problem]:
    problems = []
    if not data.name:
        problems.append(Problem("请填写委员之家的名称，例如“古韩镇委员之家”。", column="名称"))
    elif s.scalar(select(Home.id).where(Home.name == data.name, Home.id != (home_id or 0))):
        problems.append(Problem(f"已有名为“{data.name}”的委员之家，请换一个名称。", column="名称"))
    if data.level not in HOME_LEVELS:
        problems.append(Problem(f"级别“{data.level}”不对，应为{'、'.join(HOME_LEVELS)}之一。", column="级别"))
    return problems


def home_members(s: Session, home_id: int) -> tuple[HomeMember, ...]:
    """The members in office assigned to a home, by pinyin."""
    rows = s.execute(select(Member.id, Member.name, Member.sector, Member.name_pinyin, Member.name_initials)
                     .where(Member.home_id == home_id, Member.status == "active")
                     .order_by(Member.name_pinyin, Member.id)).all()
    return tuple(HomeMember(*r) for r in rows)


class HomesService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def list_homes(self, *, include_retired: bool = False) -> list[HomeRow]:
        """Homes with their members in office and activities held, by level and name."""
        with self._ctx.uow() as s:
            members = dict(s.execute(select(Member.home_id, func.count()).where(Member.status == "active")
                                     .group_by(Member.home_id)).all())
            activities = dict(s.execute(select(Activity.home_id, func.count()).group_by(Activity.home_id)).all())
            stmt = select(Home).order_by(Home.level, Home.name)
            if not include_retired:
                stmt = stmt.where(Home.active.is_(True))
            return [HomeRow(h.id, h.name, h.level, h.place, h.township, bool(h.active), h.retired_date,
                            members.get(h.id, 0), activities.get(h.id, 0), h.notes, h.version)
                    for h in s.scalars(stmt)]

    def get(self, home_id: int) -> HomeDetail:
        with self._ctx.uow() as s:
            h = _load(s, home_id)
            crew = home_members(s, home_id)
            count = s.scalar(select(func.count()).select_from(Activity).where(Activity.home_id == home_id))
            return HomeDetail(HomeRow(h.id, h.name, h.level, h.place, h.township, bool(h.active), h.retired_date,
                                      len(crew), count, h.notes, h.version), crew)

    def add(self, data: HomeInput) -> Changes:
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            refuse_problems(_problems(s, data, None))
            home = Home(name=data.name, level=data.level, place=data.place, township=data.township,
                        notes=data.notes, active=True, changed_by=self._ctx.actor)
            add_flushed(s, home)
            uow.commit()
            return Changes(homes=True, new_id=home.id)

    def edit(self, home_id: int, data: HomeInput, *, expected_version: int) -> Changes:
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            home = _load(s, home_id, expected_version)
            refuse_problems(_problems(s, data, home_id))
            home.name, home.level, home.place = data.name, data.level, data.place
            home.township, home.notes, home.changed_by = data.township, data.notes, self._ctx.actor
            flush_versioned(s)
            uow.commit()
        return Changes(homes=True)

    def retire(self, home_id: int, *, on: date, expected_version: int) -> Changes:
        """The home stops (撤销); its activities stay for history and its members are unassigned."""
        uow = self._ctx.uow()
        with uow as s:
            home = _load(s, home_id, expected_version)
            if not home.active:
                raise Conflict(f"“{home.name}”已于 {home.retired_date} 撤销，不能再次撤销。")
            home.active, home.retired_date, home.changed_by = False, on, self._ctx.actor
            s.execute(update(Member).where(Member.home_id == home_id)
                      .values(home_id=None, version=Member.version + 1, changed_by=self._ctx.actor))
            flush_versioned(s)
            audit.label(s, home, "retire")
            uow.commit()
        return Changes(homes=True, members=True)

    def reinstate(self, home_id: int, *, expected_version: int) -> Changes:
        uow = self._ctx.uow()
        with uow as s:
            home = _load(s, home_id, expected_version)
            home.active, home.retired_date = True, None
            flush_versioned(s)
            audit.label(s, home, "reinstate")
            uow.commit()
        return Changes(homes=True)

    def set_members(self, home_id: int, member_ids: list[int]) -> Changes:
        """Exactly these members belong to the home; members of another home move here."""
        uow = self._ctx.uow()
        with uow as s:
            home = _load(s, home_id)
            if not home.active:
                raise Conflict(f"“{home.name}”已撤销，不能再分配委员；请先恢复该委员之家。")
            wanted = set(member_ids)
            known = set(s.scalars(select(Member.id).where(Member.id.in_(wanted)))) if wanted else set()
            if wanted - known:
                raise NotFound("有的委员已不存在，可能已被其他人删除，请刷新后重试。")
            current = set(s.scalars(select(Member.id).where(Member.home_id == home_id)))
            leaving, joining = current - wanted, wanted - current
            bump = {"version": Member.version + 1, "changed_by": self._ctx.actor}
            if leaving:
                s.execute(update(Member).where(Member.id.in_(leaving)).values(home_id=None, **bump))
            if joining:
                s.execute(update(Member).where(Member.id.in_(joining)).values(home_id=home_id, **bump))
            uow.commit()
        return Changes(homes=True, members=True)

    def set_member_home(self, member_id: int, home_id: int | None) -> Changes:
        """From the member's page: assign the member to a home (or to none)."""
        uow = self._ctx.uow()
        with uow as s:
            member = s.get(Member, member_id)
            if member is None:
                raise NotFound("找不到这位委员，可能已被其他人删除，请刷新列表。")
            if home_id is not None:
                home = _load(s, home_id)
                if not home.active:
                    raise Conflict(f"“{home.name}”已撤销，不能再分配委员。")
            member.home_id, member.changed_by = home_id, self._ctx.actor
            flush_versioned(s)
            audit.label(s, member, "assign_home")
            uow.commit()
        return Changes(homes=True, members=True)


def _load(s: Session, home_id: int, expected_version: int | None = None) -> Home:
    return load_versioned(s, Home, home_id, expected_version,
                          missing="找不到这个委员之家，可能已被其他人删除，请刷新列表。",
                          changed=lambda h: f"“{h.name}”的信息已被其他人修改，请重新打开后再编辑。")
