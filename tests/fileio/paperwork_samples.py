"""Sample DTOs for the paperwork tests (and the PDF smoke test)."""
from __future__ import annotations

import datetime as dt

from desktop_app.fileio.paperwork_dto import (
    AssignmentItem,
    AssignmentNoticeDTO,
    ProposalFormDTO,
    ReminderDTO,
    SatisfactionFormDTO,
    Signer,
    SignInMember,
    SignInSheetDTO,
    UnitReplyLine,
)

SESSION = "政协第十四届黎城县委员会第五次会议"
TRICKY_TITLE = "关于规范A&B<类>企业“双随机”检查的建议"

BODY = (
    "一、存在的问题\n"
    "我县农村饮水安全工程建成以来，总体运行平稳，但部分工程管护责任不清、水费收缴率低。\n"
    "二、几点建议\n"
    "（一）明确管护主体\n"
    "建议由县水利局牵头，落实乡镇和村两级管护责任，建立“县级统管、乡镇监管、村级自管”机制。\n"
    "（二）落实管护经费\n"
    "建议县财政每年安排专项资金，用于小型工程维修养护。"
)


def proposal_form(**overrides) -> ProposalFormDTO:
    values = dict(
        committee_name="政协黎城县委员会",
        session_label=SESSION,
        title="关于进一步加强农村饮水安全工程建设与管护的建议",
        kind="委员提案",
        category="社会建设",
        case_number="第001号",
        lead=Signer("王堃", "经济界", "黎城县某农业科技有限公司总经理", "13800000000", "黎城县黎侯镇某街1号"),
        co_signers=[Signer("李喆", "教育界"), Signer("张玥", "医药卫生界")],
        submitted_on=dt.date(2026, 1, 6),
        body=BODY,
        suggested_units=["县水利局", "县财政局"],
    )
    values.update(overrides)
    return ProposalFormDTO(**values)


def items() -> list[AssignmentItem]:
    return [
        AssignmentItem("第001号", "关于进一步加强农村饮水安全工程建设与管护的建议", "王堃", "主办",
                       dt.date(2026, 4, 20), dt.date(2026, 1, 20), "县财政局"),
        AssignmentItem("第017号", TRICKY_TITLE, "民革黎城县支部", "会办", dt.date(2026, 4, 20), dt.date(2026, 1, 20),
                       "县市场监管局"),
        AssignmentItem("第042号", "关于加快推进县域医共体建设的建议", "李喆等3人", "分办", dt.date(2026, 4, 20),
                       dt.date(2026, 1, 20), overdue_days=5),
    ]


def assignment_notice() -> AssignmentNoticeDTO:
    return AssignmentNoticeDTO(
        office_name="政协黎城县委员会提案委员会", unit_name="县水利局", session_label=SESSION, items=items(),
        issued_on=dt.date(2026, 1, 20), document_number="黎政协提〔2026〕3号", contact_person="赵六",
        contact_phone="0355-6222222", reply_to="县政协提案委员会",
    )


def reminder() -> ReminderDTO:
    return ReminderDTO(
        office_name="政协黎城县委员会提案委员会", unit_name="县水利局", items=items(), as_of=dt.date(2026, 5, 6),
        issued_on=dt.date(2026, 5, 6), reply_by=dt.date(2026, 5, 20), number="催办〔2026〕第2号",
        contact_person="赵六", contact_phone="0355-6222222",
    )


def satisfaction_form() -> SatisfactionFormDTO:
    return SatisfactionFormDTO(
        committee_name="政协黎城县委员会", session_label=SESSION, case_number="第001号",
        title="关于进一步加强农村饮水安全工程建设与管护的建议", proposer="王堃",
        units=[UnitReplyLine("县水利局", "主办", dt.date(2026, 4, 10), "A"), UnitReplyLine("县财政局", "会办")],
        return_to="政协黎城县委员会提案委员会", return_by=dt.date(2026, 5, 31), contact_phone="0355-6222222",
    )


def sign_in_sheet(**overrides) -> SignInSheetDTO:
    values = dict(
        title="第一委员之家“委员读书会”活动", held_on=dt.date(2026, 3, 12), place="县政协四楼会议室",
        organizer="政协黎城县委员会", members=[SignInMember(f"委员{i}", "经济界") for i in range(1, 31)],
        blank_rows=6, start_time="上午9:00",
    )
    values.update(overrides)
    return SignInSheetDTO(**values)
