"""有事来商量 actions: the page's loads, consultations, follow-ups, turning into a proposal or opinion, platforms."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.operations.common import confirmed, open_dialog, open_form, open_record_form, pick_file, save_from
from desktop_app.ui.tasks import Task, info

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.consultations import (ConsultationDetail, ConsultationFilter, ConsultationRow,
                                                    ConsultationsService)
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.members import MemberRow
    from desktop_app.services.platforms import Coverage, PlatformInput, PlatformRow, VillageRow
    from desktop_app.services.ledgers.pipeline import LedgerImporter
    from desktop_app.ui.dialogs.gathering_forms import FollowUpDialog, PlatformForm
    from desktop_app.ui.operations.ledger_import import Confirm


# ----- what the page loads -----
@dataclass(frozen=True)
class ConsultationLists:
    """The platforms (inactive too), villages, coverage, topic sources and the follow-up panel."""

    platforms: list["PlatformRow"] = field(default_factory=list)
    villages: list["VillageRow"] = field(default_factory=list)
    coverage: "Coverage | None" = None
    sources: list[str] = field(default_factory=list)
    pending: list["ConsultationRow"] = field(default_factory=list)


def load_consultation_lists(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> ConsultationLists:
    from desktop_app.services.consultations import ConsultationsService
    from desktop_app.services.platforms import PlatformsService

    service, platforms = ConsultationsService(ctx), PlatformsService(ctx)
    return ConsultationLists(platforms.list_rows(include_inactive=True), platforms.villages(), platforms.coverage(),
                             service.topic_sources(), service.pending_follow_ups())


def load_consultations(flt: "ConsultationFilter") -> Callable[["ServiceContext", Progress, Cancelled],
                                                              list["ConsultationRow"]]:
    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> list["ConsultationRow"]:
        from desktop_app.services.consultations import ConsultationsService

        return ConsultationsService(ctx).list_rows(flt)

    return load


def load_consultation(consultation_id: int) -> Callable[["ServiceContext", Progress, Cancelled], "ConsultationDetail"]:
    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "ConsultationDetail":
        from desktop_app.services.consultations import ConsultationsService

        return ConsultationsService(ctx).get(consultation_id)

    return load


# ----- consultations -----
def _consultations(ctx: "ServiceContext") -> "ConsultationsService":
    from desktop_app.services.consultations import ConsultationsService

    return ConsultationsService(ctx)


def open_consultation_form(desk: Desk, *, parent: QWidget, consultation_id: int | None,
                           platforms: list["PlatformRow"], sources: list[str]) -> Task | None:
    """新增 or 编辑 a consultation; the members taking part are typed by name."""
    from desktop_app.ui.dialogs.gathering_forms import ConsultationForm

    Loaded = tuple["ConsultationDetail | None", list["MemberRow"]]

    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Loaded:
        from desktop_app.services.consultations import ConsultationsService
        from desktop_app.services.members import MemberFilter, MembersService

        detail = ConsultationsService(ctx).get(consultation_id) if consultation_id else None
        return detail, MembersService(ctx).list_rows(MemberFilter(status=None))

    def show(result: Loaded) -> None:
        detail, roster = result
        form = ConsultationForm(detail=detail, platforms=platforms, sources=sources, roster=roster, parent=parent)
        open_record_form(desk, parent=parent, form=form, attr="consultation_form", title="保存协商", detail=detail,
                         service=_consultations)

    return desk.run(load, title="读取协商", parent=parent, on_done=show)


def record_follow_up(desk: Desk, *, parent: QWidget, row: "ConsultationRow") -> "FollowUpDialog":
    """落实情况: a dated step (未落实 / 落实中 / 已落实) with a note."""
    from desktop_app.ui.dialogs.gathering_forms import FollowUpDialog

    def follow_up(ctx: "ServiceContext", values: tuple[date, str, str | None]) -> "Changes":
        from desktop_app.services.consultations import ConsultationsService

        on, status, note = values
        return ConsultationsService(ctx).add_follow_up(row.id, on=on, status=status, note=note)

    return open_form(desk, parent=parent, form=FollowUpDialog(topic=row.topic, status=row.follow_up_status,
                                                              parent=parent),
                     attr="follow_up_dialog", title="登记落实情况", call=follow_up)


def _turn(desk: Desk, parent: QWidget, row: "ConsultationRow", what: str, ask: bool,
          on_done: Callable[[int], None] | None, call: Callable[["ServiceContext"], "Changes"]) -> Task | None:
    if ask and not confirmed(parent, f"转为{what}", f"把协商“{row.topic}”转为{what}吗？"):
        return None
    where = "，在“提案”页待审查，可继续办理" if what == "提案" else "，计入社情民意信息的统计"

    def done(changes: "Changes") -> None:
        desk.announce(changes)
        info(parent, f"已把协商“{row.topic}”转为{what}{where}。")  # words for people: no record number
        if on_done is not None and changes.new_id is not None:
            on_done(changes.new_id)

    return desk.run(lambda ctx, p, c: call(ctx), title=f"转为{what}", parent=parent, writer=True, on_done=done)


def turn_into_proposal(desk: Desk, *, parent: QWidget, row: "ConsultationRow", ask: bool = True,
                       on_done: Callable[[int], None] | None = None) -> Task | None:
    """转为提案: a draft led by the first member taking part; `on_done` gets the proposal's id."""
    def call(ctx: "ServiceContext") -> "Changes":
        from desktop_app.services.consultation_links import ConsultationLinksService

        return ConsultationLinksService(ctx).to_proposal(row.id)

    return _turn(desk, parent, row, "提案", ask, on_done, call)


def turn_into_opinion(desk: Desk, *, parent: QWidget, row: "ConsultationRow", ask: bool = True,
                      on_done: Callable[[int], None] | None = None) -> Task | None:
    """转为社情民意信息 with the members taking part as submitters; `on_done` gets the opinion's id."""
    def call(ctx: "ServiceContext") -> "Changes":
        from desktop_app.services.consultation_links import ConsultationLinksService

        return ConsultationLinksService(ctx).to_opinion(row.id)

    return _turn(desk, parent, row, "社情民意信息", ask, on_done, call)


def delete_consultation(desk: Desk, *, parent: QWidget, row: "ConsultationRow") -> Task | None:
    if not confirmed(parent, "删除协商", f"确定删除协商“{row.topic}”（{row.held_on}）吗？"):
        return None

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.consultations import ConsultationsService

        return ConsultationsService(ctx).delete(row.id, expected_version=row.version)

    return desk.run(run, title="删除协商", parent=parent, writer=True, on_done=desk.announce)


# ----- platforms -----
def open_platform_form(desk: Desk, *, parent: QWidget, row: "PlatformRow | None",
                       villages: list["VillageRow"]) -> "PlatformForm":
    from desktop_app.ui.dialogs.gathering_forms import PlatformForm

    form = PlatformForm(row=row, villages=villages, parent=parent)

    def save(data: "PlatformInput") -> None:
        def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
            from desktop_app.services.platforms import PlatformsService

            service = PlatformsService(ctx)
            return service.add(data) if row is None else service.edit(row.id, data, expected_version=row.version)

        save_from(desk, form, run, title="保存协商议事室")

    return open_dialog(parent, "platform_form", form, save)


def assign_platform_members(desk: Desk, *, parent: QWidget, row: "PlatformRow") -> Task | None:
    """联系委员: the members linked to a platform."""
    from desktop_app.ui.dialogs.member_picker import MemberPicker

    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> tuple[list["MemberRow"], list[int]]:
        from desktop_app.services.members import MembersService
        from desktop_app.services.platforms import PlatformsService

        return MembersService(ctx).search(""), [m.id for m in PlatformsService(ctx).members(row.id)]

    def show(result: tuple[list["MemberRow"], list[int]]) -> None:
        roster, chosen = result
        picker = MemberPicker(title=f"联系委员 — {row.name}", roster=roster, chosen=chosen, parent=parent)

        def save(ids: list[int]) -> None:
            def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
                from desktop_app.services.platforms import PlatformsService

                return PlatformsService(ctx).set_members(row.id, tuple(ids))

            save_from(desk, picker, run, title="保存联系委员")

        open_dialog(parent, "member_picker", picker, save)

    return desk.run(load, title="读取委员名单", parent=parent, on_done=show)


def set_village_total(desk: Desk, *, parent: QWidget, total: int) -> Task | None:
    """The county's number of villages and communities (for 覆盖率)."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.platforms import PlatformsService

        return PlatformsService(ctx).set_village_total(total)

    return desk.run(run, title="保存村（社区）总数", parent=parent, writer=True, on_done=desk.announce)


def import_rooms(desk: Desk, *, parent: QWidget, path: Path | None = None,
                 confirm: "Confirm | None" = None) -> Task | None:
    """导入村（社区）及协商议事室名单 from Excel: preview, ask, then create the villages and rooms missing."""
    from desktop_app.ui.operations.ledger_import import import_ledger_file

    if path is None:
        path = pick_file(parent, "选择名单", "表格 (*.xlsx *.xls *.csv *.et *.ods)")
        if path is None:
            return None

    def importer(ctx: "ServiceContext") -> "LedgerImporter":
        from desktop_app.services.ledgers.platforms import platform_importer

        return platform_importer(ctx)

    return import_ledger_file(desk, parent=parent, path=path, title="导入协商议事室名单", importer=importer,
                              confirm=confirm)
