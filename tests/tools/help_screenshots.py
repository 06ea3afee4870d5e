"""Take the pictures of the manual (resources/help/images/*.png) from the real window on the county demo.

    .venv/bin/python tests/tools/help_screenshots.py [--out resources/help/images] [--only NAME ...]

Builds the county demo in a temporary data folder, opens the main window at 1366×728 on a virtual 1366×768
screen (Qt's offscreen platform) and grabs each page and dialog the manual shows. The images are reduced to
256 colours (Pillow) so that the manual stays small. Run it again after changing a page; look at the images.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREEN = ROOT / "tests" / "ui" / "screen_1366x768.json"
WIDTH, HEIGHT = 1366, 728  # 1366×768 less the Windows taskbar


def _settle(app, rounds: int = 40) -> None:
    import time

    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.01)


def _wait(app, desk, condition=lambda: True, timeout: float = 30.0) -> None:
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if desk.tasks.is_idle() and condition():
            _settle(app, 10)
            return
        time.sleep(0.02)
    raise SystemExit("timed out waiting for the window")


def _save(widget, out: Path, name: str, only: set[str]) -> None:
    if only and name not in only:
        return
    from PIL import Image

    path = out / f"{name}.png"
    widget.grab().save(str(path))
    image = Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size // 1024} KB")


def _roster(path: Path) -> None:
    """A small roster as offices keep them: a title row, then the header, then members."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "委员名册"
    sheet.append(["政协××县第十四届委员会委员名册"])
    sheet.append(["序号", "姓名", "性别", "民族", "出生年月", "党派", "界别", "工作单位及职务", "手机"])
    rows = [("王建国", "男", "汉", "1968.03", "中共党员", "中共", "县农业农村局局长", "13903551234"),
            ("李红梅", "女", "汉族", "1975-11", "民盟盟员", "民盟", "县第一中学副校长", "13835569876"),
            ("赵志强", "男", "回族", "1980年6月", "群众", "经济界", "黎城县鑫源农业合作社理事长", "15935512345"),
            ("孙丽", "女", "汉", "1983.9", "无党派人士", "无党派人士", "县人民医院主任医师", "13513556789")]
    for number, row in enumerate(rows, 1):
        sheet.append([number, *row])
    book.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "help" / "images")
    parser.add_argument("--only", nargs="*", default=[], help="take only these pictures (names without .png)")
    args = parser.parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"
    sys.path.insert(0, str(ROOT))
    args.out.mkdir(parents=True, exist_ok=True)
    only = set(args.only)

    from PySide6.QtCore import QSettings

    from desktop_app.ui.launch import make_application

    app = make_application([])
    from desktop_app.app import make_desk
    from desktop_app.services.demo import DemoService
    from desktop_app.ui.main_window import MainWindow

    work = Path(tempfile.gettempdir()) / "cppcc-desk-help"  # one fixed place: the status bar reads the same each run
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    settings = QSettings(str(work / "ui.ini"), QSettings.Format.IniFormat)
    desk = make_desk(work / "数据", settings=settings)
    window = MainWindow(desk)
    window.resize(WIDTH, HEIGHT)
    window.show()
    desk.open_store()
    _wait(app, desk, lambda: desk.ready)
    DemoService(desk.ctx).fill()
    desk.set_clerk("张敏")
    desk.close_store()
    desk.open_store()  # as a second start: the pages read the demo
    _wait(app, desk, lambda: desk.ready)
    window.resize(WIDTH, HEIGHT)

    def page(title: str):
        window.show_page(title)
        built = window.page_of(title)
        _wait(app, desk, lambda: not getattr(built, "_loading", False))
        return built

    members = page("委员")
    members.table.selectRow(3)
    _wait(app, desk)
    _save(window, args.out, "members", only)

    proposals = page("提案")
    assigned = next((r for r in proposals.model.rows() if r.state == "assigned" and r.overdue), None) or next(
        (r for r in proposals.model.rows() if r.state == "assigned"), None)
    if assigned is not None:
        proposals.select_proposal(assigned.id)
        _wait(app, desk, lambda: proposals.detail is not None and proposals.detail.id == assigned.id)
    _save(window, args.out, "proposals", only)
    proposals.tabs.setCurrentIndex(1)
    _settle(app)
    _save(window, args.out, "proposals-due", only)
    proposals.tabs.setCurrentIndex(2)
    _settle(app)
    _save(window, args.out, "proposals-units", only)
    proposals.tabs.setCurrentIndex(0)
    accepted = next((r for r in proposals.model.rows() if r.state == "accepted"), None)
    if accepted is not None:
        proposals.select_proposal(accepted.id)
        _wait(app, desk, lambda: proposals.detail is not None and proposals.detail.id == accepted.id)
        dialog = proposals.open_step("assign")
        _settle(app)
        _save(dialog, args.out, "step-assign", only)
        dialog.reject()
    replied = next((r for r in proposals.model.rows() if r.state == "assigned" and r.id != getattr(assigned, "id", 0)),
                   None)
    if replied is not None:
        proposals.select_proposal(replied.id)
        _wait(app, desk, lambda: proposals.detail is not None and proposals.detail.id == replied.id)
        dialog = proposals.open_step("reply")
        _settle(app)
        _save(dialog, args.out, "step-reply", only)
        dialog.reject()

    homes = page("委员之家")
    homes.table.selectRow(0)
    _wait(app, desk)
    _save(window, args.out, "homes", only)

    consultations = page("有事来商量")
    consultations.table.selectRow(0)
    _wait(app, desk)
    _save(window, args.out, "consultations", only)

    opinions = page("社情民意")
    rows = opinions.model.rows()
    shown = next((r for r in rows if r.adopted_levels and r.instructions), None) or next(
        (r for r in rows if r.adopted_levels), None)
    if shown is not None:
        opinions.select_opinion(shown.id)
        _wait(app, desk, lambda: opinions.detail_shown is not None and opinions.detail_shown.id == shown.id)
    _save(window, args.out, "opinions", only)

    statistics = page("统计")
    _wait(app, desk, lambda: statistics.copy_button.isEnabled())
    _save(window, args.out, "statistics", only)
    statistics.tabs.setCurrentIndex(2)
    _settle(app)
    _save(window, args.out, "statistics-proposals", only)

    registry = page("基础资料")
    _save(window, args.out, "registry", only)
    registry.tabs.setCurrentIndex(1)
    _settle(app)
    _save(window, args.out, "registry-units", only)

    settings_page = page("设置")
    _wait(app, desk, lambda: settings_page.office_box.isEnabled())
    _save(window, args.out, "settings", only)
    settings_page.tabs.setCurrentIndex(1)
    _wait(app, desk)
    _save(window, args.out, "settings-templates", only)
    settings_page.tabs.setCurrentIndex(0)

    from desktop_app.ui.operations import admin

    window.show_page("委员")
    from desktop_app.services.auto_backup import AutoBackupService

    AutoBackupService(desk.ctx).run()  # as the first save of the day makes one
    backup = admin.backup(desk, parent=window)
    _wait(app, desk, lambda: backup is None or backup.finished)
    for box in app.topLevelWidgets():
        if box.objectName() == "infoBox":
            box.close()
    admin.choose_backup(desk, parent=window)
    _wait(app, desk, lambda: getattr(window, "restore_dialog", None) is not None)
    _save(window.restore_dialog, args.out, "restore", only)
    window.restore_dialog.reject()

    page("设置")
    settings_page.tabs.setCurrentIndex(2)
    _wait(app, desk, lambda: "个备份" in settings_page.backups.space.text())
    _save(window, args.out, "settings-backups", only)
    settings_page.tabs.setCurrentIndex(0)

    from desktop_app.ui.dialogs.first_run import FirstRunDialog
    from desktop_app.services.settings import OfficeSettings

    first = FirstRunDialog(desk, OfficeSettings(), parent=window)
    first.county.setText("黎城县")
    first.show()
    _settle(app)
    _save(first, args.out, "first-run", only)
    first.reject()

    roster = work / "委员名册.xlsx"
    _roster(roster)
    from desktop_app.ui.operations.members import open_import_wizard

    open_import_wizard(desk, parent=window, path=roster)
    wizard = window.import_wizard
    _wait(app, desk, wizard.file_page.isComplete)
    wizard.next()
    _wait(app, desk)
    _save(wizard, args.out, "import-mapping", only)
    wizard.next()
    _wait(app, desk, lambda: wizard.report_page.isComplete() or bool(wizard.plan))
    _save(wizard, args.out, "import-report", only)
    wizard.reject()

    window.show_page("提案")
    window.open_help("index")
    _settle(app)
    help_window = window.help_window
    help_window.resize(1000, 640)
    _settle(app)
    _save(help_window, args.out, "help", only)
    help_window.close()

    _wait(app, desk)
    desk.close_store()
    print(f"demo data left in {work} ({date.today()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
