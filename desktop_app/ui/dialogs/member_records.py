"""导出履职档案: which year, whose records (all members in office, or the ones selected), and into which folder."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget)

YEARS_SHOWN = 10


@dataclass(frozen=True)
class RecordsRequest:
    year: int
    folder: Path
    member_ids: tuple[int, ...] | None  # None: every member in office at the end of the year


def default_folder(exports: Path, year: int) -> Path:
    return exports / f"委员履职档案（{year}年度）"


class MemberRecordsDialog(QDialog):
    """Asks the year (this year first), all or the selected members, and the folder (under <data>/exports)."""

    def __init__(self, *, exports: Path, selected: list[tuple[int, str]], parent: QWidget | None = None,
                 today: date | None = None):
        super().__init__(parent)
        self.setWindowTitle("导出履职档案")
        self.setMinimumWidth(520)
        self._exports = Path(exports)
        self._selected = list(selected)
        this_year = (today or date.today()).year
        self.year = QComboBox()
        for year in range(this_year, this_year - YEARS_SHOWN, -1):
            self.year.addItem(f"{year}年度", year)
        self.all_members = QRadioButton("全部在任委员（以年末在任为准）")
        names = "、".join(name for _, name in self._selected[:3]) + ("等" if len(self._selected) > 3 else "")
        self.selected_members = QRadioButton(f"所选的 {len(self._selected)} 名委员（{names}）" if self._selected
                                             else "所选的委员（请先在名单中选择）")
        self.selected_members.setEnabled(bool(self._selected))
        group = QButtonGroup(self)
        group.addButton(self.all_members)
        group.addButton(self.selected_members)
        (self.selected_members if self._selected else self.all_members).setChecked(True)
        self.folder = QLineEdit(str(default_folder(self._exports, this_year)))
        self._folder_touched = False
        self.folder.textEdited.connect(lambda _t: setattr(self, "_folder_touched", True))
        self.browse = QPushButton("浏览…")
        self.browse.clicked.connect(self._browse)
        self.year.currentIndexChanged.connect(self._year_changed)

        who = QVBoxLayout()
        who.addWidget(self.all_members)
        who.addWidget(self.selected_members)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(self.browse)
        form = QFormLayout(self)
        form.addRow("年度", self.year)
        form.addRow("委员", who)
        form.addRow("保存到", where)
        note = QLabel("每位委员一个 Word 文件，文件名为委员姓名；文件夹不存在时自动创建，同名文件将被替换。")
        note.setWordWrap(True)
        form.addRow(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.folder.textChanged.connect(self._update)
        self._update()

    def _year_changed(self) -> None:
        if not self._folder_touched:
            self.folder.setText(str(default_folder(self._exports, self.year.currentData())))

    def _browse(self) -> None:
        start = self.folder.text().strip() or str(self._exports)
        if not Path(start).is_dir():
            start = str(self._exports)
        chosen = QFileDialog.getExistingDirectory(self, "选择保存履职档案的文件夹", start)
        if chosen:
            self._folder_touched = True
            self.folder.setText(chosen)

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.folder.text().strip()))

    def _accept(self) -> None:
        if self.folder.text().strip():
            self.accept()

    def request(self) -> RecordsRequest:
        ids = tuple(member_id for member_id, _ in self._selected) if self.selected_members.isChecked() else None
        return RecordsRequest(self.year.currentData(), Path(self.folder.text().strip()), ids)
