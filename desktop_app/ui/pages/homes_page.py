"""委员之家 page: activities (filters, detail, attendance, attachments, 签到表, ledgers) and the homes."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QComboBox, QPushButton, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.ui.desk import Desk
from desktop_app.ui.models.gatherings import ACTIVITY_COLUMNS, HOME_COLUMNS
from desktop_app.ui.models.row_table import RowTableModel
from desktop_app.ui.operations.attachments import attachment_id_of, open_attachment
from desktop_app.ui.operations.templates import system_opener
from desktop_app.ui.operations.homes import HomeLists, load_activities, load_activity, load_home_lists
from desktop_app.ui.widgets.filter_bar import filter_combo, filter_row, refill, reset, search_box
from desktop_app.ui.widgets.record_list_page import (Action, LatestLoad, Loader, RecordListPage, filtered_list,
                                                     list_above)
from desktop_app.ui.widgets.record_lists import (attachments_html, button_row, chosen_row, chosen_span, corner_label,
                                                 make_table, select_record, year_combo, year_part_combo)

if TYPE_CHECKING:
    from desktop_app.services.activities import ActivityDetail, ActivityFilter, ActivityRow
    from desktop_app.services.changes import Changes
    from desktop_app.services.homes import HomeRow


class HomesPage(RecordListPage["ActivityRow"]):
    record_noun = "活动"
    count_noun = "次"
    load_title = "读取活动"

    def __init__(self, desk: Desk):
        super().__init__(desk)
        self.lists = HomeLists()
        self.lists_loader: LatestLoad[HomeLists] = LatestLoad(desk, title="读取委员之家", parent=self)
        self._build()
        self.follow_desk()

    @property
    def homes(self) -> list[HomeRow]:
        return self.lists.homes

    @property
    def kinds(self) -> list[str]:
        return self.lists.kinds

    # ----- widgets -----
    def _build(self) -> None:
        self.year = year_combo()
        self.year_part = year_part_combo(self.year)
        self.home_combo, self.township_combo = filter_combo("委员之家"), filter_combo("乡镇")
        self.kind_combo = filter_combo("类型")
        self.search, self._debounce = search_box(self, placeholder="搜索活动名称、地点", on_idle=self.reload_activities)
        filters = filter_row((self.year, self.year_part, self.home_combo, self.township_combo, self.kind_combo),
                             self.search, on_change=self.reload_activities)

        self.add_button, self.edit_button = QPushButton("新增活动"), QPushButton("编辑")
        self.attendance_button, self.attach_button = QPushButton("登记出席"), QPushButton("添加附件")
        self.sign_in_button, self.delete_button = QPushButton("签到表"), QPushButton("删除")
        self.import_button, self.export_button = QPushButton("导入台账"), QPushButton("导出台账")
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

        model = RowTableModel(ACTIVITY_COLUMNS, self)
        table = make_table(model, [90, 140, 110, 200, 110, 44, 44, 44, 64, 64], stretch=3)
        table.setObjectName("activityTable")
        table.activated.connect(lambda _i: self._with_activity(self._attendance))  # double-click or Enter
        self.detail = QTextBrowser()
        self.detail.setObjectName("activityDetail")
        self.detail.setOpenLinks(False)  # attachment:ID links open the attachment (ui/operations/attachments.py)
        self.detail.anchorClicked.connect(self._on_link)
        self.opener = system_opener  # opens an attachment's file; tests put their own
        area = self.attach_list(table, model)
        activities = QWidget()
        filtered_list(activities, filters, actions, list_above(area, self.detail, (400, 160)))

        self.home_model = RowTableModel(HOME_COLUMNS, self)
        self.home_table = make_table(self.home_model, [180, 60, 90, 180, 70, 70, 120], stretch=3)
        self.home_table.setObjectName("homeTable")
        self.show_retired = QComboBox()
        self.show_retired.addItems(["在用的委员之家", "包括已撤销的"])
        self.show_retired.currentIndexChanged.connect(self._show_homes)
        self.home_add, self.home_edit = QPushButton("新增委员之家"), QPushButton("编辑")
        self.home_members, self.home_retire = QPushButton("分配委员"), QPushButton("撤销")
        self.home_add.clicked.connect(self._new_home)
        self.home_edit.clicked.connect(lambda: self._with_home(self._edit_home))
        self.home_members.clicked.connect(lambda: self._with_home(self._home_members))
        self.home_retire.clicked.connect(lambda: self._with_home(self._retire_or_reinstate))
        self.home_retire.setToolTip("撤销选中的委员之家；选中一个已撤销的，则是恢复它")
        self.home_table.selectionModel().selectionChanged.connect(lambda *_: self._on_home_selection())
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
        self.selection_changed([])
        self.clear_detail()

    # ----- data -----
    def current_filter(self) -> ActivityFilter:
        from desktop_app.services.activities import ActivityFilter

        start, end = chosen_span(self.year, self.year_part)
        return ActivityFilter(start=start, end=end,
                              home_id=self.home_combo.currentData(), township=self.township_combo.currentData(),
                              kind=self.kind_combo.currentData(), text=self.search.text())

    @property
    def _loading(self) -> bool:
        return self.loader.loading or self.lists_loader.loading

    def reload(self) -> None:
        """Homes, kinds and townships, then the activities."""
        self.lists_loader.start(load_home_lists, self._on_lists)

    def _on_lists(self, lists: HomeLists) -> None:
        self.lists = lists
        refill(self.home_combo, [(h.name, h.id) for h in lists.homes])
        refill(self.township_combo, [(t, t) for t in sorted({h.township for h in lists.homes if h.township})])
        refill(self.kind_combo, [(k, k) for k in lists.kinds])
        self._show_homes()
        self.reload_activities()

    def _show_homes(self) -> None:
        retired = self.show_retired.currentIndex() == 1
        self.home_model.set_rows([h for h in self.homes if retired or h.active])
        self._on_home_selection()

    def reload_activities(self) -> None:
        """The activities the filters choose (read again from the store)."""
        self._debounce.stop()
        super().reload()

    def query(self) -> Loader[list[ActivityRow]]:
        return load_activities(self.current_filter())

    def count_summary(self, shown: list[ActivityRow], total: int) -> str:
        return f"{len(shown)} 次活动，出席 {sum(r.present for r in shown)} 人次"

    def filtered(self) -> bool:
        return bool(self.search.text().strip()) or any(
            c.currentData() is not None for c in (self.year, self.home_combo, self.township_combo, self.kind_combo))

    def clear_filters(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        reset(self.year, self.home_combo, self.township_combo, self.kind_combo)
        self.reload_activities()

    def empty_actions(self) -> list[Action]:
        return [("新增活动", lambda: self._open_activity(None)), ("导入台账", self._import)]

    def cares_about(self, changes: Changes) -> bool:
        return changes.touches("homes", "activities", "members", "vocabularies")

    # ----- selection and detail -----
    def selected_activity(self) -> ActivityRow | None:
        return self.selected()

    def selected_home(self) -> HomeRow | None:
        return chosen_row(self.home_table, self.home_model)

    def select_activity(self, activity_id: int) -> bool:
        return select_record(self.table, self.model, activity_id)

    def selection_changed(self, rows: list[ActivityRow]) -> None:
        for button in (self.edit_button, self.attendance_button, self.attach_button, self.sign_in_button,
                       self.delete_button):
            button.setEnabled(len(rows) == 1)

    def clear_detail(self) -> None:
        self.detail.setHtml("<p>选择一次活动查看出席名单和附件。</p>")

    def detail_query(self, row: ActivityRow) -> Loader[ActivityDetail]:
        return load_activity(row.id)

    def show_detail(self, detail: ActivityDetail) -> None:
        d = detail.data
        groups: dict[str, list[str]] = {}
        for line in detail.attendance:
            groups.setdefault(line.status_label, []).append(line.name)
        people = "".join(f"<p><b>{label}</b>（{len(names)}）：{html.escape('、'.join(names))}</p>"
                         for label, names in groups.items()) or "<p>尚未登记出席。</p>"
        self.detail.setHtml(
            f"<h3>{html.escape(d.title)}</h3><p>{d.held_on}　{html.escape(detail.home_name or '全县性活动')}　"
            f"{html.escape(d.kind)}　{html.escape(d.place or '')}</p>{people}"
            f"<p>{html.escape(d.summary or '')}</p>{attachments_html(detail.attachments)}")

    def _on_link(self, url: QUrl) -> None:
        attachment_id = attachment_id_of(url)
        if attachment_id is not None:
            open_attachment(self.desk, attachment_id, parent=self, opener=self.opener)

    # ----- actions -----
    def _with_activity(self, action: Callable[[ActivityRow], object]) -> None:
        chosen = self.selected_activity()
        if chosen is not None:
            action(chosen)

    def _with_home(self, action: Callable[[HomeRow], object]) -> None:
        chosen = self.selected_home()
        if chosen is not None:
            action(chosen)

    def _open_activity(self, activity_id: int | None) -> None:
        from desktop_app.ui.operations.homes import open_activity_form

        open_activity_form(self.desk, parent=self, activity_id=activity_id,
                           homes=[h for h in self.homes if h.active], kinds=self.kinds)

    def _attendance(self, row: ActivityRow) -> None:
        from desktop_app.ui.operations.homes import open_attendance

        open_attendance(self.desk, parent=self, activity_id=row.id)

    def _attach(self, row: ActivityRow) -> None:
        from desktop_app.ui.operations.homes import attach_to_activity

        attach_to_activity(self.desk, parent=self, activity_id=row.id)

    def _sign_in(self, row: ActivityRow) -> None:
        from desktop_app.ui.operations.homes import write_activity_sign_in

        write_activity_sign_in(self.desk, parent=self, activity_id=row.id, title=row.title)

    def _delete(self, row: ActivityRow) -> None:
        from desktop_app.ui.operations.homes import delete_activity

        delete_activity(self.desk, parent=self, row=row)

    def _import(self) -> None:
        from desktop_app.ui.operations.homes import import_activities

        import_activities(self.desk, parent=self)

    def _export(self) -> None:
        from desktop_app.ui.operations.homes import export_activities

        export_activities(self.desk, parent=self, year=self.year.currentData())

    def _new_home(self) -> None:
        from desktop_app.ui.operations.homes import open_home_form

        open_home_form(self.desk, parent=self, row=None)

    def _edit_home(self, row: HomeRow) -> None:
        from desktop_app.ui.operations.homes import open_home_form

        open_home_form(self.desk, parent=self, row=row)

    def _home_members(self, row: HomeRow) -> None:
        from desktop_app.ui.operations.homes import assign_home_members

        assign_home_members(self.desk, parent=self, row=row)

    def _on_home_selection(self) -> None:
        """The button under the homes undoes a 撤销 when the home chosen is a retired one."""
        chosen = self.selected_home()
        self.home_retire.setText("恢复" if chosen is not None and not chosen.active else "撤销")

    def _retire_or_reinstate(self, row: HomeRow) -> None:
        from desktop_app.ui.operations.homes import reinstate_home, retire_home

        if row.active:
            retire_home(self.desk, parent=self, row=row)
        else:
            reinstate_home(self.desk, parent=self, row=row)
