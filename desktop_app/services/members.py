"""Members: add, edit, end a term, link to committees, home and villages; list, search and filter."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from db.models import Home, Member, Organization, Village, member_committees, member_villages
from desktop_app.domain.enums import MemberStatus
from desktop_app.domain.errors import Conflict, Problem, ValidationError
from desktop_app.domain.member_rules import VOCABULARY_FIELDS, check_member_fields
from desktop_app.services import audit
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.pinyin import name_pinyin
from desktop_app.services.records import add_flushed, flush_versioned, load_versioned, refuse_problems
from desktop_app.services.settings import load_vocabularies

# Fields a person edits on the member form (and a roster row carries).
EDITABLE_FIELDS = (
    "name", "gender", "ethnicity", "birth_year", "birth_month", "native_place", "political_status",
    "sector", "education", "work_unit", "position", "phone", "id_number", "address", "is_standing", "notes",
)


@dataclass(frozen=True)
class MemberInput:
    """What the member form (or a roster row) gives; None means 'not filled in'."""

    name: str
    gender: str | None = None
    ethnicity: str | None = None
    birth_year: int | None = None
    birth_month: int | None = None
    native_place: str | None = None
    political_status: str | None = None
    sector: str | None = None
    education: str | None = None
    work_unit: str | None = None
    position: str | None = None
    phone: str | None = None
    id_number: str | None = None
    address: str | None = None
    is_standing: bool = False
    notes: str | None = None
    home_id: int | None = None
    committee_ids: tuple[int, ...] = ()
    village_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class MemberRow:
    """One member as lists and tables show it (a DTO: no ORM object leaves the service)."""

    id: int
    name: str
    name_pinyin: str
    name_initials: str
    gender: str | None
    ethnicity: str | None
    birth_year: int | None
    birth_month: int | None
    political_status: str | None
    sector: str | None
    education: str | None
    work_unit: str | None
    position: str | None
    phone: str | None
    is_standing: bool
    status: str
    home_id: int | None
    home_name: str | None
    committees: tuple[str, ...] = ()
    version: int = 1

    @property
    def birth_text(self) -> str:
        if not self.birth_year:
            return ""
        return f"{self.birth_year}.{self.birth_month:02d}" if self.birth_month else str(self.birth_year)

    @property
    def status_label(self) -> str:
        return MemberStatus(self.status).label


@dataclass(frozen=True)
class MemberDetail:
    id: int
    version: int
    data: MemberInput
    status: str
    joined_date: date | None
    left_date: date | None
    left_reason: str | None
    home_name: str | None
    committee_names: tuple[str, ...]
    village_names: tuple[str, ...]


@dataclass(frozen=True)
class MemberFilter:
    """Filters of the members page; empty means 'any'."""

    text: str = ""
    sector: str | None = None
    political_status: str | None = None
    committee_id: int | None = None
    home_id: int | None = None
    standing: bool | None = None
    status: str | None = MemberStatus.ACTIVE.value


@dataclass(frozen=True)
class NamedOption:
    id: int
    name: str


def matches_text(row: MemberRow, needle: str) -> bool:
    """The live search: name, pinyin initials or full pinyin (wf / wangfang → 王芳), work unit, phone."""
    needle = needle.strip().lower()
    if not needle:
        return True
    return (
        needle in row.name
        or (needle.isascii() and (row.name_initials.startswith(needle) or row.name_pinyin.startswith(needle)
                                  or needle in row.name_pinyin))
        or needle in (row.work_unit or "").lower()
        or needle in (row.position or "").lower()
        or (needle.isdigit() and needle in (row.phone or ""))
    )


def apply_filter(rows: list[MemberRow], flt: MemberFilter) -> list[MemberRow]:
    out = []
    for row in rows:
        if flt.status and row.status != flt.status:
            continue
        if flt.sector and row.sector != flt.sector:
            continue
        if flt.political_status and row.political_status != flt.political_status:
            continue
        if flt.home_id and row.home_id != flt.home_id:
            continue
        if flt.standing is not None and row.is_standing != flt.standing:
            continue
        if flt.text and not matches_text(row, flt.text):
            continue
        out.append(row)
    return out


def member_values(data: MemberInput) -> dict:
    """Column values for a members row from a MemberInput, with the search keys computed."""
    values = {name: getattr(data, name) for name in EDITABLE_FIELDS}
    values["name_pinyin"], values["name_initials"] = name_pinyin(data.name)
    values["home_id"] = data.home_id
    return values


def validation_problems(session: Session, data: MemberInput, *, member_id: int | None = None) -> list[Problem]:
    """Every problem with a member's fields, each naming its field label, for inline messages."""
    problems = check_member_fields(data, load_vocabularies(session))
    if data.id_number:
        clash = session.scalar(select(Member).where(Member.id_number == data.id_number,
                                                    Member.id != (member_id or 0)))
        if clash is not None:
            problems.append(Problem(f"身份证号与委员“{clash.name}”相同，同一个人不能登记两次。", column="身份证号"))
    return problems


class MembersService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    # ----- reading -----
    def list_rows(self, flt: MemberFilter | None = None) -> list[MemberRow]:
        """Members as rows for the table, sorted by pinyin; filter applied in Python (fast at 100k)."""
        with self._ctx.uow() as s:
            homes = dict(s.execute(select(Home.id, Home.name)).all())
            committees: dict[int, list[str]] = {}
            for member_id, name in s.execute(
                select(member_committees.c.member_id, Organization.name)
                .join(Organization, Organization.id == member_committees.c.organization_id)
            ):
                committees.setdefault(member_id, []).append(name)
            stmt = select(
                Member.id, Member.name, Member.name_pinyin, Member.name_initials, Member.gender, Member.ethnicity,
                Member.birth_year, Member.birth_month, Member.political_status, Member.sector, Member.education,
                Member.work_unit, Member.position, Member.phone, Member.is_standing, Member.status,
                Member.home_id, Member.version,
            ).order_by(Member.name_pinyin, Member.id)
            if flt and flt.committee_id:
                stmt = stmt.join(member_committees, member_committees.c.member_id == Member.id).where(
                    member_committees.c.organization_id == flt.committee_id)
            rows = [
                MemberRow(r.id, r.name, r.name_pinyin, r.name_initials, r.gender, r.ethnicity, r.birth_year,
                          r.birth_month, r.political_status, r.sector, r.education, r.work_unit, r.position,
                          r.phone, bool(r.is_standing), r.status, r.home_id, homes.get(r.home_id),
                          tuple(committees.get(r.id, ())), r.version)
                for r in s.execute(stmt)
            ]
        return apply_filter(rows, flt) if flt else rows

    def search(self, text: str, *, include_left: bool = False) -> list[MemberRow]:
        return self.list_rows(MemberFilter(text=text, status=None if include_left else MemberStatus.ACTIVE.value))

    def get(self, member_id: int) -> MemberDetail:
        with self._ctx.uow() as s:
            m = _load(s, member_id)
            committee_rows = s.execute(
                select(Organization.id, Organization.name).join(
                    member_committees, member_committees.c.organization_id == Organization.id)
                .where(member_committees.c.member_id == member_id)).all()
            village_rows = s.execute(
                select(Village.id, Village.township, Village.name).join(
                    member_villages, member_villages.c.village_id == Village.id)
                .where(member_villages.c.member_id == member_id)).all()
            data = MemberInput(**{name: getattr(m, name) for name in EDITABLE_FIELDS}, home_id=m.home_id,
                               committee_ids=tuple(r[0] for r in committee_rows),
                               village_ids=tuple(r[0] for r in village_rows))
            home_name = s.scalar(select(Home.name).where(Home.id == m.home_id)) if m.home_id else None
            return MemberDetail(m.id, m.version, data, m.status, m.joined_date, m.left_date, m.left_reason,
                                home_name, tuple(r[1] for r in committee_rows),
                                tuple(f"{r[1]}{r[2]}" for r in village_rows))

    def committees(self) -> list[NamedOption]:
        with self._ctx.uow() as s:
            return [NamedOption(i, n) for i, n in s.execute(
                select(Organization.id, Organization.name).where(Organization.kind == "committee",
                                                                 Organization.active.is_(True))
                .order_by(Organization.id))]

    def homes(self) -> list[NamedOption]:
        with self._ctx.uow() as s:
            return [NamedOption(i, n) for i, n in s.execute(
                select(Home.id, Home.name).where(Home.active.is_(True)).order_by(Home.name))]

    def villages(self) -> list[NamedOption]:
        with self._ctx.uow() as s:
            return [NamedOption(i, f"{t}{n}") for i, t, n in s.execute(
                select(Village.id, Village.township, Village.name).where(Village.active.is_(True))
                .order_by(Village.township, Village.name))]

    def check(self, data: MemberInput, *, member_id: int | None = None) -> list[Problem]:
        """Problems the form shows inline before saving (nothing is written)."""
        with self._ctx.uow() as s:
            return validation_problems(s, _cleaned(data), member_id=member_id)

    # ----- writing: one transaction each -----
    def add(self, data: MemberInput, *, joined: date | None = None) -> Changes:
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            refuse_problems(validation_problems(s, data))
            data = _canonical(data, load_vocabularies(s))
            member = Member(**member_values(data), status=MemberStatus.ACTIVE.value, joined_date=joined,
                            changed_by=self._ctx.actor)
            add_flushed(s, member)
            _set_links(s, member.id, data)
            uow.commit()
            return Changes(members=True, new_id=member.id)

    def edit(self, member_id: int, data: MemberInput, *, expected_version: int) -> Changes:
        """Save the form; refuses if someone else saved this member since it was opened."""
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            member = _load(s, member_id, expected_version)
            refuse_problems(validation_problems(s, data, member_id=member_id))
            data = _canonical(data, load_vocabularies(s))
            for key, value in member_values(data).items():
                setattr(member, key, value)
            member.changed_by = self._ctx.actor
            _set_links(s, member_id, data)
            flush_versioned(s)
            uow.commit()
        return Changes(members=True)

    def end_term(self, member_id: int, *, on: date, reason: str, expected_version: int) -> Changes:
        """已退出: the member leaves office on `on` for `reason`; records stay for history."""
        if not reason.strip():
            raise ValidationError("请填写退出原因，例如“工作调动”“届满”。")
        uow = self._ctx.uow()
        with uow as s:
            member = _load(s, member_id, expected_version)
            if member.status == MemberStatus.LEFT.value:
                raise Conflict(f"委员“{member.name}”已于 {member.left_date} 退出，不能再次退出。")
            member.status, member.left_date, member.left_reason = MemberStatus.LEFT.value, on, reason.strip()
            member.changed_by = self._ctx.actor
            flush_versioned(s)
            audit.label(s, member, "end_term")
            uow.commit()
        return Changes(members=True)

    def reinstate(self, member_id: int, *, expected_version: int) -> Changes:
        uow = self._ctx.uow()
        with uow as s:
            member = _load(s, member_id, expected_version)
            member.status, member.left_date, member.left_reason = MemberStatus.ACTIVE.value, None, None
            flush_versioned(s)
            audit.label(s, member, "reinstate")
            uow.commit()
        return Changes(members=True)

    def count(self) -> int:
        from sqlalchemy import func

        with self._ctx.uow() as s:
            return s.scalar(select(func.count()).select_from(Member))


def _cleaned(data: MemberInput) -> MemberInput:
    """Trim every text field; control characters and lone surrogates (a paste can carry them) removed, as the
    import removes them; empty text becomes None; the ID number's x becomes X."""
    from desktop_app.domain.text_safety import without_control_characters

    changes = {}
    for f in fields(data):
        value = getattr(data, f.name)
        if isinstance(value, str):
            value = without_control_characters(value).strip() or None
            if f.name == "id_number" and value:
                value = value.upper()
            changes[f.name] = value
    changes["name"] = changes.get("name") or ""
    return replace(data, **changes)


def _canonical(data: MemberInput, vocabularies) -> MemberInput:
    """Vocabulary fields as the vocabulary's own name: an alias (经济, 男性) is stored as 经济界, 男."""
    changes = {}
    for field_name, (key, _label) in VOCABULARY_FIELDS.items():
        value, vocab = getattr(data, field_name), vocabularies.get(key)
        if value and vocab is not None and (name := vocab.canonical(value)) is not None:
            changes[field_name] = name
    return replace(data, **changes)


def _load(s: Session, member_id: int, expected_version: int | None = None) -> Member:
    return load_versioned(s, Member, member_id, expected_version,
                          missing="找不到这位委员，可能已被其他人删除，请刷新列表。",
                          changed=lambda m: f"委员“{m.name}”的信息已被其他人修改，请重新打开后再编辑。")


def _set_links(s: Session, member_id: int, data: MemberInput) -> None:
    s.execute(delete(member_committees).where(member_committees.c.member_id == member_id))
    if data.committee_ids:
        s.execute(insert(member_committees), [{"member_id": member_id, "organization_id": c}
                                              for c in dict.fromkeys(data.committee_ids)])
    s.execute(delete(member_villages).where(member_villages.c.member_id == member_id))
    if data.village_ids:
        s.execute(insert(member_villages), [{"member_id": member_id, "village_id": v}
                                            for v in dict.fromkeys(data.village_ids)])
