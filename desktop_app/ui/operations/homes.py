"""委员之家 and activity actions: the page's loads, and one function per user action, each run as a task."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.operations.common import (DOCX_FILTER, confirmed, open_dialog, open_record_form, pick_file,
                                             save_from, save_target)
from desktop_app.ui.operations.ledger_import import export_ledger_file, pick_and_import
from desktop_app.ui.tasks import Task, info

if TYPE_CHECKING:
    from desktop_app.domain.period import Period
    from desktop_app.services.activities import ActivitiesService, ActivityDetail, ActivityFilter, ActivityRow
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.homes import HomeInput, HomeRow
    from desktop_app.services.ledgers.pipeline import LedgerImporter
    from desktop_app.services.members import MemberRow
    from desktop_app.services.participation import MemberParticipation
    from desktop_app.ui.dialogs.gathering_forms import HomeForm
    from desktop_app.ui.operations.ledger_import import Confirm

# ----- what the page loads -----
@dataclass(frozen=True)
class HomeLists:
    """Every home (retired ones too) and the activity kinds, for the filters and forms."""

    homes: list["HomeRow"] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


def load_home_lists(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> HomeLists:
    from desktop_app.services.activities import ActivitiesService
    from desktop_app.services.homes import HomesService

    return HomeLists(HomesService(ctx).list_homes(include_retired=True), ActivitiesService(ctx).kinds())


def load_activities(flt: "ActivityFilter") -> Callable[["ServiceContext", Progress, Cancelled], list["ActivityRow"]]:
    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> list["ActivityRow"]:
        from desktop_app.services.activities import ActivitiesService

        return ActivitiesService(ctx).list_rows(flt)

    return load


def load_activity(activity_id: int) -> Callable[["ServiceContext", Progress, Cancelled], "ActivityDetail"]:
    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "ActivityDetail":
        from desktop_app.services.activities import ActivitiesService

        return ActivitiesService(ctx).get(activity_id)

    return load


# ----- homes -----
def open_home_form(desk: Desk, *, parent: QWidget, row: "HomeRow | None" = None) -> "HomeForm":
    """新增 or 编辑 a home."""
    from desktop_app.ui.dialogs.gathering_forms import HomeForm

    form = HomeForm(row=row, parent=parent)

    def save(data: "HomeInput") -> None:
        def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
            from desktop_app.services.homes import HomesService

            service = HomesService(ctx)
            return service.add(data) if row is None else service.edit(row.id, data, expected_version=row.version)

        save_from(desk, form, run, title="保存委员之家")

    return open_dialog(parent, "home_form", form, save)


def retire_home(desk: Desk, *, parent: QWidget, row: "HomeRow") -> Task | None:
    if not confirmed(parent, "撤销委员之家", f"确定撤销“{row.name}”吗？它的活动记录会保留，委员将不再分配到这里。"):
        return None

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.homes import HomesService

        return HomesService(ctx).retire(row.id, on=date.today(), expected_version=row.version)

    return desk.run(run, title="撤销委员之家", parent=parent, writer=True, on_done=desk.announce)


def reinstate_home(desk: Desk, *, parent: QWidget, row: "HomeRow", ask: bool = True) -> Task | None:
    """恢复 a home retired by mistake (or opened again): it is in use again, its members may be assigned to it."""
    if ask and not confirmed(parent, "恢复委员之家", f"确定恢复“{row.name}”吗？恢复后可以再给它分配委员、登记活动。"):
        return None

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.homes import HomesService

        return HomesService(ctx).reinstate(row.id, expected_version=row.version)

    return desk.run(run, title="恢复委员之家", parent=parent, writer=True, on_done=desk.announce)


def assign_home_members(desk: Desk, *, parent: QWidget, row: "HomeRow") -> Task | None:
    """分配委员: pick the home's members from the roster (type-ahead by name or pinyin)."""
    from desktop_app.ui.dialogs.member_picker import MemberPicker

    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> tuple[list["MemberRow"], list[int]]:
        from desktop_app.services.homes import HomesService
        from desktop_app.services.members import MembersService

        return MembersService(ctx).search(""), [m.id for m in HomesService(ctx).get(row.id).members]

    def show(result: tuple[list["MemberRow"], list[int]]) -> None:
        roster, chosen = result
        picker = MemberPicker(title=f"分配委员 — {row.name}", roster=roster, chosen=chosen, parent=parent)

        def save(ids: list[int]) -> None:
            def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
                from desktop_app.services.homes import HomesService

                return HomesService(ctx).set_members(row.id, ids)

            save_from(desk, picker, run, title="分配委员")

        open_dialog(parent, "member_picker", picker, save)

    return desk.run(load, title="读取委员名单", parent=parent, on_done=show)


# ----- activities -----
def open_activity_form(desk: Desk, *, parent: QWidget, activity_id: int | None, homes: list["HomeRow"],
                       kinds: list[str], on_saved: Callable[[int], None] | None = None) -> Task | None:
    """新增 or 编辑 an activity (attendance is entered in its own dialog); `on_saved` gets its id."""
    from desktop_app.ui.dialogs.gathering_forms import ActivityForm

    def show(detail: "ActivityDetail | None") -> None:
        from dataclasses import replace

        def activities(ctx: "ServiceContext") -> "ActivitiesService":
            from desktop_app.services.activities import ActivitiesService

            return ActivitiesService(ctx)

        form = ActivityForm(detail=detail, homes=homes, kinds=kinds, parent=parent)
        # the form does not show attendance (出席情况 has its own dialog): an edit keeps it
        open_record_form(desk, parent=parent, form=form, attr="activity_form", title="保存活动", detail=detail,
                         service=activities, on_saved=on_saved,
                         edited=lambda data: replace(data, attendance=detail.data.attendance))

    if activity_id is None:
        show(None)
        return None
    return desk.run(load_activity(activity_id), title="读取活动", parent=parent, on_done=show)


def open_attendance(desk: Desk, *, parent: QWidget, activity_id: int) -> Task | None:
    """登记出席: the fast attendance dialog, with the home's members listed in advance."""
    from desktop_app.ui.dialogs.attendance_dialog import AttendanceDialog

    def load(ctx: "ServiceContext", progress: Progress,
             cancelled: Cancelled) -> tuple["ActivityDetail", list["MemberRow"], list["MemberRow"]]:
        from desktop_app.services.activities import ActivitiesService
        from desktop_app.services.members import MemberFilter, MembersService

        detail = ActivitiesService(ctx).get(activity_id)
        everyone = MembersService(ctx).list_rows(MemberFilter(status=None))
        expected = ActivitiesService(ctx).expected_members(detail.data.home_id)
        return detail, everyone, expected

    def show(result: tuple["ActivityDetail", list["MemberRow"], list["MemberRow"]]) -> None:
        from desktop_app.services.members import matches_text

        detail, everyone, expected = result
        by_id = {m.id: m for m in everyone}
        lines = [(by_id[a.member_id], a.status) for a in detail.attendance if a.member_id in by_id]
        listed = {m.id for m, _ in lines}
        lines += [(by_id[m.id], "absent") for m in expected if m.id not in listed and m.id in by_id]
        roster = [m for m in everyone if m.status == "active"]

        def save(values: list[tuple[int, str]]) -> None:
            def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
                from desktop_app.services.activities import ActivitiesService

                return ActivitiesService(ctx).set_attendance(activity_id, values, expected_version=detail.version)

            save_from(desk, dialog, run, title="保存出席情况")

        dialog = AttendanceDialog(title=detail.data.title, roster=roster, lines=lines, matches=matches_text,
                                  on_save=save, parent=parent)
        parent.attendance_dialog = dialog
        dialog.open()

    return desk.run(load, title="读取出席情况", parent=parent, on_done=show)


def delete_activity(desk: Desk, *, parent: QWidget, row: "ActivityRow") -> Task | None:
    if not confirmed(parent, "删除活动", f"确定删除“{row.title}”（{row.held_on}）及其出席记录和附件吗？"):
        return None

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.activities import ActivitiesService

        return ActivitiesService(ctx).delete(row.id, expected_version=row.version)

    return desk.run(run, title="删除活动", parent=parent, writer=True, on_done=desk.announce)


def _attach(desk: Desk, parent: QWidget, path: Path | None,
            write: Callable[["ServiceContext", Path], "Changes"]) -> Task | None:
    """添加附件 (photos, minutes): copied into the data folder."""
    if path is None:
        path = pick_file(parent, "选择附件", "所有文件 (*)")
        if path is None:
            return None
    chosen = path
    return desk.run(lambda ctx, p, c: write(ctx, chosen), title="添加附件", parent=parent, writer=True,
                    on_done=desk.announce)


def attach_to_activity(desk: Desk, *, parent: QWidget, activity_id: int, path: Path | None = None) -> Task | None:
    def write(ctx: "ServiceContext", source: Path) -> "Changes":
        from desktop_app.services.activities import ActivitiesService

        return ActivitiesService(ctx).attach(activity_id, source)

    return _attach(desk, parent, path, write)


def attach_to_consultation(desk: Desk, *, parent: QWidget, consultation_id: int,
                           path: Path | None = None) -> Task | None:
    def write(ctx: "ServiceContext", source: Path) -> "Changes":
        from desktop_app.services.consultations import ConsultationsService

        return ConsultationsService(ctx).attach(consultation_id, source)

    return _attach(desk, parent, path, write)


def _sign_in(desk: Desk, parent: QWidget, title: str, path: Path | None,
             write: Callable[["ServiceContext", Path], Path]) -> Task | None:
    """签到表 as a Word file the user chooses."""
    path = path or save_target(desk, parent, "保存签到表", f"{title}签到表.docx", DOCX_FILTER)
    if path is None:
        return None
    target = path
    return desk.run(lambda ctx, p, c: write(ctx, target), title="生成签到表", parent=parent,
                    on_done=lambda out: info(parent, f"签到表已保存到“{out}”。"))


def write_activity_sign_in(desk: Desk, *, parent: QWidget, activity_id: int, title: str,
                           path: Path | None = None) -> Task | None:
    def write(ctx: "ServiceContext", out: Path) -> Path:
        from desktop_app.services.sign_in import write_activity_sign_in as sign_in

        return sign_in(ctx, activity_id, out)

    return _sign_in(desk, parent, title, path, write)


def write_consultation_sign_in(desk: Desk, *, parent: QWidget, consultation_id: int, title: str,
                               path: Path | None = None) -> Task | None:
    def write(ctx: "ServiceContext", out: Path) -> Path:
        from desktop_app.services.sign_in import write_consultation_sign_in as sign_in

        return sign_in(ctx, consultation_id, out)

    return _sign_in(desk, parent, title, path, write)


# ----- ledgers -----
def import_activities(desk: Desk, *, parent: QWidget, path: Path | None = None,
                      confirm: "Confirm | None" = None) -> Task | None:
    """导入委员之家活动台账 (homes it names are created)."""
    def importer(ctx: "ServiceContext") -> "LedgerImporter":
        from desktop_app.services.ledgers.activities import activity_importer

        return activity_importer(ctx)

    return pick_and_import(desk, parent=parent, path=path, importer=importer, confirm=confirm)


def import_consultations(desk: Desk, *, parent: QWidget, path: Path | None = None,
                         confirm: "Confirm | None" = None) -> Task | None:
    """导入有事来商量台账 (rooms and villages it names are created)."""
    def importer(ctx: "ServiceContext") -> "LedgerImporter":
        from desktop_app.services.ledgers.consultations import consultation_importer

        return consultation_importer(ctx)

    return pick_and_import(desk, parent=parent, path=path, importer=importer, confirm=confirm)


def export_activities(desk: Desk, *, parent: QWidget, year: int | None, path: Path | None = None) -> Task | None:
    """导出委员之家活动台账 of a year (None: every year)."""
    def write(ctx: "ServiceContext", out: Path, period: "Period | None") -> int:
        from desktop_app.services.ledgers.export import export_activities as export

        return export(ctx, out, period)

    return export_ledger_file(desk, parent=parent, label="委员之家活动台账", year=year, path=path, exporter=write,
                              counted="次活动")


def export_consultations(desk: Desk, *, parent: QWidget, year: int | None, path: Path | None = None) -> Task | None:
    """导出有事来商量台账 of a year (None: every year)."""
    def write(ctx: "ServiceContext", out: Path, period: "Period | None") -> int:
        from desktop_app.services.ledgers.export import export_consultations as export

        return export(ctx, out, period)

    return export_ledger_file(desk, parent=parent, label="有事来商量台账", year=year, path=path, exporter=write,
                              counted="次协商")


def show_member_participation(desk: Desk, *, parent: QWidget, member_id: int, name: str) -> Task | None:
    """A member's activities and consultations (from the members page)."""
    from desktop_app.ui.dialogs.member_participation import ParticipationDialog

    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "MemberParticipation":
        from desktop_app.services.participation import member_participation

        return member_participation(ctx, member_id)

    def show(result: "MemberParticipation") -> None:
        dialog = ParticipationDialog(name=name, participation=result, parent=parent)
        parent.participation_dialog = dialog
        dialog.open()

    return desk.run(load, title="读取参加情况", parent=parent, on_done=show)
