"""导入台账 and 导出台账 in the window, for every ledger kind: read and preview on a worker, ask, commit the plan seen.

The commit plans again in the write transaction; when someone wrote meanwhile it refuses with
the difference (PlanChanged), and the prompt shows that difference with the new plan and offers
to import the new plan instead. Like every write, the commit returns Changes (with the import's Batch):
they are announced, then the summary is shown.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

from desktop_app.domain.cn_format import exported_sentence
from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.operations.common import exports_folder, pick_file, safe_file_name, save_target
from desktop_app.ui.tasks import Task, info, present, show_error

if TYPE_CHECKING:
    from desktop_app.domain.period import Period
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.ledgers.pipeline import ImportOptions, ImportPlan, LedgerImporter, Located

Importer = Callable[["ServiceContext"], "LedgerImporter"]  # the kind's importer (activity_importer …)
Confirm = Callable[["ImportPlan"], bool]  # in tests: answers the preview instead of the user
Exporter = Callable[["ServiceContext", Path, "Period | None"], int]  # writes the ledger, returns its rows


def pick_and_import(desk: Desk, *, parent: QWidget, path: Path | None, importer: Importer,
                    confirm: Confirm | None = None) -> Task | None:
    """导入台账 of a file the user picks (or `path`): see import_ledger_file."""
    if path is None:
        path = pick_file(parent, "选择台账", "表格 (*.xlsx *.xls *.csv *.et *.ods)")
        if path is None:
            return None
    return import_ledger_file(desk, parent=parent, path=path, title="导入台账", importer=importer, confirm=confirm)


def export_ledger_file(desk: Desk, *, parent: QWidget, label: str, year: int | None, path: Path | None,
                       exporter: Exporter, counted: str) -> Task | None:
    """导出<label> of a year (None: every year) to a file the user names (or `path`), in the columns the import reads."""
    path = path or save_target(desk, parent, f"导出{label}", f"{label}{year or ''}.xlsx")
    if path is None:
        return None
    target = path

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> int:
        from desktop_app.domain.period import Period

        target.parent.mkdir(parents=True, exist_ok=True)
        return exporter(ctx, target, Period.year(year) if year else None)

    return desk.run(run, title=f"导出{label}", parent=parent, show_progress=True, cancellable=False,
                    on_done=lambda count: info(parent, exported_sentence(count, counted, target)))


def import_ledger_file(desk: Desk, *, parent: QWidget, path: Path, title: str, importer: Importer,
                       options: "ImportOptions | None" = None, confirm: Confirm | None = None,
                       on_imported: Callable[["Changes"], None] | None = None) -> Task | None:
    """Read `path` once, preview it, ask (or `confirm(plan)` in tests), then commit that very plan.

    `importer(ctx)` gives the kind's LedgerImporter; `options` its ImportOptions (None: found in the file).
    `on_imported` gets the Changes once announced (else the import's summary is shown).
    """

    def check(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> tuple["Located", "ImportPlan"]:
        from desktop_app.services.ledgers.pipeline import ImportOptions

        service = importer(ctx)
        located = service.read(path, options or ImportOptions())
        return located, service.preview(located, progress=progress, cancelled=cancelled)

    def ask(located: "Located", plan: "ImportPlan", note: str | None = None) -> None:
        def go(skip_invalid: bool) -> None:
            commit(located, plan, skip_invalid)

        if confirm is not None:
            if confirm(plan):
                go(bool(plan.problems))
            return
        from desktop_app.ui.dialogs.import_preview import ImportPreviewDialog

        def write_problems(out: Path) -> Task | None:
            return write_problem_list(desk, parent=dialog, importer=importer, located=located, plan=plan, out=out)

        dialog = ImportPreviewDialog(plan, note=note, write_problems=write_problems, parent=parent,
                                     problem_file=exports_folder(desk) / safe_file_name(
                                         f"{Path(plan.file_name).stem}-问题清单.xlsx"))
        dialog.accepted.connect(lambda: go(bool(plan.problems)))
        present(dialog)

    def commit(located: "Located", plan: "ImportPlan", skip_invalid: bool) -> None:
        def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
            return importer(ctx).commit(located, plan, skip_invalid=skip_invalid, progress=progress,
                                        cancelled=cancelled)

        def done(changes: "Changes") -> None:
            desk.announce(changes)
            if on_imported is not None:
                on_imported(changes)
            elif changes.batch is not None:
                info(parent, "\n".join(changes.batch.lines))

        def failed(exc: BaseException) -> None:
            from desktop_app.domain.errors import PlanChanged

            if isinstance(exc, PlanChanged):  # someone wrote since the preview: show how, offer the new plan
                ask(located, exc.plan, note=exc.message)
                return
            show_error(parent, exc, log_path=desk.log_path)

        desk.run(run, title=title, parent=parent, writer=True, show_progress=True, on_done=done, on_failed=failed)

    def checked(result: tuple["Located", "ImportPlan"]) -> None:
        ask(*result)

    return desk.run(check, title=f"检查{title[2:] if title.startswith('导入') else title}", parent=parent,
                    show_progress=True, on_done=checked)


def write_problem_list(desk: Desk, *, parent: QWidget, importer: Importer, located: "Located", plan: "ImportPlan",
                       out: Path) -> Task | None:
    """导出问题清单 of any import: the input sheet with a 问题 column beside each row that has one, to `out` (.xlsx)."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Path:
        return importer(ctx).write_problem_report(located, plan, out)

    return desk.run(run, title="导出问题清单", parent=parent,
                    on_done=lambda written: info(parent, f"问题清单已保存到“{written}”。"))
