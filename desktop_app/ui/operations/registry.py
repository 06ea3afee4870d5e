"""基础资料 actions (届次与会次, 承办单位, 参加单位): one function per user action; each runs its service call as a task."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Desk
from desktop_app.ui.tasks import show_error


def _saved(desk: Desk, dialog):
    def done(result) -> None:
        desk.announce(result[1] if isinstance(result, tuple) else result)
        dialog.accept()

    return done


def _failed(desk: Desk, parent: QWidget):
    return lambda exc: show_error(parent, exc, log_path=desk.log_path)


def _open(desk: Desk, *, parent: QWidget, form, attr: str, title: str, call: Callable[[Any, dict], Any]):
    """Show `form`; its values go to `call(ctx, values)` as a writing task; the form closes when that succeeds."""

    def save(values: dict) -> None:
        desk.run(lambda ctx, p, c: call(ctx, values), title=title, parent=form, writer=True,
                 on_done=_saved(desk, form), on_failed=_failed(desk, form))

    form.on_save = save
    setattr(parent, attr, form)
    form.open()
    return form


def _terms(ctx):
    from desktop_app.services.terms import TermService

    return TermService(ctx)


def _organizations(ctx):
    from desktop_app.services.organizations import OrganizationService

    return OrganizationService(ctx)


# ----- 届次与会次 -----
def add_term(desk: Desk, *, parent: QWidget, suggested: int):
    """新增届次."""
    from desktop_app.ui.dialogs.registry_forms import TermForm

    return _open(desk, parent=parent, form=TermForm(suggested=suggested, parent=parent), attr="term_form",
                 title="新增届次", call=lambda ctx, v: _terms(ctx).add_term(**v))


def edit_term_dates(desk: Desk, *, parent: QWidget, terms: list[Any], current_id: int | None):
    """修改届次日期 (when a term began and ended)."""
    from desktop_app.ui.dialogs.registry_forms import TermDatesForm

    form = TermDatesForm(terms=terms, current_id=current_id, parent=parent)
    return _open(desk, parent=parent, form=form, attr="term_dates_form", title="修改届次日期",
                 call=lambda ctx, v: _terms(ctx).edit_term(v["term_id"], start_date=v["start_date"],
                                                           end_date=v["end_date"]))


def add_session(desk: Desk, *, parent: QWidget, term: int, number: int):
    """新增会次 with its opening date (the term is made when it does not exist yet)."""
    from desktop_app.ui.dialogs.registry_forms import SessionForm

    return _open(desk, parent=parent, form=SessionForm(term=term, number=number, parent=parent),
                 attr="session_form", title="新增会次", call=lambda ctx, v: _terms(ctx).add_session(**v))


def edit_opening_date(desk: Desk, *, parent: QWidget, row: Any):
    """修改开幕日期 of a session."""
    from desktop_app.ui.dialogs.registry_forms import OpeningDateForm

    return _open(desk, parent=parent, form=OpeningDateForm(row=row, parent=parent), attr="opening_form",
                 title="修改开幕日期", call=lambda ctx, v: _terms(ctx).edit_session(row.id, **v))


# ----- 承办单位 -----
def open_unit_form(desk: Desk, *, parent: QWidget, row: Any | None, kinds: list[str]):
    """新增 or 编辑 a 承办单位."""
    from desktop_app.ui.dialogs.registry_forms import UnitForm

    def call(ctx, values: dict):
        service = _organizations(ctx)
        if row is None:
            values = {k: v for k, v in values.items() if k != "active"}
            return service.add_unit(**values)
        return service.edit_unit(row.id, **values)

    return _open(desk, parent=parent, form=UnitForm(row=row, kinds=kinds, parent=parent), attr="unit_form",
                 title="保存承办单位", call=call)


def _merge(desk: Desk, *, parent: QWidget, what: str, duplicate: Any, others: list[Any], moved: str, method: str):
    """合并重复的{what}: the form asks which to keep, then the organization service's `method` moves everything."""
    from desktop_app.ui.dialogs.registry_forms import MergeForm

    form = MergeForm(what=what, duplicate=duplicate, others=others, parent=parent, moved=moved)
    return _open(desk, parent=parent, form=form, attr="merge_form", title=f"合并{what}",
                 call=lambda ctx, v: getattr(_organizations(ctx), method)(v["duplicate_id"], into_id=v["into_id"]))


def merge_units(desk: Desk, *, parent: QWidget, duplicate: Any, others: list[Any]):
    """合并重复的承办单位: asks which to keep; assignments and replies move to it."""
    return _merge(desk, parent=parent, what="承办单位", duplicate=duplicate, others=others, method="merge_units",
                  moved=f"交给“{duplicate.name}”承办的提案（交办记录和答复）")


# ----- 参加单位 -----
def open_organization_form(desk: Desk, *, parent: QWidget, row: Any | None):
    """新增 or 编辑 a 参加单位."""
    from desktop_app.ui.dialogs.registry_forms import OrganizationForm

    def call(ctx, values: dict):
        service = _organizations(ctx)
        if row is None:
            return service.add_organization(name=values["name"], kind=values["kind"])
        return service.edit_organization(row.id, **values)

    return _open(desk, parent=parent, form=OrganizationForm(row=row, parent=parent), attr="organization_form",
                 title="保存参加单位", call=call)


def merge_organizations(desk: Desk, *, parent: QWidget, duplicate: Any, others: list[Any]):
    """合并重复的参加单位: asks which to keep; its proposals, opinions and committee members move to it."""
    return _merge(desk, parent=parent, what="参加单位", duplicate=duplicate, others=others,
                  method="merge_organizations", moved=f"“{duplicate.name}”牵头的提案、报送的社情民意和所属委员")
