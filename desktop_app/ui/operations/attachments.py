"""Opening an attachment from a record's detail (the links `attachment:ID` of record_lists.attachments_html).

The service says which file holds it (services.attachments.AttachmentsService.open_path): the data folder's own
file on SQLite, or — on a server database several PCs share — a copy of the database's content written to this
user's cache folder; the file is then opened with the program the system associates with it.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.operations.common import failed
from desktop_app.ui.operations.templates import Opener, open_file
from desktop_app.ui.tasks import Task

if TYPE_CHECKING:
    from desktop_app.services.context import ServiceContext

SCHEME = "attachment"


def attachment_id_of(url: QUrl) -> int | None:
    """The attachment a detail's link names, or None when it is no attachment link."""
    raw = url.path()
    return int(raw) if url.scheme() == SCHEME and raw.isdigit() else None


def open_attachment(desk: Desk, attachment_id: int, *, parent: QWidget, opener: Opener) -> Task | None:
    """Write out (when kept in the database) and open the attachment; a problem is one message over `parent`."""
    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Path:
        from desktop_app.services.attachments import AttachmentsService

        return AttachmentsService(ctx).open_path(attachment_id)

    return desk.run(run, title="打开附件", parent=parent, on_done=lambda path: open_file(parent, path, opener),
                    on_failed=failed(desk, parent))
