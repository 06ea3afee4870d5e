"""基础资料 actions (届次与会次, 承办单位, 参加单位): the page's load, and one function per user action, each run as a task."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.dialogs.save_form import SaveForm
from desktop_app.ui.operations.common import open_form

if TYPE_CHECKING:
    from datetime import date

    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.organizations import OrganizationRow, OrganizationService, UnitRow
    from desktop_app.services.terms import SessionRow, TermRow, TermService

FormValues = Mapping[str, "int | str | bool | date | None"]


@dataclass(frozen=True)
class Registry:
    """Terms, sessions, units and organizations (retired and merged ones too)."""

    terms: list["TermRow"] = field(default_factory=list)
    sessions: list["SessionRow"] = field(default_factory=list)
    units: list["UnitRow"] = field(default_factory=list)
    organizations: list["OrganizationRow"] = field(default_factory=list)


def load_registry(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Registry:
    from desktop_app.services.organizations import OrganizationService
    from desktop_app.services.terms import TermService

    terms, orgs = TermService(ctx), OrganizationService(ctx)
    return Registry(terms.terms(), terms.sessions(), orgs.units(include_inactive=True),
                    orgs.organizations(include_inactive=True))




def _terms(ctx: "ServiceContext") -> "TermService":
    from desktop_app.services.terms import TermService

    return TermService(ctx)


def _organizations(ctx: "ServiceContext") -> "OrganizationService":
    from desktop_app.services.organizations import OrganizationService

    return OrganizationService(ctx)


# ----- 届次与会次 -----
def add_term(desk: Desk, *, parent: QWidget, suggested: int) -> SaveForm:
    """新增届次."""
    from desktop_app.ui.dialogs.registry_forms import TermForm

    return open_form(desk, parent=parent, form=TermForm(suggested=suggested, parent=parent), attr="term_form",
                 title="新增届次", call=lambda ctx, v: _terms(ctx).add_term(**v))


def edit_term_dates(desk: Desk, *, parent: QWidget, terms: list["TermRow"], current_id: int | None) -> SaveForm:
    """修改届次日期 (when a term began and ended)."""
    from desktop_app.ui.dialogs.registry_forms import TermDatesForm

    form = TermDatesForm(terms=terms, current_id=current_id, parent=parent)
    return open_form(desk, parent=parent, form=form, attr="term_dates_form", title="修改届次日期",
                 call=lambda ctx, v: _terms(ctx).edit_term(v["term_id"], start_date=v["start_date"],
                                                           end_date=v["end_date"]))


def add_session(desk: Desk, *, parent: QWidget, term: int, number: int) -> SaveForm:
    """新增会次 with its opening date (the term is made when it does not exist yet)."""
    from desktop_app.ui.dialogs.registry_forms import SessionForm

    return open_form(desk, parent=parent, form=SessionForm(term=term, number=number, parent=parent),
                 attr="session_form", title="新增会次", call=lambda ctx, v: _terms(ctx).add_session(**v))


def edit_opening_date(desk: Desk, *, parent: QWidget, row: "SessionRow") -> SaveForm:
    """修改开幕日期 of a session."""
    from desktop_app.ui.dialogs.registry_forms import OpeningDateForm

    return open_form(desk, parent=parent, form=OpeningDateForm(row=row, parent=parent), attr="opening_form",
                 title="修改开幕日期", call=lambda ctx, v: _terms(ctx).edit_session(row.id, **v))


# ----- 承办单位 -----
def open_unit_form(desk: Desk, *, parent: QWidget, row: "UnitRow | None", kinds: list[str]) -> SaveForm:
    """新增 or 编辑 a 承办单位."""
    from desktop_app.ui.dialogs.registry_forms import UnitForm

    def call(ctx: "ServiceContext", values: FormValues) -> "Changes":
        service = _organizations(ctx)
        if row is None:
            return service.add_unit(**{k: v for k, v in values.items() if k != "active"})
        return service.edit_unit(row.id, **values)

    return open_form(desk, parent=parent, form=UnitForm(row=row, kinds=kinds, parent=parent), attr="unit_form",
                 title="保存承办单位", call=call)


def merge_units(desk: Desk, *, parent: QWidget, duplicate: "UnitRow", others: list["UnitRow"]) -> SaveForm:
    """合并重复的承办单位: asks which to keep; assignments and replies move to it."""
    from desktop_app.ui.dialogs.registry_forms import MergeForm

    form = MergeForm(what="承办单位", duplicate=duplicate, others=others, parent=parent,
                     moved=f"交给“{duplicate.name}”承办的提案（交办记录和答复）")
    return open_form(desk, parent=parent, form=form, attr="merge_form", title="合并承办单位",
                 call=lambda ctx, v: _organizations(ctx).merge_units(v["duplicate_id"], into_id=v["into_id"]))


# ----- 参加单位 -----
def open_organization_form(desk: Desk, *, parent: QWidget, row: "OrganizationRow | None") -> SaveForm:
    """新增 or 编辑 a 参加单位."""
    from desktop_app.ui.dialogs.registry_forms import OrganizationForm

    def call(ctx: "ServiceContext", values: FormValues) -> "Changes":
        service = _organizations(ctx)
        if row is None:
            return service.add_organization(name=values["name"], kind=values["kind"])
        return service.edit_organization(row.id, **values)

    return open_form(desk, parent=parent, form=OrganizationForm(row=row, parent=parent), attr="organization_form",
                 title="保存参加单位", call=call)


def merge_organizations(desk: Desk, *, parent: QWidget, duplicate: "OrganizationRow",
                        others: list["OrganizationRow"]) -> SaveForm:
    """合并重复的参加单位: asks which to keep; its proposals, opinions and committee members move to it."""
    from desktop_app.ui.dialogs.registry_forms import MergeForm

    form = MergeForm(what="参加单位", duplicate=duplicate, others=others, parent=parent,
                     moved=f"“{duplicate.name}”牵头的提案、报送的社情民意和所属委员")
    return open_form(desk, parent=parent, form=form, attr="merge_form", title="合并参加单位",
                 call=lambda ctx, v: _organizations(ctx).merge_organizations(v["duplicate_id"], into_id=v["into_id"]))
