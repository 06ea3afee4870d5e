"""委员之家 and activity actions: one function per user action; each runs its service call as a task."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Desk
from desktop_app.ui.operations.common import (DOCX_FILTER, confirmed, open_dialog, pick_file, save_from,
                                             save_target)
from desktop_app.ui.tasks import Task, info


# ----- homes -----
def open_home_form(desk: Desk, *, parent: QWidget, row: Any | None = None):
    """新增 or 编辑 a home."""
    from desktop_app.ui.dialogs.gathering_forms import HomeForm

    form = HomeForm(row=row, parent=parent)

    def save(data) -> None:
        def run(ctx, progress, cancelled):
            from desktop_app.services.homes import HomesService

            service = HomesService(ctx)
            return service.add(data) if row is None else service.edit(row.id, data, expected_version=row.version)

        save_from(desk, form, run, title="保存委员之家")

    return open_dialog(parent, "home_form", form, save)


def retire_home(desk: Desk, *, parent: QWidget, row: Any) -> Task | None:
    if not confirmed(parent, "撤销委员之家", f"确定撤销“{row.name}”吗？它的活动记录会保留，委员将不再分配到这里。"):
        return None

    def run(ctx, progress, cancelled):
        from desktop_app.services.homes import HomesService

        return HomesService(ctx).retire(row.id, on=date.today(), expected_version=row.version)

    return desk.run(run, title="撤销委员之家", parent=parent, writer=True, on_done=desk.announce)


def assign_home_members(desk: Desk, *, parent: QWidget, row: Any):
    """分配委员: pick the home's members from the roster (type-ahead by name or pinyin)."""
    from desktop_app.ui.dialogs.member_picker import MemberPicker

    def load(ctx, progress, cancelled):
        from desktop_app.services.homes import HomesService
        from desktop_app.services.members import MembersService

        return MembersService(ctx).search(""), HomesService(ctx).get(row.id).members

    def show(result) -> None:
        roster, members = result
        picker = MemberPicker(title=f"分配委员 — {row.name}", roster=roster, chosen=[m.id for m in members],
                              parent=parent)

        def save(ids: list[int]) -> None:
            def run(ctx, progress, cancelled):
                from desktop_app.services.homes import HomesService

                return HomesService(ctx).set_members(row.id, ids)

            save_from(desk, picker, run, title="分配委员")

        open_dialog(parent, "member_picker", picker, save)

    return desk.run(load, title="读取委员名单", parent=parent, on_done=show)


# ----- activities -----
def open_activity_form(desk: Desk, *, parent: QWidget, activity_id: int | None, homes: list[Any],
                       kinds: list[str], on_saved: Callable[[int], None] | None = None):
    """新增 or 编辑 an activity (attendance is entered in its own dialog)."""
    from desktop_app.ui.dialogs.gathering_forms import ActivityForm

    def show(detail) -> None:
        form = ActivityForm(detail=detail, homes=homes, kinds=kinds, parent=parent)

        def save(data) -> None:
            def run(ctx, progress, cancelled):
                from dataclasses import replace

                from desktop_app.services.activities import ActivitiesService

                service = ActivitiesService(ctx)
                if detail is None:
                    return service.add(data)
                kept = replace(data, attendance=detail.data.attendance)
                return detail.id, service.edit(detail.id, kept, expected_version=detail.version)

            after = (lambda result: on_saved(result[0])) if on_saved else None
            save_from(desk, form, run, title="保存活动", after=after)

        open_dialog(parent, "activity_form", form, save)

    if activity_id is None:
        show(None)
        return None
    return desk.run(lambda ctx, p, c: _activity(ctx, activity_id), title="读取活动", parent=parent, on_done=show)


def _activity(ctx, activity_id: int):
    from desktop_app.services.activities import ActivitiesService

    return ActivitiesService(ctx).get(activity_id)


def open_attendance(desk: Desk, *, parent: QWidget, activity_id: int):
    """登记出席: the fast attendance dialog, with the home's members listed in advance."""
    from desktop_app.ui.dialogs.attendance_dialog import AttendanceDialog

    def load(ctx, progress, cancelled):
        from desktop_app.services.activities import ActivitiesService
        from desktop_app.services.members import MemberFilter, MembersService

        detail = ActivitiesService(ctx).get(activity_id)
        everyone = MembersService(ctx).list_rows(MemberFilter(status=None))
        expected = ActivitiesService(ctx).expected_members(detail.data.home_id)
        return detail, everyone, expected

    def show(result) -> None:
        from desktop_app.services.members import matches_text

        detail, everyone, expected = result
        by_id = {m.id: m for m in everyone}
        lines = [(by_id[a.member_id], a.status) for a in detail.attendance if a.member_id in by_id]
        listed = {m.id for m, _ in lines}
        lines += [(by_id[m.id], "absent") for m in expected if m.id not in listed and m.id in by_id]
        roster = [m for m in everyone if m.status == "active"]

        def save(values: list[tuple[int, str]]) -> None:
            def run(ctx, progress, cancelled):
                from desktop_app.services.activities import ActivitiesService

                return ActivitiesService(ctx).set_attendance(activity_id, values, expected_version=detail.version)

            save_from(desk, dialog, run, title="保存出席情况")

        dialog = AttendanceDialog(title=detail.data.title, roster=roster, lines=lines, matches=matches_text,
                                  on_save=save, parent=parent)
        parent.attendance_dialog = dialog
        dialog.open()

    return desk.run(load, title="读取出席情况", parent=parent, on_done=show)


def delete_activity(desk: Desk, *, parent: QWidget, row: Any) -> Task | None:
    if not confirmed(parent, "删除活动", f"确定删除“{row.title}”（{row.held_on}）及其出席记录和附件吗？"):
        return None

    def run(ctx, progress, cancelled):
        from desktop_app.services.activities import ActivitiesService

        return ActivitiesService(ctx).delete(row.id, expected_version=row.version)

    return desk.run(run, title="删除活动", parent=parent, writer=True, on_done=desk.announce)


def attach_file(desk: Desk, *, parent: QWidget, owner: str, record_id: int, path: Path | None = None):
    """添加附件 (photos, minutes): copied into the data folder."""
    if path is None:
        path = pick_file(parent, "选择附件", "所有文件 (*)")
        if path is None:
            return None

    def run(ctx, progress, cancelled):
        if owner == "activity":
            from desktop_app.services.activities import ActivitiesService

            return ActivitiesService(ctx).attach(record_id, path)
        from desktop_app.services.consultations import ConsultationsService

        return ConsultationsService(ctx).attach(record_id, path)

    return desk.run(run, title="添加附件", parent=parent, writer=True, on_done=lambda r: desk.announce(r[1]))


def write_sign_in(desk: Desk, *, parent: QWidget, owner: str, record_id: int, title: str,
                  path: Path | None = None) -> Task | None:
    """签到表 as a Word file the user chooses."""
    path = path or save_target(desk, parent, "保存签到表", f"{title}签到表.docx", DOCX_FILTER)
    if path is None:
        return None

    def run(ctx, progress, cancelled):
        from desktop_app.services.sign_in import write_activity_sign_in, write_consultation_sign_in

        write = write_activity_sign_in if owner == "activity" else write_consultation_sign_in
        return write(ctx, record_id, path)

    return desk.run(run, title="生成签到表", parent=parent, on_done=lambda out: info(parent, f"签到表已保存到“{out}”。"))


# ----- ledgers -----
def import_ledger(desk: Desk, *, parent: QWidget, kind: str, path: Path | None = None,
                  confirm: Callable[[Any], bool] | None = None) -> Task | None:
    """导入台账: preview on a worker, ask, then commit all or nothing (or only the valid rows)."""
    from desktop_app.ui.operations.ledger_import import import_ledger_file

    if path is None:
        path = pick_file(parent, "选择台账", "表格 (*.xlsx *.xls *.csv *.et *.ods)")
        if path is None:
            return None

    def importer(ctx):
        if kind == "activities":
            from desktop_app.services.ledgers.activities import activity_importer

            return activity_importer(ctx)
        from desktop_app.services.ledgers.consultations import consultation_importer

        return consultation_importer(ctx)

    return import_ledger_file(desk, parent=parent, path=path, title="导入台账", importer=importer, confirm=confirm)


def export_ledger(desk: Desk, *, parent: QWidget, kind: str, year: int | None,
                  path: Path | None = None) -> Task | None:
    label = "委员之家活动台账" if kind == "activities" else "有事来商量台账"
    path = path or save_target(desk, parent, f"导出{label}", f"{label}{year or ''}.xlsx")
    if path is None:
        return None

    def run(ctx, progress, cancelled):
        from desktop_app.domain.period import Period
        from desktop_app.services.ledgers.export import export_activities, export_consultations

        path.parent.mkdir(parents=True, exist_ok=True)
        write = export_activities if kind == "activities" else export_consultations
        return write(ctx, path, Period.year(year) if year else None)

    return desk.run(run, title=f"导出{label}", parent=parent, show_progress=True, cancellable=False,
                    on_done=lambda count: info(parent, f"已导出 {count} 条记录到“{path}”。"))


def show_member_participation(desk: Desk, *, parent: QWidget, member_id: int, name: str):
    """A member's activities and consultations (from the members page)."""
    from desktop_app.ui.dialogs.member_participation import ParticipationDialog

    def load(ctx, progress, cancelled):
        from desktop_app.services.participation import member_participation

        return member_participation(ctx, member_id)

    def show(result) -> None:
        dialog = ParticipationDialog(name=name, participation=result, parent=parent)
        parent.participation_dialog = dialog
        dialog.open()

    return desk.run(load, title="读取参加情况", parent=parent, on_done=show)
