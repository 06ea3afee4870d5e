"""参加单位 (organizations) and 承办单位 (handling units): add, edit, merge a duplicate into the survivor."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import (Assignment, HandlingUnit, OpinionSubmitter, Organization, Proposal, Reply,
                       member_committees)
from desktop_app.domain.enums import OrganizationKind
from desktop_app.domain.errors import Conflict, NotFound, ValidationError
from desktop_app.domain.vocabulary import fold
from desktop_app.services import audit
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.pinyin import pinyin_order
from desktop_app.services.records import add_flushed


@dataclass(frozen=True)
class OrganizationRow:
    id: int
    name: str
    kind: str
    active: bool
    version: int

    @property
    def kind_label(self) -> str:
        return OrganizationKind(self.kind).label if self.kind in {k.value for k in OrganizationKind} else self.kind


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    kind: str | None
    contact_person: str | None
    contact_phone: str | None
    active: bool
    merged_into_id: int | None
    version: int


def _clean_name(name: str, what: str) -> str:
    text = " ".join((name or "").split())
    if not text:
        raise ValidationError(f"请填写{what}名称。")
    return text


def find_by_name(s: Session, model, name: str):
    """The row whose folded name equals `name`'s (full-width and spaces ignored); a merged unit leads to its survivor."""
    key = fold(name)
    for row in s.scalars(select(model)):
        if fold(row.name) == key:
            while getattr(row, "merged_into_id", None):
                row = s.get(model, row.merged_into_id)
            return row
    return None


def _renamed(s: Session, model, record_id: int, name: str, *, what: str):
    """The row to be renamed `name`; refuses when it is gone or another row already has that name."""
    row = s.get(model, record_id)
    if row is None:
        raise NotFound(f"找不到这个{what}，请刷新后重试。")
    clash = find_by_name(s, model, name)
    if clash is not None and clash.id != row.id:
        raise Conflict(f"已有名为“{name}”的{what}；如是同一单位，请用“合并”。")
    return row


def _merge_pair(s: Session, model, duplicate_id: int, into_id: int, *, what: str):
    """The duplicate and the survivor of a merge; refuses a merge into itself or when either is gone."""
    if duplicate_id == into_id:
        raise ValidationError("不能把单位合并到它自己。")
    dup, keep = s.get(model, duplicate_id), s.get(model, into_id)
    if dup is None or keep is None:
        raise NotFound(f"找不到要合并的{what}，请刷新后重试。")
    return dup, keep


class OrganizationService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    # ----- organizations (参加单位) -----
    def organizations(self, *, include_inactive: bool = False) -> list[OrganizationRow]:
        with self._ctx.uow() as s:
            stmt = select(Organization).order_by(Organization.kind, Organization.name)
            if not include_inactive:
                stmt = stmt.where(Organization.active.is_(True), Organization.merged_into_id.is_(None))
            rows = [OrganizationRow(o.id, o.name, o.kind, bool(o.active), o.version) for o in s.scalars(stmt)]
        return sorted(rows, key=lambda r: (r.kind, pinyin_order(r.name)))

    def add_organization(self, *, name: str, kind: str = OrganizationKind.OTHER.value) -> Changes:
        name = _clean_name(name, "单位")
        if kind not in {k.value for k in OrganizationKind}:
            raise ValidationError("单位类型只能是党派、人民团体、界别、专委会或其他。")
        uow = self._ctx.uow()
        with uow as s:
            if find_by_name(s, Organization, name):
                raise Conflict(f"参加单位“{name}”已经存在。")
            org = Organization(name=name, kind=kind, active=True, changed_by=self._ctx.actor)
            add_flushed(s, org)
            uow.commit()
            return Changes(organizations=True, new_id=org.id)

    def edit_organization(self, org_id: int, *, name: str, kind: str, active: bool = True) -> Changes:
        name = _clean_name(name, "单位")
        uow = self._ctx.uow()
        with uow as s:
            org = _renamed(s, Organization, org_id, name, what="参加单位")
            org.name, org.kind, org.active, org.changed_by = name, kind, active, self._ctx.actor
            s.flush()
            uow.commit()
        return Changes(organizations=True, proposals=True, members=True, opinions=True)

    def merge_organizations(self, duplicate_id: int, *, into_id: int) -> Changes:
        """Move every reference of the duplicate to the survivor, then mark the duplicate inactive."""
        uow = self._ctx.uow()
        with uow as s:
            dup, keep = _merge_pair(s, Organization, duplicate_id, into_id, what="参加单位")
            s.execute(update(Proposal).where(Proposal.lead_organization_id == dup.id)
                      .values(lead_organization_id=keep.id, version=Proposal.version + 1))
            s.execute(update(OpinionSubmitter).where(OpinionSubmitter.organization_id == dup.id)
                      .values(organization_id=keep.id))
            kept_members = select(member_committees.c.member_id).where(member_committees.c.organization_id == keep.id)
            s.execute(member_committees.delete().where(member_committees.c.organization_id == dup.id,
                                                       member_committees.c.member_id.in_(kept_members)))
            s.execute(update(member_committees).where(member_committees.c.organization_id == dup.id)
                      .values(organization_id=keep.id))
            s.execute(update(Organization).where(Organization.merged_into_id == dup.id)
                      .values(merged_into_id=keep.id, version=Organization.version + 1))
            dup.active, dup.merged_into_id, dup.changed_by = False, keep.id, self._ctx.actor
            dup.notes = f"已合并到“{keep.name}”"
            s.flush()
            audit.label(s, dup, "merge")
            uow.commit()
        return Changes(organizations=True, proposals=True, members=True, opinions=True)

    # ----- handling units (承办单位) -----
    def units(self, *, include_inactive: bool = False) -> list[UnitRow]:
        with self._ctx.uow() as s:
            stmt = select(HandlingUnit).order_by(HandlingUnit.name)
            if not include_inactive:
                stmt = stmt.where(HandlingUnit.active.is_(True), HandlingUnit.merged_into_id.is_(None))
            rows = [UnitRow(u.id, u.name, u.kind, u.contact_person, u.contact_phone, bool(u.active), u.merged_into_id,
                            u.version) for u in s.scalars(stmt)]
        return sorted(rows, key=lambda r: pinyin_order(r.name))  # as the office reads a list: 县财政局 before 县教育局

    def add_unit(self, *, name: str, kind: str | None = None, contact_person: str | None = None,
                 contact_phone: str | None = None) -> Changes:
        name = _clean_name(name, "承办单位")
        uow = self._ctx.uow()
        with uow as s:
            if find_by_name(s, HandlingUnit, name):
                raise Conflict(f"承办单位“{name}”已经存在。")
            unit = HandlingUnit(name=name, kind=kind, contact_person=contact_person, contact_phone=contact_phone,
                                active=True, changed_by=self._ctx.actor)
            add_flushed(s, unit)
            uow.commit()
            return Changes(units=True, new_id=unit.id)

    def edit_unit(self, unit_id: int, *, name: str, kind: str | None, contact_person: str | None,
                  contact_phone: str | None, active: bool = True) -> Changes:
        name = _clean_name(name, "承办单位")
        uow = self._ctx.uow()
        with uow as s:
            unit = _renamed(s, HandlingUnit, unit_id, name, what="承办单位")
            unit.name, unit.kind, unit.active = name, kind, active
            unit.contact_person, unit.contact_phone, unit.changed_by = contact_person, contact_phone, self._ctx.actor
            s.flush()
            uow.commit()
        return Changes(units=True)

    def merge_units(self, duplicate_id: int, *, into_id: int) -> Changes:
        """Assignments and replies of the duplicate move to the survivor; the duplicate points at it."""
        uow = self._ctx.uow()
        with uow as s:
            dup, keep = _merge_pair(s, HandlingUnit, duplicate_id, into_id, what="承办单位")
            if keep.merged_into_id:
                raise ValidationError(f"“{keep.name}”本身已合并到其他单位，请选择最终保留的单位。")
            both = select(Assignment.proposal_id).where(Assignment.unit_id == keep.id, Assignment.status == "active")
            clash = s.scalar(select(Assignment.id).where(Assignment.unit_id == dup.id, Assignment.status == "active",
                                                         Assignment.proposal_id.in_(both)))
            if clash:
                raise Conflict(f"“{dup.name}”和“{keep.name}”承办了同一件提案，请先撤回其中一个交办再合并。")
            s.execute(update(Assignment).where(Assignment.unit_id == dup.id)
                      .values(unit_id=keep.id, version=Assignment.version + 1))
            s.execute(update(Reply).where(Reply.unit_id == dup.id).values(unit_id=keep.id, version=Reply.version + 1))
            s.execute(update(HandlingUnit).where(HandlingUnit.merged_into_id == dup.id)
                      .values(merged_into_id=keep.id, version=HandlingUnit.version + 1))
            dup.merged_into_id, dup.active, dup.changed_by = keep.id, False, self._ctx.actor
            s.flush()
            audit.label(s, dup, "merge")
            uow.commit()
        return Changes(units=True, proposals=True)
