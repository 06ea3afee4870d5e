"""The task runner: one writer, progress and cancel, typed errors as Chinese sentences, bugs as apologies."""
from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtWidgets import QWidget

from desktop_app.domain.errors import Cancelled, Conflict, Problem, ValidationError
from desktop_app.services.changes import Changes
from desktop_app.ui.tasks import BUSY_MESSAGE, TaskRunner
from tests.ui.helpers import wait_loaded, TASK_TIMEOUT_MS, fill_demo_members, top_boxes


def _parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_second_writer_is_refused_politely(qtbot):
    runner, parent, release = TaskRunner(), _parent(qtbot), threading.Event()
    first = runner.start(lambda p, c: release.wait(10), title="第一项", writer=True, parent=parent)
    assert runner.writer_busy
    assert runner.start(lambda p, c: 1, title="第二项", writer=True, parent=parent) is None
    assert top_boxes("infoBox")[0].text() == BUSY_MESSAGE
    reader = runner.start(lambda p, c: 42, title="读取")  # reads still run
    qtbot.waitUntil(lambda: reader.finished, timeout=TASK_TIMEOUT_MS)
    assert reader.result == 42
    release.set()
    qtbot.waitUntil(lambda: first.finished and not runner.writer_busy, timeout=TASK_TIMEOUT_MS)
    for box in top_boxes("infoBox"):
        box.close()


def test_progress_arrives_and_cancel_stops_the_operation(qtbot):
    runner, parent = TaskRunner(), _parent(qtbot)
    seen: list[tuple[int, int, str]] = []
    started = threading.Event()

    def operation(progress, cancelled):
        for step in range(1000):
            progress(step, 1000, f"第 {step} 步")
            started.set()
            if cancelled():
                raise Cancelled()
            threading.Event().wait(0.005)
        return "完成"

    task = runner.start(operation, title="长任务", writer=True, parent=parent, show_progress=True)
    task.sig_progress.connect(lambda d, t, s: seen.append((d, t, s)))
    qtbot.waitUntil(lambda: len(seen) > 3, timeout=TASK_TIMEOUT_MS)
    task.cancel()
    qtbot.waitUntil(lambda: task.finished, timeout=TASK_TIMEOUT_MS)
    assert isinstance(task.error, Cancelled) and task.result is None
    # Connected after start: under load the worker may already have passed step 0.
    assert seen[0][1:] == (1000, f"第 {seen[0][0]} 步")
    qtbot.waitUntil(lambda: bool(top_boxes("errorBox")), timeout=TASK_TIMEOUT_MS)  # shown after `finished`
    box = top_boxes("errorBox")[0]
    assert box.windowTitle() == "已取消" and "取消" in box.text()
    box.close()


def test_validation_error_lists_every_problem(qtbot):
    runner, parent = TaskRunner(), _parent(qtbot)
    problems = [Problem("身份证号校验位不对。", row=7, column="身份证号", sheet="委员名单"),
                Problem("姓名不能为空。", row=9, column="姓名")]

    def refuse(progress, cancelled):
        raise ValidationError("有 2 处问题，未导入任何数据。", problems)

    task = runner.start(refuse, title="导入", writer=True, parent=parent)
    qtbot.waitUntil(lambda: task.finished, timeout=TASK_TIMEOUT_MS)
    box = top_boxes("errorBox")[0]
    assert box.text() == "有 2 处问题，未导入任何数据。"
    assert "第7行“身份证号”列" in box.informativeText() and "第9行" in box.informativeText()
    box.close()
    task = runner.start(lambda p, c: (_ for _ in ()).throw(Conflict("已被其他人修改。")), title="保存", parent=parent)
    qtbot.waitUntil(lambda: task.finished, timeout=TASK_TIMEOUT_MS)
    assert top_boxes("errorBox")[0].text() == "已被其他人修改。"
    top_boxes("errorBox")[0].close()


def test_a_long_message_shows_its_beginning_and_all_of_it_under_details(qtbot):
    from desktop_app.ui.tasks import info

    parent = _parent(qtbot)
    # an import's summary naming 300 cells whose control characters were removed
    lines = ["委员之家活动台账“活动台账.xlsx”：已导入新增300条。", "已清除300个单元格中的控制字符："] + [
        f"  第{row}行“活动名称”：删除了1个控制字符" for row in range(3, 303)]
    message = "\n".join(lines)
    box = info(parent, message)
    qtbot.waitUntil(box.isVisible, timeout=TASK_TIMEOUT_MS)
    assert box.text().split("\n") == lines[:12] + ["（共 302 行，全文见“显示详情”）"]
    assert box.detailedText() == message
    assert box.frameGeometry().height() <= box.screen().availableGeometry().height()
    box.close()
    short = info(parent, "已导出 12 条记录。")
    assert short.text() == "已导出 12 条记录。" and short.detailedText() == ""
    short.close()


def test_forty_problems_show_twelve_and_all_forty_under_details(qtbot):
    runner, parent = TaskRunner(), _parent(qtbot)
    problems = [Problem("姓名不能为空。", row=row, column="姓名") for row in range(3, 43)]

    def refuse(progress, cancelled):
        raise ValidationError("有 40 处问题，未导入任何数据。", problems)

    task = runner.start(refuse, title="导入", writer=True, parent=parent)
    qtbot.waitUntil(lambda: task.finished and bool(top_boxes("errorBox")), timeout=TASK_TIMEOUT_MS)
    box = top_boxes("errorBox")[0]
    shown = box.informativeText().split("\n")
    assert len(shown) == 13 and shown[0].startswith("第3行") and shown[11].startswith("第14行")
    assert shown[12] == "……另有 28 个问题，全部见“显示详情”"
    assert [line.split("行")[0] for line in box.detailedText().split("\n")] == [f"第{row}" for row in range(3, 43)]
    box.close()


def test_a_finished_task_is_freed_with_its_result(qtbot):
    """A task's delivery slots referred to the task through a Qt connection, which Python's collector cannot see:
    every task and its result lived as long as the program (one more every 2.5 s on a shared server)."""
    import gc
    import weakref

    from PySide6.QtCore import SIGNAL

    runner, parent = TaskRunner(), _parent(qtbot)
    results: list[object] = []
    started = [
        runner.start(lambda p, c: list(range(1000)), title="读取"),
        runner.start(lambda p, c: list(range(1000)), title="读取", on_done=results.append, parent=parent),
        runner.start(lambda p, c: list(range(1000)), title="写入", writer=True, on_done=results.append),
        runner.start(lambda p, c: (_ for _ in ()).throw(Conflict("已被其他人修改。")), title="保存",
                     on_failed=results.append, parent=parent),
    ]
    for task in started:
        qtbot.waitUntil(lambda task=task: task.finished, timeout=TASK_TIMEOUT_MS)
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "list", "list"]
    # delivered, every task lets go of its slots (a failed one too: it is kept alive by its error's traceback,
    # which leads back to it, until the collector sees the whole cycle)
    assert [(task.receivers(SIGNAL("sig_done(PyObject)")), task.receivers(SIGNAL("sig_failed(PyObject)")))
            for task in started] == [(0, 0)] * 4
    kept = [weakref.ref(task) for task in started[:3]]
    del started, task
    results.clear()

    def freed() -> bool:  # the pool's thread lets go of its runnable (and so of the task) a moment after it ran
        gc.collect()
        return all(ref() is None for ref in kept)

    qtbot.waitUntil(freed, timeout=TASK_TIMEOUT_MS)


def test_a_bug_is_logged_and_the_user_gets_an_apology_with_the_log_path(qtbot, tmp_path):
    runner, parent = TaskRunner(log_path=str(tmp_path / "logs" / "cppcc-desk.log")), _parent(qtbot)
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("cppcc_desk")
    logger.addHandler(handler)
    try:
        task = runner.start(lambda p, c: 1 / 0, title="计算", parent=parent)
        qtbot.waitUntil(lambda: task.finished, timeout=TASK_TIMEOUT_MS)
    finally:
        logger.removeHandler(handler)
    text = top_boxes("errorBox")[0].text()
    assert "程序内部出错" in text and str(tmp_path / "logs" / "cppcc-desk.log") in text
    assert "Traceback" not in text and "ZeroDivisionError" not in text
    assert records and records[0].exc_info[0] is ZeroDivisionError
    top_boxes("errorBox")[0].close()


def test_excepthook_shows_an_apology_not_a_traceback(qtbot, tmp_path):
    from desktop_app.ui.launch import install_excepthook

    saved = sys.excepthook
    try:
        install_excepthook(tmp_path / "logs" / "cppcc-desk.log")
        sys.excepthook(RuntimeError, RuntimeError("boom"), None)
    finally:
        sys.excepthook = saved
    box = top_boxes("apologyBox")[0]
    assert str(tmp_path / "logs" / "cppcc-desk.log") in box.text() and "boom" not in box.text()
    box.close()


def test_pages_refresh_only_when_their_part_changed(desk, qtbot):
    from desktop_app.ui.pages.members_page import MembersPage

    fill_demo_members(desk)
    page = MembersPage(desk)
    qtbot.addWidget(page)
    wait_loaded(qtbot, page)  # a page made on an open store loads itself
    with qtbot.assertNotEmitted(page.sig_filled, wait=300):
        desk.announce(Changes(proposals=True))
    with qtbot.waitSignal(page.sig_filled, timeout=TASK_TIMEOUT_MS):
        desk.announce(Changes(members=True))


def test_a_file_locked_by_excel_is_explained():
    from desktop_app.ui.tasks import error_text

    message, problems = error_text(PermissionError(13, "Permission denied", "D:/花名册.xlsx"), log_path="x.log")
    assert "D:/花名册.xlsx" in message and "Excel" in message and not problems
    assert "程序内部出错" not in message


def test_a_result_for_a_closed_page_goes_nowhere(qtbot):
    from shiboken6 import delete

    runner, release = TaskRunner(), threading.Event()
    page, seen = QWidget(), []
    done = runner.start(lambda p, c: release.wait(10) and 7, title="读取", parent=page, on_done=seen.append)
    failed = runner.start(lambda p, c: release.wait(10) and 1 / 0, title="读取", parent=page, on_failed=seen.append)
    delete(page)  # closed while its reads run (the window closing, a test ending)
    release.set()
    qtbot.waitUntil(lambda: done.finished and failed.finished, timeout=TASK_TIMEOUT_MS)
    assert done.result == 7 and isinstance(failed.error, ZeroDivisionError) and seen == []
    assert runner.is_idle() and not top_boxes("errorBox")
