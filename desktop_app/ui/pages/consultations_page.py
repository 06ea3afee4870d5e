"""有事来商量 page: consultations (filters, detail, follow-ups, links), the follow-up panel, the platforms."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.domain.enums import FollowUpStatus
from desktop_app.domain.period import format_rate
from desktop_app.ui.desk import Desk
from desktop_app.ui.models.gatherings import CONSULTATION_COLUMNS, PLATFORM_COLUMNS
from desktop_app.ui.models.row_table import RowTableModel
from desktop_app.ui.operations.attachments import attachment_id_of, open_attachment
from desktop_app.ui.operations.templates import system_opener
from desktop_app.ui.operations.consultations import (ConsultationLists, load_consultation, load_consultation_lists,
                                                     load_consultations)
from desktop_app.ui.widgets.filter_bar import filter_combo, filter_row, refill, reset, search_box
from desktop_app.ui.widgets.record_list_page import (Action, LatestLoad, Loader, RecordListPage, filtered_list,
                                                     list_above)
from desktop_app.ui.widgets.record_lists import (attachments_html, button_row, chosen_row, chosen_span, corner_label,
                                                 make_table, select_record, year_combo, year_part_combo)

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.consultations import ConsultationDetail, ConsultationFilter, ConsultationRow
    from desktop_app.services.platforms import PlatformRow, VillageRow

FOLLOW_UP = FollowUpStatus.choices()
_WIDTHS = [90, 170, 80, 160, 80, 64, 64, 64, 100, 64, 100]


class ConsultationsPage(RecordListPage["ConsultationRow"]):
    sig_open_record = Signal(str, int)  # the proposal or 社情民意信息 a consultation became
    record_noun = "协商"
    count_noun = "次"
    load_title = "读取协商"

    def __init__(self, desk: Desk):
        super().__init__(desk)
        self.lists = ConsultationLists()
        self.lists_loader: LatestLoad[ConsultationLists] = LatestLoad(desk, title="读取协商议事室", parent=self)
        self._build()
        self.follow_desk()

    @property
    def platforms(self) -> list[PlatformRow]:
        return self.lists.platforms

    @property
    def villages(self) -> list[VillageRow]:
        return self.lists.villages

    @property
    def sources(self) -> list[str]:
        return self.lists.sources

    # ----- widgets -----
    def _build(self) -> None:
        self.year = year_combo()
        self.year_part = year_part_combo(self.year)
        self.platform_combo, self.township_combo = filter_combo("议事室"), filter_combo("乡镇")
        self.source_combo, self.status_combo = filter_combo("来源"), filter_combo("落实", items=FOLLOW_UP)
        self.search, self._debounce = search_box(self, placeholder="搜索议题、议事室、责任单位",
                                                 on_idle=self.reload_consultations)
        filters = filter_row((self.year, self.year_part, self.platform_combo, self.township_combo, self.source_combo,
                              self.status_combo), self.search, on_change=self.reload_consultations)

        self.add_button, self.edit_button = QPushButton("新增协商"), QPushButton("编辑")
        self.follow_button, self.proposal_button = QPushButton("落实情况"), QPushButton("转为提案")
        self.opinion_button, self.sign_in_button = QPushButton("转为社情民意"), QPushButton("签到表")
        self.attach_button, self.delete_button = QPushButton("添加附件"), QPushButton("删除")
        self.import_button, self.export_button = QPushButton("导入台账"), QPushButton("导出台账")
        actions = button_row(self.add_button, self.edit_button, self.follow_button, self.proposal_button,
                             self.opinion_button, self.sign_in_button, self.attach_button, self.delete_button,
                             self.import_button, self.export_button)
        self.add_button.clicked.connect(lambda: self._open(None))
        self.edit_button.clicked.connect(lambda: self._with(lambda r: self._open(r.id)))
        self.follow_button.clicked.connect(lambda: self._with(self._follow_up))
        self.proposal_button.clicked.connect(lambda: self._with(self._to_proposal))
        self.opinion_button.clicked.connect(lambda: self._with(self._to_opinion))
        self.sign_in_button.clicked.connect(lambda: self._with(self._sign_in))
        self.attach_button.clicked.connect(lambda: self._with(self._attach))
        self.delete_button.clicked.connect(lambda: self._with(self._delete))
        self.import_button.clicked.connect(self._import)
        self.export_button.clicked.connect(self._export)
        model = RowTableModel(CONSULTATION_COLUMNS, self)
        table = make_table(model, _WIDTHS, stretch=3)
        table.setObjectName("consultationTable")
        table.activated.connect(lambda _i: self._with(lambda r: self._open(r.id)))
        self.detail = QTextBrowser()
        self.detail.setObjectName("consultationDetail")
        self.detail.setOpenLinks(False)  # attachments open outside, record: links on their page
        self.detail.anchorClicked.connect(self._on_link)
        self.opener = system_opener  # opens an attachment's file; tests put their own
        area = self.attach_list(table, model)
        sessions = QWidget()
        filtered_list(sessions, filters, actions, list_above(area, self.detail, (400, 170)))

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
        self.selection_changed([])
        self.clear_detail()

    # ----- data -----
    def current_filter(self) -> ConsultationFilter:
        from desktop_app.services.consultations import ConsultationFilter

        start, end = chosen_span(self.year, self.year_part)
        return ConsultationFilter(start=start, end=end,
                                  platform_id=self.platform_combo.currentData(),
                                  township=self.township_combo.currentData(),
                                  topic_source=self.source_combo.currentData(),
                                  follow_up_status=self.status_combo.currentData(), text=self.search.text())

    @property
    def _loading(self) -> bool:
        return self.loader.loading or self.lists_loader.loading

    def reload(self) -> None:
        """Platforms, villages, coverage, sources and the follow-up panel, then the consultations."""
        self.lists_loader.start(load_consultation_lists, self._on_lists)

    def _on_lists(self, lists: ConsultationLists) -> None:
        self.lists = lists
        refill(self.platform_combo, [(p.name, p.id) for p in lists.platforms])
        refill(self.township_combo, [(t, t) for t in sorted({p.township for p in lists.platforms if p.township})])
        refill(self.source_combo, [(s, s) for s in lists.sources])
        self.platform_model.set_rows(lists.platforms)
        self.village_total.setValue(lists.coverage.total)
        rate = format_rate(lists.coverage.covered, lists.coverage.total)  # rounded half-up, as the reports print it
        self.coverage_label.setText(f"已覆盖 {lists.coverage.covered} 个村（社区），覆盖率 {rate}")
        self.pending_model.set_rows(lists.pending)
        self.pending_label.setText(f"尚未落实完毕的协商成果 {len(lists.pending)} 项（按协商日期排列）")
        self.reload_consultations()

    def reload_consultations(self) -> None:
        """The consultations the filters choose (read again from the store)."""
        self._debounce.stop()
        super().reload()

    def query(self) -> Loader[list[ConsultationRow]]:
        return load_consultations(self.current_filter())

    def count_summary(self, shown: list[ConsultationRow], total: int) -> str:
        return (f"{len(shown)} 次协商，意见建议 {sum(r.suggestions_count for r in shown)} 条，"
                f"办成实事 {sum(r.done_deeds for r in shown)} 件")

    def filtered(self) -> bool:
        return bool(self.search.text().strip()) or any(
            c.currentData() is not None for c in (self.year, self.platform_combo, self.township_combo,
                                                  self.source_combo, self.status_combo))

    def clear_filters(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        reset(self.year, self.platform_combo, self.township_combo, self.source_combo, self.status_combo)
        self.reload_consultations()

    def empty_actions(self) -> list[Action]:
        return [("新增协商", lambda: self._open(None)), ("导入台账", self._import)]

    def cares_about(self, changes: Changes) -> bool:
        return changes.touches("consultations", "platforms", "members", "settings", "vocabularies")

    # ----- selection and detail -----
    def select_consultation(self, consultation_id: int) -> bool:
        return select_record(self.table, self.model, consultation_id)

    def selection_changed(self, rows: list[ConsultationRow]) -> None:
        chosen = rows[0] if len(rows) == 1 else None
        for button in (self.edit_button, self.follow_button, self.sign_in_button, self.attach_button,
                       self.delete_button):
            button.setEnabled(chosen is not None)
        self.proposal_button.setEnabled(chosen is not None and not chosen.proposal_id)
        self.opinion_button.setEnabled(chosen is not None and not chosen.opinion_id)

    def clear_detail(self) -> None:
        self.detail.setHtml("<p>选择一次协商查看详情、落实情况和转出的提案。</p>")

    def detail_query(self, row: ConsultationRow) -> Loader[ConsultationDetail]:
        return load_consultation(row.id)

    def show_detail(self, detail: ConsultationDetail) -> None:
        self.detail.setHtml(_detail_html(detail))

    def _on_link(self, url: QUrl) -> None:
        """record:KIND/ID opens the record; attachment:ID opens the attachment (ui/operations/attachments.py)."""
        attachment_id = attachment_id_of(url)
        if attachment_id is not None:
            open_attachment(self.desk, attachment_id, parent=self, opener=self.opener)
        elif url.scheme() == "record":
            kind, _, raw = url.path().partition("/")
            if raw.isdigit():
                self.sig_open_record.emit(kind, int(raw))
        else:
            QDesktopServices.openUrl(url)

    # ----- actions -----
    def _with(self, action: Callable[[ConsultationRow], object]) -> None:
        chosen = self.selected()
        if chosen is not None:
            action(chosen)

    def _with_platform(self, action: Callable[[PlatformRow], object]) -> None:
        chosen = chosen_row(self.platform_table, self.platform_model)
        if chosen is not None:
            action(chosen)

    def _open(self, consultation_id: int | None) -> None:
        from desktop_app.ui.operations.consultations import open_consultation_form

        open_consultation_form(self.desk, parent=self, consultation_id=consultation_id,
                               platforms=[p for p in self.platforms if p.active], sources=self.sources)

    def _follow_up(self, row: ConsultationRow) -> None:
        from desktop_app.ui.operations.consultations import record_follow_up

        record_follow_up(self.desk, parent=self, row=row)

    def _pending_follow_up(self) -> None:
        chosen = chosen_row(self.pending_table, self.pending_model)
        if chosen is not None:
            self._follow_up(chosen)

    def _to_proposal(self, row: ConsultationRow) -> None:
        from desktop_app.ui.operations.consultations import turn_into_proposal

        turn_into_proposal(self.desk, parent=self, row=row)

    def _to_opinion(self, row: ConsultationRow) -> None:
        from desktop_app.ui.operations.consultations import turn_into_opinion

        turn_into_opinion(self.desk, parent=self, row=row)

    def _sign_in(self, row: ConsultationRow) -> None:
        from desktop_app.ui.operations.homes import write_consultation_sign_in

        write_consultation_sign_in(self.desk, parent=self, consultation_id=row.id, title=row.topic)

    def _attach(self, row: ConsultationRow) -> None:
        from desktop_app.ui.operations.homes import attach_to_consultation

        attach_to_consultation(self.desk, parent=self, consultation_id=row.id)

    def _delete(self, row: ConsultationRow) -> None:
        from desktop_app.ui.operations.consultations import delete_consultation

        delete_consultation(self.desk, parent=self, row=row)

    def _import(self) -> None:
        from desktop_app.ui.operations.homes import import_consultations

        import_consultations(self.desk, parent=self)

    def _export(self) -> None:
        from desktop_app.ui.operations.homes import export_consultations

        export_consultations(self.desk, parent=self, year=self.year.currentData())

    def _platform_form(self, row: PlatformRow | None) -> None:
        from desktop_app.ui.operations.consultations import open_platform_form

        open_platform_form(self.desk, parent=self, row=row, villages=self.villages)

    def _platform_members(self, row: PlatformRow) -> None:
        from desktop_app.ui.operations.consultations import assign_platform_members

        assign_platform_members(self.desk, parent=self, row=row)

    def _import_rooms(self) -> None:
        from desktop_app.ui.operations.consultations import import_rooms

        import_rooms(self.desk, parent=self)

    def _save_village_total(self) -> None:
        from desktop_app.ui.operations.consultations import set_village_total

        set_village_total(self.desk, parent=self, total=self.village_total.value())


def _detail_html(d: ConsultationDetail) -> str:
    c = d.data
    members = "、".join(m.name for m in d.members) or "未登记"
    steps = "".join(f"<li>{f.on_date} {f.status_label}{('：' + html.escape(f.note)) if f.note else ''}</li>"
                    for f in d.follow_ups)
    links = []
    if d.proposal:
        links.append(f"已转为提案：<a href='record:proposal/{d.proposal[0]}'>{html.escape(d.proposal[1])}</a>"
                     f"（{d.proposal[2]}）")
    if d.opinion:
        links.append(f"已转为社情民意信息：<a href='record:opinion/{d.opinion[0]}'>{html.escape(d.opinion[1])}</a>")
    return (f"<h3>{html.escape(c.topic)}</h3><p>{c.held_on}　{html.escape(d.platform_name)}　"
            f"{html.escape(c.topic_source or '')}</p><p><b>参加委员</b>：{html.escape(members)}；部门代表 "
            f"{c.department_participants} 人，群众代表 {c.resident_participants} 人</p>"
            f"<p><b>意见建议</b>（{c.suggestions_count} 条）：{html.escape(c.suggestions_text or '')}</p>"
            f"<p><b>协商成果</b>：{html.escape(c.outcome or '')}　<b>责任单位</b>：{html.escape(c.responsible_unit or '')}</p>"
            f"<p><b>落实情况</b>：{dict((v, k) for k, v in FOLLOW_UP)[d.follow_up_status]}</p><ul>{steps}</ul>"
            f"<p>{'<br>'.join(links)}</p>{attachments_html(d.attachments)}")
