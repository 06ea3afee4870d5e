"""Member actions: one function per user action; each runs its service call as a task and reports."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QMainWindow, QWidget

from desktop_app.domain.cn_format import exported_sentence
from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.operations.common import exports_folder, save_target
from desktop_app.ui.tasks import Task, info, show_error

if TYPE_CHECKING:
    from desktop_app.domain.errors import Problem
    from desktop_app.domain.vocabulary import Vocabulary
    from desktop_app.services.ledgers.pipeline import (ImportOptions, ImportPlan, LedgerImporter, Located, SheetPreview,
                                                       SourceFile)
    from desktop_app.services.settings import OfficeSettings
    from desktop_app.services.members import MemberDetail
    from desktop_app.ui.dialogs.end_term import EndTermDialog
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.members import MemberInput, MemberRow, NamedOption


@dataclass(frozen=True)
class Lists:
    """What the member form and the roster's filters choose from."""

    vocabularies: dict[str, "Vocabulary"] = field(default_factory=dict)
    committees: list["NamedOption"] = field(default_factory=list)
    homes: list["NamedOption"] = field(default_factory=list)
    villages: list["NamedOption"] = field(default_factory=list)

    def names(self, key: str) -> list[tuple[str, str]]:
        """A vocabulary's names as (text, value) choices; none when the vocabulary is unknown."""
        vocab = self.vocabularies.get(key)
        return [(n, n) for n in vocab.names] if vocab else []


def load_roster(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> list["MemberRow"]:
    """Every member, for the roster page (filtered in memory as the user types)."""
    from desktop_app.services.members import MembersService

    return MembersService(ctx).list_rows()


def load_lists(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Lists:
    from desktop_app.services.members import MembersService
    from desktop_app.services.settings import SettingsService

    service = MembersService(ctx)
    return Lists(SettingsService(ctx).vocabularies(), service.committees(), service.homes(), service.villages())


def _replace_dialog(desk: Desk, parent: QWidget, attribute: str, dialog: QWidget) -> None:
    """Remember the open dialog on its parent; a closed earlier one is deleted once no task can call it."""
    old = getattr(parent, attribute, None)
    if old is not None and old is not dialog and not old.isVisible() and desk.tasks.is_idle():
        old.deleteLater()
    setattr(parent, attribute, dialog)


def open_member_form(desk: Desk, *, parent: QWidget, member_id: int | None, lists: Lists) -> Task | None:
    """Open the member form: empty for 新增, or loaded (off the GUI thread) for 编辑."""
    from desktop_app.ui.dialogs.member_form import MemberForm

    def show(detail: "MemberDetail | None") -> None:
        form = MemberForm(desk, detail=detail, vocabularies=lists.vocabularies, committees=lists.committees,
                          homes=lists.homes, villages=lists.villages, parent=parent)
        _replace_dialog(desk, parent, "member_form", form)  # the page (and tests) find the open form here
        form.open()

    if member_id is None:
        show(None)
        return None

    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "MemberDetail":
        from desktop_app.services.members import MembersService

        return MembersService(ctx).get(member_id)

    return desk.run(load, title="读取委员信息", parent=parent, on_done=show)


def save_member(desk: Desk, *, parent: QWidget, member_id: int | None, version: int | None, data: "MemberInput",
                on_saved: Callable[[], None], on_failed: Callable[[BaseException], None]) -> Task | None:
    """新增 or 保存: add() or edit(expected_version=…) as the writer task."""

    def save(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.members import MembersService

        service = MembersService(ctx)
        if member_id is None:
            return service.add(data, joined=date.today())
        return service.edit(member_id, data, expected_version=version)

    def saved(changes: "Changes") -> None:
        desk.announce(changes)
        on_saved()

    return desk.run(save, title="保存委员信息", parent=parent, writer=True, on_done=saved, on_failed=on_failed)


def check_member(desk: Desk, *, parent: QWidget, data: "MemberInput", member_id: int | None,
                 on_done: Callable[[list["Problem"]], None]) -> Task | None:
    """The member form's inline check (MembersService.check) off the GUI thread: every problem of the values."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> list["Problem"]:
        from desktop_app.services.members import MembersService

        return MembersService(ctx).check(data, member_id=member_id)

    return desk.run(run, title="检查委员信息", parent=parent, on_done=on_done)


def end_term(desk: Desk, *, parent: QWidget, row: "MemberRow") -> "EndTermDialog":
    """退出委员: ask the date and reason, then end the member's term."""
    from desktop_app.ui.dialogs.end_term import EndTermDialog

    dialog = EndTermDialog(row.name, parent=parent)

    def accepted() -> None:
        on, reason = dialog.values()

        def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
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

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> int:
        from desktop_app.services.ledgers.member_export import export_members

        out.parent.mkdir(parents=True, exist_ok=True)
        return export_members(ctx, out, include_left=include_left)

    def done(count: int) -> None:
        info(parent, exported_sentence(count, "名委员", out))
        if on_done is not None:
            on_done(count)

    return desk.run(run, title="导出花名册", parent=parent, on_done=done, show_progress=True, cancellable=False)


def fill_demo(desk: Desk, *, parent: QWidget, office: "OfficeSettings | None" = None,
              on_done: Callable[["Changes"], None] | None = None,
              on_failed: Callable[[BaseException], None] | None = None) -> Task | None:
    """载入演示数据 into the empty database, off the GUI thread with progress and 取消 (nothing is kept then).

    `office` (OfficeSettings), when given, is saved in the same transaction: the demo is named after its county.
    A failure goes to `on_failed` when given, else to a message box."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.demo import DemoService

        return DemoService(ctx).fill(office=office, progress=progress, cancelled=cancelled)

    def done(changes: "Changes") -> None:
        desk.announce(changes)
        if on_done is not None:
            on_done(changes)

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

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> list[Path]:
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


# ----- the roster import wizard: read once, check, write the plan checked (the wizard's pages show the progress) -----
def inspect_roster(desk: Desk, *, parent: QWidget, path: Path, source: "SourceFile | None", options: "ImportOptions",
                   on_done: Callable[[tuple["Located", "SheetPreview"]], None],
                   on_failed: Callable[[BaseException], None]) -> Task | None:
    """Find the sheet's header and first rows off the GUI thread; the file is read only when `source` (the file
    as read before) is None. `on_done` gets the sheet as located and what the mapping page shows of it."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> tuple["Located", "SheetPreview"]:
        from desktop_app.services.ledgers.members import member_importer

        importer = member_importer(ctx)
        located = importer.locate(source or importer.open(path), options)
        return located, importer.inspect(located)

    return desk.run(run, title="读取表格", parent=parent, on_done=on_done, on_failed=on_failed)


def plan_roster_import(desk: Desk, *, parent: QWidget, source: "SourceFile", options: "ImportOptions",
                       on_done: Callable[[tuple["Located", "ImportPlan"]], None],
                       on_failed: Callable[[BaseException], None]) -> Task | None:
    """检查: what importing the roster (as read on the first page) would do; nothing is written."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> tuple["Located", "ImportPlan"]:
        from desktop_app.services.ledgers.members import member_importer

        importer = member_importer(ctx)
        located = importer.locate(source, options)
        return located, importer.preview(located, progress=progress, cancelled=cancelled)

    return desk.run(run, title="检查花名册", parent=parent, on_done=on_done, on_failed=on_failed)


def import_roster(desk: Desk, *, parent: QWidget, located: "Located", plan: "ImportPlan", skip_invalid: bool,
                  on_done: Callable[["Changes"], None], on_failed: Callable[[BaseException], None]) -> Task | None:
    """导入: the plan the user saw, in one transaction after a backup. The commit plans again under the write lock
    and raises PlanChanged (with the new plan) when the database changed since `plan`. What it changed (members,
    and the committees, homes and villages it created) is announced, then `on_done` gets the Changes with the
    import's counts."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.ledgers.members import member_importer

        return member_importer(ctx).commit(located, plan, skip_invalid=skip_invalid, progress=progress,
                                           cancelled=cancelled)

    def done(changes: "Changes") -> None:
        desk.announce(changes)
        on_done(changes)

    return desk.run(run, title="导入花名册", parent=parent, writer=True, on_done=done, on_failed=on_failed)


def write_roster_problems(desk: Desk, *, parent: QWidget, located: "Located", plan: "ImportPlan",
                          out: Path) -> Task | None:
    """导出问题清单: the roster with a 问题 column, to `out` (.xlsx)."""
    from desktop_app.ui.operations.ledger_import import write_problem_list

    def importer(ctx: "ServiceContext") -> "LedgerImporter":
        from desktop_app.services.ledgers.members import member_importer

        return member_importer(ctx)

    return write_problem_list(desk, parent=parent, importer=importer, located=located, plan=plan, out=out)
