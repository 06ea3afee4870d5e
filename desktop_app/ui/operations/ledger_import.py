"""导入台账 in the window, for every ledger kind: read and preview on a worker, ask, commit the plan seen.

The commit plans again in the write transaction; when someone wrote meanwhile it refuses with
the difference (PlanChanged), and the prompt shows that difference with the new plan and offers
to import the new plan instead. Like every write, the commit returns Changes (with the import's Batch):
they are announced, then the summary is shown.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.operations.common import ask_to_import
from desktop_app.ui.tasks import Task, info, show_error

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.ledgers.pipeline import ImportOptions, ImportPlan, LedgerImporter, Located

Importer = Callable[["ServiceContext"], "LedgerImporter"]  # the kind's importer (activity_importer …)
Confirm = Callable[["ImportPlan"], bool]  # in tests: answers the preview instead of the user


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
        lines = ([note, ""] if note else []) + plan.lines()
        ask_to_import(parent, lines, list(plan.problems), go)

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
