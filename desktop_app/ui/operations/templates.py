"""The Word templates on the 设置 page: list, open in Word/WPS, copy for the office, restore the shipped one, check.

The shipped template lives in the program's folder and is replaced by every update, so it is never opened for
editing: 打开 on a shipped template first offers to copy it into the data folder. Opening goes through an opener
(`system_opener`: QDesktopServices, i.e. the program Windows associates with .docx); tests pass their own.
Every question and answer is a non-blocking message box with an object name, so tests find and click it.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.tasks import Task, info, present, show_error

if TYPE_CHECKING:
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.templates import TemplateCheck, TemplateInfo

Opener = Callable[[Path], bool]

OFFICE_COPY = "本单位模板"
SHIPPED = "程序自带"


def system_opener(path: Path) -> bool:
    """Open `path` with the program the system associates with it (Word or WPS for .docx)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def in_use_label(template: "TemplateInfo") -> str:
    return OFFICE_COPY if template.office_copy_in_use else SHIPPED


def load(desk: Desk, *, parent: QWidget, on_done: Callable[[list["TemplateInfo"]], None]) -> Task | None:
    """Every template (TemplateService.list) and whether the office's copy is in use."""
    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> list["TemplateInfo"]:
        from desktop_app.services.templates import TemplateService

        return TemplateService(ctx).list()

    return desk.run(run, title="读取模板", parent=parent, on_done=on_done)


def open_file(parent: QWidget, path: Path, opener: Opener) -> bool:
    """Open `path` with `opener`; when nothing opens it, say what to do."""
    if opener(path):
        return True
    info(parent, f"没能打开“{path}”。", title="无法打开",
         detail="请确认电脑上装有 Word 或 WPS，或在文件夹中找到这个文件，用右键“打开方式”选择 Word 或 WPS。")
    return False


def open_template(desk: Desk, template: "TemplateInfo", *, parent: QWidget, opener: Opener,
                  on_changed: Callable[[], None]) -> QMessageBox | None:
    """打开: the office's copy opens at once; for the shipped template, first offer to copy it (the box)."""
    if template.office_copy_in_use:
        open_file(parent, template.office_copy, opener)
        return None
    box = QMessageBox(QMessageBox.Icon.Question, "打开模板",
                      f"“{template.title}”现在用的是程序自带的模板。程序自带的模板不能修改，程序更新时会被替换。",
                      parent=parent)
    box.setInformativeText(f"要修改它，请先复制为本单位模板（保存在“{template.office_copy.parent}”），"
                           "再在 Word 或 WPS 中修改复制出的文件；保存后，以后生成的文件都用它。")
    box.setObjectName("templateOpenOffer")
    copy = box.addButton("复制为本单位模板并打开", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(copy)
    box.finished.connect(lambda _r: copy_template(desk, template, parent=parent, opener=opener, on_changed=on_changed)
                         if box.clickedButton() is copy else None)
    return present(box)


def copy_template(desk: Desk, template: "TemplateInfo", *, parent: QWidget, opener: Opener,
                  on_changed: Callable[[], None]) -> Task | None:
    """复制为本单位模板 (TemplateService.copy), then open the copy; an existing copy is kept and opened."""
    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> tuple["TemplateInfo", bool]:
        from desktop_app.services.templates import TemplateService

        return TemplateService(ctx).copy(template.key)

    def done(result: tuple["TemplateInfo", bool]) -> None:
        copied, now = result
        on_changed()
        if now:
            info(parent, f"已复制为本单位模板：“{copied.office_copy}”。",
                 detail="正在用 Word 或 WPS 打开它。修改后保存并关闭即可，以后生成的文件都用这个模板；"
                        "改坏了可以点“恢复默认”。")
        open_file(parent, copied.office_copy, opener)

    return desk.run(run, title="复制模板", parent=parent, on_done=done)


def restore_default(desk: Desk, template: "TemplateInfo", *, parent: QWidget, on_changed: Callable[[], None]) -> QMessageBox:
    """恢复默认 after a yes/no question naming the file: the office's copy is renamed (kept), not deleted."""
    box = QMessageBox(QMessageBox.Icon.Question, "恢复默认",
                      f"恢复为程序自带的“{template.title}”模板吗？", parent=parent)
    box.setInformativeText(f"本单位模板“{template.office_copy}”不会删除：它会改名保留（停用），"
                           "需要时可以改回原名“" + template.file_name + "”继续使用。")
    box.setObjectName("templateRestoreConfirm")
    yes = box.addButton("恢复默认", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("取消", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Path | None:
        from desktop_app.services.templates import TemplateService

        return TemplateService(ctx).restore_default(template.key)

    def done(kept: Path | None) -> None:
        on_changed()
        if kept is not None:
            info(parent, f"“{template.title}”已恢复为程序自带的模板。",
                 detail=f"原来的本单位模板改名为“{kept.name}”，仍在“{kept.parent}”中。")

    box.finished.connect(lambda _r: desk.run(run, title="恢复默认模板", parent=parent, on_done=done)
                         if box.clickedButton() is yes else None)
    return present(box)


def check_template(desk: Desk, template: "TemplateInfo", *, parent: QWidget,
                   on_done: Callable[[QMessageBox], None] | None = None) -> Task | None:
    """检查 (TemplateService.check): a box saying 没有问题, or listing each problem."""
    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "TemplateCheck":
        from desktop_app.services.templates import TemplateService

        return TemplateService(ctx).check(template.key)[0]

    def done(result: "TemplateCheck") -> None:
        which = f"{in_use_label(result.info)}“{result.info.in_use.name}”"
        if result.ok:
            box = QMessageBox(QMessageBox.Icon.Information, "检查模板", f"{which}没有问题。",
                              QMessageBox.StandardButton.Ok, parent)
        else:
            box = QMessageBox(QMessageBox.Icon.Warning, "检查模板",
                              f"{which}有 {len(result.problems)} 个问题，改好以前用它生成文件会出错：",
                              QMessageBox.StandardButton.Ok, parent)
            box.setInformativeText("\n".join(p.describe() for p in result.problems))
        box.setObjectName("templateCheck")
        present(box)
        if on_done is not None:
            on_done(box)

    return desk.run(run, title="检查模板", parent=parent, on_done=done,
                    on_failed=lambda exc: show_error(parent, exc, log_path=desk.log_path))
