"""Which rows of a ledger sheet are data, and name lists split (the kinds' conversions: tests/services/test_ledger_kinds.py)."""
from pathlib import Path

import pytest

from desktop_app.fileio.headers import detect_header, load_synonyms
from desktop_app.fileio.spreadsheet import Sheet
from desktop_app.fileio.table_rows import select_data_rows, split_list

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
RESOURCES = ROOT / "resources"


def test_data_rows_skip_blank_total_and_note_rows():
    columns = load_synonyms(RESOURCES, "proposals")
    rows = [
        ["政协××县2025年提案台账"],
        ["案号", "案由", "提案人", "联名人", "提交日期", "重点提案", "备用"],
        ["001", "关于……的建议", "张三", "李四，王五 赵六", "2025年1月19日", "是", "x"],
        ["002", None, "张三", None, "去年", "也许", None],
        [None, None, None, None, None, None, None],
        ["合计", "2件", None, None, None, None, None],
        ["备注：以上为初稿"],
    ]
    data, excel_rows, skipped = select_data_rows(Sheet("台账", rows), detect_header(rows, columns))
    assert excel_rows == [3, 4] and skipped == [5, 6, 7]
    assert data[0][:2] == ["001", "关于……的建议"]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("张三、李四", ("张三", "李四")),
        ("张三，李四,王五;赵六；钱七", ("张三", "李四", "王五", "赵六", "钱七")),
        ("张三 李四  王五", ("张三", "李四", "王五")),
        ("卢\u3000兰、张三", ("卢兰", "张三")),
        ("卢 兰 张三", ("卢兰", "张三")),
        ("张三 李", ("张三", "李")),
        ("张三、张三", ("张三",)),
        ("张三/李四", ("张三", "李四")),
        ("张三\n李四", ("张三", "李四")),
        ("、张三、", ("张三",)),
        (None, ()),
        ("", ()),
    ],
)
def test_split_list(raw, expected):
    assert split_list(raw) == expected
