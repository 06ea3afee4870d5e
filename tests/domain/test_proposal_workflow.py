"""The proposal state machine: every legal transition, illegal ones in Chinese, dates."""
from datetime import date

import pytest

from desktop_app.domain.errors import IllegalTransition
from desktop_app.domain.proposal_workflow import ACTIONS, TRANSITIONS, add_months, allowed_actions, check

LEGAL = [
    ("submitted", "edit", ("submitted",)), ("submitted", "review", ("submitted",)),
    ("submitted", "return", ("returned",)), ("submitted", "accept", ("accepted",)),
    ("submitted", "not_accept", ("not_accepted",)), ("submitted", "merge", ("merged",)),
    ("submitted", "withdraw", ("withdrawn",)),
    ("returned", "edit", ("returned",)), ("returned", "resubmit", ("submitted",)), ("returned", "withdraw", ("withdrawn",)),
    ("accepted", "assign", ("assigned",)), ("accepted", "reassign", ("assigned",)), ("accepted", "withdraw", ("withdrawn",)),
    ("accepted", "follow_up", ("accepted",)), ("accepted", "mark_key", ("accepted",)),
    ("assigned", "assign", ("assigned",)), ("assigned", "decline", ("assigned", "accepted")),
    ("assigned", "reassign", ("assigned",)), ("assigned", "extend", ("assigned",)),
    ("assigned", "reply", ("assigned", "replied")), ("assigned", "change_category", ("assigned",)),
    ("assigned", "withdraw", ("withdrawn",)), ("assigned", "follow_up", ("assigned",)),
    ("assigned", "mark_key", ("assigned",)), ("assigned", "mark_excellent", ("assigned",)),
    ("replied", "reply", ("replied",)), ("replied", "change_category", ("replied",)),
    ("replied", "feedback", ("replied", "assigned")), ("replied", "close", ("closed",)),
    ("replied", "follow_up", ("replied",)), ("replied", "mark_key", ("replied",)),
    ("replied", "mark_excellent", ("replied",)),
    ("closed", "change_category", ("closed",)), ("closed", "follow_up", ("closed",)),
    ("closed", "mark_key", ("closed",)), ("closed", "mark_excellent", ("closed",)),
    ("merged", "reply", ("merged",)), ("merged", "change_category", ("merged",)),
    ("merged", "feedback", ("merged",)), ("merged", "close", ("closed",)),
]


@pytest.mark.parametrize("state,action,targets", LEGAL)
def test_every_legal_transition(state, action, targets):
    assert check(state, action) == targets


def test_the_table_lists_exactly_the_legal_transitions():
    table = {(state, action) for state, actions in TRANSITIONS.items() for action in actions}
    assert table == {(state, action) for state, action, _ in LEGAL}


ILLEGAL = [
    ("submitted", "assign"), ("submitted", "reply"), ("submitted", "close"), ("submitted", "feedback"),
    ("returned", "accept"), ("accepted", "accept"), ("accepted", "reply"), ("accepted", "close"),
    ("assigned", "accept"), ("assigned", "close"), ("assigned", "feedback"), ("replied", "assign"),
    ("replied", "withdraw"), ("closed", "reply"), ("closed", "assign"), ("closed", "withdraw"),
    ("not_accepted", "accept"), ("not_accepted", "edit"), ("withdrawn", "resubmit"), ("withdrawn", "accept"),
    ("merged", "accept"), ("merged", "assign"), ("merged", "merge"),
]


@pytest.mark.parametrize("state,action", ILLEGAL)
def test_illegal_steps_name_the_state_and_what_is_allowed(state, action):
    with pytest.raises(IllegalTransition) as caught:
        check(state, action)
    message = caught.value.message
    from desktop_app.domain.enums import ProposalState

    assert f"当前为“{ProposalState(state).label}”" in message
    assert f"不能“{ACTIONS[action]}”" in message
    for legal in allowed_actions(state):
        assert f"“{ACTIONS[legal]}”" in message


def test_terminal_states_say_nothing_more_is_possible():
    with pytest.raises(IllegalTransition) as caught:
        check("withdrawn", "assign")
    assert caught.value.message == "这件提案当前为“已撤案”，不能“交办”；此状态下不能再进行任何办理操作。"


def test_closed_proposal_message_is_one_readable_sentence():
    with pytest.raises(IllegalTransition) as caught:
        check("closed", "reply")
    assert caught.value.message.startswith("这件提案当前为“已办结”，不能“答复”；此状态下只能进行“调整答复类别”")


def test_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError):
        check("submitted", "fly")


def test_allowed_actions_are_in_button_order():
    assert allowed_actions("submitted") == ["edit", "review", "return", "accept", "not_accept", "merge", "withdraw"]
    assert allowed_actions("withdrawn") == []


@pytest.mark.parametrize("start,months,expected", [
    (date(2025, 1, 20), 3, date(2025, 4, 20)), (date(2025, 11, 30), 3, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)), (date(2025, 12, 15), 6, date(2026, 6, 15)),
])
def test_add_months_clamps_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected
