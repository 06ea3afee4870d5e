import datetime as dt

import pytest

from desktop_app.domain.cn_format import cn_numeral, format_cn_date, format_cn_month, session_label


def test_date_has_no_leading_zeros():
    assert format_cn_date(dt.date(2026, 1, 6)) == "2026年1月6日"
    assert format_cn_date(dt.date(2025, 12, 16)) == "2025年12月16日"
    assert format_cn_date(dt.datetime(2026, 1, 16, 9, 30)) == "2026年1月16日"
    assert format_cn_date(None) == ""
    assert format_cn_date(None, empty="—") == "—"
    assert format_cn_month(dt.date(2026, 3, 1)) == "2026年3月"


@pytest.mark.parametrize(
    "n, text",
    [(0, "零"), (1, "一"), (5, "五"), (10, "十"), (14, "十四"), (20, "二十"), (21, "二十一"),
     (100, "一百"), (105, "一百零五"), (110, "一百一十"), (1001, "一千零一"), (2026, "二千零二十六")],
)
def test_cn_numeral(n, text):
    assert cn_numeral(n) == text


def test_cn_numeral_rejects_out_of_range():
    with pytest.raises(ValueError):
        cn_numeral(10000)
    with pytest.raises(TypeError):
        cn_numeral(True)


def test_session_label():
    assert session_label(county="黎城县", term=14, session=5) == "政协第十四届黎城县委员会第五次会议"
