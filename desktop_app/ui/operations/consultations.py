"""有事来商量 actions: consultations, follow-ups, turning into a proposal or opinion, platforms."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Desk
from desktop_app.ui.operations.common import confirmed, open_dialog, pick_file, save_from
from desktop_app.ui.tasks import Task, info


def open_consultation_form(desk: Desk, *, parent: QWidget, consultation_id: int | None, platforms: list[Any],
                           sources: list[str]):
    """新增 or 编辑 a consultation; the members taking part are typed by name."""
    from desktop_app.ui.dialogs.gathering_forms import ConsultationForm

    def load(ctx, progress, cancelled):
        from desktop_app.services.consultations import ConsultationsService
        from desktop_app.services.members import MemberFilter, MembersService

        detail = ConsultationsService(ctx).get(consultation_id) if consultation_id else None
        return detail, MembersService(ctx).list_rows(MemberFilter(status=None))

    def show(result) -> None:
        detail, roster = result
        form = ConsultationForm(detail=detail, platforms=platforms, sources=sources, roster=roster, parent=parent)

        def save(data) -> None:
            def run(ctx, progress, cancelled):
                from desktop_app.services.consultations import ConsultationsService

                service = ConsultationsService(ctx)
                if detail is None:
                    return service.add(data)
                return service.edit(detail.id, data, expected_version=detail.version)

            save_from(desk, form, run, title="保存协商")

        open_dialog(parent, "consultation_form", form, save)

    return desk.run(load, title="读取协商", parent=parent, on_done=show)


def record_follow_up(desk: Desk, *, parent: QWidget, row: Any):
    """落实情况: a dated step (未落实 / 落实中 / 已落实) with a note."""
    from desktop_app.ui.dialogs.gathering_forms import FollowUpDialog

    dialog = FollowUpDialog(topic=row.topic, status=row.follow_up_status, parent=parent)

    def save(values) -> None:
        on, status, note = values

        def run(ctx, progress, cancelled):
            from desktop_app.services.consultations import ConsultationsService

            return ConsultationsService(ctx).add_follow_up(row.id, on=on, status=status, note=note)

        save_from(desk, dialog, run, title="登记落实情况")

    return open_dialog(parent, "follow_up_dialog", dialog, save)


def turn_into(desk: Desk, *, parent: QWidget, row: Any, target: str, ask: bool = True,
              on_done: Callable[[int], None] | None = None) -> Task | None:
    """转为提案 (a draft led by the first member taking part) or 转为社情民意信息 (members as submitters)."""
    what = "提案" if target == "proposal" else "社情民意信息"
    if ask and not confirmed(parent, f"转为{what}", f"把协商“{row.topic}”转为{what}吗？"):
        return None

    def run(ctx, progress, cancelled):
        from desktop_app.services.consultation_links import ConsultationLinksService

        links = ConsultationLinksService(ctx)
        return links.to_proposal(row.id) if target == "proposal" else links.to_opinion(row.id)

    def done(result) -> None:
        record_id, changes = result
        desk.announce(changes)
        where = "，在“提案”页待审查，可继续办理" if target == "proposal" else "，计入社情民意信息的统计"
        info(parent, f"已把协商“{row.topic}”转为{what}{where}。")
        if on_done is not None:
            on_done(record_id)

    return desk.run(run, title=f"转为{what}", parent=parent, writer=True, on_done=done)


def delete_consultation(desk: Desk, *, parent: QWidget, row: Any) -> Task | None:
    if not confirmed(parent, "删除协商", f"确定删除协商“{row.topic}”（{row.held_on}）吗？"):
        return None

    def run(ctx, progress, cancelled):
        from desktop_app.services.consultations import ConsultationsService

        return ConsultationsService(ctx).delete(row.id, expected_version=row.version)

    return desk.run(run, title="删除协商", parent=parent, writer=True, on_done=desk.announce)


def open_platform_form(desk: Desk, *, parent: QWidget, row: Any | None, villages: list[Any]):
    from desktop_app.ui.dialogs.gathering_forms import PlatformForm

    form = PlatformForm(row=row, villages=villages, parent=parent)

    def save(data) -> None:
        def run(ctx, progress, cancelled):
            from desktop_app.services.platforms import PlatformsService

            service = PlatformsService(ctx)
            return service.add(data) if row is None else service.edit(row.id, data, expected_version=row.version)

        save_from(desk, form, run, title="保存协商议事室")

    return open_dialog(parent, "platform_form", form, save)


def assign_platform_members(desk: Desk, *, parent: QWidget, row: Any):
    """联系委员: the members linked to a platform."""
    from desktop_app.ui.dialogs.member_picker import MemberPicker

    def load(ctx, progress, cancelled):
        from desktop_app.services.members import MembersService
        from desktop_app.services.platforms import PlatformsService

        return MembersService(ctx).search(""), PlatformsService(ctx).members(row.id)

    def show(result) -> None:
        roster, members = result
        picker = MemberPicker(title=f"联系委员 — {row.name}", roster=roster, chosen=[m.id for m in members],
                              parent=parent)

        def save(ids: list[int]) -> None:
            def run(ctx, progress, cancelled):
                from desktop_app.services.platforms import PlatformsService

                return PlatformsService(ctx).set_members(row.id, tuple(ids))

            save_from(desk, picker, run, title="保存联系委员")

        open_dialog(parent, "member_picker", picker, save)

    return desk.run(load, title="读取委员名单", parent=parent, on_done=show)


def set_village_total(desk: Desk, *, parent: QWidget, total: int) -> Task | None:
    """The county's number of villages and communities (for 覆盖率)."""

    def run(ctx, progress, cancelled):
        from desktop_app.services.platforms import PlatformsService

        return PlatformsService(ctx).set_village_total(total)

    return desk.run(run, title="保存村（社区）总数", parent=parent, writer=True, on_done=desk.announce)


def import_rooms(desk: Desk, *, parent: QWidget, path=None) -> Task | None:
    """导入村（社区）及协商议事室名单 from Excel."""
    if path is None:
        path = pick_file(parent, "选择名单", "表格 (*.xlsx *.xls *.csv *.et *.ods)")
        if path is None:
            return None

    def run(ctx, progress, cancelled):
        from desktop_app.services.platforms import PlatformsService

        return PlatformsService(ctx).import_rooms(path)

    def done(preview) -> None:
        from desktop_app.services.changes import Changes

        desk.announce(Changes(platforms=True))
        info(parent, "\n".join(preview.lines()))

    return desk.run(run, title="导入协商议事室名单", parent=parent, writer=True, on_done=done)
