"""有事来商量 page: consultations (filters, detail, follow-ups, links), the follow-up panel, the platforms."""
from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QLabel, QPushButton, QSpinBox, QSplitter,
                               QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from desktop_app.domain.period import format_rate
from desktop_app.ui.desk import Desk
from desktop_app.ui.models.gatherings import CONSULTATION_COLUMNS, PLATFORM_COLUMNS
from desktop_app.ui.models.row_table import RowTableModel
from desktop_app.ui.widgets.filter_bar import filter_row, search_box
from desktop_app.ui.widgets.record_lists import (attachments_html, button_row, chosen_row, corner_label, fill_combo,
                                                 chosen_span, follow_desk, make_table, select_record, year_combo,
                                                 year_part_combo)

FOLLOW_UP = (("未落实", "not_started"), ("落实中", "in_progress"), ("已落实", "done"))
_WIDTHS = [90, 170, 80, 160, 80, 64, 64, 64, 100, 64, 100]


class ConsultationsPage(QWidget):
    sig_filled = Signal()

    def __init__(self, desk: Desk):
        super().__init__()
        self.desk = desk
        self.platforms: list[Any] = []
        self.villages: list[Any] = []
        self.sources: list[str] = []
        self._loading = False
        self._generation = 0  # only the newest load's rows are shown (loads may finish out of order)
        self._build()
        follow_desk(self)

    # ----- widgets -----
    def _build(self) -> None:
        self.year = year_combo()
        self.year_part = year_part_combo(self.year)
        self.platform_combo, self.township_combo = QComboBox(), QComboBox()
        self.source_combo, self.status_combo = QComboBox(), QComboBox()
        for combo, label in ((self.platform_combo, "议事室"), (self.township_combo, "乡镇"),
                             (self.source_combo, "来源"), (self.status_combo, "落实")):
            fill_combo(combo, label, [])
        fill_combo(self.status_combo, "落实", list(FOLLOW_UP))
        self.search, self._debounce = search_box(self, placeholder="搜索议题、议事室、责任单位",
                                                 on_idle=self.reload_consultations)
        filters = filter_row((self.year, self.year_part, self.platform_combo, self.township_combo, self.source_combo,
                              self.status_combo), self.search, on_change=self.reload_consultations)

        self.add_button, self.edit_button = QPushButton("新增协商"), QPushButton("编辑")
        self.follow_button, self.proposal_button = QPushButton("落实情况"), QPushButton("转为提案")
        self.opinion_button, self.sign_in_button = QPushButton("转为社情民意"), QPushButton("签到表")
        self.attach_button, self.delete_button = QPushButton("添加附件"), QPushButton("删除")
        self.import_button, self.export_button = QPushButton("导入台账"), QPushButton("导出台账")
        self.count_label = QLabel("正在载入……")
        actions = button_row(self.add_button, self.edit_button, self.follow_button, self.proposal_button,
                             self.opinion_button, self.sign_in_button, self.attach_button, self.delete_button,
                             self.import_button, self.export_button)
        self.add_button.clicked.connect(lambda: self._open(None))
        self.edit_button.clicked.connect(lambda: self._with(lambda r: self._open(r.id)))
        self.follow_button.clicked.connect(lambda: self._with(self._follow_up))
        self.proposal_button.clicked.connect(lambda: self._with(lambda r: self._turn(r, "proposal")))
        self.opinion_button.clicked.connect(lambda: self._with(lambda r: self._turn(r, "opinion")))
        self.sign_in_button.clicked.connect(lambda: self._with(self._sign_in))
        self.attach_button.clicked.connect(lambda: self._with(self._attach))
        self.delete_button.clicked.connect(lambda: self._with(self._delete))
        self.import_button.clicked.connect(self._import)
        self.export_button.clicked.connect(self._export)
        self.model = RowTableModel(CONSULTATION_COLUMNS, self)
        self.table = make_table(self.model, _WIDTHS, stretch=3)
        self.table.setObjectName("consultationTable")
        self.table.activated.connect(lambda _i: self._with(lambda r: self._open(r.id)))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.detail = QTextBrowser()
        self.detail.setObjectName("consultationDetail")
        self.detail.setOpenExternalLinks(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([400, 170])
        sessions = QWidget()
        box = QVBoxLayout(sessions)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(filters)
        box.addLayout(actions)
        box.addWidget(split, 1)

        self.pending_model = RowTableModel(CONSULTATION_COLUMNS, self)
        self.pending_table = make_table(self.pending_model, _WIDTHS, stretch=3)
        self.pending_table.setObjectName("pendingTable")
        self.pending_label = QLabel()
        self.pending_follow = QPushButton("登记落实情况")
        self.pending_follow.clicked.connect(self._pending_follow_up)
        pending = QWidget()
        pbox = QVBoxLayout(pending)
        pbox.setContentsMargins(0, 0, 0, 0)
        prow = button_row(self.pending_follow)
        prow.addWidget(self.pending_label)
        pbox.addLayout(prow)
        pbox.addWidget(self.pending_table, 1)

        self.platform_model = RowTableModel(PLATFORM_COLUMNS, self)
        self.platform_table = make_table(self.platform_model, [200, 60, 100, 120, 70, 70, 64], stretch=0)
        self.platform_table.setObjectName("platformTable")
        self.platform_add, self.platform_edit = QPushButton("新增议事室"), QPushButton("编辑")
        self.platform_members = QPushButton("联系委员")
        self.rooms_import = QPushButton("导入村（社区）名单")
        self.village_total = QSpinBox()
        self.village_total.setRange(0, 100000)
        self.village_total.setPrefix("全县村（社区）总数：")
        self.village_save = QPushButton("保存总数")
        self.coverage_label = QLabel()
        self.coverage_label.setObjectName("coverageLabel")
        self.platform_add.clicked.connect(lambda: self._platform_form(None))
        self.platform_edit.clicked.connect(lambda: self._with_platform(self._platform_form))
        self.platform_members.clicked.connect(lambda: self._with_platform(self._platform_members))
        self.rooms_import.clicked.connect(self._import_rooms)
        self.village_save.clicked.connect(self._save_village_total)
        platforms = QWidget()
        plbox = QVBoxLayout(platforms)
        plbox.setContentsMargins(0, 0, 0, 0)
        plrow = button_row(self.platform_add, self.platform_edit, self.platform_members, self.rooms_import)
        for widget in (self.village_total, self.village_save, self.coverage_label):
            plrow.addWidget(widget)
        plbox.addLayout(plrow)
        plbox.addWidget(self.platform_table, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(sessions, "协商")
        self.tabs.addTab(pending, "落实跟踪")
        self.tabs.addTab(platforms, "协商议事室")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        corner_label(self.tabs, self.count_label)
        layout.addWidget(self.tabs)
        self._on_selection()

    # ----- data -----
    def current_filter(self):
        from desktop_app.services.consultations import ConsultationFilter

        start, end = chosen_span(self.year, self.year_part)
        return ConsultationFilter(start=start, end=end,
                                  platform_id=self.platform_combo.currentData(),
                                  township=self.township_combo.currentData(),
                                  topic_source=self.source_combo.currentData(),
                                  follow_up_status=self.status_combo.currentData(), text=self.search.text())

    def reload(self) -> None:
        self._loading = True

        def load(ctx, progress, cancelled):
            from desktop_app.services.consultations import ConsultationsService
            from desktop_app.services.platforms import PlatformsService

            service, platforms = ConsultationsService(ctx), PlatformsService(ctx)
            return (platforms.list_rows(include_inactive=True), platforms.villages(), platforms.coverage(),
                    service.topic_sources(), service.pending_follow_ups())

        self.desk.run(load, title="读取协商议事室", parent=self, on_done=self._on_lists)

    def _on_lists(self, result) -> None:
        self.platforms, self.villages, coverage, self.sources, pending = result
        fill_combo(self.platform_combo, "议事室", [(p.name, p.id) for p in self.platforms])
        fill_combo(self.township_combo, "乡镇", [(t, t) for t in sorted({p.township for p in self.platforms
                                                                          if p.township})])
        fill_combo(self.source_combo, "来源", [(s, s) for s in self.sources])
        self.platform_model.set_rows(self.platforms)
        self.village_total.setValue(coverage.total)
        rate = format_rate(coverage.covered, coverage.total)  # rounded half-up, as the reports print it
        self.coverage_label.setText(f"已覆盖 {coverage.covered} 个村（社区），覆盖率 {rate}")
        self.pending_model.set_rows(pending)
        self.pending_label.setText(f"尚未落实完毕的协商成果 {len(pending)} 项（按协商日期排列）")
        self.reload_consultations()

    def reload_consultations(self) -> None:
        self._debounce.stop()
        self._loading = True
        self._generation += 1
        generation, flt = self._generation, self.current_filter()

        def load(ctx, progress, cancelled):
            from desktop_app.services.consultations import ConsultationsService

            return ConsultationsService(ctx).list_rows(flt)

        self.desk.run(load, title="读取协商", parent=self,
                      on_done=lambda rows: self._on_rows(rows) if generation == self._generation else None)

    def _on_rows(self, rows) -> None:
        self.model.set_rows(rows)
        self._loading = False
        self.count_label.setText(f"{len(rows)} 次协商，意见建议 {sum(r.suggestions_count for r in rows)} 条，"
                                 f"办成实事 {sum(r.done_deeds for r in rows)} 件")
        self._on_selection()
        self.sig_filled.emit()

    def _on_desk_changed(self, changes) -> None:
        if self.desk.ready and (changes.consultations or changes.platforms or changes.members
                                or changes.settings or changes.vocabularies):
            self.reload()

    # ----- selection and detail -----
    def selected(self) -> Any | None:
        return chosen_row(self.table, self.model)

    def select_consultation(self, consultation_id: int) -> bool:
        return select_record(self.table, self.model, consultation_id)

    def _on_selection(self) -> None:
        chosen = self.selected()
        for button in (self.edit_button, self.follow_button, self.sign_in_button, self.attach_button,
                       self.delete_button):
            button.setEnabled(chosen is not None)
        self.proposal_button.setEnabled(chosen is not None and not chosen.proposal_id)
        self.opinion_button.setEnabled(chosen is not None and not chosen.opinion_id)
        if chosen is None:
            self.detail.setHtml("<p>选择一次协商查看详情、落实情况和转出的提案。</p>")
            return
        root = self.desk.data_dir

        def load(ctx, progress, cancelled):
            from desktop_app.services.consultations import ConsultationsService

            return ConsultationsService(ctx).get(chosen.id)

        def show(detail) -> None:
            still = self.selected()
            if still is not None and still.id == detail.id:  # not if another was chosen meanwhile
                self.detail.setHtml(_detail_html(detail, root))

        self.desk.run(load, title="读取协商", parent=self, on_done=show)

    # ----- actions -----
    def _with(self, action) -> None:
        chosen = self.selected()
        if chosen is not None:
            action(chosen)

    def _with_platform(self, action) -> None:
        chosen = chosen_row(self.platform_table, self.platform_model)
        if chosen is not None:
            action(chosen)

    def _open(self, consultation_id: int | None) -> None:
        from desktop_app.ui.operations.consultations import open_consultation_form

        open_consultation_form(self.desk, parent=self, consultation_id=consultation_id,
                               platforms=[p for p in self.platforms if p.active], sources=self.sources)

    def _follow_up(self, row) -> None:
        from desktop_app.ui.operations.consultations import record_follow_up

        record_follow_up(self.desk, parent=self, row=row)

    def _pending_follow_up(self) -> None:
        chosen = chosen_row(self.pending_table, self.pending_model)
        if chosen is not None:
            self._follow_up(chosen)

    def _turn(self, row, target: str) -> None:
        from desktop_app.ui.operations.consultations import turn_into

        turn_into(self.desk, parent=self, row=row, target=target)

    def _sign_in(self, row) -> None:
        from desktop_app.ui.operations.homes import write_sign_in

        write_sign_in(self.desk, parent=self, owner="consultation", record_id=row.id, title=row.topic)

    def _attach(self, row) -> None:
        from desktop_app.ui.operations.homes import attach_file

        attach_file(self.desk, parent=self, owner="consultation", record_id=row.id)

    def _delete(self, row) -> None:
        from desktop_app.ui.operations.consultations import delete_consultation

        delete_consultation(self.desk, parent=self, row=row)

    def _import(self) -> None:
        from desktop_app.ui.operations.homes import import_ledger

        import_ledger(self.desk, parent=self, kind="consultations")

    def _export(self) -> None:
        from desktop_app.ui.operations.homes import export_ledger

        export_ledger(self.desk, parent=self, kind="consultations", year=self.year.currentData())

    def _platform_form(self, row) -> None:
        from desktop_app.ui.operations.consultations import open_platform_form

        open_platform_form(self.desk, parent=self, row=row, villages=self.villages)

    def _platform_members(self, row) -> None:
        from desktop_app.ui.operations.consultations import assign_platform_members

        assign_platform_members(self.desk, parent=self, row=row)

    def _import_rooms(self) -> None:
        from desktop_app.ui.operations.consultations import import_rooms

        import_rooms(self.desk, parent=self)

    def _save_village_total(self) -> None:
        from desktop_app.ui.operations.consultations import set_village_total

        set_village_total(self.desk, parent=self, total=self.village_total.value())


def _detail_html(d, root) -> str:
    c = d.data
    members = "、".join(m.name for m in d.members) or "未登记"
    steps = "".join(f"<li>{f.on_date} {f.status_label}{('：' + html.escape(f.note)) if f.note else ''}</li>"
                    for f in d.follow_ups)
    links = []
    if d.proposal:
        links.append(f"已转为提案：{html.escape(d.proposal[1])}（{d.proposal[2]}）")
    if d.opinion:
        links.append(f"已转为社情民意信息：{html.escape(d.opinion[1])}")
    return (f"<h3>{html.escape(c.topic)}</h3><p>{c.held_on}　{html.escape(d.platform_name)}　"
            f"{html.escape(c.topic_source or '')}</p><p><b>参加委员</b>：{html.escape(members)}；部门代表 "
            f"{c.department_participants} 人，群众代表 {c.resident_participants} 人</p>"
            f"<p><b>意见建议</b>（{c.suggestions_count} 条）：{html.escape(c.suggestions_text or '')}</p>"
            f"<p><b>协商成果</b>：{html.escape(c.outcome or '')}　<b>责任单位</b>：{html.escape(c.responsible_unit or '')}</p>"
            f"<p><b>落实情况</b>：{dict((v, k) for k, v in FOLLOW_UP)[d.follow_up_status]}</p><ul>{steps}</ul>"
            f"<p>{'<br>'.join(links)}</p>{attachments_html(d.attachments, root)}")
