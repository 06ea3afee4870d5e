"""The shape the record actions share: save from a dialog as a task, ask before a destructive step, pick a file."""
from __future__ import annotations

import re
from pathlib import Path
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Generic, Protocol, TypeVar

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from desktop_app.domain.file_names import with_extension
from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.tasks import Task, show_error

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext

D = TypeVar("D", bound=QDialog)
V = TypeVar("V")
Write = Callable[["ServiceContext", Progress, Cancelled], "Changes"]


def saved(desk: Desk, dialog: QDialog | None,
          after: Callable[["Changes"], None] | None = None) -> Callable[["Changes"], None]:
    """On success: announce the changes, close the dialog, then run `after` with them."""
    def done(changes: "Changes") -> None:
        desk.announce(changes)
        if dialog is not None:
            dialog.accept()
        if after is not None:
            after(changes)

    return done


def failed(desk: Desk, parent: QWidget) -> Callable[[BaseException], None]:
    """On failure: the error as one clear message over `parent`."""
    def show(exc: BaseException) -> None:
        show_error(parent, exc, log_path=desk.log_path)

    return show


def save_from(desk: Desk, dialog: QDialog, run: Write, *, title: str,
              after: Callable[["Changes"], None] | None = None) -> Task | None:
    """Run a write for a dialog: success closes it, failure is shown over it and keeps it open."""
    return desk.run(run, title=title, parent=dialog, writer=True, on_done=saved(desk, dialog, after),
                    on_failed=failed(desk, dialog))


def open_dialog(parent: QWidget, attr: str, dialog: D, on_save: Callable[[V], None]) -> D:
    """Wire `on_save`, keep the dialog on `parent` as `attr` (tests reach it there), open it, return it."""
    dialog.on_save = on_save
    setattr(parent, attr, dialog)
    dialog.open()
    return dialog


def open_form(desk: Desk, *, parent: QWidget, form: D, attr: str, title: str,
              call: Callable[["ServiceContext", V], "Changes"]) -> D:
    """Show `form` (kept on `parent` as `attr`); its values go to `call(ctx, values)` as a writing task, and the
    form closes when that succeeds (see save_from)."""

    def save(values: V) -> None:
        save_from(desk, form, lambda ctx, progress, cancelled: call(ctx, values), title=title)

    return open_dialog(parent, attr, form, save)


I = TypeVar("I", contravariant=True)  # a record kind's input (OpinionInput, ConsultationInput …)


class RecordService(Protocol, Generic[I]):
    """A service that adds a record from its input and edits one at the version shown."""

    def add(self, data: I) -> "Changes": ...

    def edit(self, record_id: int, data: I, *, expected_version: int) -> "Changes": ...


def open_record_form(desk: Desk, *, parent: QWidget, form: D, attr: str, title: str, detail,
                     service: Callable[["ServiceContext"], RecordService], on_saved: Callable[[int], None] | None = None,
                     edited: Callable[[V], V] | None = None) -> D:
    """新增 (no `detail`) or 编辑 the record `detail` shows, at its version; `edited(data)` adjusts an edit's input
    (e.g. keeps what the form does not show). The saved record's id goes to `on_saved`."""
    def write(ctx: "ServiceContext", data: V) -> "Changes":
        records = service(ctx)
        if detail is None:
            return records.add(data)
        data = edited(data) if edited is not None else data
        return replace(records.edit(detail.id, data, expected_version=detail.version), new_id=detail.id)

    def after(changes: "Changes") -> None:
        if on_saved is not None and changes.new_id is not None:
            on_saved(changes.new_id)

    def save(data: V) -> None:
        save_from(desk, form, lambda ctx, progress, cancelled: write(ctx, data), title=title, after=after)

    return open_dialog(parent, attr, form, save)


def confirmed(parent: QWidget, title: str, question: str) -> bool:
    """Ask a yes/no question; True only for 是."""
    return QMessageBox.question(parent, title, question) == QMessageBox.StandardButton.Yes


_last_opened: list[str] = []  # the folder of the file last opened this session, where the next open starts


def pick_file(parent: QWidget, caption: str, file_filter: str, *, default: str = "", save: bool = False) -> Path | None:
    """The file chosen in the open (or, with `save`, the save) dialog; None when the user cancels.

    An open dialog without a `default` starts where the last one was left, else in the user's home folder
    (never in the program's own folder, which is where a bare dialog would start on an office PC)."""
    ask = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
    if not default and not save:
        default = _last_opened[-1] if _last_opened else str(Path.home())
    chosen, _ = ask(parent, caption, default, file_filter)
    if not chosen:
        return None
    if not save:
        _last_opened.append(str(Path(chosen).parent))
        return Path(chosen)
    # a name typed without its extension gets the filter's (Qt's own dialog, unlike Windows', adds none)
    extension = re.search(r"\*(\.\w+)", file_filter)
    return with_extension(Path(chosen), extension.group(1).lower()) if extension else Path(chosen)


_NOT_IN_FILE_NAMES = str.maketrans({c: "_" for c in '\\/:*?"<>|'})


def safe_file_name(name: str) -> str:
    """`name` with the characters Windows refuses in a file name (a 案由 may hold “/” or “:”) made “_”."""
    return name.translate(_NOT_IN_FILE_NAMES).strip()


def exports_folder(desk: Desk) -> Path:
    """<data>/exports, where every save dialog starts; made when missing (the data folder when it cannot be)."""
    folder = desk.data_dir / "exports"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return desk.data_dir
    return folder


XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
DOCX_FILTER = "Word 文档 (*.docx)"


def save_target(desk: Desk, parent: QWidget, caption: str, file_name: str, file_filter: str = XLSX_FILTER) -> Path | None:
    """Where to write a file: the save dialog, starting in the data folder's exports; None when the user cancels."""
    return pick_file(parent, caption, file_filter, default=str(exports_folder(desk) / safe_file_name(file_name)),
                     save=True)
