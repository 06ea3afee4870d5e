"""基础资料 page: 届次与会次 (with opening dates), 承办单位 and 参加单位 — add, edit, merge duplicates."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLayout, QPushButton, QTabWidget, QTableView, QVBoxLayout, QWidget

from desktop_app.domain.cn_format import session_name
from desktop_app.ui.desk import Desk
from desktop_app.ui.models.row_table import Column, RowTableModel, column, sort_key, state, text
from desktop_app.ui.operations.registry import Registry, load_registry
from desktop_app.ui.widgets.record_list_page import LatestLoad, ListArea, count_text
from desktop_app.ui.widgets.record_lists import button_row, make_table

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.organizations import OrganizationRow, UnitRow
    from desktop_app.services.terms import SessionRow, TermRow

R = TypeVar("R")

ACTIVE_ONLY, WITH_RETIRED = 0, 1


def _cn(value: int) -> str:
    from desktop_app.domain.cn_format import cn_numeral

    return cn_numeral(value)


SESSION_COLUMNS: list[Column] = [
    ("届次", lambda r: f"第{_cn(r.term)}届", lambda r: (r.term, r.number)),
    ("会次", lambda r: f"第{_cn(r.number)}次", lambda r: (r.term, r.number)),
    ("名称", lambda r: session_name(r.term, r.number), lambda r: (r.term, r.number)),
    ("开幕日期", lambda r: r.opening_date.isoformat() if r.opening_date else "未填写",
     lambda r: sort_key(r.opening_date)),
]

ORGANIZATION_COLUMNS: list[Column] = [
    column("名称", "name"),
    ("类别", lambda r: r.kind_label, lambda r: r.kind_label),
    state("状态", lambda r: "在用" if r.active else "停用", lambda r: not r.active),
]


def unit_columns(status: Callable[["UnitRow"], str]) -> list[Column]:
    return [column("名称", "name"), column("类别", "kind"), column("联系人", "contact_person"),
            column("联系电话", "contact_phone"), state("状态", status, lambda r: status(r))]


def _tab(*rows: QWidget | QLayout, table: QWidget) -> QWidget:
    widget = QWidget()
    box = QVBoxLayout(widget)
    box.setContentsMargins(0, 0, 0, 0)
    for row in rows:
        if isinstance(row, QWidget):
            box.addWidget(row)
        else:
            box.addLayout(row)
    box.addWidget(table, 1)
    return widget


def _retired_combo(first: str, second: str, slot: Callable[[], None]) -> QComboBox:
    combo = QComboBox()
    combo.addItems([first, second])
    combo.currentIndexChanged.connect(slot)
    return combo


class RegistryPage(QWidget):
    sig_filled = Signal()

    def __init__(self, desk: Desk):
        super().__init__()
        self.desk = desk
        self.terms: list[TermRow] = []
        self.units: list[UnitRow] = []
        self.organizations: list[OrganizationRow] = []
        self.loader: LatestLoad[Registry] = LatestLoad(desk, title="读取基础资料", parent=self)
        self._build()
        desk.sig_store_ready.connect(self.reload)
        desk.sig_changed.connect(self._on_desk_changed)
        if desk.ready:
            self.reload()

    # ----- widgets -----
    def _build(self) -> None:
        self.add_term_button, self.add_session_button = QPushButton("新增届次"), QPushButton("新增会次")
        self.opening_button = QPushButton("修改开幕日期")
        self.term_dates_button = QPushButton("修改届次日期")
        self.term_dates_button.clicked.connect(self._edit_term_dates)
        self.term_dates_button.setEnabled(False)  # until the terms are read
        self.add_term_button.clicked.connect(self._add_term)
        self.add_session_button.clicked.connect(self._add_session)
        self.opening_button.clicked.connect(lambda: self._with(self.session_table, self.session_model,
                                                               self._edit_opening))
        self.session_model = RowTableModel(SESSION_COLUMNS, self)
        self.session_table = make_table(self.session_model, [90, 90, 200, 110], stretch=2)
        self.session_table.setObjectName("sessionTable")
        self.session_table.activated.connect(lambda _i: self.opening_button.click())
        self.terms_label = QLabel()
        self.terms_label.setWordWrap(True)
        hint = QLabel("按会次统计（如“十四届四次会议以来”）从该次会议的开幕日期算起，到下一次会议开幕前一天止；"
                      "请为每次会议填写开幕日期。")
        hint.setWordWrap(True)
        self.session_area = ListArea(self.session_table)
        self.session_count = QLabel()
        session_row = button_row(self.add_term_button, self.add_session_button, self.opening_button,
                                 self.term_dates_button)
        session_row.addWidget(self.session_count)
        sessions = _tab(session_row, self.terms_label, hint, table=self.session_area)

        self.unit_add, self.unit_edit, self.unit_merge = QPushButton("新增"), QPushButton("编辑"), QPushButton("合并重复…")
        self.unit_add.clicked.connect(lambda: self._unit_form(None))
        self.unit_edit.clicked.connect(lambda: self._with(self.unit_table, self.unit_model, self._unit_form))
        self.unit_merge.clicked.connect(lambda: self._with(self.unit_table, self.unit_model, self._merge_unit))
        self.unit_model = RowTableModel(unit_columns(self._unit_status), self)
        self.unit_table = make_table(self.unit_model, [260, 120, 100, 130, 160], stretch=0)
        self.unit_table.setObjectName("unitTable")
        self.unit_table.activated.connect(lambda _i: self.unit_edit.click())
        self.unit_shown = _retired_combo("在用的承办单位", "包括停用和已合并的", self._show_units)
        self.unit_count = QLabel()
        unit_row = button_row(self.unit_add, self.unit_edit, self.unit_merge)
        unit_row.addWidget(self.unit_count)
        unit_row.addWidget(self.unit_shown)
        self.unit_area = ListArea(self.unit_table)
        units = _tab(unit_row, table=self.unit_area)

        self.org_add, self.org_edit, self.org_merge = QPushButton("新增"), QPushButton("编辑"), QPushButton("合并重复…")
        self.org_add.clicked.connect(lambda: self._organization_form(None))
        self.org_edit.clicked.connect(lambda: self._with(self.org_table, self.org_model, self._organization_form))
        self.org_merge.clicked.connect(lambda: self._with(self.org_table, self.org_model, self._merge_organization))
        self.org_model = RowTableModel(ORGANIZATION_COLUMNS, self)
        self.org_table = make_table(self.org_model, [300, 120, 80], stretch=0)
        self.org_table.setObjectName("organizationTable")
        self.org_table.activated.connect(lambda _i: self.org_edit.click())
        self.org_shown = _retired_combo("在用的参加单位", "包括停用和已合并的", self._show_organizations)
        self.org_count = QLabel()
        org_row = button_row(self.org_add, self.org_edit, self.org_merge)
        org_row.addWidget(self.org_count)
        org_row.addWidget(self.org_shown)
        self.org_area = ListArea(self.org_table)
        organizations = _tab(org_row, table=self.org_area)

        self.tabs = QTabWidget()
        self.tabs.addTab(sessions, "届次与会次")
        self.tabs.addTab(units, "承办单位")
        self.tabs.addTab(organizations, "参加单位")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        for table, buttons in ((self.session_table, (self.opening_button,)),
                               (self.unit_table, (self.unit_edit, self.unit_merge)),
                               (self.org_table, (self.org_edit, self.org_merge))):
            table.selectionModel().selectionChanged.connect(lambda *_a, t=table, b=buttons: self._enable(t, b))
            self._enable(table, buttons)

    @staticmethod
    def _enable(table: QTableView, buttons: tuple[QPushButton, ...]) -> None:
        chosen = bool(table.selectionModel().selectedRows())
        for button in buttons:
            button.setEnabled(chosen)

    # ----- data -----
    @property
    def _loading(self) -> bool:
        return self.loader.loading

    def reload(self) -> None:
        """Terms, sessions, units and organizations (retired ones too; the combos choose what is shown)."""
        self.loader.start(load_registry, self._on_loaded)

    def _on_loaded(self, registry: Registry) -> None:
        self.terms, self.units, self.organizations = registry.terms, registry.units, registry.organizations
        self.session_model.set_rows(registry.sessions)
        self.session_count.setText(count_text(len(registry.sessions), len(registry.sessions), "次会议"))
        self.session_area.show_rows(len(registry.sessions), empty_text="还没有会次。可以：",
                                    actions=[("新增会次", self._add_session), ("新增届次", self._add_term)])
        self.terms_label.setText(self._terms_text())
        self.term_dates_button.setEnabled(bool(self.terms))
        self._show_units()
        self._show_organizations()
        self.sig_filled.emit()

    def _terms_text(self) -> str:
        if not self.terms:
            return "还没有届次。先点“新增会次”（会自动建立所在的届），或点“新增届次”。"
        parts = []
        for term in reversed(self.terms):
            span = f"{text(term.start_date) or '开始日期未填'} 至 {text(term.end_date) or '今'}"
            parts.append(f"{term.title}（{span}）")
        return "已有届次：" + "；".join(parts)

    def _show_units(self) -> None:
        everything = self.unit_shown.currentIndex() == WITH_RETIRED
        shown = [u for u in self.units if everything or (u.active and u.merged_into_id is None)]
        self.unit_model.set_rows(shown)
        self.unit_count.setText(f"{len(shown)} 个单位")
        self.unit_area.show_rows(len(shown), empty_text="还没有承办单位。可以：",
                                 actions=[("新增承办单位", lambda: self._unit_form(None))])
        self._enable(self.unit_table, (self.unit_edit, self.unit_merge))

    def _show_organizations(self) -> None:
        everything = self.org_shown.currentIndex() == WITH_RETIRED
        shown = [o for o in self.organizations if everything or o.active]
        self.org_model.set_rows(shown)
        self.org_count.setText(f"{len(shown)} 个单位")
        self.org_area.show_rows(len(shown), empty_text="还没有参加单位。可以：",
                                actions=[("新增参加单位", lambda: self._organization_form(None))])
        self._enable(self.org_table, (self.org_edit, self.org_merge))

    def _unit_status(self, row: UnitRow) -> str:
        if row.merged_into_id is not None:
            survivor = next((u.name for u in self.units if u.id == row.merged_into_id), "")
            return f"已合并到“{survivor}”" if survivor else "已合并"
        return "在用" if row.active else "停用"

    def _on_desk_changed(self, changes: Changes) -> None:
        if self.desk.ready and changes.touches("units", "organizations", "sessions", "settings"):
            self.reload()

    # ----- actions -----
    @staticmethod
    def _with(table: QTableView, model: RowTableModel, action: Callable[[R], object]) -> None:
        rows = table.selectionModel().selectedRows()
        if rows:
            action(model.row_at(rows[0].row()))

    def _latest(self) -> tuple[int, int]:
        """(term, next session number) to suggest: after the newest session, or the newest term's first."""
        sessions = self.session_model.rows()
        newest_term = max([t.number for t in self.terms], default=0)
        if sessions:
            last = max(sessions, key=lambda r: (r.term, r.number))
            if last.term >= newest_term:
                return last.term, min(last.number + 1, 9)
        return newest_term or 1, 1

    def _add_term(self) -> None:
        from desktop_app.ui.operations.registry import add_term

        add_term(self.desk, parent=self, suggested=max([t.number for t in self.terms], default=0) + 1)

    def _edit_term_dates(self) -> None:
        from desktop_app.ui.operations.registry import edit_term_dates

        if not self.terms:
            return
        rows = self.session_table.selectionModel().selectedRows()
        current = self.session_model.row_at(rows[0].row()).term_id if rows else None
        edit_term_dates(self.desk, parent=self, terms=list(reversed(self.terms)), current_id=current)

    def _add_session(self) -> None:
        from desktop_app.ui.operations.registry import add_session

        term, number = self._latest()
        add_session(self.desk, parent=self, term=term, number=number)

    def _edit_opening(self, row: SessionRow) -> None:
        from desktop_app.ui.operations.registry import edit_opening_date

        edit_opening_date(self.desk, parent=self, row=row)

    def _unit_form(self, row: UnitRow | None) -> None:
        from desktop_app.ui.operations.registry import open_unit_form

        kinds = sorted({u.kind for u in self.units if u.kind})
        open_unit_form(self.desk, parent=self, row=row, kinds=kinds)

    def _merge_unit(self, row: UnitRow) -> None:
        from desktop_app.ui.operations.registry import merge_units

        others = [u for u in self.units if u.id != row.id and u.active and u.merged_into_id is None]
        merge_units(self.desk, parent=self, duplicate=row, others=others)

    def _organization_form(self, row: OrganizationRow | None) -> None:
        from desktop_app.ui.operations.registry import open_organization_form

        open_organization_form(self.desk, parent=self, row=row)

    def _merge_organization(self, row: OrganizationRow) -> None:
        from desktop_app.ui.operations.registry import merge_organizations

        others = [o for o in self.organizations if o.id != row.id and o.active]
        merge_organizations(self.desk, parent=self, duplicate=row, others=others)
