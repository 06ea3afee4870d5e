import docx
import pytest

from desktop_app.domain.errors import InputFileProblem, ValidationError
from desktop_app.fileio.template_check import check_template_docx, check_template_text, ensure_template_ok

FIELDS = {"office_name", "date", "title", "proposal.title", "proposal.case_number", "proposals", "stats.accepted",
          "stats.submitted", "format_date"}


def messages(text, fields=FIELDS):
    return [p.describe() for p in check_template_text(text, fields)]


@pytest.mark.parametrize(
    "text",
    [
        "政协{{ office_name }}关于{{ proposal.title }}的报告",
        "共征集提案{{ stats.submitted }}件，立案{{ stats.accepted }}件。",
        "{% for p in proposals %}{{ p.title }}（{{ loop.index }}）{% endfor %}",
        "{%tr for p in proposals %}",  # docxtpl row tags, closed on a later line
        "{%tr endfor %}",
        "{% if proposal.title and stats %}有{% elif title %}题{% else %}无{% endif %}",
        "{{ title | default('无') }}{{ format_date(date, style=\"long\") }}",
        "{{p title }}{{r office_name }}",
        "{{- title -}}",
        "{# 备注：这里是注释 #}",
        "100％完成，｛注｝不是标签",
        "{% set n = stats.accepted %}共{{ n }}件",
    ],
)
def test_good_templates_have_no_problems(text):
    lines = text if text != "{%tr for p in proposals %}" else text + "\n{{ p.title }}\n{%tr endfor %}"
    if text == "{%tr endfor %}":
        lines = "{%tr for p in proposals %}\n" + text
    assert messages(lines) == []


def test_full_width_braces_from_a_chinese_input_method():
    problems = check_template_text("标题：｛｛ title ｝｝", FIELDS)
    assert [p.row for p in problems] == [1, 1]
    assert problems[0].describe() == (
        "第1行：第4个字符处，“｛｛”是全角大括号（中文输入法打出的），标签要用半角的“{{”，请切换到英文输入法重新输入。"
    )
    assert "“｝｝”" in problems[1].message and "第13个字符" in problems[1].message


def test_full_width_percent_in_a_block_tag_is_reported_and_the_tag_still_checked():
    found = messages("{％ if titel ％}x{% endif %}")
    assert any("“％”是全角符号" in m for m in found)
    assert any("字段“titel”程序不提供。是否应为“title”？" in m for m in found)


def test_curly_quotes_inside_a_tag():
    found = messages("{{ format_date(date, style=“long”) }}")
    assert len(found) == 1
    assert "中文引号“”" in found[0] and "请改为英文引号" in found[0]
    # curly quotes in ordinary text are fine
    assert messages("委员们说：“好！”{{ title }}") == []


def test_other_full_width_punctuation_inside_a_tag():
    found = messages("{{ format_date（date） }}")
    assert any("全角字符“（”" in m for m in found)


def test_unknown_field_with_suggestion_and_location():
    problems = check_template_text("第一行\n关于{{ proposal.tilte }}", FIELDS)
    assert len(problems) == 1
    assert problems[0].row == 2
    assert problems[0].describe() == (
        "第2行：第3个字符处，标签“{{ proposal.tilte }}”里的字段“proposal.tilte”程序不提供。是否应为“proposal.title”？"
    )


def test_unbalanced_tags():
    assert messages("{{ title") == ["第1行：第1个字符处，“{{”没有对应的“}}”（“{{ title”）。一个标签必须在同一段内写完整。"]
    assert messages("title }}") == ["第1行：第7个字符处，多余的“}}”：前面缺少对应的“{{”。"]
    assert any("“{%”没有对应的“%}”" in m for m in messages("{% if title"))
    assert any("多余的“%}”" in m for m in messages("if title %}"))
    # an opener whose closer comes only after the next tag
    assert any("“{{”没有对应的“}}”" in m for m in messages("{{ title {{ date }}"))


def test_unbalanced_blocks():
    assert messages("{% for p in proposals %}\n{{ p.title }}") == [
        "第1行：第1个字符处，“{% for p in proposals %}”没有对应的“{% endfor %}”。"
    ]
    assert messages("{% endif %}") == ["第1行：第1个字符处，多余的“{% endif %}”：前面没有对应的“{% if %}”。"]
    found = messages("{% if title %}\n{% for p in proposals %}\n{% endif %}")
    assert any("不配对" in m and "第2行" in m and "{% endfor %}" in m for m in found)
    assert messages("{% else %}") == ["第1行：第1个字符处，“{% else %}”前面没有对应的“{% if %}”。"]
    assert any("不是可用的语句" in m for m in messages("{% fro p in proposals %}"))


def test_loop_variable_is_known_only_inside_its_loop():
    found = messages("{% for p in proposals %}{{ p.title }}{% endfor %}{{ p.title }}")
    assert len(found) == 1
    assert found[0].startswith("第1行：第50个字符处，标签“{{ p.title }}”里的字段“p.title”程序不提供。")


def test_spaces_between_braces_and_single_braces():
    found = messages("{ { title } }")
    assert any("“{ {”的两个符号之间有空格" in m for m in found)
    assert messages("{title}") == ["第1行：第1个字符处，“{title}”只有一层大括号，不会被替换；字段要写成“{{ title }}”。"]


def test_empty_tag():
    assert messages("{{ }}") == ["第1行：第1个字符处，标签“{{ }}”是空的，请写上字段名。"]


def _template(tmp_path, paragraphs, cells=None, footer=None):
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    if cells:
        table = d.add_table(rows=len(cells), cols=len(cells[0]))
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    if footer:
        d.sections[0].footer.paragraphs[0].text = footer
    path = tmp_path / "模板.docx"
    d.save(str(path))
    return path


def test_docx_template_problems_name_paragraph_table_cell_and_footer(tmp_path):
    path = _template(
        tmp_path,
        ["{{ title }}", "报告单位：｛｛ office_name ｝｝"],
        cells=[["案号", "案由"], ["{%tr for p in proposals %}", ""], ["{{ p.case_number }}", "{{ p.title }}"],
               ["{%tr endfor %}", ""], ["{{ stats.acepted }}", ""]],
        footer="{{ date",
    )
    problems = check_template_docx(path, FIELDS)
    text = [p.describe() for p in problems]
    assert text[0].startswith("正文第2段第6个字符处：“｛｛”是全角大括号")
    assert any(t.startswith("第1个表格第5行第1列第1个字符处：") and "stats.acepted" in t and "stats.accepted" in t for t in text)
    assert any(t.startswith("页脚第1个字符处：“{{”没有对应的“}}”") for t in text)
    assert len(problems) == 4  # ｛｛, ｝｝, the misspelt field, the unclosed footer tag
    assert all(p.row is None for p in problems)
    with pytest.raises(ValidationError) as info:
        ensure_template_ok(path, FIELDS)
    assert info.value.message == "模板“模板.docx”有4处问题，请修改后再使用。"
    assert len(info.value.problems) == 4


def test_good_docx_template_passes(tmp_path):
    path = _template(tmp_path, ["{{ title }}", "{% for p in proposals %}", "{{ p.title }}", "{% endfor %}"])
    assert check_template_docx(path, FIELDS) == []
    ensure_template_ok(path, FIELDS)


def test_block_left_open_across_the_document(tmp_path):
    path = _template(tmp_path, ["{% if title %}", "{{ title }}"])
    assert [p.describe() for p in check_template_docx(path, FIELDS)] == [
        "正文第1段第1个字符处：“{% if title %}”没有对应的“{% endif %}”。"
    ]


def test_missing_or_not_a_docx(tmp_path):
    with pytest.raises(InputFileProblem, match="找不到模板文件"):
        check_template_docx(tmp_path / "无.docx", FIELDS)
    bad = tmp_path / "旧格式.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    with pytest.raises(InputFileProblem, match="另存为"):
        check_template_docx(bad, FIELDS)
