"""`template list | copy | check | fields | restore`, and an edited office copy used by the next document."""
from __future__ import annotations

import docx

from tests.cli.test_cli import data, run  # noqa: F401  (data is a fixture)


def _append_paragraph(path, text: str) -> None:
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


def test_list_copy_and_fields(data):
    assert run("init", "--county", "黎城县", data=data).returncode == 0
    listed = run("template", "list", data=data)
    assert listed.returncode == 0
    assert "签到表（sign_in）：程序自带模板" in listed.stdout
    copied = run("template", "copy", "签到表", data=data)
    assert copied.returncode == 0
    office_copy = data / "templates" / "签到表.docx"
    assert office_copy.is_file() and str(office_copy) in copied.stdout
    assert f"签到表（sign_in）：本单位模板 {office_copy}" in run("template", "list", data=data).stdout
    # a second copy keeps the office's edits
    _append_paragraph(office_copy, "本单位的说明")
    again = run("template", "copy", "sign_in", data=data)
    assert again.returncode == 0 and "未覆盖" in again.stdout
    assert "本单位的说明" in [p.text for p in docx.Document(str(office_copy)).paragraphs]
    fields = run("template", "fields", "签到表", data=data)
    assert fields.returncode == 0
    assert "  签到名单　例：（表格：序号、姓名、界别、签名、备注）" in fields.stdout


def test_check_refuses_an_unknown_field_and_full_width_braces(data):
    run("init", "--county", "黎城县", data=data)
    run("template", "copy", "签到表", data=data)
    office_copy = data / "templates" / "签到表.docx"
    _append_paragraph(office_copy, "联系人：{{ 联系人 }}")
    _append_paragraph(office_copy, "日期：｛｛ 日期 ｝｝")
    checked = run("template", "check", "签到表", data=data)
    assert checked.returncode == 1
    assert "签到表.docx（本单位模板）有3处问题" in checked.stderr
    assert "字段“联系人”程序不提供" in checked.stderr
    assert "“｛｛”是全角大括号" in checked.stderr and "“｝｝”是全角大括号" in checked.stderr
    restored = run("template", "restore", "签到表", data=data)
    assert restored.returncode == 0 and "已恢复程序自带的“签到表.docx”" in restored.stdout
    assert not office_copy.exists()
    assert run("template", "check", data=data).returncode == 0


def test_unknown_template_and_missing_name(data):
    run("init", data=data)
    unknown = run("template", "copy", "工作总结2", data=data)
    assert unknown.returncode == 2 and "没有名为“工作总结2”的模板" in unknown.stderr
    missing = run("template", "fields", data=data)
    assert missing.returncode == 2 and "template fields 需要模板名称" in missing.stderr
