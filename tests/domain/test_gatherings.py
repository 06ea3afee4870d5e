"""Rules for homes, platforms and consultations: name lists, levels, titles, counts, name matching."""
from desktop_app.domain.enums import FollowUpStatus
from desktop_app.domain.gatherings import (NameMatcher, RosterEntry, follow_up_status, infer_home_level, join_names,
                                           parse_count, platform_level, proposal_title, split_names)


def test_split_names_takes_every_separator_and_tidies():
    assert split_names("王芳、李强，张伟,赵敏;王芳") == ["王芳", "李强", "张伟", "赵敏"]
    assert split_names(None) == [] and split_names("  ") == []
    assert split_names(join_names(["王芳", "李强"])) == ["王芳", "李强"]


def test_split_names_of_plain_and_untidy_cells():
    # names joined by 、 only (the quick way), repeated name kept once
    assert split_names("王芳、李强、王芳") == ["王芳", "李强"]
    assert split_names("欧阳娜娜") == ["欧阳娜娜"]
    # anything else is tidied: a trailing 、, full-width letters, a compatibility ideograph (U+F900 → 豈)
    assert split_names("王芳、李强、") == ["王芳", "李强"]
    assert split_names("ＡＢ、王芳") == ["AB", "王芳"]
    assert split_names("\uf900、王芳") == ["\u8c48", "王芳"]


def test_levels_and_titles():
    assert infer_home_level("古韩镇委员之家") == "乡镇"
    assert infer_home_level("教育界委员之家") == "界别"
    assert infer_home_level("县委员之家") == "县级"
    assert platform_level("古韩镇", "北关村") == "村社区" and platform_level("古韩镇", None) == "乡镇"
    assert platform_level(None, None) == "县"
    assert proposal_title("停车难") == "关于停车难的建议"
    assert proposal_title("关于加强养老服务的建议") == "关于加强养老服务的建议"
    assert proposal_title("关于村道硬化") == "关于村道硬化的建议"


def test_counts_and_follow_up_words():
    assert parse_count(3.0) == (3, None) and parse_count("12人") == (12, None) and parse_count(None) == (None, None)
    assert parse_count("三")[1] and parse_count(-1)[1] and parse_count(2.5)[1]
    assert follow_up_status("已完成") is FollowUpStatus.DONE
    assert follow_up_status("落实中") is FollowUpStatus.IN_PROGRESS
    assert follow_up_status("差不多") is None


def test_name_matcher_prefers_members_in_office():
    matcher = NameMatcher([RosterEntry(1, "王芳", True), RosterEntry(2, "王芳", False), RosterEntry(3, "李强"),
                           RosterEntry(4, "李强"), RosterEntry(5, "卢兰")])
    assert matcher.match("王芳") == (1, None)
    assert matcher.match("卢　兰") == (5, None)
    assert matcher.match("李强")[0] is None and "2位" in matcher.match("李强")[1]
    assert "不在委员名单中" in matcher.match("张三")[1]
