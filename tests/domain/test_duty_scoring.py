"""Scoring a member's duty year: points, caps, deductions, the 0 floor and 100 ceiling, bands, warnings, bad rules."""
import json
from pathlib import Path

import pytest

from desktop_app.domain.duty_scoring import DUTY_ITEMS, parse_duty_rules, points_by_item, score

SHIPPED = json.loads((Path(__file__).resolve().parents[2] / "resources" / "scoring" / "duty_rules.json")
                     .read_text(encoding="utf-8"))


def _rules(**changes):
    data = {"items": {"proposals_led": {"points": 10, "cap": 20}, "activities_present": {"points": 2.5},
                      "meetings_absent": {"points": -10}},
            "bands": [{"name": "合格", "min": 0}, {"name": "优秀", "min": 30}], "max_score": 100,
            "warnings": [{"items": ["proposals_led"], "min": 1, "text": "未领衔提案"}]}
    data.update(changes)
    return parse_duty_rules(data)


def test_the_shipped_rules_load_with_every_item_and_the_four_bands():
    rules = parse_duty_rules(SHIPPED)
    assert {item.code for item in rules.items} == set(DUTY_ITEMS)
    assert rules.band_names == ("优秀", "良好", "称职", "不称职")
    assert [b.minimum for b in rules.bands] == [90, 80, 60, 0]
    assert rules.max_score == 100
    assert "说明" in SHIPPED


def test_with_the_shipped_rules_a_diligent_member_is_excellent_and_one_who_did_nothing_scores_zero():
    rules = parse_duty_rules(SHIPPED)
    diligent = {"meetings_present": 1, "activities_present": 10, "proposals_led": 1, "proposals_cosigned": 2,
                "proposals_accepted": 2, "opinions_submitted": 3, "opinions_adopted": 1, "consultations": 2}
    assert score(diligent, rules) == (94, "优秀", ())
    assert score({}, rules) == (0, "不称职", ("未领衔或联名提案", "参加会议和活动少于3次"))
    absent_everywhere = {"meetings_absent": 2, "activities_absent": 12}
    assert score(absent_everywhere, rules)[0] == 0  # deductions never take the score below 0


@pytest.mark.parametrize("counts, expected", [
    ({"activities_present": 3}, 7.5),  # a half point stays: one decimal
    ({"proposals_led": 5}, 20),  # capped
    ({"proposals_led": 2, "meetings_absent": 1}, 10),
    ({"proposals_led": 1, "activities_present": 100}, 100),  # the ceiling
])
def test_points_caps_and_ceiling(counts, expected):
    assert score(counts, _rules())[0] == expected


def test_score_is_an_int_when_whole_and_one_decimal_otherwise():
    value, _, _ = score({"activities_present": 1}, _rules(items={"activities_present": {"points": 0.33}}))
    assert value == 0.3 and isinstance(value, float)
    value, _, _ = score({"activities_present": 3}, _rules(items={"activities_present": {"points": 0.1}}))
    assert value == 0.3  # 0.1 × 3 counted exactly, not 0.30000000000000004
    assert isinstance(score({"activities_present": 2}, _rules())[0], int)


def test_a_cap_limits_a_deduction_too():
    rules = _rules(items={"activities_present": {"points": 3}, "activities_absent": {"points": -2, "cap": 4}})
    assert points_by_item({"activities_present": 10, "activities_absent": 5}, rules) == {
        "activities_present": 30, "activities_absent": -4}
    assert score({"activities_present": 10, "activities_absent": 5}, rules)[0] == 26


def test_bands_are_read_best_first_whatever_order_they_are_written_in():
    rules = _rules()
    assert rules.band_names == ("优秀", "合格")
    assert score({"proposals_led": 3}, rules)[1] == "合格"  # 20 after the cap
    assert score({"proposals_led": 2, "activities_present": 4}, rules)[1] == "优秀"  # exactly 30


def test_warnings_add_up_their_items_and_keep_the_rules_order():
    rules = _rules(warnings=[{"items": ["meetings_present", "activities_present"], "min": 3, "text": "活动少于3次"},
                             {"items": "proposals_led", "min": 1, "text": "未领衔提案"}])
    assert score({"meetings_present": 1, "activities_present": 2, "proposals_led": 1}, rules)[2] == ()
    assert score({"meetings_present": 1, "activities_present": 1}, rules)[2] == ("活动少于3次", "未领衔提案")


def test_no_ceiling_when_max_score_is_left_out():
    rules = _rules(max_score=None, items={"activities_present": {"points": 5}})
    assert score({"activities_present": 30}, rules)[0] == 150


@pytest.mark.parametrize("change, words", [
    ({"items": {"proposal_led": {"points": 10}}}, "计分项“proposal_led”不认识"),
    ({"items": {"proposals_led": {"points": "十"}}}, "计分项“proposals_led”（领衔提案）的每次分值“points”应为数字"),
    ({"items": {"proposals_led": {"points": True}}}, "“points”应为数字"),
    ({"items": {"proposals_led": {"points": float("nan")}}}, "“points”应为数字"),
    ({"items": {"proposals_led": {"points": 10, "cap": -5}}}, "的上限“cap”应为正数"),
    ({"items": {"proposals_led": 10}}, "计分项“proposals_led”（领衔提案）写法不对"),
    ({"items": None}, "缺少“items”"),
    ({"bands": []}, "缺少等次“bands”"),
    ({"bands": [{"name": "合格", "min": 60}]}, "须有一档的 min 为 0"),
    ({"bands": [{"name": "合格", "min": 0}, {"name": "合格", "min": 60}]}, "等次“合格”（min 60）与前面的等次重名"),
    ({"bands": [{"name": "合格", "min": -1}]}, "等次“{\"name\": \"合格\", \"min\": -1}”写法不对"),
    ({"warnings": [{"items": ["proposals"], "min": 1, "text": "未提交提案"}]}, "未履职预警“未提交提案”中的计分项“proposals”不认识"),
    ({"warnings": [{"items": ["proposals_led"], "min": 0, "text": "未提交提案"}]}, "未履职预警“未提交提案”的最少次数“min”应为正整数"),
    ({"warnings": [{"items": ["proposals_led"], "min": 1}]}, "缺少提示文字“text”"),
    ({"warnings": {"proposals_led": 1}}, "“warnings”应为列表"),
    ({"max_score": 0}, "满分“max_score”写的是“0”"),
])
def test_a_bad_entry_is_named_in_one_chinese_sentence(change, words):
    with pytest.raises(ValueError) as caught:
        _rules(**change)
    message = str(caught.value)
    assert words in message
    assert message.endswith("。") and message.count("。") == 1


def test_rules_that_are_not_an_object_are_refused():
    with pytest.raises(ValueError, match="评分规则应为一个以 { 开头的 JSON 对象"):
        parse_duty_rules([1, 2])
