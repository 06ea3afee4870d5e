"""The base of the small record forms: fields in a form layout, 保存/取消, and `data()` handed to `on_save`.

The operation that opens a form sets `on_save` (it runs the save as a task and closes the form when it
succeeds); a value the form itself refuses is shown over the form, which stays open.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QWidget


class SaveForm(QDialog):
    def __init__(self, title: str, parent: QWidget | None, *, save_text: str = "保存"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)  # names like “黄崖洞镇黄崖8村协商议事室” show whole
        self.on_save: Callable[[object], None] = lambda data: None  # the form's data(), to the operation
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        """Call after the fields are added: the buttons go last."""
        self.form.addRow(self.buttons)

    def submit(self) -> None:
        """Each form defines `data()`, which gathers its fields or raises a DeskError naming the bad one."""
        from desktop_app.domain.errors import DeskError
        from desktop_app.ui.tasks import show_error

        try:
            values = self.data()  # type: ignore[attr-defined]
        except DeskError as exc:
            show_error(self, exc)
            return
        self.on_save(values)
