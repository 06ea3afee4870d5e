"""What the window shares with its pages: the store (once open), the task runner and the change signal.

Made once by the composition root (desktop_app.app.make_desk, which hands it the store opener) or by a test,
and passed in; nothing reaches it through a global.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:  # a dataclass costs milliseconds to build; the window only passes Changes along
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext

T = TypeVar("T")
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
StoreOpener = Callable[[], "ServiceContext"]


CLERK_KEY = "local/clerk"  # 本机经办人: kept on this PC, never in the database several PCs share


class Desk(QObject):
    """The open store and the application-wide signals; pages listen to `sig_changed`."""

    sig_changed = Signal(object)  # Changes: pages refresh only when their part changed
    sig_store_ready = Signal()  # the store opened (or was reopened after a restore)
    sig_store_failed = Signal(str)

    def __init__(self, *, data_dir: Path, open_store: StoreOpener, settings: QSettings | None = None):
        super().__init__()
        self.data_dir = Path(data_dir)
        self._open_store = open_store
        self.ctx: ServiceContext | None = None  # once open
        self.settings = settings or QSettings("cppcc-desk", "cppcc-desk")
        self.tasks = TaskRunner(log_path=str(self.data_dir / "logs" / "cppcc-desk.log"))
        self.store_error: str = ""

    @property
    def ready(self) -> bool:
        return self.ctx is not None

    @property
    def log_path(self) -> str:
        return self.tasks.log_path

    @property
    def clerk(self) -> str:
        """The clerk named on this PC (本机经办人), or "" when none is."""
        return str(self.settings.value(CLERK_KEY, "") or "")

    def set_clerk(self, name: str) -> str:
        """Name this PC's clerk (kept in its own settings); what the program writes from now on is theirs.

        An empty name falls back to CPPCC_DESK_CLERK or the login name. Returns the name stored."""
        from desktop_app.services.context import clerk_name

        name = clerk_name(name)
        self.settings.setValue(CLERK_KEY, name)
        self.settings.sync()
        self._apply_clerk()
        return name

    def _apply_clerk(self) -> None:
        if self.ctx is not None:
            from desktop_app.services.context import default_actor

            self.ctx.actor = self.clerk or default_actor()

    def open_store(self) -> Task | None:
        """Open (or reopen) the database on a worker thread; emits sig_store_ready or sig_store_failed."""
        opener = self._open_store

        def operation(progress: Progress, cancelled: Cancelled) -> ServiceContext:
            return opener()  # here, off the GUI thread, after the first paint

        return self.tasks.start(operation, title="打开数据库", on_done=self._on_store_opened,
                                on_failed=self._on_store_failed)

    def close_store(self) -> None:
        if self.ctx is not None:
            self.ctx.close()
            self.ctx = None

    def _on_store_opened(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._apply_clerk()
        self.store_error = ""
        self.sig_store_ready.emit()

    def _on_store_failed(self, exc: BaseException) -> None:
        from desktop_app.ui.tasks import error_text

        self.store_error = error_text(exc, log_path=self.log_path)[0]
        self.sig_store_failed.emit(self.store_error)

    def run(self, operation: Callable[[ServiceContext, Progress, Cancelled], T], *, title: str,
            parent: QWidget | None, writer: bool = False, on_done: Callable[[T], None] | None = None,
            on_failed: Callable[[BaseException], None] | None = None, show_progress: bool = False,
            cancellable: bool = True) -> Task | None:
        """Run `operation(ctx, progress, cancelled)` with the open store (the operation announces what it wrote)."""
        ctx = self.ctx
        if ctx is None:
            from desktop_app.ui.tasks import info

            if parent is not None:
                info(parent, self.store_error or "数据库尚未打开，请稍候再试。", title="请稍候")
            return None

        def with_ctx(progress: Progress, cancelled: Cancelled) -> T:
            return operation(ctx, progress, cancelled)

        return self.tasks.start(with_ctx, title=title, writer=writer, on_done=on_done, on_failed=on_failed,
                                parent=parent, show_progress=show_progress, cancellable=cancellable)

    def announce(self, changes: Changes | None) -> None:
        """Tell every page what a write changed."""
        if changes is not None and changes.any():
            self.sig_changed.emit(changes)
