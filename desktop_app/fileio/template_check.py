"""Check a report template the office edited in Word before it is used.

Templates carry docxtpl (Jinja) tags: `{{ proposal.title }}`, `{% for p in proposals %}` …
`{% endfor %}`, and docxtpl's row and paragraph forms `{%tr … %}` `{%p … %}`. Typing them in
Word with a Chinese input method goes wrong in a few predictable ways, each reported here
in Chinese with the place it happened:

- full-width braces or percent signs (｛｛ ｝｝ ％) typed by the input method;
- curly quotes (“ ” ‘ ’) that Word's AutoCorrect puts inside a tag, and other full-width
  punctuation inside a tag (（ ） ， ｜ ＝ and the full-width space);
- a tag opened and not closed in the same paragraph (`{{` without `}}`), or closed without
  being opened; `{ {` with a space between the braces; a single `{field}`;
- a field the program does not supply (with the nearest known name as a suggestion);
- `{% for %}`/`{% if %}` without `{% endfor %}`/`{% endif %}`, and the reverse.
"""
from __future__ import annotations

import difflib
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from desktop_app.domain.errors import InputFileProblem, Problem, ValidationError

_FULL_WIDTH = {"｛": "{", "｝": "}", "％": "%", "＃": "#"}
_CURLY_QUOTES = "“”‘’„‟«»「」『』"
_STRAIGHTEN = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "「": '"', "」": '"',
                             "『": '"', "』": '"', "‘": "'", "’": "'"})
_FULL_WIDTH_PUNCT = "（）［］，。：；｜＝＋－！？＜＞　、．"
_OPEN = {"{{": "}}", "{%": "%}", "{#": "#}"}
_KEYWORDS = {
    "and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False", "None",
    "loop", "range", "length", "defined", "undefined",
}
_STATEMENTS = {"for", "endfor", "if", "elif", "else", "endif", "set", "with", "endwith", "filter", "endfilter",
               "raw", "endraw", "cellbg", "colspan", "hm", "vm"}
_TOKEN = re.compile(
    r"""(?P<string>'[^']*'|"[^"]*")|(?P<number>\d+(?:\.\d+)?)|(?P<name>[^\W\d]\w*)|(?P<op>\*\*|//|==|!=|<=|>=|[-+*/%~|.,()\[\]{}:<>=!])|(?P<space>\s+)|(?P<other>.)""",
    re.UNICODE,
)
_DOCXTPL_PREFIX = re.compile(r"^(?:[-+]?)(?:(?:p|tr|tc|r)\s+)?")


@dataclass(frozen=True)
class _Where:
    label: str  # 第3行 / 正文第3段 / 第1个表格第2行第3列
    row: int | None  # line number for plain text, else None


def _field_index(known_fields: Iterable[str]) -> tuple[set[str], set[str]]:
    known = {f.strip() for f in known_fields if f and f.strip()}
    prefixes = set()
    for path in known:
        parts = path.split(".")
        for k in range(1, len(parts)):
            prefixes.add(".".join(parts[:k]))
    return known, prefixes


class _Checker:
    def __init__(self, known_fields: Iterable[str]):
        self.known, self.prefixes = _field_index(known_fields)
        self.groups = {k for k in self.known if any(o.startswith((k + ".", k + "[].")) for o in self.known)}
        self.problems: list[Problem] = []
        # kind, locals (name → the list it walks, `名称[]`, or None when unknown), where, column, tag text
        self.blocks: list[tuple[str, dict[str, str | None], _Where, int, str]] = []
        self.assigned: set[str] = set()

    # -- reporting --------------------------------------------------------------------------------
    def report(self, where: _Where, column: int | None, message: str) -> None:
        at = f"第{column}个字符处" if column else ""
        if where.row is not None:
            self.problems.append(Problem(message=f"{at}{'，' if at else ''}{message}", row=where.row))
        else:
            self.problems.append(Problem(message=f"{where.label}{at}：{message}"))

    # -- one line or paragraph ---------------------------------------------------------------------
    def check_segment(self, text: str, where: _Where) -> None:
        text = self._full_width(text, where)
        for match in re.finditer(r"\{\s+[{%#]|[}%#]\s+\}", text):
            self.report(where, match.start() + 1,
                        f"“{match.group()}”的两个符号之间有空格，标签不会生效，请删去空格写成“{match.group().replace(' ', '').replace(chr(12288), '')}”。")
        position = 0
        stray_from = 0
        while True:
            start = _next_open(text, position)
            if start is None:
                self._stray_closers(text[stray_from:], stray_from, where)
                break
            self._stray_closers(text[stray_from:start], stray_from, where)
            opener = text[start : start + 2]
            closer = _OPEN[opener]
            end = text.find(closer, start + 2)
            next_open = _next_open(text, start + 2)
            if end == -1 or (next_open is not None and next_open < end):
                self.report(where, start + 1,
                            f"“{opener}”没有对应的“{closer}”（“{_snippet(text[start:])}”）。一个标签必须在同一段内写完整。")
                position = start + 2
                stray_from = position
                continue
            inner = text[start + 2 : end]
            tag_text = text[start : end + 2]
            if opener == "{{":
                self._check_inside(inner, tag_text, where, start)
                self._check_expression(_strip_prefix(inner), tag_text, where, start)
            elif opener == "{%":
                self._check_inside(inner, tag_text, where, start)
                self._check_statement(_strip_prefix(inner), tag_text, where, start)
            position = end + 2
            stray_from = position
        self._single_braces(text, where)

    def _full_width(self, text: str, where: _Where) -> str:
        """Report ｛｛ ｝｝ ％ typed by a Chinese input method and return the text with them made half-width."""
        chars = list(text)
        for match in re.finditer(r"[｛｝％＃]+", text):
            run, i = match.group(), match.start()
            before = text[i - 1] if i > 0 else ""
            after = text[match.end()] if match.end() < len(text) else ""
            tagish = len(run) >= 2 or before in "{}%#" and before != "" or after in "{}%#" and after != ""
            if not tagish and run == "｛":
                m = re.match(r"｛\s*([^\W\d]\w*(?:\.\w+)*)\s*[｝}]", text[i:])
                tagish = bool(m and self._is_fieldish(m.group(1)))
            if not tagish and run == "｝":
                m = re.search(r"[{｛]\s*([^\W\d]\w*(?:\.\w+)*)\s*$", text[:i])
                tagish = bool(m and self._is_fieldish(m.group(1)))
            if not tagish:
                continue
            fixed = "".join(_FULL_WIDTH[ch] for ch in run)
            kind = "大括号" if set(run) <= set("｛｝") else "符号"
            self.report(where, i + 1,
                        f"“{run}”是全角{kind}（中文输入法打出的），标签要用半角的“{fixed}”，请切换到英文输入法重新输入。")
            chars[i : match.end()] = list(fixed)
        return "".join(chars)

    def _is_fieldish(self, name: str) -> bool:
        return name.isascii() or name in self.known or name.split(".")[0] in self._roots()

    def _roots(self) -> set[str]:
        return {k.split(".")[0] for k in self.known}

    def _stray_closers(self, text: str, offset: int, where: _Where) -> None:
        for match in re.finditer(r"\}\}|%\}|#\}", text):
            opener = {"}}": "{{", "%}": "{%", "#}": "{#"}[match.group()]
            self.report(where, offset + match.start() + 1,
                        f"多余的“{match.group()}”：前面缺少对应的“{opener}”。")

    def _single_braces(self, text: str, where: _Where) -> None:
        for match in re.finditer(r"(?<![{%])\{\s*([^\W\d]\w*(?:\.\w+)*)\s*\}(?![}%])", text):
            name = match.group(1)
            if not self._is_fieldish(name):
                continue
            # skip the inside of a real tag such as {{ {a} }} — rare enough to ignore
            self.report(where, match.start() + 1,
                        f"“{match.group()}”只有一层大括号，不会被替换；字段要写成“{{{{ {name} }}}}”。")

    def _check_inside(self, inner: str, tag_text: str, where: _Where, start: int) -> None:
        reported = set()
        for offset, ch in enumerate(inner):
            if ch in reported or (ch in _CURLY_QUOTES and "quote" in reported):
                continue
            if ch in _CURLY_QUOTES:
                reported.add("quote")
                quotes = "".join(dict.fromkeys(c for c in inner if c in _CURLY_QUOTES))
                self.report(where, start + 3 + offset,
                            f"标签“{_snippet(tag_text)}”里有中文引号{quotes}（Word 自动替换的），请改为英文引号 \" 或 '。"
                            "可在 Word 的“自动更正选项—键入时自动套用格式”中关闭“直引号替换为弯引号”。")
            elif ch in _FULL_WIDTH_PUNCT:
                reported.add(ch)
                name = "全角空格" if ch == "\u3000" else f"“{ch}”"
                self.report(where, start + 3 + offset,
                            f"标签“{_snippet(tag_text)}”里有全角字符{name}，请切换到英文输入法改为半角字符。")

    # -- expressions and statements ---------------------------------------------------------------
    def _locals(self) -> dict[str, str | None]:
        names: dict[str, str | None] = dict.fromkeys(self.assigned)
        for _kind, local, *_ in self.blocks:
            names.update(local)
        return names

    def _check_expression(self, expr: str, tag_text: str, where: _Where, start: int) -> None:
        if not expr.strip():
            self.report(where, start + 1, f"标签“{tag_text}”是空的，请写上字段名。")
            return
        local = self._locals()
        expr = expr.translate(_STRAIGHTEN)
        for path in _references(expr):
            if self._known_path(path, local):
                continue
            hint = difflib.get_close_matches(path, sorted(self.known | self.prefixes), n=1, cutoff=0.6)
            suggestion = f"是否应为“{hint[0]}”？" if hint else ""
            self.report(where, start + 1,
                        f"标签“{_snippet(tag_text)}”里的字段“{path}”程序不提供。{suggestion}")

    def _known_path(self, path: str, local: dict[str, str | None]) -> bool:
        root, _, rest = path.partition(".")
        if root in local:
            items = local[root]
            if items is None or not rest:
                return True
            if not any(k.startswith(items + ".") for k in self.known):
                return True  # a list of plain values: nothing to check under it
            path = f"{items}.{rest}"
        elif root in _KEYWORDS:
            return True
        if path in self.known or path in self.prefixes:
            return True
        # An attribute of a plain value (a date's .year) is the value's business; a group's is not.
        parts = path.split(".")
        return any(".".join(parts[:k]) in self.known and ".".join(parts[:k]) not in self.groups
                   for k in range(1, len(parts)))

    def _check_statement(self, stmt: str, tag_text: str, where: _Where, start: int) -> None:
        words = stmt.strip().split(None, 1)
        if not words:
            self.report(where, start + 1, f"标签“{tag_text}”是空的。")
            return
        keyword, rest = words[0], (words[1] if len(words) > 1 else "")
        if keyword not in _STATEMENTS:
            self.report(where, start + 1,
                        f"“{_snippet(tag_text)}”中的“{keyword}”不是可用的语句（可用：for、if、elif、else、set 及对应的 endfor、endif）。")
            return
        column = start + 1
        if keyword == "for":
            m = re.match(r"(.+?)\s+in\s+(.+)$", rest, re.S)
            if not m:
                self.report(where, column, f"“{_snippet(tag_text)}”应写成“{{% for 项 in 列表 %}}”。")
                self.blocks.append(("for", {}, where, column, tag_text))
                return
            targets = [t.strip() for t in m.group(1).split(",") if t.strip()]
            self._check_expression(m.group(2), tag_text, where, start)
            walked = _strip_prefix(m.group(2)).translate(_STRAIGHTEN).strip()
            items = f"{walked}[]" if len(targets) == 1 and walked in self.known else None
            local = {t: items for t in targets}
            local["loop"] = None
            self.blocks.append(("for", local, where, column, tag_text))
        elif keyword in ("if", "with", "filter"):
            if keyword == "if":
                self._check_expression(rest, tag_text, where, start)
            self.blocks.append((keyword, {}, where, column, tag_text))
        elif keyword in ("elif", "else"):
            if not self.blocks or self.blocks[-1][0] not in ("if", "for"):
                self.report(where, column, f"“{_snippet(tag_text)}”前面没有对应的“{{% if %}}”。")
            elif keyword == "elif":
                self._check_expression(rest, tag_text, where, start)
        elif keyword.startswith("end"):
            kind = keyword[3:]
            if not self.blocks:
                self.report(where, column, f"多余的“{_snippet(tag_text)}”：前面没有对应的“{{% {kind} %}}”。")
            elif self.blocks[-1][0] != kind:
                open_kind, _, open_where, open_col, open_text = self.blocks[-1]
                self.report(where, column,
                            f"“{_snippet(tag_text)}”与{_place(open_where, open_col)}的“{_snippet(open_text)}”不配对，"
                            f"那里需要先写“{{% end{open_kind} %}}”。")
                self.blocks.pop()
            else:
                self.blocks.pop()
        elif keyword == "set":
            m = re.match(r"([^\W\d]\w*)\s*=\s*(.+)$", rest, re.S)
            if not m:
                self.report(where, column, f"“{_snippet(tag_text)}”应写成“{{% set 名称 = 值 %}}”。")
            else:
                self._check_expression(m.group(2), tag_text, where, start)
                self.assigned.add(m.group(1))

    def finish(self) -> None:
        for kind, _, where, column, tag_text in self.blocks:
            self.report(where, column, f"“{_snippet(tag_text)}”没有对应的“{{% end{kind} %}}”。")
        self.blocks.clear()


def _next_open(text: str, position: int) -> int | None:
    found = [i for i in (text.find(o, position) for o in _OPEN) if i != -1]
    return min(found) if found else None


def _strip_prefix(inner: str) -> str:
    inner = inner.strip()
    inner = _DOCXTPL_PREFIX.sub("", inner, count=1)
    return inner.rstrip("-+ ").strip()


def _snippet(text: str, limit: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _place(where: _Where, column: int) -> str:
    return f"第{where.row}行" if where.row is not None else where.label


def _references(expr: str) -> Iterator[str]:
    """Dotted names an expression reads from the context (not filters, tests, attributes or strings)."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(expr) if m.lastgroup != "space"]
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        prev = tokens[i - 1] if i > 0 else (None, None)
        if kind == "name" and prev[1] not in (".", "|") and prev[1] != "is" and value not in _KEYWORDS:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else (None, None)
            if nxt[1] == "=" and (i + 2 >= len(tokens) or tokens[i + 2][1] != "="):
                i += 1  # keyword argument of a filter call: name=value
                continue
            parts = [value]
            j = i + 1
            while j + 1 < len(tokens) and tokens[j][1] == "." and tokens[j + 1][0] == "name":
                parts.append(tokens[j + 1][1])
                j += 2
            yield ".".join(parts)
            i = j
            continue
        i += 1


def check_template_text(text: str, known_fields: Iterable[str]) -> list[Problem]:
    """Problems in a template's text, one a line (Problem.row is the line number), in reading order."""
    checker = _Checker(known_fields)
    for number, line in enumerate(text.splitlines(), 1):
        checker.check_segment(line, _Where(f"第{number}行", number))
    checker.finish()
    return checker.problems


def _docx_segments(path: Path) -> Iterator[tuple[_Where, str]]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    body = document.element.body
    paragraph_no = 0
    table_no = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph_no += 1
            yield _Where(f"正文第{paragraph_no}段", None), Paragraph(child, document).text
        elif tag == "tbl":
            table_no += 1
            table = Table(child, document)
            for r, row in enumerate(table.rows, 1):
                seen = set()
                for c, cell in enumerate(row.cells, 1):
                    if id(cell._tc) in seen:
                        continue  # a merged cell is returned once per grid column
                    seen.add(id(cell._tc))
                    for paragraph in cell.paragraphs:
                        yield _Where(f"第{table_no}个表格第{r}行第{c}列", None), paragraph.text
    for number, section in enumerate(document.sections, 1):
        prefix = f"第{number}节" if len(document.sections) > 1 else ""
        for label, part in (("页眉", section.header), ("页脚", section.footer),
                            ("偶数页页眉", section.even_page_header), ("偶数页页脚", section.even_page_footer),
                            ("首页页眉", section.first_page_header), ("首页页脚", section.first_page_footer)):
            if part.is_linked_to_previous:
                continue
            for paragraph in part.paragraphs:
                yield _Where(f"{prefix}{label}", None), paragraph.text


def check_template_docx(path: str | os.PathLike, known_fields: Iterable[str]) -> list[Problem]:
    """Problems in a .docx template: every paragraph of the body, its tables, headers and footers."""
    target = Path(path)
    if not target.is_file():
        raise InputFileProblem(f"找不到模板文件“{target}”。")
    if not zipfile.is_zipfile(target):
        raise InputFileProblem(
            f"“{target.name}”不是 Word 文档（.docx），无法检查。若是旧的 .doc 格式，请在 Word 中“另存为”.docx 文件。"
        )
    checker = _Checker(known_fields)
    try:
        for where, text in _docx_segments(target):
            checker.check_segment(text, where)
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputFileProblem(f"“{target.name}”无法作为 Word 文档打开（文件可能已损坏）：{exc}") from exc
    checker.finish()
    return checker.problems


def ensure_template_ok(path: str | os.PathLike, known_fields: Iterable[str], *, name: str = "") -> None:
    """Raise ValidationError listing every problem of the template, or return when it can be used.

    With one problem the sentence names it (and the template); with several, each is listed.
    """
    problems = check_template_docx(path, known_fields)
    label = name or Path(path).name
    if len(problems) == 1:
        raise ValidationError(f"模板“{label}”不能使用：{problems[0].describe()}", problems)
    if problems:
        raise ValidationError(f"模板“{label}”有{len(problems)}处问题，请修改后再使用。", problems)
