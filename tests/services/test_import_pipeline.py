"""The one import pipeline: two-row headers, control characters, the plan made again at the commit,
and two importing processes at once. Every file here is written by the test itself."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Member
from desktop_app.domain.errors import PlanChanged
from desktop_app.services.ledgers.members import member_importer
from desktop_app.services.ledgers.pipeline import Outcome
from desktop_app.services.members import MemberInput, MembersService

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = [  # 姓名, 性别, 民族, 出生年月, 工作单位, 职务, 联系电话
    ("王建国", "男", "汉族", "1968.05", "县教育局", "局长", "13812345678"),
    ("李秀英", "女", "回族", "1975.11", "县人民医院", "主任医师", "13912345678"),
    ("赵志强", "男", "汉族", "1982.02", "县农业农村局", "副局长", "13712345678"),
]
TOP = ["序号", "姓名", "基本情况", None, None, "工作单位", "职务", "联系电话"]
SUB = [None, None, "性别", "民族", "出生年月", None, None, None]


def _rows() -> list[list]:
    return [[i, *person] for i, person in enumerate(PEOPLE, start=1)]


def _xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "委员名单"
    sheet.append(["政协某县委员会委员名单"] + [None] * 7)
    sheet.merge_cells("A1:H1")
    sheet.append(TOP)
    sheet.append(SUB)
    for column in "ABFGH":  # the columns without sub-headers are merged down over both header rows
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("C2:E2")  # 基本情况 over 性别, 民族, 出生年月
    for row in _rows():
        sheet.append(row)
    book.save(path)
    return path


def _xls(path: Path) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("委员名单")
    sheet.write_merge(0, 0, 0, 7, "政协某县委员会委员名单")
    for column, text in enumerate(TOP):
        if text and column != 2:
            sheet.write_merge(1, 2, column, column, text)
    sheet.write_merge(1, 1, 2, 4, "基本情况")
    for column, text in enumerate(SUB):
        if text:
            sheet.write(2, column, text)
    for r, row in enumerate(_rows(), start=3):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def _csv(path: Path) -> Path:
    lines = [",".join("" if v is None else str(v) for v in line) for line in [TOP, SUB, *_rows()]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def _stored(store) -> set[tuple]:
    with store.uow() as s:
        return set(s.execute(select(Member.name, Member.gender, Member.ethnicity, Member.birth_year, Member.birth_month,
                                    Member.work_unit, Member.position, Member.phone)).all())


def _expected() -> set[tuple]:
    out = set()
    for name, gender, ethnicity, birth, unit, position, phone in PEOPLE:
        year, month = birth.split(".")
        out.add((name, gender, ethnicity, int(year), int(month), unit, position, phone))
    return out


@pytest.mark.parametrize("write", [_xlsx, _xls, _csv], ids=["xlsx", "xls", "csv"])
def test_a_two_row_header_imports_every_field(store, tmp_path, write):
    path = write(tmp_path / f"两行表头.{write.__name__[1:]}")
    importer = member_importer(store)
    located = importer.read(path)
    assert located.header.height == 2
    assert set(located.header.mapping.values()) == {"seq", "name", "gender", "ethnicity", "birth", "work_unit",
                                                    "position", "phone"}
    plan = importer.preview(located)
    first_data_row = located.header.data_start + 1  # data starts under the second header row
    assert plan.row_numbers == tuple(range(first_data_row, first_data_row + 3))
    assert plan.problems == () and plan.new == 3 and plan.header_rows == 2
    assert "至第" in plan.summary()
    importer.commit(located, plan)
    assert _stored(store) == _expected()


# ----------------------------------------------------------------------------------- control characters

def _shared_strings_xlsx(path: Path, rows: list[list[str]]) -> Path:
    """An .xlsx whose every cell is a shared string written exactly as given (so `_x0007_` escapes stay)."""
    strings: list[str] = []

    def index(text: str) -> int:
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    letters = "ABCDEFGH"
    cells = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{letters[c]}{r}" t="s"><v>{index(v)}</v></c>' for c, v in enumerate(row))
        + "</row>" for r, row in enumerate(rows, start=1))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'))
        z.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
        z.writestr("xl/worksheets/sheet1.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{cells}</sheetData>'
                   '</worksheet>')
        z.writestr("xl/sharedStrings.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{len(strings)}" '
                   f'uniqueCount="{len(strings)}">'
                   + "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings) + "</sst>")
    return path


def test_control_characters_in_shared_strings_are_removed_and_listed(store, tmp_path):
    path = _shared_strings_xlsx(tmp_path / "控制字符.xlsx", [
        ["姓名", "性别", "工作单位"],
        ["王_x0007_建国", "男", "县教育局"],
        ["李秀英", "女", "县人民_x0008__x001B_医院"],
        ["赵志强", "男", "县农业\n农村局"],  # a line break is no control character to remove
    ])
    importer = member_importer(store)
    located = importer.read(path)
    plan = importer.preview(located)
    assert plan.cleaned == ("第2行“姓名”：删除了1个控制字符", "第3行“工作单位”：删除了2个控制字符")
    assert any("已清除2个单元格中的控制字符" in line for line in plan.lines())
    assert plan.problems == () and plan.new == 3
    importer.commit(located, plan)
    with store.uow() as s:
        assert set(s.execute(select(Member.name, Member.work_unit)).all()) == {
            ("王建国", "县教育局"), ("李秀英", "县人民医院"), ("赵志强", "县农业 农村局")}  # 工作单位 is one line


def test_control_characters_in_a_csv_and_lone_surrogates_are_removed(store, tmp_path):
    from desktop_app.fileio.cells import strip_control_characters

    path = tmp_path / "名单.csv"
    path.write_text("姓名,性别,备注\n王\x0b建国,男,一\x01二\x7f三\t四\n", encoding="utf-8")
    plan = member_importer(store).plan(path)
    assert plan.cleaned == ("第2行“姓名”：删除了1个控制字符", "第2行“备注”：删除了2个控制字符")
    rows = [["甲\ud800乙", 7, None, "\udfff"], ["正常", "制表\t符"]]
    changed = strip_control_characters(rows)
    assert rows == [["甲乙", 7, None, None], ["正常", "制表\t符"]]
    assert [(c.row, c.column, c.removed) for c in changed] == [(1, 0, 1), (1, 3, 1)]


# ------------------------------------------------------------------------- the plan made again at the commit

def _roster_without_ids(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "出生年月", "工作单位"])
    for name, gender, _ethnicity, birth, unit, _position, _phone in PEOPLE:
        sheet.append([name, gender, birth, unit])
    book.save(path)
    return path


def test_a_member_written_between_preview_and_commit_refuses_the_old_plan(store, tmp_path):
    path = _roster_without_ids(tmp_path / "名单.xlsx")
    importer = member_importer(store)
    located = importer.read(path)
    preview = importer.preview(located)
    assert preview.new == 3
    # someone adds 李秀英 through the member form meanwhile
    MembersService(store).add(MemberInput(name="李秀英", gender="女", birth_year=1975, birth_month=11,
                                          work_unit="县人民医院"))
    with pytest.raises(PlanChanged) as caught:
        importer.commit(located, preview)
    assert caught.value.difference == "第3行“李秀英”原为新增，现为无变化。"
    assert "\n" not in caught.value.message and caught.value.exit_code == 1
    with store.uow() as s:  # nothing written: no new member, no audit entry of an import
        assert s.scalar(select(func.count()).select_from(Member)) == 1
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "import")) == 0
    new_plan = caught.value.plan
    assert (new_plan.new, new_plan.unchanged) == (2, 1)
    assert [r.outcome for r in new_plan.rows] == [Outcome.NEW, Outcome.UNCHANGED, Outcome.NEW]
    result = importer.commit(located, new_plan).batch  # the window's 按新的预览导入
    assert result.created == 2
    with store.uow() as s:
        assert sorted(s.scalars(select(Member.name))) == sorted(p[0] for p in PEOPLE)


class _WritesMeanwhile:
    """The command line's output: while the preview is being printed, another user adds a member."""

    def __init__(self, data: Path):
        self.data, self.said, self.warned, self.done = data, [], [], False

    def say(self, text: str) -> None:
        self.said.append(text)
        if not self.done:
            self.done = True
            from desktop_app.services.database import open_store

            other = open_store(self.data)
            MembersService(other).add(MemberInput(name="王建国", gender="男", birth_year=1968, birth_month=5,
                                                  work_unit="县教育局"))
            other.engine.dispose()

    def warn(self, text: str) -> None:
        self.warned.append(text)

    def progress(self, done: int, total: int, text: str = "") -> None:
        pass


def test_the_command_line_says_the_database_changed_and_exits_1(tmp_path):
    from desktop_app.cli import run

    data = tmp_path / "数据"
    path = _roster_without_ids(tmp_path / "名单.xlsx")
    out = _WritesMeanwhile(data)
    assert run(["--data", str(data), "import", "members", str(path)], out=out) == 1
    assert any("导入前数据库已被修改：第2行“王建国”原为新增，现为无变化。" in line for line in out.warned), out.warned
    assert "导入完成" not in "\n".join(out.said)
    from desktop_app.services.database import open_store

    store = open_store(data)
    assert MembersService(store).count() == 1
    store.engine.dispose()


_CONCURRENT = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from desktop_app.domain.errors import PlanChanged
from desktop_app.services.database import open_store
from desktop_app.services.ledgers.members import member_importer

ctx = open_store(Path(sys.argv[1]), url=sys.argv[5])  # the store's database: its SQLite file, or the server's
importer = member_importer(ctx)
located = importer.read(Path(sys.argv[2]))
plan = importer.preview(located)
Path(sys.argv[3]).touch()  # previewed: wait until the other process has previewed too
others = [Path(p) for p in sys.argv[6:]]
deadline = time.monotonic() + 60
while not all(p.exists() for p in others) and time.monotonic() < deadline:
    time.sleep(0.01)
try:
    result = importer.commit(located, plan).batch
    print("imported", result.created)
except PlanChanged as exc:
    print("changed", exc.plan.new, exc.plan.unchanged)
"""


def _large_roster_without_ids(path: Path, count: int) -> list[tuple[str, int, int]]:
    """`count` people, each a distinct name and birth month (their identity without ID numbers)."""
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰"
    people = []
    for n in range(count):
        name = surnames[n % 20] + given[(n // 20) % 20] + given[(n // 400) % 20]
        people.append((name, 1960 + n % 30, 1 + n % 12))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("名单")
    sheet.append(["姓名", "出生年月", "工作单位"])
    for name, year, month in people:
        sheet.append([name, f"{year}.{month:02d}", "县直单位"])
    book.save(path)
    return people


def test_two_processes_importing_one_roster_at_once_create_its_people_once(store, tmp_path):
    """Both processes preview the roster (all new), then commit at the same moment: the write lock taken before
    the second plan makes the later one see the people the first wrote, so it refuses instead of adding them twice."""
    path = tmp_path / "名单.xlsx"
    people = _large_roster_without_ids(path, 4000)
    data = store.data.root
    flags = [tmp_path / "a.ready", tmp_path / "b.ready"]
    url = store.engine.url.render_as_string(hide_password=False)
    runs = [subprocess.Popen([sys.executable, "-c", _CONCURRENT, str(data), str(path), str(mine), str(ROOT), url,
                              *[str(f) for f in flags if f != mine]], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for mine in flags]
    outputs = [r.communicate(timeout=120) for r in runs]
    assert all(r.returncode == 0 for r in runs), outputs
    said = sorted(out.strip() for out, _ in outputs)
    assert said == ["changed 0 4000", "imported 4000"], outputs  # both previewed 4000 new; only one wrote them
    with store.uow() as s:
        stored = sorted(s.execute(select(Member.name, Member.birth_year, Member.birth_month)).all())
    assert stored == sorted(people)
