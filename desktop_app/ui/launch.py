"""Start the window: Qt application, Chinese, fonts, paint first, then open the store off the GUI thread.

CPPCC_DESK_BENCH=painted|filled (the window painted | the 首页's lists filled) makes the program print, at
that moment, the seconds since CPPCC_DESK_BENCH_T0 (a time.monotonic() value the benchmark sets just before
spawning it; without it, since this module was imported) and quit;
with CPPCC_DESK_BENCH_CPU=1 it prints the process's CPU seconds instead.
"""
from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from desktop_app.ui.desk import Desk

_T_IMPORT = time.monotonic()
GC_PAUSE_LIMIT_MS = 15000  # the collector resumes by then even if the first page never reports its lists
CJK_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "SimSun"]


def _speed_up_pyside_import_hook() -> None:
    """PySide6 runs inspect.getsource() on every module imported after it, to see whether the module
    mentions "PySide6" (for `from __feature__ import …`). Reading the file's bytes answers the same
    question several times faster, which matters for SQLAlchemy's hundreds of modules at start-up.
    """
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "_desk_fast", False):
        return

    def mod_uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as handle:
                return b"PySide6" in handle.read()
        except OSError:
            return original(module)

    mod_uses_pyside._desk_fast = True
    feature._mod_uses_pyside = mod_uses_pyside


def make_application(argv: list[str]):
    """The QApplication with high-DPI pass-through, Qt's Chinese translations and a CJK font fallback."""
    from PySide6.QtCore import QLocale, Qt
    from PySide6.QtGui import QFont, QGuiApplication
    from PySide6.QtWidgets import QApplication

    _speed_up_pyside_import_hook()
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(["cppcc-desk", *argv])
    app.setApplicationName("cppcc-desk")
    app.setOrganizationName("cppcc-desk")
    app.setApplicationDisplayName("县政协履职工作台")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_chinese(app)
    from desktop_app.ui.icons import app_icon

    app.setWindowIcon(app_icon())
    font = QFont(app.font())
    font.setFamilies([font.family(), *CJK_FONTS])
    app.setFont(font)
    return app


# Words of Qt's own dialogs that qtbase_zh_CN.qm leaves in English (Qt 6: the file dialog's labels), and one
# it words oddly (体积 for a file's size). Keys are (context, source text) exactly as Qt asks for them.
QT_WORDS_MISSING = {
    ("QFileDialog", "&Look in:"): "查找范围(&I)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileSystemModel", "Size"): "大小",
}


def install_chinese(app) -> None:
    """Qt's own words (buttons, file dialogs, context menus) in Chinese: qtbase_zh_CN, then what it lacks."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    if app.property("deskChinese"):
        return
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    app.installTranslator(_missing_qt_words(app))  # installed last, so asked first
    app.setProperty("deskChinese", True)


def _missing_qt_words(parent):
    """A translator that answers QT_WORDS_MISSING and nothing else (None, a null string, lets qtbase answer)."""
    from PySide6.QtCore import QTranslator

    class MissingQtWords(QTranslator):
        def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: ARG002 (Qt's signature)
            return QT_WORDS_MISSING.get((context, source_text))  # None: a null string, next please

        def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
            return False

    return MissingQtWords(parent)


def install_excepthook(log_path: Path) -> None:
    """A bug anywhere becomes a log entry and a Chinese apology naming the log, never a traceback dialog."""
    import logging

    def hook(exc_type, exc, tb):
        logging.getLogger("cppcc_desk").error("未处理的异常", exc_info=(exc_type, exc, tb))
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            box = QMessageBox(QMessageBox.Icon.Warning, "抱歉",
                              f"程序遇到了意外问题，刚才的操作可能没有完成。详细信息已写入日志：{log_path}"
                              "。请把这个文件发给技术支持人员。", QMessageBox.StandardButton.Ok)
            box.setObjectName("apologyBox")
            from desktop_app.ui.tasks import present

            present(box)

    sys.excepthook = hook


def _bench_report(label: str) -> None:
    t0 = os.environ.get("CPPCC_DESK_BENCH_T0")
    elapsed = time.monotonic() - float(t0) if t0 else time.monotonic() - _T_IMPORT
    if os.environ.get("CPPCC_DESK_BENCH_CPU"):  # CPU seconds of every thread: steadier on a busy machine
        elapsed = time.process_time()
    print(f"{label} {elapsed:.4f}", flush=True)
    os._exit(0)


def _arm_benchmark(window, mode: str) -> None:
    """Quit at the first paint (painted) or when the page the window opens on (首页) first shows its lists (filled)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    if mode == "painted":
        class _FirstPaint(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
                if event.type() == QEvent.Type.Paint:
                    QTimer.singleShot(0, lambda: _bench_report("painted"))
                return False

        window._bench_filter = _FirstPaint(window)
        window.installEventFilter(window._bench_filter)
    elif mode == "filled":  # the page the window opens on (首页) shows its lists
        page = window.page_of("首页")
        page.sig_lists_filled.connect(lambda: QTimer.singleShot(0, lambda: _bench_report("filled")))


def _resume_gc_after_first_page(window, desk: Desk) -> None:
    """Start-up builds hundreds of thousands of long-lived objects (Qt's wrappers, SQLAlchemy's modules, the
    mappers) and no garbage worth collecting; the cyclic collector, paused by launch(), scanned them again and
    again (about a tenth of the CPU time until the 首页's lists are filled). It resumes once the page the window
    opens on has shown its lists with the store open (or the store failed to open), with those objects frozen, so later
    collections skip them too."""
    from PySide6.QtCore import QTimer

    def resume() -> None:
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def lists_filled() -> None:
        if desk.ready:  # not yet when the lists were read before the store opened (SQLAlchemy still to come)
            resume()

    window.page_of("首页").sig_lists_filled.connect(lists_filled)
    desk.sig_store_failed.connect(resume)
    QTimer.singleShot(GC_PAUSE_LIMIT_MS, resume)


def launch(argv: list[str], *, data_dir: Path, make_desk: Callable[[], Desk]) -> int:
    """Open the main window over the Desk the composition root makes; returns the exit code of the event loop."""
    gc.disable()  # until the first page is filled (_resume_gc_after_first_page)
    app = make_application(argv)  # logging is set up with the store, after the first paint
    install_excepthook(data_dir / "logs" / "cppcc-desk.log")
    from desktop_app.ui.main_window import MainWindow

    desk = make_desk()  # the window's desk makes the automatic backups (app.run_window)
    window = MainWindow(desk)
    _resume_gc_after_first_page(window, desk)
    window.show_on_start()
    window.start()  # opens the store on a worker once the window has painted
    bench = os.environ.get("CPPCC_DESK_BENCH", "")
    if bench:  # installed last, so it sees the first paint before the store starts opening
        _arm_benchmark(window, bench)
    code = app.exec()
    desk.tasks.wait_all()
    if "desktop_app.ui.widgets.chart_view" in sys.modules:  # a chart being drawn is let finish
        sys.modules["desktop_app.ui.widgets.chart_view"].wait_for_charts()
    desk.close_store()
    return code
