"""Member actions: one function per user action; each runs its service call as a task and reports."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

from PySide6.QtWidgets import QMainWindow, QWidget

from desktop_app.ui.desk import Desk
from desktop_app.ui.operations.common import exports_folder, save_target
from desktop_app.ui.tasks import Task, info, show_error


def _replace_dialog(desk: Desk, parent: QWidget, attribute: str, dialog: QWidget) -> None:
    """Remember the open dialog on its parent; a closed earlier one is deleted once no task can call it."""
    old = getattr(parent, attribute, None)
    if old is not None and old is not dialog and not old.isVisible() and desk.tasks.is_idle():
        old.deleteLater()
    setattr(parent, attribute, dialog)


def open_member_form(desk: Desk, *, parent: QWidget, member_id: int | None, vocabularies: dict[str, Any],
                     committees: list[Any], homes: list[Any], villages: list[Any] = ()):
    """Open the member form: empty for 新增, or loaded (off the GUI thread) for 编辑."""
    from desktop_app.ui.dialogs.member_form import MemberForm

    def show(detail) -> None:
        form = MemberForm(desk, detail=detail, vocabularies=vocabularies, committees=committees, homes=homes,
                          villages=villages, parent=parent)
        _replace_dialog(desk, parent, "member_form", form)  # the page (and tests) find the open form here
        form.open()

    if member_id is None:
        show(None)
        return None

    def load(ctx, progress, cancelled):
        from desktop_app.services.members import MembersService

        return MembersService(ctx).get(member_id)

    return desk.run(load, title="读取委员信息", parent=parent, on_done=show)


def save_member(desk: Desk, *, parent: QWidget, member_id: int | None, version: int | None, data: Any,
                on_saved: Callable[[], None], on_failed: Callable[[BaseException], None]) -> Task | None:
    """新增 or 保存: add() or edit(expected_version=…) as the writer task."""

    def save(ctx, progress, cancelled):
        from desktop_app.services.members import MembersService

        service = MembersService(ctx)
        if member_id is None:
            return service.add(data, joined=date.today())[1]
        return service.edit(member_id, data, expected_version=version)

    def saved(changes) -> None:
        desk.announce(changes)
        on_saved()

    return desk.run(save, title="保存委员信息", parent=parent, writer=True, on_done=saved, on_failed=on_failed)


def end_term(desk: Desk, *, parent: QWidget, row: Any):
    """退出委员: ask the date and reason, then end the member's term."""
    from desktop_app.ui.dialogs.end_term import EndTermDialog

    dialog = EndTermDialog(row.name, parent=parent)

    def accepted() -> None:
        on, reason = dialog.values()

        def run(ctx, progress, cancelled):
            from desktop_app.services.members import MembersService

            return MembersService(ctx).end_term(row.id, on=on, reason=reason, expected_version=row.version)

        desk.run(run, title="退出委员", parent=parent, writer=True, on_done=desk.announce)

    dialog.accepted.connect(accepted)
    _replace_dialog(desk, parent, "end_term_dialog", dialog)
    dialog.open()
    return dialog


def open_import_wizard(desk: Desk, *, parent: QWidget, path: Path | None = None):
    """The roster import wizard, optionally with a file already chosen (dropped on the window)."""
    if not desk.ready:
        info(parent, desk.store_error or "数据库尚未打开，请稍候再试。", title="请稍候")
        return None
    from desktop_app.ui.dialogs.import_wizard import ImportWizard

    wizard = ImportWizard(desk, path=path, parent=parent)
    _replace_dialog(desk, parent, "import_wizard", wizard)
    wizard.open()
    return wizard


def export_roster(desk: Desk, *, parent: QWidget, path: Path | None = None, include_left: bool = False,
                  on_done: Callable[[int], None] | None = None) -> Task | None:
    """导出花名册 to an .xlsx the user chooses."""
    path = path or save_target(desk, parent, "导出花名册", f"委员花名册-{date.today():%Y%m%d}.xlsx")
    if path is None:
        return None
    out = path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    def run(ctx, progress, cancelled):
        from desktop_app.services.member_export import export_members

        out.parent.mkdir(parents=True, exist_ok=True)
        return export_members(ctx, out, include_left=include_left)

    def done(count: int) -> None:
        info(parent, f"已导出 {count} 名委员到“{out}”。")
        if on_done is not None:
            on_done(count)

    return desk.run(run, title="导出花名册", parent=parent, on_done=done, show_progress=True, cancellable=False)


def fill_demo(desk: Desk, *, parent: QWidget, office: Any = None, on_done: Callable[[dict], None] | None = None,
              on_failed: Callable[[BaseException], None] | None = None) -> Task | None:
    """载入演示数据 into the empty database, off the GUI thread with progress and 取消 (nothing is kept then).

    `office` (OfficeSettings), when given, is saved in the same transaction: the demo is named after its county.
    A failure goes to `on_failed` when given, else to a message box."""

    def run(ctx, progress, cancelled):
        from desktop_app.services.demo import DemoService

        return DemoService(ctx).fill(office=office, progress=progress, cancelled=cancelled)

    def done(summary: dict) -> None:
        from desktop_app.services.changes import Changes

        desk.announce(Changes.everything())
        if on_done is not None:
            on_done(summary)

    def failed(exc: BaseException) -> None:
        if on_failed is not None:
            on_failed(exc)
        else:
            show_error(parent, exc, log_path=desk.log_path)

    return desk.run(run, title="载入演示数据", parent=parent, writer=True, on_done=done, on_failed=failed,
                    show_progress=True)


def open_records_dialog(desk: Desk, *, parent: QWidget, selected: list[tuple[int, str]] = (),
                        on_done: Callable[[list[Path]], None] | None = None):
    """导出履职档案: ask the year, whose records and the folder, then write them (see export_records)."""
    from desktop_app.ui.dialogs.member_records import MemberRecordsDialog

    dialog = MemberRecordsDialog(exports=exports_folder(desk), selected=list(selected), parent=parent)

    def accepted() -> None:
        request = dialog.request()
        export_records(desk, parent=parent, year=request.year, folder=request.folder, member_ids=request.member_ids,
                       on_done=on_done)

    dialog.accepted.connect(accepted)
    _replace_dialog(desk, parent, "records_dialog", dialog)
    dialog.open()
    return dialog


def export_records(desk: Desk, *, parent: QWidget, year: int, folder: Path, member_ids: tuple[int, ...] | None = None,
                   on_done: Callable[[list[Path]], None] | None = None) -> Task | None:
    """The 委员履职档案 of `year`, one .docx per member into `folder`, off the GUI thread with progress and cancel;
    the window's status bar then says how many were written and where."""

    def run(ctx, progress, cancelled):
        from desktop_app.domain.period import Period
        from desktop_app.services.reports.member_records import MemberRecordsService

        def said(done: int, total: int, name: str) -> None:  # the service names the member being written
            progress(done, total, f"正在生成“{name}”的履职档案（{done + 1}/{total}）" if done < total else name)

        return MemberRecordsService(ctx).write(folder, Period.year(year), member_ids=member_ids, progress=said,
                                               cancelled=cancelled)

    def done(paths: list[Path]) -> None:
        message = f"已生成{year}年度委员履职档案 {len(paths)} 份，保存在“{folder}”。"
        window = parent.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 30000)
        else:
            info(parent, message)
        if on_done is not None:
            on_done(paths)

    return desk.run(run, title="导出履职档案", parent=parent, show_progress=True, on_done=done)
