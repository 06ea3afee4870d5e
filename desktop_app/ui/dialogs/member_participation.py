"""A member's activities (with attendance) and consultations, newest first."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QTabWidget, QVBoxLayout, QWidget

from desktop_app.ui.models.row_table import Column, RowTableModel, column

if TYPE_CHECKING:
    from desktop_app.services.participation import MemberActivity, MemberConsultation, MemberParticipation

ACTIVITY_COLUMNS = [column("日期", "held_on"), column("活动类型", "kind"), column("活动名称", "title"),
                    column("委员之家", "home_name"), ("出席情况", lambda r: r.status_label, lambda r: r.status)]
CONSULTATION_COLUMNS = [column("日期", "held_on"), column("协商议事室", "platform_name"), column("议题", "topic"),
                        ("落实情况", lambda r: r.follow_up_label, lambda r: r.follow_up_status)]


def _table(columns: list[Column], rows: Sequence["MemberActivity | MemberConsultation"], parent: QWidget) -> QTableView:
    model = RowTableModel(columns, parent)
    model.set_rows(list(rows))
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setStretchLastSection(True)
    view.setColumnWidth(2, 240)
    return view


class ParticipationDialog(QDialog):
    def __init__(self, *, name: str, participation: "MemberParticipation", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{name}的活动与协商")
        self.resize(760, 520)
        p = participation
        summary = QLabel(f"委员之家活动：出席 {p.present} 次，请假 {p.excused} 次，缺席 {p.absent} 次；"
                         f"参加有事来商量 {len(p.consultations)} 次。")
        summary.setObjectName("participationSummary")
        self.tabs = QTabWidget()
        self.activities = _table(ACTIVITY_COLUMNS, list(p.activities), self)
        self.consultations = _table(CONSULTATION_COLUMNS, list(p.consultations), self)
        self.tabs.addTab(self.activities, f"活动（{len(p.activities)}）")
        self.tabs.addTab(self.consultations, f"协商（{len(p.consultations)}）")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
