"""The proposal workflow (提案办理流程) as data: states, the actions legal in each, and their targets.

Standard library only. Services call `check(state, action)` before every step; the interface
asks `allowed_actions(state)` which buttons to show. An illegal step raises IllegalTransition
with a sentence that names the current state and what is allowed.
"""
from __future__ import annotations

import calendar
from datetime import date

from desktop_app.domain.enums import ProposalState, UnitRole
from desktop_app.domain.errors import IllegalTransition

SUBMITTED = ProposalState.SUBMITTED.value
RETURNED = ProposalState.RETURNED.value
ACCEPTED = ProposalState.ACCEPTED.value
NOT_ACCEPTED = ProposalState.NOT_ACCEPTED.value
MERGED = ProposalState.MERGED.value
WITHDRAWN = ProposalState.WITHDRAWN.value
ASSIGNED = ProposalState.ASSIGNED.value
REPLIED = ProposalState.REPLIED.value
CLOSED = ProposalState.CLOSED.value
# Units that answer the proposer (主办, 分办); a 会办 unit sends its view to the lead unit instead.
ANSWERING_ROLES = (UnitRole.LEAD.value, UnitRole.SEPARATE.value)

# Action code → Chinese label (buttons, history, messages), in the order buttons are shown.
ACTIONS: dict[str, str] = {
    "submit": "提交",
    "edit": "修改",
    "review": "审查意见",
    "return": "退回修改",
    "resubmit": "重新提交",
    "accept": "立案",
    "not_accept": "不予立案",
    "merge": "并案",
    "assign": "交办",
    "decline": "单位申请退回",
    "reassign": "重新交办",
    "extend": "延期",
    "reply": "答复",
    "change_category": "调整答复类别",
    "feedback": "委员反馈",
    "close": "办结",
    "follow_up": "跨年度跟踪",
    "mark_key": "重点提案",
    "mark_excellent": "优秀提案",
    "withdraw": "撤案",
    "ledger_import": "台账导入",
}

# (state, action) → the states the step may lead to. A step not listed here is illegal.
_FLAGS = ("follow_up", "mark_key", "mark_excellent")
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    SUBMITTED: {
        "edit": (SUBMITTED,), "review": (SUBMITTED,), "return": (RETURNED,), "accept": (ACCEPTED,),
        "not_accept": (NOT_ACCEPTED,), "merge": (MERGED,), "withdraw": (WITHDRAWN,),
    },
    RETURNED: {"edit": (RETURNED,), "resubmit": (SUBMITTED,), "withdraw": (WITHDRAWN,)},
    ACCEPTED: {
        "assign": (ASSIGNED,), "reassign": (ASSIGNED,), "withdraw": (WITHDRAWN,),
        "follow_up": (ACCEPTED,), "mark_key": (ACCEPTED,),
    },
    ASSIGNED: {
        "assign": (ASSIGNED,), "decline": (ASSIGNED, ACCEPTED), "reassign": (ASSIGNED,), "extend": (ASSIGNED,),
        "reply": (ASSIGNED, REPLIED), "change_category": (ASSIGNED,), "withdraw": (WITHDRAWN,),
        **{flag: (ASSIGNED,) for flag in _FLAGS},
    },
    REPLIED: {
        "reply": (REPLIED,), "change_category": (REPLIED,), "feedback": (REPLIED, ASSIGNED), "close": (CLOSED,),
        **{flag: (REPLIED,) for flag in _FLAGS},
    },
    CLOSED: {"change_category": (CLOSED,), **{flag: (CLOSED,) for flag in _FLAGS}},
    # A merged proposal is handled under the other's number, but its proposer is still owed a reply.
    MERGED: {"reply": (MERGED,), "change_category": (MERGED,), "feedback": (MERGED,), "close": (CLOSED,)},
    NOT_ACCEPTED: {},
    WITHDRAWN: {},
}

# States in which a proposal counts as admitted (立案, including 并案) for the statistics.
ACCEPTED_STATES = (ACCEPTED, ASSIGNED, REPLIED, CLOSED, MERGED)
# States in which a merge target may receive another proposal.
MERGE_TARGET_STATES = (ACCEPTED, ASSIGNED, REPLIED, CLOSED)


def state_label(state: str | None) -> str:
    return ProposalState(state).label if state else "新建"


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


def allowed_actions(state: str) -> list[str]:
    """The actions legal in `state`, in button order."""
    legal = TRANSITIONS.get(state, {})
    return [action for action in ACTIONS if action in legal]


def check(state: str, action: str) -> tuple[str, ...]:
    """The states `action` may lead to from `state`; IllegalTransition (in Chinese) when it is not allowed."""
    if action not in ACTIONS:
        raise ValueError(f"unknown proposal action {action!r}")
    targets = TRANSITIONS.get(state, {}).get(action)
    if targets:
        return targets
    legal = allowed_actions(state)
    allowed = "、".join(f"“{action_label(a)}”" for a in legal) if legal else "任何办理操作"
    verb = "只能进行" if legal else "不能再进行"
    raise IllegalTransition(
        f"这件提案当前为“{state_label(state)}”，不能“{action_label(action)}”；此状态下{verb}{allowed}。")


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (1月31日 + 1个月 → 2月28日或29日)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
