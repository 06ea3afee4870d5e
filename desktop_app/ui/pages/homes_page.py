"""委员之家 page: activities (filters, detail, attendance, attachments, 签到表, ledgers) and the homes."""
from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QLabel, QPushButton, QSplitter, QTabWidget,
                               QTextBrowser, QVBoxLayout, QWidget)

from desktop_app.ui.desk import Desk
from desktop_app.ui.models.gatherings import ACTIVITY_COLUMNS, HOME_COLUMNS
from desktop_app.ui.models.row_table import RowTableModel
from desktop_app.ui.widgets.filter_bar import filter_row, search_box
from desktop_app.ui.widgets.record_lists import (attachments_html, button_row, chosen_row, corner_label, fill_combo,
                                                 chosen_span, follow_desk, make_table, select_record, year_combo,
                                                 year_part_combo)

class HomesPage(QWidget):
    sig_filled = Signal()

    def __init__(self, desk: Desk):
        super().__init__()
        self.desk = desk
        self.homes: list[Any] = []
        self.kinds: list[str] = []
        self._loading = False
        self._generation = 0  # only the newest load's rows are shown (loads may finish out of order)
        self._build()
        follow_desk(self)

    # ----- widgets -----
    def _build(self) -> None:
        self.year = year_combo()
        self.year_part = year_part_combo(self.year)
        self.home_combo, self.township_combo, self.kind_combo = QComboBox(), QComboBox(), QComboBox()
        for combo, label in ((self.home_combo, "委员之家"), (self.township_combo, "乡镇"), (self.kind_combo, "类型")):
            fill_combo(combo, label, [])
        self.search, self._debounce = search_box(self, placeholder="搜索活动名称、地点", on_idle=self.reload_activities)
        filters = filter_row((self.year, self.year_part, self.home_combo, self.township_combo, self.kind_combo),
                             self.search, on_change=self.reload_activities)

        self.add_button, self.edit_button = QPushButton("新增活动"), QPushButton("编辑")
        self.attendance_button, self.attach_button = QPushButton("登记出席"), QPushButton("添加附件")
        self.sign_in_button, self.delete_button = QPushButton("签到表"), QPushButton("删除")
        self.import_button, self.export_button = QPushButton("导入台账"), QPushButton("导出台账")
        self.count_label = QLabel("正在载入……")
        actions = button_row(self.add_button, self.edit_button, self.attendance_button, self.attach_button,
                             self.sign_in_button, self.delete_button, self.import_button, self.export_button)
        self.add_button.clicked.connect(lambda: self._open_activity(None))
        self.edit_button.clicked.connect(lambda: self._with_activity(lambda r: self._open_activity(r.id)))
        self.attendance_button.clicked.connect(lambda: self._with_activity(self._attendance))
        self.attach_button.clicked.connect(lambda: self._with_activity(self._attach))
        self.sign_in_button.clicked.connect(lambda: self._with_activity(self._sign_in))
        self.delete_button.clicked.connect(lambda: self._with_activity(self._delete))
        self.import_button.clicked.connect(self._import)
        self.export_button.clicked.connect(self._export)

        self.model = RowTableModel(ACTIVITY_COLUMNS, self)
        self.table = make_table(self.model, [90, 140, 110, 200, 110, 44, 44, 44, 64, 64], stretch=3)
        self.table.setObjectName("activityTable")
        self.table.activated.connect(lambda _i: self._with_activity(self._attendance))  # double-click or Enter
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.detail = QTextBrowser()
        self.detail.setObjectName("activityDetail")
        self.detail.setOpenExternalLinks(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([400, 160])
        activities = QWidget()
        box = QVBoxLayout(activities)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(filters)
        box.addLayout(actions)
        box.addWidget(split, 1)

        self.home_model = RowTableModel(HOME_COLUMNS, self)
        self.home_table = make_table(self.home_model, [180, 60, 90, 180, 70, 70, 120], stretch=3)
        self.home_table.setObjectName("homeTable")
        self.show_retired = QComboBox()
        self.show_retired.addItems(["在用的委员之家", "包括已撤销的"])
        self.show_retired.currentIndexChanged.connect(self._show_homes)
        self.home_add, self.home_edit = QPushButton("新增委员之家"), QPushButton("编辑")
        self.home_members, self.home_retire = QPushButton("分配委员"), QPushButton("撤销")
        self.home_add.clicked.connect(lambda: self._home_op("open_home_form", None))
        self.home_edit.clicked.connect(lambda: self._with_home(lambda r: self._home_op("open_home_form", r)))
        self.home_members.clicked.connect(lambda: self._with_home(lambda r: self._home_op("assign_home_members", r)))
        self.home_retire.clicked.connect(lambda: self._with_home(lambda r: self._home_op("retire_home", r)))
        homes = QWidget()
        hbox = QVBoxLayout(homes)
        hbox.setContentsMargins(0, 0, 0, 0)
        hrow = button_row(self.home_add, self.home_edit, self.home_members, self.home_retire)
        hrow.addWidget(self.show_retired)
        hbox.addLayout(hrow)
        hbox.addWidget(self.home_table, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(activities, "活动")
        self.tabs.addTab(homes, "委员之家")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        corner_label(self.tabs, self.count_label)
        layout.addWidget(self.tabs)
        self._on_selection()

    # ----- data -----
    def current_filter(self):
        from desktop_app.services.activities import ActivityFilter

        start, end = chosen_span(self.year, self.year_part)
        return ActivityFilter(start=start, end=end,
                              home_id=self.home_combo.currentData(), township=self.township_combo.currentData(),
                              kind=self.kind_combo.currentData(), text=self.search.text())

    def reload(self) -> None:
        """Homes, kinds and townships, then the activities."""
        self._loading = True

        def load(ctx, progress, cancelled):
            from desktop_app.services.activities import ActivitiesService
            from desktop_app.services.homes import HomesService

            return HomesService(ctx).list_homes(include_retired=True), ActivitiesService(ctx).kinds()

        self.desk.run(load, title="读取委员之家", parent=self, on_done=self._on_lists)

    def _on_lists(self, result) -> None:
        self.homes, self.kinds = result
        fill_combo(self.home_combo, "委员之家", [(h.name, h.id) for h in self.homes])
        fill_combo(self.township_combo, "乡镇", [(t, t) for t in sorted({h.township for h in self.homes if h.township})])
        fill_combo(self.kind_combo, "类型", [(k, k) for k in self.kinds])
        self._show_homes()
        self.reload_activities()

    def _show_homes(self) -> None:
        retired = self.show_retired.currentIndex() == 1
        self.home_model.set_rows([h for h in self.homes if retired or h.active])

    def reload_activities(self) -> None:
        self._debounce.stop()
        self._loading = True
        self._generation += 1
        generation, flt = self._generation, self.current_filter()

        def load(ctx, progress, cancelled):
            from desktop_app.services.activities import ActivitiesService

            return ActivitiesService(ctx).list_rows(flt)

        self.desk.run(load, title="读取活动", parent=self,
                      on_done=lambda rows: self._on_activities(rows) if generation == self._generation else None)

    def _on_activities(self, rows) -> None:
        self.model.set_rows(rows)
        self._loading = False
        present = sum(r.present for r in rows)
        self.count_label.setText(f"{len(rows)} 次活动，出席 {present} 人次")
        self._on_selection()
        self.sig_filled.emit()

    def _on_desk_changed(self, changes) -> None:
        if self.desk.ready and (changes.homes or changes.activities or changes.members or changes.vocabularies):
            self.reload()

    # ----- selection and detail -----
    def selected_activity(self) -> Any | None:
        return chosen_row(self.table, self.model)

    def selected_home(self) -> Any | None:
        return chosen_row(self.home_table, self.home_model)

    def select_activity(self, activity_id: int) -> bool:
        return select_record(self.table, self.model, activity_id)

    def _on_selection(self) -> None:
        chosen = self.selected_activity()
        for button in (self.edit_button, self.attendance_button, self.attach_button, self.sign_in_button,
                       self.delete_button):
            button.setEnabled(chosen is not None)
        if chosen is None:
            self.detail.setHtml("<p>选择一次活动查看出席名单和附件。</p>")
            return
        root = self.desk.data_dir

        def load(ctx, progress, cancelled):
            from desktop_app.services.activities import ActivitiesService

            return ActivitiesService(ctx).get(chosen.id)

        def show(detail) -> None:
            still = self.selected_activity()
            if still is None or still.id != detail.id:
                return  # another activity was chosen meanwhile
            d = detail.data
            groups = {}
            for line in detail.attendance:
                groups.setdefault(line.status_label, []).append(line.name)
            people = "".join(f"<p><b>{label}</b>（{len(names)}）：{html.escape('、'.join(names))}</p>"
                             for label, names in groups.items()) or "<p>尚未登记出席。</p>"
            self.detail.setHtml(
                f"<h3>{html.escape(d.title)}</h3><p>{d.held_on}　{html.escape(detail.home_name or '全县性活动')}　"
                f"{html.escape(d.kind)}　{html.escape(d.place or '')}</p>{people}"
                f"<p>{html.escape(d.summary or '')}</p>{attachments_html(detail.attachments, root)}")

        self.desk.run(load, title="读取活动", parent=self, on_done=show)

    # ----- actions -----
    def _with_activity(self, action) -> None:
        chosen = self.selected_activity()
        if chosen is not None:
            action(chosen)

    def _with_home(self, action) -> None:
        chosen = self.selected_home()
        if chosen is not None:
            action(chosen)

    def _open_activity(self, activity_id: int | None) -> None:
        from desktop_app.ui.operations.homes import open_activity_form

        open_activity_form(self.desk, parent=self, activity_id=activity_id,
                           homes=[h for h in self.homes if h.active], kinds=self.kinds)

    def _attendance(self, row) -> None:
        from desktop_app.ui.operations.homes import open_attendance

        open_attendance(self.desk, parent=self, activity_id=row.id)

    def _attach(self, row) -> None:
        from desktop_app.ui.operations.homes import attach_file

        attach_file(self.desk, parent=self, owner="activity", record_id=row.id)

    def _sign_in(self, row) -> None:
        from desktop_app.ui.operations.homes import write_sign_in

        write_sign_in(self.desk, parent=self, owner="activity", record_id=row.id, title=row.title)

    def _delete(self, row) -> None:
        from desktop_app.ui.operations.homes import delete_activity

        delete_activity(self.desk, parent=self, row=row)

    def _import(self) -> None:
        from desktop_app.ui.operations.homes import import_ledger

        import_ledger(self.desk, parent=self, kind="activities")

    def _export(self) -> None:
        from desktop_app.ui.operations.homes import export_ledger

        export_ledger(self.desk, parent=self, kind="activities", year=self.year.currentData())

    def _home_op(self, name: str, row) -> None:
        from desktop_app.ui.operations import homes as operations

        if name == "open_home_form":
            operations.open_home_form(self.desk, parent=self, row=row)
        else:
            getattr(operations, name)(self.desk, parent=self, row=row)
