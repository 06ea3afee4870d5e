"""What the window shares with its pages: the store (once open), the task runner and the change signal.

Made once by the composition root (desktop_app.app.make_desk, which hands it the store opener) or by a test,
and passed in; nothing reaches it through a global.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:  # a dataclass costs milliseconds to build; the window only passes Changes along
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.data_watch import DataWatch
    from desktop_app.services.database import FolderReader, PreparedFolder

T = TypeVar("T")
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
StoreOpener = Callable[[], "ServiceContext"]  # may also have prepare() and finish(prepared): see app.WindowStore


CLERK_KEY = "local/clerk"  # 本机经办人: kept on this PC, never in the database several PCs share
BACKUP_COPY_KEY = "local/backup_copy_folder"  # 备份副本 folder (a USB stick, a share): this PC's, like the clerk
WATCH_INTERVAL_MS = 2500  # how often the window asks whether another program wrote (a poll costs microseconds)


class Desk(QObject):
    """The open store and the application-wide signals; pages listen to `sig_changed`."""

    sig_changed = Signal(object)  # Changes: pages refresh only when their part changed
    sig_store_readable = Signal()  # the folder's file may be read (read_early) while the store is being opened
    sig_store_ready = Signal()  # the store opened (or was reopened after a restore)
    sig_store_failed = Signal(str)
    sig_auto_backup_started = Signal()  # an automatic backup is being made (the write waits for it)
    sig_auto_backup = Signal(bool, str)  # (made, what to tell the user) after an automatic backup or its failure
    sig_outside_write = Signal()  # another program (the command line, another window) wrote; pages are reloading

    def __init__(self, *, data_dir: Path, open_store: StoreOpener, settings: QSettings | None = None,
                 auto_backup: bool = False):
        super().__init__()
        self.data_dir = Path(data_dir)
        self._open_store = open_store
        self.ctx: ServiceContext | None = None  # once open
        # Opening in two steps (app.WindowStore): the folder prepared, then the store. In between, a folder whose file
        # is at the program's schema may be read (`early`, read_early: the first page's lists, before SQLAlchemy is
        # imported); the store is opened once those reads are done, so they have the machine to themselves.
        self.early: FolderReader | None = None
        self._prepared: PreparedFolder | None = None
        self._early_reads = 0
        self.settings = settings or QSettings("cppcc-desk", "cppcc-desk")
        self.tasks = TaskRunner(log_path=str(self.data_dir / "logs" / "cppcc-desk.log"))
        self.store_error: str = ""
        self.store_failure: BaseException | None = None  # why the store could not be opened (store_error says it)
        # Automatic backups (the window's, launch() turns them on): one before the first write of a day, one on
        # closing when something was written since the last. `wrote` is that "something"; `_backup_day` the day
        # whose backup this session has made (or found made by another session or PC).
        self.auto_backup = auto_backup
        self.wrote = False
        self._backup_day: date | None = None
        # Another program's writes: polled while the store is open (see check_outside_writes).
        self.watch: DataWatch | None = None
        self._server_look: DataWatch | None = None  # the watch whose look at a server runs on a worker now
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(WATCH_INTERVAL_MS)
        self.watch_timer.timeout.connect(self.check_outside_writes)

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

    @property
    def backup_copy_folder(self) -> str:
        """The folder this PC copies each automatic backup to ("" for none)."""
        return str(self.settings.value(BACKUP_COPY_KEY, "") or "")

    def set_backup_copy_folder(self, folder: str) -> None:
        self.settings.setValue(BACKUP_COPY_KEY, folder.strip())
        self.settings.sync()

    def _apply_clerk(self) -> None:
        if self.ctx is not None:
            from desktop_app.services.context import default_actor

            self.ctx.actor = self.clerk or default_actor()

    def open_store(self) -> Task | None:
        """Open (or reopen) the database on a worker thread; emits sig_store_ready or sig_store_failed.

        With a two-step opener, the folder is prepared first; when its file can be read at once, sig_store_readable
        lets the page on screen read its lists (read_early) before the store is opened."""
        opener = self._open_store
        prepare = getattr(opener, "prepare", None)
        if prepare is None:
            def operation(progress: Progress, cancelled: Cancelled) -> ServiceContext:
                return opener()  # here, off the GUI thread, after the first paint

            return self.tasks.start(operation, title="打开数据库", on_done=self._on_store_opened,
                                    on_failed=self._on_store_failed)

        def prepare_folder(progress: Progress, cancelled: Cancelled) -> PreparedFolder:
            return prepare()

        return self.tasks.start(prepare_folder, title="打开数据库", on_done=self._on_folder_prepared,
                                on_failed=self._on_store_failed)

    def _on_folder_prepared(self, prepared: PreparedFolder) -> None:
        self._prepared = prepared
        self.early = prepared.reader()
        if self.early is not None:
            self.sig_store_readable.emit()  # listeners start their read_early now
        if not self._early_reads:
            self._finish_opening()

    def read_early(self, operation: Callable[[FolderReader, Progress, Cancelled], T], *, title: str,
                   on_done: Callable[[T], None], on_failed: Callable[[BaseException], None] | None = None
                   ) -> Task | None:
        """Run `operation(reader, progress, cancelled)` over the folder's file before the store is open (after
        sig_store_readable); None when the file cannot be read that way. The store is opened once every such read
        has finished."""
        reader = self.early
        if reader is None:
            return None
        self._early_reads += 1

        def settle() -> None:
            self._early_reads -= 1
            if not self._early_reads and self._prepared is not None:
                QTimer.singleShot(0, self._finish_opening)  # after what the read's result made is painted

        def done(result: T) -> None:
            try:
                on_done(result)
            finally:
                settle()

        def failed(exc: BaseException) -> None:
            try:
                if on_failed is not None:
                    on_failed(exc)
            finally:
                settle()

        def with_reader(progress: Progress, cancelled: Cancelled) -> T:
            return operation(reader, progress, cancelled)

        return self.tasks.start(with_reader, title=title, on_done=done, on_failed=failed)

    def _finish_opening(self) -> None:
        prepared, self._prepared = self._prepared, None
        if prepared is None:
            return
        finish = self._open_store.finish

        def operation(progress: Progress, cancelled: Cancelled) -> ServiceContext:
            return finish(prepared)

        self.tasks.start(operation, title="打开数据库", on_done=self._on_store_opened, on_failed=self._on_store_failed)

    def close_store(self) -> None:
        self.watch_timer.stop()
        self.early = None
        if self._prepared is not None:  # closed between the two steps
            self._prepared.close()
            self._prepared = None
        if self.watch is not None:
            self.watch.close()
            self.watch = None
        if self.ctx is not None:
            self.ctx.close()
            self.ctx = None

    def _on_store_opened(self, ctx: ServiceContext) -> None:
        from desktop_app.services.data_watch import DataWatch

        self.ctx = ctx
        self.early = None
        self._apply_clerk()
        self.store_error = ""
        self.store_failure = None
        self.watch = DataWatch(ctx.engine)
        self.watch_timer.start()
        self.sig_store_ready.emit()

    def _on_store_failed(self, exc: BaseException) -> None:
        from desktop_app.ui.tasks import error_text

        self.store_failure = exc
        self.store_error = error_text(exc, log_path=self.log_path)[0]
        self.sig_store_failed.emit(self.store_error)

    def run(self, operation: Callable[[ServiceContext, Progress, Cancelled], T], *, title: str,
            parent: QWidget | None, writer: bool = False, on_done: Callable[[T], None] | None = None,
            on_failed: Callable[[BaseException], None] | None = None, show_progress: bool = False,
            cancellable: bool = True, changes_data: bool = True) -> Task | None:
        """Run `operation(ctx, progress, cancelled)` with the open store (the operation announces what it wrote).

        A writer that `changes_data` (every one but backing up and restoring) is, on the first of a day, preceded
        in the same worker by the day's automatic backup, and marks the session as having written."""
        ctx = self.ctx
        if ctx is None:
            from desktop_app.ui.tasks import info

            if parent is not None:
                info(parent, self.store_error or "数据库尚未打开，请稍候再试。", title="请稍候")
            return None
        data_write = writer and changes_data
        backup_first = data_write and self._daily_backup_due()

        watch = self.watch if writer else None

        def with_ctx(progress: Progress, cancelled: Cancelled) -> T:
            if watch is None:
                return operation(ctx, progress, cancelled)
            with watch.own_write(replaces_file=not changes_data):  # our commits are not "another program's"
                if backup_first:
                    self._automatic_backup(ctx, progress, only_if_due=True)
                return operation(ctx, progress, cancelled)

        def done(result: T) -> None:
            if data_write:
                self.wrote = True
            if on_done is not None:
                on_done(result)

        task = self.tasks.start(with_ctx, title=title, writer=writer, on_done=done, on_failed=on_failed,
                                parent=parent, show_progress=show_progress, cancellable=cancellable)
        if task is None and backup_first:
            self._backup_day = None  # refused (another writer runs): the next write makes the day's backup
        return task

    # ----- automatic backups -----
    def _daily_backup_due(self) -> bool:
        """True once a day (the first write of the day) when automatic backups are on; claims the day."""
        today = date.today()
        if not self.auto_backup or self._backup_day == today:
            return False
        self._backup_day = today
        return True

    def _automatic_backup(self, ctx: ServiceContext, progress: Progress, *, only_if_due: bool) -> Path | None:
        """On a worker: AutoBackupService.run with this PC's copy folder; a failure is told, never raised
        (the office's write goes ahead: a missing backup must not stop the day's work)."""
        from desktop_app.services.auto_backup import AutoBackupService
        from desktop_app.ui.tasks import error_text

        service = AutoBackupService(ctx)
        try:
            if only_if_due and not service.due():
                return None  # today's was made by another session or PC
            progress(0, 0, "正在自动备份……")
            self.sig_auto_backup_started.emit()
            copy = self.backup_copy_folder
            path = service.run(second_folder=Path(copy) if copy else None)
        except Exception as exc:  # noqa: BLE001 (told to the user and logged, the work goes on)
            import logging

            logging.getLogger("cppcc_desk").warning("自动备份未完成", exc_info=exc)
            message = error_text(exc, log_path=self.log_path)[0]
            self.sig_auto_backup.emit(False, f"自动备份未完成：{message}")
            return None
        self.sig_auto_backup.emit(True, f"已自动备份到“{path}”。")
        return path

    def closing_backup(self, *, parent: QWidget | None, on_finished: Callable[[], None]) -> Task | None:
        """The automatic backup on closing, when something was written since the last; None when none is due.
        `on_finished` runs after it, made or not."""
        if not (self.auto_backup and self.wrote and self.ready):
            return None

        def run(ctx: ServiceContext, progress: Progress, cancelled: Cancelled) -> Path | None:
            return self._automatic_backup(ctx, progress, only_if_due=False)

        def done(_path: Path | None) -> None:
            self.wrote = False
            on_finished()

        return self.run(run, title="自动备份", parent=parent, writer=True, changes_data=False, on_done=done,
                        on_failed=lambda _exc: on_finished(), show_progress=parent is not None, cancellable=False)

    def check_outside_writes(self) -> bool | None:
        """Poll (every WATCH_INTERVAL_MS): when another program has committed since the last look, announce that
        everything changed, so every page reloads; True then. The window's own writes never count (Desk.run
        brackets them). On a server the look is a network round trip, so it runs on a worker and is told when it
        comes back (None here; one look at a time: a slow network skips ticks instead of piling them up)."""
        watch = self.watch
        if watch is None or not self.ready:
            return False
        if watch.remote:
            if self._server_look is None:
                self._server_look = watch
                self.tasks.start(lambda _progress, _cancelled: _look(watch), title="查看其他电脑的修改",
                                 on_done=lambda outside: self._looked(watch, outside))
            return None
        return self._looked(watch, _look(watch))

    def _looked(self, watch: DataWatch, outside: bool) -> bool:
        if self._server_look is watch:
            self._server_look = None
        if outside and watch is self.watch:  # not a look at a store closed meanwhile
            from desktop_app.services.changes import Changes

            self.announce(Changes.everything())
            self.sig_outside_write.emit()
        return outside

    def announce(self, changes: Changes | None) -> None:
        """Tell every page what a write changed."""
        if changes is not None and changes.any():
            self.sig_changed.emit(changes)


def _look(watch: DataWatch) -> bool:
    """One look of the watch; False when it could not look (a locked or vanished file, a server out of reach for
    a moment: the next tick looks again)."""
    try:
        return watch.outside_write()
    except Exception as exc:  # noqa: BLE001 (logged; never shown: nothing the user has to do)
        import logging

        logging.getLogger("cppcc_desk").warning("检查其他程序的写入未完成", exc_info=exc)
        return False
