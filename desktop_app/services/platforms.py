"""协商议事室 (platforms) and the county's villages and communities; coverage; the room list import is services.ledgers.platforms."""
from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import delete, func, insert, select

from db.models import Consultation, Member, Platform, Village, platform_members
from desktop_app.domain.errors import Conflict, Problem, ValidationError
from desktop_app.domain.gatherings import PLATFORM_LEVELS, VILLAGE_KINDS, infer_village_kind
from desktop_app.domain.normalize import clean_name, clean_text
from desktop_app.services import audit
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.homes import HomeMember
from desktop_app.services.records import add_flushed, load_versioned, refuse_problems
from desktop_app.services.settings import SettingsService, read_office


@dataclass(frozen=True)
class PlatformInput:
    name: str
    level: str = "村社区"
    township: str | None = None
    village_id: int | None = None
    place: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class PlatformRow:
    id: int
    name: str
    level: str
    township: str | None
    village_id: int | None
    village_name: str | None
    active: bool
    member_count: int
    consultation_count: int
    place: str | None = None
    version: int = 1


@dataclass(frozen=True)
class VillageRow:
    id: int
    township: str
    name: str
    kind: str
    platforms: int


@dataclass(frozen=True)
class Coverage:
    covered: int  # villages and communities with an active platform
    total: int  # OfficeSettings.villages_and_communities (0 = not set)


def platform_rows(s, *, township: str | None = None, include_inactive: bool = False) -> list[PlatformRow]:
    members = dict(s.execute(select(platform_members.c.platform_id, func.count())
                             .group_by(platform_members.c.platform_id)).all())
    sessions = dict(s.execute(select(Consultation.platform_id, func.count()).group_by(Consultation.platform_id)).all())
    stmt = (select(Platform, Village.name).outerjoin(Village, Village.id == Platform.village_id)
            .order_by(Platform.township, Platform.name))
    if township:
        stmt = stmt.where(Platform.township == township)
    if not include_inactive:
        stmt = stmt.where(Platform.active.is_(True))
    return [PlatformRow(p.id, p.name, p.level, p.township, p.village_id, v, bool(p.active), members.get(p.id, 0),
                        sessions.get(p.id, 0), p.place, p.version) for p, v in s.execute(stmt)]


def ensure_village(s, township: str, name: str, kind: str | None = None) -> int:
    row = s.scalar(select(Village).where(Village.township == township, Village.name == name))
    if row is None:
        row = Village(township=township, name=name, kind=kind or infer_village_kind(name), active=True)
        s.add(row)
        s.flush()
    return row.id


class PlatformsService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def list_rows(self, *, township: str | None = None, include_inactive: bool = False) -> list[PlatformRow]:
        with self._ctx.uow() as s:
            return platform_rows(s, township=township, include_inactive=include_inactive)

    def townships(self) -> list[str]:
        with self._ctx.uow() as s:
            names = set(s.scalars(select(Platform.township).where(Platform.township.is_not(None))))
            names |= set(s.scalars(select(Village.township)))
            return sorted(n for n in names if n)

    def members(self, platform_id: int) -> tuple[HomeMember, ...]:
        with self._ctx.uow() as s:
            return tuple(HomeMember(*r) for r in s.execute(
                select(Member.id, Member.name, Member.sector, Member.name_pinyin, Member.name_initials)
                .join(platform_members, platform_members.c.member_id == Member.id)
                .where(platform_members.c.platform_id == platform_id).order_by(Member.name_pinyin)))

    def villages(self) -> list[VillageRow]:
        with self._ctx.uow() as s:
            counts = dict(s.execute(select(Platform.village_id, func.count()).where(Platform.active.is_(True))
                                    .group_by(Platform.village_id)).all())
            return [VillageRow(v.id, v.township, v.name, v.kind, counts.get(v.id, 0))
                    for v in s.scalars(select(Village).where(Village.active.is_(True))
                                       .order_by(Village.township, Village.name))]

    def coverage(self) -> Coverage:
        with self._ctx.uow() as s:
            covered = s.scalar(select(func.count(func.distinct(Platform.village_id)))
                               .where(Platform.active.is_(True), Platform.village_id.is_not(None)))
            return Coverage(covered, read_office(s).villages_and_communities)

    def set_village_total(self, total: int) -> Changes:
        """The county's number of villages and communities (the denominator of coverage)."""
        if total < 0:
            raise ValidationError("村（社区）总数不能为负数。")
        settings = SettingsService(self._ctx)
        office = settings.office()
        if not office.county:
            raise ValidationError("请先在设置中填写县（区）名称，再填写村（社区）总数。")
        return settings.save_office(replace(office, villages_and_communities=total))

    def add_village(self, *, township: str, name: str, kind: str | None = None) -> Changes:
        township, name = clean_name(township), clean_name(name)
        if not name:
            raise ValidationError("请填写村（社区）名称。")
        if kind and kind not in VILLAGE_KINDS:
            raise ValidationError("类型只能是“村”或“社区”。")
        uow = self._ctx.uow()
        with uow as s:
            if s.scalar(select(Village.id).where(Village.township == township, Village.name == name)):
                raise Conflict(f"{township}已有“{name}”，不能重复添加。")
            village_id = ensure_village(s, township, name, kind)
            uow.commit()
        return Changes(platforms=True, new_id=village_id)

    def add(self, data: PlatformInput, *, member_ids: tuple[int, ...] = ()) -> Changes:
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            _check(s, data, None)
            platform = Platform(name=data.name, level=data.level, township=data.township, village_id=data.village_id,
                                place=data.place, notes=data.notes, active=True, changed_by=self._ctx.actor)
            add_flushed(s, platform)
            _set_members(s, platform.id, member_ids)
            uow.commit()
            return Changes(platforms=True, new_id=platform.id)

    def edit(self, platform_id: int, data: PlatformInput, *, expected_version: int,
             member_ids: tuple[int, ...] | None = None) -> Changes:
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            platform = _load(s, platform_id, expected_version)
            _check(s, data, platform_id)
            platform.name, platform.level, platform.township = data.name, data.level, data.township
            platform.village_id, platform.place, platform.notes = data.village_id, data.place, data.notes
            platform.changed_by = self._ctx.actor
            s.flush()
            if member_ids is not None:
                _set_members(s, platform_id, member_ids)
            uow.commit()
        return Changes(platforms=True)

    def set_members(self, platform_id: int, member_ids: tuple[int, ...]) -> Changes:
        uow = self._ctx.uow()
        with uow as s:
            platform = _load(s, platform_id)
            before = {"member_ids": _member_ids(s, platform_id)}
            _set_members(s, platform_id, member_ids)
            after = {"member_ids": _member_ids(s, platform_id)}
            if before != after:
                audit.label(s, platform, "set_members")
            uow.commit()
        return Changes(platforms=True)


def _cleaned(data: PlatformInput) -> PlatformInput:
    return PlatformInput(clean_name(data.name), clean_text(data.level) or "村社区", clean_name(data.township) or None,
                         data.village_id, clean_text(data.place) or None, (data.notes or "").strip() or None)


def _check(s, data: PlatformInput, platform_id: int | None) -> None:
    problems = []
    if not data.name:
        problems.append(Problem("请填写协商议事室名称。", column="名称"))
    elif s.scalar(select(Platform.id).where(Platform.name == data.name, Platform.id != (platform_id or 0))):
        problems.append(Problem(f"已有名为“{data.name}”的协商议事室，请换一个名称。", column="名称"))
    if data.level not in PLATFORM_LEVELS:
        problems.append(Problem(f"级别“{data.level}”不对，应为{'、'.join(PLATFORM_LEVELS)}之一。", column="级别"))
    if data.village_id is not None and s.get(Village, data.village_id) is None:
        problems.append(Problem("所选的村（社区）已不存在，请重新选择。", column="村（社区）"))
    refuse_problems(problems)


def _member_ids(s, platform_id: int) -> list[int]:
    return sorted(s.scalars(select(platform_members.c.member_id).where(platform_members.c.platform_id == platform_id)))


def _set_members(s, platform_id: int, member_ids) -> None:
    s.execute(delete(platform_members).where(platform_members.c.platform_id == platform_id))
    ids = list(dict.fromkeys(member_ids))
    if ids:
        s.execute(insert(platform_members), [{"platform_id": platform_id, "member_id": m} for m in ids])


def _load(s, platform_id: int, expected_version: int | None = None) -> Platform:
    return load_versioned(s, Platform, platform_id, expected_version,
                          missing="找不到这个协商议事室，可能已被其他人删除，请刷新列表。",
                          changed=lambda p: f"“{p.name}”已被其他人修改，请重新打开后再编辑。")
