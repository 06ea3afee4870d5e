"""An output file named without its extension gets it, so that a double-click opens it in Word or Excel."""
from __future__ import annotations

import docx
import pytest

from tests.cli_support import cli, demo_folder
from tests.conftest import sample


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return demo_folder(tmp_path_factory.mktemp("输出"))


def test_a_report_named_without_docx_is_saved_as_docx(data, tmp_path):
    code, out, err = cli(data, "report", "annual", "--year", "2025", "--out", str(tmp_path / "工作总结"))
    assert code == 0, err
    written = tmp_path / "工作总结.docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["工作总结.docx"]
    assert f"“{written}”" in out and docx.Document(str(written)).paragraphs


def test_a_workbook_keeps_the_dots_of_its_name_and_gets_xlsx(data, tmp_path):
    code, _, err = cli(data, "report", "workbook", "--year", "2025", "--out", str(tmp_path / "2025.12 统计"))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025.12 统计.xlsx"]


def test_an_export_and_an_import_report_get_xlsx(data, tmp_path):
    code, out, _ = cli(data, "export", "members", str(tmp_path / "花名册"))
    assert code == 0 and out.strip() == f"已导出 180 名委员到“{tmp_path / '花名册.xlsx'}”。"
    code, _, _ = cli(data, "import", "members", str(sample("roster_bad.xlsx")), "--report", str(tmp_path / "问题清单"))
    assert code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["花名册.xlsx", "问题清单.xlsx"]


def test_a_name_that_has_its_extension_is_kept(data, tmp_path):
    code, _, _ = cli(data, "export", "activities", str(tmp_path / "活动台账.XLSX"), "--year", "2025")
    assert code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["活动台账.XLSX"]
