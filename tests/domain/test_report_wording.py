import pytest

from desktop_app.domain.report_wording import join_names, shorten_title


@pytest.mark.parametrize("title, short", [
    ("关于推进浊漳河生态修复的建议", "推进浊漳河生态修复"),
    ("关于医保报销问题的建议（1）", "医保报销问题"),
    ("关于加快发展低空经济的提案", "加快发展低空经济"),
    ("加强寺观壁画保护", "加强寺观壁画保护"),
    ("关于“只待凤来不筑巢”现象亟待关注的几点建议", "“只待凤来不筑巢”现象亟待关注"),
    ("关于“乡村振兴”的建议", "乡村振兴"),
    ("建议", "建议"),
])
def test_shorten_title(title, short):
    assert shorten_title(title) == short


def test_join_names():
    assert join_names(["甲", "乙", "丙"]) == "甲、乙、丙"
    assert join_names(["甲", "乙", "丙"], limit=2) == "甲、乙等"
    assert join_names(["甲", "", "乙"], limit=2) == "甲、乙"
