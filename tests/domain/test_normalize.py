"""Value normalisers: text, year-months, dates, ID numbers, phones, flags."""
import datetime as dt

import pytest

from desktop_app.domain.normalize import (
    SCIENTIFIC_ID_PROBLEM,
    ambiguous_october,
    clean_name,
    clean_text,
    format_year_month,
    id15_to_18,
    id_birth,
    id_check_digit,
    id_gender,
    id_number_problem,
    normalize_id_number,
    parse_bool_cn,
    parse_date,
    parse_year_month,
    phone_problem,
    scalar_text,
)
from desktop_app.domain.vocabulary import fold

TODAY = dt.date(2026, 11, 22)


def make_id(first17: str) -> str:
    return first17 + id_check_digit(first17)


# ------------------------------------------------------------------ text

@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  男 ", "男"),
        ("卢\u3000兰", "卢兰"),
        ("汉 族", "汉族"),
        ("中共 党员", "中共党员"),
        ("县一中 校长", "县一中 校长"),
        ("县第一中学\n校长", "县第一中学 校长"),
        ("县第一中学　　校长", "县第一中学 校长"),
        ("ＡＢＣ１２３", "ABC123"),
        ("县人民医院（分院）", "县人民医院（分院）"),  # Chinese brackets stay in free text
        (None, ""),
        (1975.0, "1975"),
        (42, "42"),
        (dt.date(2025, 1, 19), "2025-01-19"),
        ("\ufeff备注\u200b", "备注"),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("卢\u3000兰", "卢兰"),
        ("姓  名", "姓名"),
        (" 张 伟 ", "张伟"),
        ("John  Smith", "John Smith"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("阿依古丽 · 买买提", "阿依古丽·买买提"),
        ("ＡＢ委员", "AB委员"),
        ("", ""),
    ],
)
def test_clean_name(raw, expected):
    assert clean_name(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [("汉 族", "汉族"), ("汉\u3000族", "汉族"), ("ＡＢ", "AB"), ("中共\n党员", "中共党员"), ("（手机）", "(手机)")],
)
def test_fold(raw, expected):
    assert fold(raw) == expected


def test_scalar_text():
    assert scalar_text(True) == "是"
    assert scalar_text(1.5) == "1.5"
    assert scalar_text(dt.datetime(2025, 1, 19, 8, 30)) == "2025-01-19 08:30:00"


# ----------------------------------------------------------- year-month

@pytest.mark.parametrize(
    "raw, expected",
    [
        (dt.date(1975, 3, 1), (1975, 3)),
        (dt.datetime(1975, 3, 15, 0, 0), (1975, 3)),
        ("1975.03", (1975, 3)),
        ("1975.3", (1975, 3)),
        ("1975.1", (1975, 1)),  # text: January
        ("1975.10", (1975, 10)),
        ("1975-03", (1975, 3)),
        ("1975/3", (1975, 3)),
        ("1975年3月", (1975, 3)),
        ("1975年03月", (1975, 3)),
        ("1975 年 3 月", (1975, 3)),
        ("197503", (1975, 3)),
        (197503, (1975, 3)),
        ("75.03", (1975, 3)),
        ("03.05", (2003, 5)),
        ("1975-03-15", (1975, 3)),
        ("1975年3月15日", (1975, 3)),
        ("1975.3.15", (1975, 3)),
        ("19750315", (1975, 3)),
        (19750315, (1975, 3)),
        ("1975-03-15 00:00:00", (1975, 3)),
        ("１９７５．０３", (1975, 3)),
        (1975.03, (1975, 3)),
        (1975.3, (1975, 3)),
        (1975.12, (1975, 12)),
        (1975.1, (1975, 10)),  # a number cell: Excel dropped the 0 of 1975.10
    ],
)
def test_parse_year_month(raw, expected):
    assert parse_year_month(raw, today=TODAY) == expected


@pytest.mark.parametrize(
    "raw", [None, "", "   ", "1975", "1975.13", "1975年", "197513", "不详", "1975-02-30", 1975.123, True, "20250230"]
)
def test_parse_year_month_refuses(raw):
    assert parse_year_month(raw, today=TODAY) is None


def test_two_digit_year_pivot_is_the_current_year():
    assert parse_year_month("26.01", today=TODAY) == (2026, 1)
    assert parse_year_month("27.01", today=TODAY) == (1927, 1)


def test_ambiguous_october_only_for_number_cells():
    assert ambiguous_october(1975.1)
    assert not ambiguous_october("1975.1")
    assert not ambiguous_october(1975.11)


def test_format_year_month_round_trips():
    assert format_year_month(1975, 3) == "1975.03"
    assert parse_year_month(format_year_month(1975, 10)) == (1975, 10)
    assert format_year_month(None, None) == ""


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize(
    "raw",
    [
        dt.date(2025, 1, 19),
        dt.datetime(2025, 1, 19, 9, 30),
        "2025-01-19",
        "2025-1-19",
        "2025.1.19",
        "2025.01.19",
        "2025/1/19",
        "2025年1月19日",
        "2025年01月19日",
        "20250119",
        20250119,
        20250119.0,
        "2025-01-19 00:00:00",
        "２０２５年１月１９日",
    ],
)
def test_parse_date(raw):
    assert parse_date(raw) == dt.date(2025, 1, 19)


@pytest.mark.parametrize("raw", [None, "", "2025-02-30", "2025-13-01", "下周一", "2025.1", 2025.5, "20251301"])
def test_parse_date_refuses(raw):
    assert parse_date(raw) is None


# ----------------------------------------------------------- ID numbers

VALID_ID = "11010519491231002X"  # the example in GB 11643


def test_check_digit_of_the_standard_example():
    assert id_check_digit(VALID_ID[:17]) == "X"
    assert id_number_problem(VALID_ID, today=TODAY) is None
    assert id_number_problem(VALID_ID) is None


@pytest.mark.parametrize(
    "number",
    ["140423196209041132", "14042319771119151X", "140423199012278869", make_id("44030620000229123")],
)
def test_valid_ids(number):
    assert id_number_problem(number) is None


@pytest.mark.parametrize(
    "number, words",
    [
        ("140423198305161490", "校验位"),
        ("110105194912310021", "校验位"),
        (make_id("14042319830230149"), "出生日期"),  # 30 February
        (make_id("14042319831301149"), "出生日期"),  # month 13
        (make_id("14042321000101149"), "出生日期"),  # born in the future
        ("1404231983051614", "16位"),
        ("14042319830516149A", "字符"),
        (make_id("04042319830516149"), "地区码"),
    ],
)
def test_invalid_ids(number, words):
    problem = id_number_problem(number, today=TODAY)
    assert problem is not None and words in problem
    assert number in problem


def test_fifteen_digit_ids_are_accepted_and_upgradable():
    old = "140423620904113"
    assert id_number_problem(old) is None
    assert id_birth(old) == (1962, 9)
    assert id_gender(old) == "男"
    new = id15_to_18(old)
    assert len(new) == 18 and new.startswith("14042319620904113") and id_number_problem(new) is None
    assert id_number_problem("140423621304113") is not None  # month 13


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("14042319800504287x", "14042319800504287X"),
        (" 140423196209041132 ", "140423196209041132"),
        ("'140423196209041132", "140423196209041132"),
        ("１４０４２３１９６２０９０４１１３２", "140423196209041132"),
        ("140423 19620904 1132", "140423196209041132"),
        (140423620904113, "140423620904113"),  # 15 digits fit in a number cell
        (None, None),
        ("", None),
    ],
)
def test_normalize_id_number(raw, expected):
    assert normalize_id_number(raw) == (expected, None)


@pytest.mark.parametrize("raw", [1.40423197611042e17, 140423197611042000, "1.40423E+17", "4.1E+17", "1.40423197611042e+17"])
def test_scientific_notation_ids_are_refused(raw):
    text, problem = normalize_id_number(raw)
    assert text is None
    assert problem == SCIENTIFIC_ID_PROBLEM
    assert "科学计数法" in problem and "文本" in problem


def test_id_birth_and_gender():
    assert id_birth("140423196209041132") == (1962, 9)
    assert id_birth("140423196212311132") == (1962, 12)
    assert id_birth("12345") is None
    assert id_gender("140423196209041132") == "男"
    assert id_gender("140423198301081240") == "女"


# --------------------------------------------------------------- phones

@pytest.mark.parametrize(
    "phone",
    [
        "13912345678",
        "19912345678",
        "139 1234 5678",
        "139-1234-5678",
        "+86 13912345678",
        "0355-1234567",
        "03551234567",
        "0355-61234567",
        "010-12345678",
        "6123456",
        "(0355)6123456",
        "（0355）6123456",
        "0355-6123456-801",
        "0355-6123456转801",
        "13912345678、0355-6123456",
        "13912345678/13812345678",
        "13912345678，13812345678",
    ],
)
def test_good_phones(phone):
    assert phone_problem(phone) is None


@pytest.mark.parametrize("phone", ["12345", "1391234567", "139123456789", "12912345678", "0355-123", "电话", "13912345678、123"])
def test_bad_phones(phone):
    problem = phone_problem(phone)
    assert problem is not None and phone in problem and "手机" in problem


def test_blank_phone_is_not_a_problem():
    assert phone_problem("  ") is None


# ---------------------------------------------------------------- flags

@pytest.mark.parametrize("raw", ["是", "√", "✓", "Y", "y", "yes", "1", 1, 1.0, True, "常委", " 是 "])
def test_bool_true(raw):
    assert parse_bool_cn(raw) is True


@pytest.mark.parametrize("raw", ["否", "×", "N", "no", "0", 0, False, None, "", "  "])
def test_bool_false(raw):
    assert parse_bool_cn(raw) is False


@pytest.mark.parametrize("raw", ["也许", "2", 2, "待定"])
def test_bool_unknown(raw):
    assert parse_bool_cn(raw) is None


def test_plain_valid_ids_are_exactly_ids_the_rule_accepts():
    from desktop_app.domain.normalize import id_check_digit, id_number_problem, plain_valid_ids

    def full(first17: str) -> str:
        return first17 + id_check_digit(first17)

    valid = full("11010519491228004")
    assert valid[-1].isdigit()
    cells = [
        valid,  # valid, plain
        valid[:17] + str((int(valid[17]) + 1) % 10),  # wrong check digit
        full("01010519491228004"),  # region starting with 0
        full("91010519491228004"),  # region starting with 9
        full("11010518991228004"),  # born before 1900
        full("11010519491328004"),  # month 13
        full("11010519490230004"),  # 30 February
        full("11010519490130004"),  # 30 January: valid
        full("11010519491228006"),  # valid, ends with X
        full("11010519491228006")[:17] + "x",  # lower-case x: made upper-case first, the usual way
        full("11010520000229004"),  # 29 February 2000: valid
        full("11010519000229004"),  # 29 February 1900: no such day
        valid.translate(str.maketrans("0123456789", "０１２３４５６７８９")), None, int(valid), "", "12345", valid + "1",
    ]
    assert cells[8][-1] == "X" and cells[7][-1].isdigit() and cells[10][-1].isdigit() and cells[11][-1].isdigit()
    plain = [True, False, False, False, False, False, False, True, True, False, True, False]
    assert plain_valid_ids(cells) == plain + [False] * (len(cells) - len(plain))
    assert [id_number_problem(c) is None for c in cells[:len(plain)]] == [True, False, False, False, False, False,
                                                                           False, True, True, False, True, False]
