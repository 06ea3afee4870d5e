"""Write the manual's field list (resources/help/fields.html) from the documents' own descriptions.

    .venv/bin/python tests/tools/help_fields.py

Every Word document's template fields, with what each holds and an example, come from the code
(desktop_app/fileio/documents: DocumentKind.descriptions and example()), so the manual cannot drift from what
the program fills; tests/ui/test_help.py checks that the shipped file is what this writes.
"""
from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "help" / "fields.html"
EXAMPLE_CHARS = 40  # a longer example is cut (the description says what it is)

HEAD = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>模板字段一览</title><link rel="stylesheet" href="help.css"></head>
<body>
<h1>附：模板字段一览</h1>
<p>本单位修改 Word 模板时，可以使用下面这些字段。在模板中写 <b>{{ 字段 }}</b>，生成文件时换成字段的内容；
名称中带“[]”的是列表中每一项的字段，要写在 <b>{% for 项 in 列表 %}</b> 和 <b>{% endfor %}</b> 之间，
写成 <b>{{ 项.字段 }}</b>。“表格”“图表”类的字段要单独占一段，写成 <b>{{p 字段 }}</b>。
怎样修改模板见<a href="templates.html">Word 模板</a>。本页由程序按各文书实际使用的字段生成。</p>
"""


def _example(value: str) -> str:
    text = value.replace("\n", " ")
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS] + "……"


def build() -> str:
    sys.path.insert(0, str(ROOT))
    from desktop_app.fileio.documents import all_kinds
    from desktop_app.fileio.docx_template import example_text

    parts = [HEAD]
    for number, document in enumerate(all_kinds(), 1):
        parts.append(f'<h2><a name="{document.key}"></a>{number}. {html.escape(document.title)}</h2>\n')
        parts.append(f"<p>{html.escape(document.purpose)}。模板文件：{html.escape(document.file_name)}。</p>\n")
        parts.append('<table border="1">\n<tr><th>字段</th><th>内容</th><th>例</th></tr>\n')
        for path, value in document.fields().items():
            what = document.descriptions.get(path, "")
            parts.append(f"<tr><td>{html.escape(path)}</td><td>{html.escape(what)}</td>"
                         f"<td>{html.escape(_example(example_text(value)))}</td></tr>\n")
        parts.append("</table>\n")
    parts.append("</body></html>\n")
    return "".join(parts)


def main() -> int:
    OUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
