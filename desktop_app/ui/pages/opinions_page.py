"""社情民意 page: the opinions with filters, an opinion's detail with its 采用 and 批示, the ledger."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QPushButton, QTextBrowser

from desktop_app.domain.enums import Level
from desktop_app.ui.desk import Desk
from desktop_app.ui.models.opinion_table import OPINION_COLUMNS
from desktop_app.ui.models.row_table import RowTableModel
from desktop_app.ui.operations.attachments import attachment_id_of, open_attachment
from desktop_app.ui.operations.templates import system_opener
from desktop_app.ui.operations.opinions import load_opinion, load_opinions, load_submitters
from desktop_app.ui.widgets.filter_bar import filter_combo, filter_row, refill, reset, search_box
from desktop_app.ui.widgets.record_list_page import Action, LatestLoad, Loader, RecordListPage, list_above
from desktop_app.ui.widgets.record_lists import (attachments_html, button_row, chosen_span, make_table, select_record,
                                                 year_combo, year_part_combo)

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.opinions import OpinionDetail, OpinionFilter, OpinionRow, SubmitterOption

LEVELS = [(label, code) for label, code in Level.choices()]
_WIDTHS = [84, 260, 150, 96, 64, 128, 48, 72]


class OpinionsPage(RecordListPage["OpinionRow"]):
    record_noun = "社情民意信息"
    count_noun = "篇"
    load_title = "读取社情民意信息"
    sig_open_record = Signal(str, int)  # a linked proposal or consultation, opened on its page

    def __init__(self, desk: Desk):
        super().__init__(desk)
        self.detail_shown: OpinionDetail | None = None
        self.submitter_loader: LatestLoad[list[SubmitterOption]] = LatestLoad(desk, title="读取报送人", parent=self)
        self._build()
        self.follow_desk()

    # ----- widgets -----
    def _build(self) -> None:
        self.year = year_combo()
        self.year_part = year_part_combo(self.year)
        self.sent_combo = filter_combo("报送", items=[(f"报送{label}", code) for label, code in LEVELS])
        self.adopted_level_combo = filter_combo("采用层级", items=[(f"{label}级采用", code) for label, code in LEVELS])
        self.adopted_combo = filter_combo("采用", items=[("已采用", True), ("未采用", False)])
        self.submitter_combo = filter_combo("报送人", min_chars=8)
        self.search, self._debounce = search_box(self, placeholder="搜索标题、报送人（可用拼音首字母）",
                                                 on_idle=self.reload_opinions)
        self.combos = (self.year, self.year_part, self.sent_combo, self.adopted_level_combo, self.adopted_combo,
                       self.submitter_combo)
        filters = filter_row(self.combos, self.search, on_change=self.reload_opinions)

        self.add_button, self.edit_button = QPushButton("新增社情民意"), QPushButton("编辑")
        self.adopt_button, self.instruct_button = QPushButton("登记采用"), QPushButton("登记批示")
        self.attach_button, self.delete_button = QPushButton("添加附件"), QPushButton("删除")
        self.import_button, self.export_button = QPushButton("导入台账"), QPushButton("导出台账")
        actions = button_row(self.add_button, self.edit_button, self.adopt_button, self.instruct_button,
                             self.attach_button, self.delete_button, self.import_button, self.export_button)
        self.count_label.setObjectName("opinionCount")
        actions.addWidget(self.count_label)
        self.add_button.clicked.connect(lambda: self._open(None))
        self.edit_button.clicked.connect(lambda: self._with(lambda r: self._open(r.id)))
        self.adopt_button.clicked.connect(lambda: self._with(self._adopt))
        self.instruct_button.clicked.connect(lambda: self._with(self._instruct))
        self.attach_button.clicked.connect(lambda: self._with(self._attach))
        self.delete_button.clicked.connect(lambda: self._with(self._delete))
        self.import_button.clicked.connect(self._import)
        self.export_button.clicked.connect(self._export)

        model = RowTableModel(OPINION_COLUMNS, self)
        table = make_table(model, _WIDTHS, stretch=1)
        table.setObjectName("opinionTable")
        table.activated.connect(lambda _i: self._with(lambda r: self._open(r.id)))
        self.detail = QTextBrowser()
        self.detail.setObjectName("opinionDetail")
        self.detail.setOpenLinks(False)  # links are ours: a record, an undo, an attachment
        self.detail.anchorClicked.connect(self._on_link)
        self.opener = system_opener  # opens an attachment's file; tests put their own
        area = self.attach_list(table, model)
        self.lay_out(filters, actions, list_above(area, self.detail, (380, 200)))
        self.clear_detail()

    # ----- data -----
    def current_filter(self) -> OpinionFilter:
        from desktop_app.services.opinions import OpinionFilter

        start, end = chosen_span(self.year, self.year_part)
        return OpinionFilter(start=start, end=end, sent_level=self.sent_combo.currentData(),
                             adopted_level=self.adopted_level_combo.currentData(),
                             adopted=self.adopted_combo.currentData(), submitter=self.submitter_combo.currentData(),
                             text=self.search.text())

    @property
    def _loading(self) -> bool:
        return self.loader.loading or self.submitter_loader.loading

    def reload(self) -> None:
        """The 报送人 choices, then the opinions."""
        self.submitter_loader.start(load_submitters, self._on_submitters)

    def _on_submitters(self, options: list[SubmitterOption]) -> None:
        refill(self.submitter_combo, [(f"{o.name}（{o.opinions}篇）", o.key) for o in options])
        self.reload_opinions()

    def reload_opinions(self) -> None:
        """The opinions the filters choose (read again from the store)."""
        self._debounce.stop()
        super().reload()

    def query(self) -> Loader[list[OpinionRow]]:
        return load_opinions(self.current_filter())

    def count_summary(self, shown: list[OpinionRow], total: int) -> str:
        adopted = sum(1 for r in shown if r.adopted_levels)
        return f"共 {len(shown)} 篇，已采用 {adopted} 篇，有批示 {sum(1 for r in shown if r.instructions)} 篇"

    def filtered(self) -> bool:
        return bool(self.search.text().strip()) or any(
            c.currentData() is not None for c in (self.year, self.sent_combo, self.adopted_level_combo,
                                                  self.adopted_combo, self.submitter_combo))

    def clear_filters(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        reset(self.year, self.sent_combo, self.adopted_level_combo, self.adopted_combo, self.submitter_combo)
        self.reload_opinions()

    def empty_actions(self) -> list[Action]:
        return [("新增", lambda: self._open(None)), ("导入台账", self._import)]

    def cares_about(self, changes: Changes) -> bool:
        return changes.touches("opinions", "members", "organizations", "proposals", "consultations")

    def help_chapter(self) -> str:
        return "opinions"

    # ----- selection and detail -----
    def select_opinion(self, opinion_id: int) -> bool:
        return select_record(self.table, self.model, opinion_id)

    def selection_changed(self, rows: list[OpinionRow]) -> None:
        chosen = rows[0] if len(rows) == 1 else None
        for button in (self.edit_button, self.adopt_button, self.instruct_button, self.attach_button,
                       self.delete_button):
            button.setEnabled(chosen is not None)
        if chosen is not None:
            self.adopt_button.setEnabled(len(chosen.adopted_levels) < len(LEVELS))
            self.delete_button.setEnabled(not chosen.source_proposal_id)
            self.delete_button.setToolTip("由提案转来的社情民意信息是那件提案办理结果的一部分，不能删除"
                                          if chosen.source_proposal_id else "")

    def clear_detail(self) -> None:
        self.detail_shown = None
        self.detail.setHtml("<p style='color:#555'>选择一篇社情民意信息，查看内容、报送人、采用和批示情况。</p>")

    def detail_query(self, row: OpinionRow) -> Loader[OpinionDetail]:
        return load_opinion(row.id)

    def show_detail(self, detail: OpinionDetail) -> None:
        self.detail_shown = detail
        self.detail.setHtml(detail_html(detail))

    def _on_link(self, url: QUrl) -> None:
        """record:proposal/ID and record:consultation/ID open the record; undo:adoption/ID, undo:instruction/ID
        remove a step entered by mistake; attachment:ID opens the attachment (ui/operations/attachments.py)."""
        attachment_id = attachment_id_of(url)
        if attachment_id is not None:
            open_attachment(self.desk, attachment_id, parent=self, opener=self.opener)
            return
        kind, _, raw = url.path().partition("/")
        if not raw.isdigit():
            return
        record_id = int(raw)
        if url.scheme() == "record":
            self.sig_open_record.emit(kind, record_id)
        elif url.scheme() == "undo" and self.detail_shown is not None:
            from desktop_app.ui.operations.opinions import remove_instruction, undo_adoption

            if kind == "adoption":
                line = next((a for a in self.detail_shown.adoptions if a.id == record_id), None)
                if line is not None:
                    undo_adoption(self.desk, parent=self, line=line)
            elif kind == "instruction":
                step = next((i for i in self.detail_shown.instructions if i.id == record_id), None)
                if step is not None:
                    remove_instruction(self.desk, parent=self, line=step)

    # ----- actions -----
    def _with(self, action: Callable[[OpinionRow], object]) -> None:
        chosen = self.selected()
        if chosen is not None:
            action(chosen)

    def _open(self, opinion_id: int | None) -> None:
        from desktop_app.ui.operations.opinions import open_opinion_form

        open_opinion_form(self.desk, parent=self, opinion_id=opinion_id, on_saved=self._select_when_listed)

    def _select_when_listed(self, opinion_id: int) -> None:
        """After a save, select the opinion once the reload has listed it."""
        def select() -> None:
            self.sig_filled.disconnect(select)
            self.select_opinion(opinion_id)

        self.sig_filled.connect(select)

    def _adopt(self, row: OpinionRow) -> None:
        from desktop_app.ui.operations.opinions import record_adoption

        record_adoption(self.desk, parent=self, row=row)

    def _instruct(self, row: OpinionRow) -> None:
        from desktop_app.ui.operations.opinions import record_instruction

        record_instruction(self.desk, parent=self, row=row)

    def _attach(self, row: OpinionRow) -> None:
        from desktop_app.ui.operations.opinions import attach_to_opinion

        attach_to_opinion(self.desk, parent=self, opinion_id=row.id)

    def _delete(self, row: OpinionRow) -> None:
        from desktop_app.ui.operations.opinions import delete_opinion

        delete_opinion(self.desk, parent=self, row=row)

    def _import(self) -> None:
        from desktop_app.ui.operations.opinions import import_opinions

        import_opinions(self.desk, parent=self)

    def _export(self) -> None:
        from desktop_app.ui.operations.opinions import export_opinions

        export_opinions(self.desk, parent=self, year=self.year.currentData())


def detail_html(d: OpinionDetail) -> str:
    """The opinion as label/value rows under its title: the facts, where it came from, 采用 and 批示 (each with
    its undo link), then the text, the notes and the attachments."""
    o = d.data
    e = html.escape
    undo = "color:#888; text-decoration:none"
    rows: list[tuple[str, str]] = [("收稿日期", o.received_on.isoformat())]
    if o.bulletin_issue:
        rows.append(("编报期号", e(o.bulletin_issue)))
    rows.append(("报送层级", Level(o.sent_level).label if o.sent_level else "尚未报送"))
    rows.append(("报送人", "、".join(e(w.name) for w in d.submitters) or "未登记"))
    if d.source_proposal:
        pid, title, state = d.source_proposal
        rows.append(("来源", f"由不予立案的提案转来：<a href='record:proposal/{pid}'>{e(title)}</a>（{e(state)}）"))
    if d.consultation:
        cid, topic, held_on = d.consultation
        rows.append(("来源", f"由有事来商量转来：<a href='record:consultation/{cid}'>{e(topic)}</a>"
                             f"（{held_on.isoformat()}）"))
    adoptions = "<br>".join(
        f"{a.level_label}级采用" + (f"　{a.adopted_on.isoformat()}" if a.adopted_on else "")
        + (f"　{e(a.note)}" if a.note else "") + f"　<a href='undo:adoption/{a.id}' style='{undo}'>[撤销]</a>"
        for a in d.adoptions)
    rows.append(("采用情况", adoptions or "<span style='color:#888'>尚未采用（被采用后点“登记采用”）</span>"))
    if d.instructions:
        rows.append(("领导批示", "<br>".join(
            f"{e(i.leader or '领导')}" + (f"（{i.given_on.isoformat()}）" if i.given_on else "")
            + f"：{e(i.text)}　<a href='undo:instruction/{i.id}' style='{undo}'>[删除]</a>" for i in d.instructions)))
    if o.notes:
        rows.append(("备注", e(o.notes)))
    table = "".join(f"<tr><td style='color:#555; padding-right:12px' nowrap>{label}</td><td>{value}</td></tr>"
                    for label, value in rows)
    parts = [f"<h3 style='margin-bottom:4px'>{e(o.title)}</h3>", f"<table cellspacing='0' cellpadding='3'>{table}</table>"]
    if o.body:
        parts.append(f"<p style='margin-top:8px'><b>内容</b></p><p>{e(o.body).replace(chr(10), '<br>')}</p>")
    parts.append(attachments_html(d.attachments))
    return "".join(parts)
