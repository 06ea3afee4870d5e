"""What the proposal paperwork and sign-in sheets print: frozen dataclasses of plain values.

The proposals and activities services fill these; the Word writers in this package read
them. Sequences are tuples so a DTO can be shared between threads; lists are accepted and
turned into tuples.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass


def freeze_sequences(obj, *names: str) -> None:
    """In a frozen dataclass's __post_init__: the named list fields become tuples (shareable between threads)."""
    for name in names:
        value = getattr(obj, name)
        if not isinstance(value, tuple):
            object.__setattr__(obj, name, tuple(value))


@dataclass(frozen=True)
class Signer:
    """A proposer or co-signer as the form prints them."""

    name: str
    sector: str = ""  # 界别
    work_unit: str = ""  # 工作单位及职务
    phone: str = ""
    address: str = ""  # 通讯地址 (and postcode)


@dataclass(frozen=True)
class ProposalFormDTO:
    """提案表: the proposal itself with its facts and the boxes the office fills in by hand."""

    committee_name: str  # 政协黎城县委员会
    session_label: str  # 政协第十四届黎城县委员会第五次会议
    title: str  # 案由
    kind: str  # 委员提案 / 集体提案
    category: str = ""  # 经济建设 …
    case_number: str = ""  # 第001号; empty before acceptance
    lead: Signer | None = None  # the first proposer (a member)
    organization: str = ""  # the proposing organization of a collective proposal
    co_signers: tuple[Signer, ...] = ()
    submitted_on: _dt.date | None = None
    body: str = ""  # 理由及建议; paragraphs separated by line breaks
    suggested_units: tuple[str, ...] = ()  # 建议承办单位
    first_review: str = ""  # 初审意见 if already given; else a blank box to write in
    second_review: str = ""  # 复审意见
    handling_units: str = ""  # 交办意见 / 承办单位 once assigned (主办: …；会办: …)
    key_proposal: bool = False

    def __post_init__(self) -> None:
        freeze_sequences(self, "co_signers", "suggested_units")


@dataclass(frozen=True)
class AssignmentItem:
    """One proposal in a 交办通知 or a 催办单."""

    case_number: str
    title: str
    proposer: str  # 提案者: a name, 张三等3人, or an organization
    role: str = "主办"  # 主办 / 会办 / 分办
    due_on: _dt.date | None = None  # 办理期限
    assigned_on: _dt.date | None = None  # 交办日期
    other_units: str = ""  # the lead unit for a joint role, the joint units for a lead role, the other separate units
    overdue_days: int | None = None  # 催办单: days past the due date (computed from `as_of` if None)


@dataclass(frozen=True)
class AssignmentNoticeDTO:
    """交办通知: to one handling unit, the proposals it received and by when to answer."""

    office_name: str  # who sends it: 政协黎城县委员会提案委员会 / 县政府办公室
    unit_name: str  # 主送: the handling unit
    session_label: str
    items: tuple[AssignmentItem, ...]
    issued_on: _dt.date
    document_number: str = ""  # 文号: 黎政协提〔2026〕3号
    contact_person: str = ""
    contact_phone: str = ""
    reply_to: str = ""  # where copies of the replies go (提案委员会 …)
    joint_reply_days: int = 30  # 会办 units send their view to the lead unit within this many days

    def __post_init__(self) -> None:
        freeze_sequences(self, "items")


@dataclass(frozen=True)
class ReminderDTO:
    """催办单: the overdue proposals of one handling unit."""

    office_name: str
    unit_name: str
    items: tuple[AssignmentItem, ...]
    as_of: _dt.date  # 截至
    issued_on: _dt.date
    reply_by: _dt.date | None = None  # 请于……前答复
    number: str = ""  # 催办〔2026〕第2号
    contact_person: str = ""
    contact_phone: str = ""

    def __post_init__(self) -> None:
        freeze_sequences(self, "items")


@dataclass(frozen=True)
class UnitReplyLine:
    """One handling unit on the satisfaction form."""

    unit_name: str
    role: str = "主办"
    replied_on: _dt.date | None = None
    reply_category: str = ""  # A / B / C as the unit reported it; printed only when given


@dataclass(frozen=True)
class SatisfactionFormDTO:
    """满意度测评表: the proposer ticks a verdict per unit by hand and sends it back."""

    committee_name: str
    session_label: str
    case_number: str
    title: str
    proposer: str
    units: tuple[UnitReplyLine, ...]
    return_to: str = ""  # 请于……寄回政协黎城县委员会提案委员会
    return_by: _dt.date | None = None
    contact_phone: str = ""

    def __post_init__(self) -> None:
        freeze_sequences(self, "units")


@dataclass(frozen=True)
class SignInMember:
    name: str
    sector: str = ""  # 界别
    note: str = ""  # 备注, e.g. 请假 already known


@dataclass(frozen=True)
class SignInSheetDTO:
    """签到表 for an activity or a consultation: the expected members and blank rows for others."""

    title: str  # the activity's or consultation's title
    held_on: _dt.date
    place: str = ""
    organizer: str = ""  # 主办: 政协黎城县委员会 / 某委员之家
    members: tuple[SignInMember, ...] = ()
    blank_rows: int = 5
    kind: str = "活动"  # 活动 / 协商 — names the sheet when the title does not
    start_time: str = ""  # 上午9:00

    def __post_init__(self) -> None:
        freeze_sequences(self, "members")
        if self.blank_rows < 0:
            raise ValueError("blank_rows must be ≥ 0")

