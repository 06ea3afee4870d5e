"""Rosters written by the fault tests themselves (openpyxl), with their people counted here, not by the program."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鑫斌宇浩凯健俊帆帅旭宁龙林欣佳嘉"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def person_name(index: int) -> str:
    """A distinct three-character name for every index below len(_SURNAMES) * len(_GIVEN) ** 2."""
    g = len(_GIVEN)
    surname, rest = divmod(index, g * g)
    return _SURNAMES[surname % len(_SURNAMES)] + _GIVEN[rest // g] + _GIVEN[rest % g]


def id_number(index: int, year: int, month: int) -> str:
    """A valid 18-digit ID number (GB 11643 check digit), distinct per index."""
    body = f"140426{year:04d}{month:02d}{1 + index % 28:02d}{index % 1000:03d}"
    # the sequence part alone repeats every 1000; vary the area code's last digits too
    body = f"1404{20 + (index // 1000) % 80:02d}" + body[6:]
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS[:17]))
    return body + _CHECK[total % 11]


def write_roster(path: Path, rows: int, *, with_ids: bool = False, start: int = 0) -> Path:
    """A roster of `rows` distinct people (name + birth month distinct), optionally with ID numbers."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("委员名单")
    header = ["序号", "姓名", "性别", "出生年月", "工作单位", "联系电话", "备注"] + (["身份证号"] if with_ids else [])
    sheet.append(header)
    for i in range(start, start + rows):
        year, month = 1950 + i % 50, 1 + (i // 50) % 12
        row = [i + 1, person_name(i), "男" if i % 2 else "女", f"{year}.{month:02d}", f"黎城县第{i % 97 + 1}中学",
               f"13{i % 1000000000:09d}", ""]
        if with_ids:
            row.append(id_number(i, year, month))
        sheet.append(row)
    book.save(path)
    return path
