"""社情民意 actions: the page's loads, the opinion form, 采用 and 批示 (and undoing them), attachments, the ledger."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.operations.common import confirmed, open_form, open_record_form, pick_file
from desktop_app.ui.operations.ledger_import import export_ledger_file, pick_and_import
from desktop_app.ui.tasks import Task

if TYPE_CHECKING:
    from desktop_app.domain.period import Period
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.ledgers.pipeline import LedgerImporter
    from desktop_app.services.members import MemberRow
    from desktop_app.services.opinions import (AdoptionLine, InstructionLine, OpinionDetail, OpinionFilter,
                                               OpinionRow, OpinionsService, SubmitterOption)
    from desktop_app.services.organizations import OrganizationRow
    from desktop_app.ui.dialogs.opinion_forms import AdoptionDialog, InstructionDialog
    from desktop_app.ui.operations.ledger_import import Confirm

LEDGER = "社情民意信息台账"


# ----- what the page loads -----
def load_submitters(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> list["SubmitterOption"]:
    from desktop_app.services.opinions import OpinionsService

    return OpinionsService(ctx).submitters()


def load_opinions(flt: "OpinionFilter") -> Callable[["ServiceContext", Progress, Cancelled], list["OpinionRow"]]:
    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> list["OpinionRow"]:
        from desktop_app.services.opinions import OpinionsService

        return OpinionsService(ctx).list_rows(flt)

    return load


def load_opinion(opinion_id: int) -> Callable[["ServiceContext", Progress, Cancelled], "OpinionDetail"]:
    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "OpinionDetail":
        from desktop_app.services.opinions import OpinionsService

        return OpinionsService(ctx).get(opinion_id)

    return load


def _service(ctx: "ServiceContext") -> "OpinionsService":
    from desktop_app.services.opinions import OpinionsService

    return OpinionsService(ctx)


def _run(desk: Desk, parent: QWidget, title: str, call: Callable[["ServiceContext"], "Changes"]) -> Task | None:
    return desk.run(lambda ctx, p, c: call(ctx), title=title, parent=parent, writer=True, on_done=desk.announce)


# ----- the opinion itself -----
def open_opinion_form(desk: Desk, *, parent: QWidget, opinion_id: int | None,
                      on_saved: Callable[[int], None] | None = None) -> Task | None:
    """新增 or 编辑 an opinion; submitters are picked from the roster (and the organizations)."""
    from desktop_app.ui.dialogs.opinion_forms import OpinionForm

    Loaded = tuple["OpinionDetail | None", list["MemberRow"], list["OrganizationRow"]]

    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Loaded:
        from desktop_app.services.members import MembersService
        from desktop_app.services.opinions import OpinionsService
        from desktop_app.services.organizations import OrganizationService

        detail = OpinionsService(ctx).get(opinion_id) if opinion_id else None
        return detail, MembersService(ctx).search(""), OrganizationService(ctx).organizations()

    def show(result: Loaded) -> None:
        detail, roster, organizations = result
        form = OpinionForm(detail=detail, roster=roster, organizations=organizations, parent=parent)
        open_record_form(desk, parent=parent, form=form, attr="opinion_form", title="保存社情民意信息", detail=detail,
                         service=_service, on_saved=on_saved)

    return desk.run(load, title="读取社情民意信息", parent=parent, on_done=show)


def delete_opinion(desk: Desk, *, parent: QWidget, row: "OpinionRow", ask: bool = True) -> Task | None:
    if ask and not confirmed(parent, "删除社情民意信息",
                             f"确定删除“{row.title}”吗？它的采用、批示记录和附件一并删除。"):
        return None

    def call(ctx: "ServiceContext") -> "Changes":
        from desktop_app.services.opinions import OpinionsService

        return OpinionsService(ctx).delete(row.id, expected_version=row.version)

    return _run(desk, parent, "删除社情民意信息", call)


# ----- 采用 and 批示 -----
def record_adoption(desk: Desk, *, parent: QWidget, row: "OpinionRow") -> "AdoptionDialog":
    """采用: the level (县/市/省/全国), the date and a note (which bulletin, by whom)."""
    from desktop_app.ui.dialogs.opinion_forms import AdoptionDialog

    def adopt(ctx: "ServiceContext", values: tuple[str, date, str | None]) -> "Changes":
        from desktop_app.services.opinions import OpinionsService

        level, on, note = values
        return OpinionsService(ctx).adopt(row.id, level=level, on=on, note=note)

    return open_form(desk, parent=parent, form=AdoptionDialog(title=row.title, taken=row.adopted_levels, parent=parent),
                     attr="adoption_dialog", title="登记采用", call=adopt)


def record_instruction(desk: Desk, *, parent: QWidget, row: "OpinionRow") -> "InstructionDialog":
    """批示: the leader, the date and what was written."""
    from desktop_app.ui.dialogs.opinion_forms import InstructionDialog

    def instruct(ctx: "ServiceContext", values: tuple[str | None, date, str]) -> "Changes":
        from desktop_app.services.opinions import OpinionsService

        leader, on, text = values
        return OpinionsService(ctx).instruct(row.id, leader=leader, on=on, text=text)

    return open_form(desk, parent=parent, form=InstructionDialog(title=row.title, parent=parent),
                     attr="instruction_dialog", title="登记批示", call=instruct)


def undo_adoption(desk: Desk, *, parent: QWidget, line: "AdoptionLine", ask: bool = True) -> Task | None:
    when = f"（{line.adopted_on.isoformat()}）" if line.adopted_on else ""
    if ask and not confirmed(parent, "撤销采用", f"撤销这条{line.level_label}级采用{when}吗？只在登记有误时撤销。"):
        return None

    def call(ctx: "ServiceContext") -> "Changes":
        from desktop_app.services.opinions import OpinionsService

        return OpinionsService(ctx).unadopt(line.id)

    return _run(desk, parent, "撤销采用", call)


def remove_instruction(desk: Desk, *, parent: QWidget, line: "InstructionLine", ask: bool = True) -> Task | None:
    who = line.leader or "领导"
    if ask and not confirmed(parent, "删除批示", f"删除{who}的这条批示吗？只在登记有误时删除。"):
        return None

    def call(ctx: "ServiceContext") -> "Changes":
        from desktop_app.services.opinions import OpinionsService

        return OpinionsService(ctx).remove_instruction(line.id)

    return _run(desk, parent, "删除批示", call)


def attach_to_opinion(desk: Desk, *, parent: QWidget, opinion_id: int, path: Path | None = None) -> Task | None:
    """添加附件 (the 编报 page, a leader's scanned 批示): copied into the data folder."""
    if path is None:
        path = pick_file(parent, "选择附件", "所有文件 (*)")
        if path is None:
            return None
    chosen = path

    def call(ctx: "ServiceContext") -> "Changes":
        from desktop_app.services.opinions import OpinionsService

        return OpinionsService(ctx).attach(opinion_id, chosen)

    return _run(desk, parent, "添加附件", call)


# ----- the ledger -----
def import_opinions(desk: Desk, *, parent: QWidget, path: Path | None = None,
                    confirm: "Confirm | None" = None) -> Task | None:
    """导入社情民意信息台账: preview, ask, then write the new opinions (organizations it names are created)."""
    def importer(ctx: "ServiceContext") -> "LedgerImporter":
        from desktop_app.services.ledgers.opinions import opinion_importer

        return opinion_importer(ctx)

    return pick_and_import(desk, parent=parent, path=path, importer=importer, confirm=confirm)


def export_opinions(desk: Desk, *, parent: QWidget, year: int | None, path: Path | None = None) -> Task | None:
    """导出社情民意信息台账 of a year (None: every year), in the columns the import reads."""
    def write(ctx: "ServiceContext", out: Path, period: "Period | None") -> int:
        from desktop_app.services.ledgers.export import export_opinions as export

        return export(ctx, out, period)

    return export_ledger_file(desk, parent=parent, label=LEDGER, year=year, path=path, exporter=write,
                              counted="篇社情民意信息")
