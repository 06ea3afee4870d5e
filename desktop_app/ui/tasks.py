"""Running operations off the GUI thread: one writer at a time, progress, cancel, typed errors.

An operation is a plain callable `op(progress, cancelled) -> result` (the same shape the services
take), so it never sees Qt. The worker only emits signals; widgets are touched on the GUI thread.
"""
from __future__ import annotations

import threading
from typing import Callable, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog, QWidget

T = TypeVar("T")
Operation = Callable[[Callable[[int, int, str], None], Callable[[], bool]], T]  # op(progress, cancelled) -> result
_MAX_LISTED_PROBLEMS = 12  # in the box; all of them under 显示详情
BUSY_MESSAGE = "另一项操作正在进行，请等它完成后再试。"


class Task(QObject):
    """One running operation; its signals arrive on the GUI thread."""

    sig_progress = Signal(int, int, str)
    sig_done = Signal(object)
    sig_failed = Signal(object)  # the exception
    sig_finished = Signal()  # after done or failed

    def __init__(self, title: str, *, writer: bool):
        super().__init__()
        self.title = title
        self.writer = writer
        self._cancel = threading.Event()
        self.result: object = None  # what the operation returned, once done
        self.error: BaseException | None = None
        self.finished = False

    def cancel(self) -> None:
        """Ask the operation to stop at its next check (thread-safe)."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()


class _Runnable(QRunnable):
    def __init__(self, task: Task, operation: Operation[object]):
        super().__init__()
        self._task, self._operation = task, operation

    def run(self) -> None:  # on a worker thread: signals only, never widgets
        task, operation = self._task, self._operation
        # the pool may keep this object a while after it ran: it keeps neither the task nor the operation
        self._task = self._operation = None
        try:
            result = operation(lambda d, t, s="": task.sig_progress.emit(int(d), int(t), str(s)), task.is_cancelled)
        except BaseException as exc:  # every error goes back to the GUI thread to be shown
            from desktop_app.domain.errors import Cancelled, DeskError

            if not isinstance(exc, (DeskError, Cancelled)):
                import logging

                logging.getLogger("cppcc_desk").error("任务“%s”出错", task.title, exc_info=exc)
            task.sig_failed.emit(exc)
        else:
            task.sig_done.emit(result)


class TaskRunner(QObject):
    """Starts tasks on a thread pool; at most one writer runs at a time (a second is refused politely)."""

    sig_busy_changed = Signal(bool)

    def __init__(self, *, log_path: str = ""):
        super().__init__()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(4)
        self._writer: Task | None = None
        self._alive: set[Task] = set()
        self.log_path = log_path

    @property
    def writer_busy(self) -> bool:
        return self._writer is not None

    @property
    def writer_title(self) -> str:
        return self._writer.title if self._writer is not None else ""

    def cancel_all(self) -> None:
        """Ask every running task to stop (on closing the window)."""
        for task in list(self._alive):
            task.cancel()

    def is_idle(self) -> bool:
        """True when no task at all is running (tests wait on this)."""
        return not self._alive

    def start(self, operation: Operation[T], *, title: str, writer: bool = False,
              on_done: Callable[[T], None] | None = None, on_failed: Callable[[BaseException], None] | None = None,
              parent: QWidget | None = None, show_progress: bool = False,
              cancellable: bool = True) -> Task | None:
        """Run `operation` off the GUI thread; errors are shown in `parent` unless `on_failed` takes them.

        Returns the task, or None when a writer is already running (the user is told).
        """
        if writer and self._writer is not None:
            if parent is not None:
                info(parent, BUSY_MESSAGE, title="请稍候")
            return None
        task = Task(title, writer=writer)
        self._alive.add(task)
        if writer:
            self._writer = task
            self.sig_busy_changed.emit(True)
        dialog = _progress_dialog(parent, task, cancellable) if show_progress and parent is not None else None

        def finish() -> None:
            task.finished = True
            self._alive.discard(task)
            if self._writer is task:
                self._writer = None
                self.sig_busy_changed.emit(False)
            if dialog is not None and _still_open(dialog):  # gone with its page when the window closed first
                dialog.close()
                dialog.deleteLater()
            task.sig_finished.emit()

        def done(result: T) -> None:
            task.result = result
            finish()
            try:
                if on_done is not None and _still_open(parent):
                    on_done(result)
            finally:
                _let_go(task)

        def failed(exc: BaseException) -> None:
            task.error = exc
            finish()
            try:
                if not _still_open(parent):
                    return  # the page or dialog that asked is gone (the program closing): nobody to tell
                if on_failed is not None:
                    on_failed(exc)
                else:
                    show_error(parent, exc, log_path=self.log_path)
            finally:
                _let_go(task)

        task.sig_done.connect(done, Qt.ConnectionType.QueuedConnection)
        task.sig_failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        self._pool.start(_Runnable(task, operation))
        return task

    def wait_all(self, msecs: int = 30000) -> bool:
        """Block until the pool is empty (used on shutdown)."""
        return self._pool.waitForDone(msecs)


def _let_go(task: Task) -> None:
    """Disconnect a finished task's delivery slots. They refer to the task, and a Qt connection is a reference
    Python's collector cannot see through: without this every task — and the result it keeps — lived as long as
    the program (on a shared server, one more every 2.5 s from the look for other PCs' writes)."""
    task.sig_done.disconnect()
    task.sig_failed.disconnect()


def _still_open(parent: QWidget | None) -> bool:
    """False once the widget a task reports to has been deleted (its result then goes nowhere)."""
    if parent is None:
        return True
    from shiboken6 import isValid

    return isValid(parent)


def _progress_dialog(parent: QWidget, task: Task, cancellable: bool) -> QProgressDialog:
    dialog = QProgressDialog(task.title, "取消" if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(task.title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(400)
    dialog.setMinimumWidth(380)
    if not cancellable:
        dialog.setCancelButton(None)

    def on_progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if text:
            dialog.setLabelText(text)

    def on_cancel() -> None:
        task.cancel()
        dialog.setLabelText("正在取消……")

    task.sig_progress.connect(on_progress)
    dialog.canceled.connect(on_cancel)
    # Show only if the task lasts; quick tasks never flash a dialog.
    QTimer.singleShot(400, lambda: dialog.show() if not task.finished else None)
    return dialog


_PARENTLESS: set[QDialog] = set()
ShownDialog = TypeVar("ShownDialog", bound=QDialog)


def present(box: ShownDialog) -> ShownDialog:
    """Show a message box (or another dialog) without blocking; one without a parent is kept alive until it
    closes."""
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if box.parent() is None:
        _PARENTLESS.add(box)
        box.finished.connect(lambda _r: _PARENTLESS.discard(box))
    box.open()
    return box


def error_text(exc: BaseException, *, log_path: str = "") -> tuple[str, list[str]]:
    """(sentence, listed problems) that tell the user what went wrong, in Chinese."""
    from desktop_app.domain.errors import Cancelled, DeskError, ValidationError

    if isinstance(exc, ValidationError):
        listed = [p.describe() for p in exc.problems]
        return exc.message, listed
    if isinstance(exc, DeskError):
        return exc.message, []
    if isinstance(exc, Cancelled):
        return exc.message, []
    from desktop_app.domain.faults import explain_fault

    fault = explain_fault(exc)
    if fault is not None:
        return fault.message, []
    where = f"详细信息已写入日志：{log_path}" if log_path else "详细信息已写入日志文件。"
    return f"程序内部出错，操作未完成，数据未作更改。{where}", []


def show_error(parent: QWidget | None, exc: BaseException, *, log_path: str = "") -> QMessageBox:
    """A Chinese message box for an error (non-blocking); problems are listed below the sentence."""
    from desktop_app.domain.errors import Cancelled

    message, problems = error_text(exc, log_path=log_path)
    box = QMessageBox(QMessageBox.Icon.Information if isinstance(exc, Cancelled) else QMessageBox.Icon.Warning,
                      "已取消" if isinstance(exc, Cancelled) else "无法完成", message,
                      QMessageBox.StandardButton.Ok, parent)
    if problems:
        shown = problems[:_MAX_LISTED_PROBLEMS]
        more = len(problems) - len(shown)
        box.setInformativeText("\n".join(shown) + (f"\n……另有 {more} 个问题，全部见“显示详情”" if more else ""))
        if more:
            box.setDetailedText("\n".join(problems))
    box.setObjectName("errorBox")
    return present(box)


def info(parent: QWidget | None, message: str, *, title: str = "完成", detail: str = "") -> QMessageBox:
    """A non-blocking information box. A long message (an import's summary naming hundreds of cleaned cells or
    skipped rows) shows its beginning, and all of it under 显示详情 in a scrolling box, so that the box and its
    button stay within the screen."""
    shown = shortened(message)
    box = QMessageBox(QMessageBox.Icon.Information, title, shown, QMessageBox.StandardButton.Ok, parent)
    if shown != message:
        box.setDetailedText(message)
    if detail:
        box.setInformativeText(detail)
    box.setObjectName("infoBox")
    return present(box)


_SHOWN_LINES, _SHOWN_CHARACTERS = 12, 600  # what a message box shows before 显示详情: within a 768-pixel screen


def shortened(message: str) -> str:
    """`message` as a box shows it: whole when short, else its first lines and where the rest is."""
    lines = message.split("\n")
    if len(lines) <= _SHOWN_LINES and len(message) <= _SHOWN_CHARACTERS:
        return message
    kept: list[str] = []
    for line in lines[:_SHOWN_LINES]:
        room = _SHOWN_CHARACTERS - sum(len(k) for k in kept)
        if room <= 0:
            break
        kept.append(line if len(line) <= room else line[:room] + "……")
    return "\n".join(kept) + f"\n（共 {len(lines)} 行，全文见“显示详情”）"
