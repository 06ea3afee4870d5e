"""Normalising values typed by hand into spreadsheets: text, year-months, dates, ID and phone numbers.

Standard library only. Every function takes what a spreadsheet reader hands over (str, int,
float, date, bool or None) and never raises for bad input: parsers return None, checkers
return a Chinese sentence describing the problem (or None when the value is fine).

Rules worth knowing:

* Year-month from a *number* cell: Excel keeps ``1975.10`` typed into a number cell as the
  float 1975.1, so a float with the single decimal digit 1 means October. The same text
  ``"1975.1"`` in a text cell means January (people write 1975.1 for January and 1975.10
  for October). ``parse_year_month`` follows this rule; callers that also know the ID
  number may prefer its month when the two disagree only this way (see ``ambiguous_october``).
* Two-digit years (``75.03``): 19yy when yy is greater than the current two-digit year,
  else 20yy.
* ID numbers: the 18-digit form must have a valid birth date and GB 11643 check digit.
  The 15-digit first-generation form (all digits, birth date 19yymmdd) is accepted as is —
  old rosters still carry it and it carries no check digit; ``id_number_problem`` only checks
  its birth date.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from operator import mul

# ---------------------------------------------------------------------------- text

# Full-width ASCII letters/digits/space and odd spaces become plain ones; Chinese
# punctuation (，。：（）) is left alone in free text.
_TEXT_TABLE: dict[int, int | str] = {
    cp: cp - 0xFEE0
    for cp in range(0xFF01, 0xFF5F)
    if chr(cp - 0xFEE0).isalnum() or chr(cp - 0xFEE0) in "-./@#+*&_"
}
_TEXT_TABLE.update({0x3000: " ", 0xA0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200B: "",
                    0xFEFF: "", ord("\t"): " ", ord("\r"): " ", ord("\n"): " "})

_NEEDS_FOLD = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_TEXT_TABLE)) + "]")
_ALL_CJK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff]) +(?=[\u3400-\u9fff\uf900-\ufaff])")
_NAME_ODD = re.compile(r"[\s\u200b\ufeff•．・‧∙●]")
_MIDDLE_DOTS = str.maketrans({"•": "·", "．": "·", "・": "·", "‧": "·", "∙": "·", "●": "·"})


def scalar_text(value: object) -> str:
    """A cell value as text: whole floats without '.0', dates as ISO, None as ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def clean_text(value: object) -> str:
    """Free text trimmed, full-width letters/digits/spaces folded, runs of spaces and line breaks made one space.

    A short Chinese value spaced out by hand (`卢　兰`, `汉 族`, `中共 党员`: at most four
    Chinese characters) loses its spaces; longer text keeps one space where it had any
    (`县第一中学　校长` → `县第一中学 校长`). Chinese punctuation (，。：（）) is kept as
    written — full NFKC would turn it into ASCII, which Chinese documents do not use; names
    and vocabulary lookups use the full fold (clean_name, vocabulary.fold).
    """
    s = value if value.__class__ is str else scalar_text(value)
    if not s:
        return ""
    if _NEEDS_FOLD.search(s):
        s = s.translate(_TEXT_TABLE)
    if "  " in s:
        s = " ".join(s.split())
    s = s.strip()
    if " " in s and len(s) <= 12:
        squeezed = s.replace(" ", "")
        if len(squeezed) <= 4 and _ALL_CJK.match(squeezed):
            return squeezed
    return s


def clean_name(value: object) -> str:
    """A person's or unit's name: like clean_text, NFKC-folded, spaces between Chinese characters removed.

    `卢　兰` → `卢兰`; `John  Smith` → `John Smith`; the dot in `阿依古丽•买买提` becomes `·`.
    """
    if value.__class__ is str and value and not _NAME_ODD.search(value) and unicodedata.is_normalized("NFKC", value):
        return value  # the common case: nothing to fold, no spaces, no dots
    s = clean_text(value)
    if not s:
        return ""
    if not s.isascii():
        s = unicodedata.normalize("NFKC", s).translate(_MIDDLE_DOTS)
        if " " in s:
            s = _CJK_SPACE.sub("", s)
            s = s.replace(" ·", "·").replace("· ", "·")
    return s


def is_blank(value: object) -> bool:
    """True for None and for text made only of spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


# ----------------------------------------------------------------- dates and months

def _full_year(year: int, today: _dt.date | None = None) -> int:
    if year >= 100:
        return year
    current = (today or _dt.date.today()).year % 100
    return 1900 + year if year > current else 2000 + year


_YM_TEXT = re.compile(
    r"^(\d{4}|\d{2})\s*(?:年|\.|-|/|、|,)\s*(\d{1,2})\s*(?:月)?"
    r"(?:\s*(?:\.|-|/|、)?\s*(\d{1,2})\s*(?:日|号)?)?$"
)
_DIGITS = re.compile(r"^\d+$")


def _valid_ym(year: int, month: int) -> tuple[int, int] | None:
    if 1900 <= year <= 2100 and 1 <= month <= 12:
        return year, month
    return None


def _strip_time(s: str) -> str:
    # "1975-03-15 00:00:00" or "1975-03-15T00:00" → date part only
    for sep in (" ", "T"):
        head, found, tail = s.partition(sep)
        if found and ":" in tail:
            return head
    return s


def parse_year_month(value: object, *, today: _dt.date | None = None) -> tuple[int, int] | None:
    """(year, month) from an Excel date or any common hand-written form, else None.

    Accepts date/datetime, `1975.03`, `1975.3`, `1975-03`, `1975/3`, `1975年3月`, `197503`,
    `75.03`, `1975-03-15`, `19750315`, and numbers such as 1975.03 or 197503. A float with
    a single decimal digit 1 (1975.1) is read as October — see the module docstring.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, _dt.date):
        return value.year, value.month
    if isinstance(value, int):
        return _ym_from_digits(str(value))
    if isinstance(value, float):
        if value.is_integer():
            return _ym_from_digits(str(int(value)))
        text = repr(value)
        head, _, frac = text.partition(".")
        if "e" in text or len(frac) > 2 or not head.isdigit():
            return None
        month = 10 if frac == "1" else int(frac)
        return _valid_ym(_full_year(int(head), today), month)
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if not s:
        return None
    s = _strip_time(s)
    if _DIGITS.match(s):
        return _ym_from_digits(s)
    m = _YM_TEXT.match(s)
    if not m:
        return None
    year, month, day = m.group(1), int(m.group(2)), m.group(3)
    ym = _valid_ym(_full_year(int(year), today), month)
    if ym and day is not None and not _valid_day(ym[0], ym[1], int(day)):
        return None
    return ym


def ambiguous_october(value: object) -> bool:
    """True when `value` is a number cell like 1975.1 that parse_year_month read as October."""
    return isinstance(value, float) and repr(value).endswith(".1") and "e" not in repr(value)


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _ym_from_digits(s: str) -> tuple[int, int] | None:
    if len(s) == 6:  # 197503
        return _valid_ym(int(s[:4]), int(s[4:]))
    if len(s) == 8:  # 19750315
        ym = _valid_ym(int(s[:4]), int(s[4:6]))
        return ym if ym and _valid_day(ym[0], ym[1], int(s[6:])) else None
    return None


_DATE_TEXT = re.compile(
    r"^(\d{4}|\d{2})\s*(?:年|\.|-|/)\s*(\d{1,2})\s*(?:月|\.|-|/)\s*(\d{1,2})\s*(?:日|号)?$"
)


def parse_date(value: object, *, today: _dt.date | None = None) -> _dt.date | None:
    """A date from an Excel date or `2025-01-19`, `2025.1.19`, `2025/1/19`, `2025年1月19日`, `20250119`; else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    if isinstance(value, int):
        return _date_from_digits(str(value))
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if not s:
        return None
    s = _strip_time(s)
    if _DIGITS.match(s):
        return _date_from_digits(s)
    m = _DATE_TEXT.match(s)
    if not m:
        return None
    try:
        return _dt.date(_full_year(int(m.group(1)), today), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _date_from_digits(s: str) -> _dt.date | None:
    if len(s) != 8:
        return None
    try:
        return _dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return None


def format_year_month(year: int | None, month: int | None) -> str:
    """`1975.03` — the form the roster export writes and the import reads back."""
    if year is None or month is None:
        return ""
    return f"{year}.{month:02d}"


# ---------------------------------------------------------------------- ID numbers

SCIENTIFIC_ID_PROBLEM = "该单元格是科学计数法，身份证号末几位已丢失，请把该列设为文本后重新填写。"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_ASCII_OFFSET = 48 * sum(_ID_WEIGHTS)  # the weighted sum of b"0" * 17, taken off when summing bytes
# Birth years before this one are surely in the past (a program left running past New Year
# only sends the newest IDs down the slower full check).
_YEAR_AT_IMPORT = _dt.date.today().year
_ID_STRIP = str.maketrans({" ": "", "'": "", "\u3000": "", "-": "", "‘": "", "’": "", "`": ""})
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")


def normalize_id_number(value: object) -> tuple[str | None, str | None]:
    """(ID number as upper-case text, None) or (None, problem sentence); (None, None) when blank.

    A number cell cannot hold an 18-digit ID (Excel keeps 15 significant digits), so any
    numeric value longer than 15 digits, and any text like `1.40423E+17`, is refused.
    """
    if value.__class__ is str and len(value) == 18 and value[:17].isdigit() and value.isascii():
        return (value if value[17] != "x" else value[:17] + "X"), None
    if value is None or value == "":
        return None, None
    if isinstance(value, float):
        if not value.is_integer():
            if value == value and abs(value) < 1e15:  # a small decimal, not a mangled ID
                return None, f"身份证号“{value}”不是18位的身份证号，请核对后改正。"
            return None, SCIENTIFIC_ID_PROBLEM
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        if len(text) > 15:
            return None, SCIENTIFIC_ID_PROBLEM
        return text, None
    text = unicodedata.normalize("NFKC", str(value)).translate(_ID_STRIP).strip()
    if not text:
        return None, None
    if _SCIENTIFIC.match(text):
        return None, SCIENTIFIC_ID_PROBLEM
    return text.upper(), None


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return _ID_CHECK[sum(map(mul, map(int, first17), _ID_WEIGHTS)) % 11]


def _id_birth_date(id_number: str) -> _dt.date | None:
    digits = id_number[6:14] if len(id_number) == 18 else "19" + id_number[6:12]
    try:
        return _dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def id_number_problem(id_number: str, *, today: _dt.date | None = None) -> str | None:
    """None when the ID number is valid (18-digit GB 11643, or the old 15-digit form), else why not."""
    n = len(id_number)
    if n == 18 and id_number.isascii() and id_number[:17].isdigit():  # the common case, checked quickly
        if id_number[17] not in "0123456789X":
            return f"身份证号“{id_number}”含有数字和末位X以外的字符，请核对后改正。"
        month, day = int(id_number[10:12]), int(id_number[12:14])
        year = int(id_number[6:10])
        if not (1 <= month <= 12 and 1 <= day <= 28 and 1900 <= year < _YEAR_AT_IMPORT and today is None):
            birth = _id_birth_date(id_number)
            if birth is None or birth.year < 1900 or birth > (today or _dt.date.today()):
                return f"身份证号“{id_number}”中的出生日期不存在，请核对后改正。"
        if id_number[0] in "09":
            return f"身份证号“{id_number}”的地区码不存在，请核对后改正。"
        if _ID_CHECK[(sum(map(mul, id_number[:17].encode(), _ID_WEIGHTS)) - _ID_ASCII_OFFSET) % 11] != id_number[17]:
            return f"身份证号“{id_number}”的校验位不对（可能有数字录错），请核对后改正。"
        return None
    if n == 18:
        if not (id_number[:17].isdigit() and id_number[17] in "0123456789X"):
            return f"身份证号“{id_number}”含有数字和末位X以外的字符，请核对后改正。"
    elif n == 15:
        if not id_number.isdigit():
            return f"身份证号“{id_number}”含有数字以外的字符，请核对后改正。"
    else:
        return f"身份证号“{id_number}”是{n}位，应为18位，请核对后改正。"
    if id_number[0] in "09":
        return f"身份证号“{id_number}”的地区码不存在，请核对后改正。"
    birth = _id_birth_date(id_number)
    if birth is None or birth.year < 1900 or birth > (today or _dt.date.today()):
        return f"身份证号“{id_number}”中的出生日期不存在，请核对后改正。"
    if n == 18 and id_check_digit(id_number[:17]) != id_number[17]:
        return f"身份证号“{id_number}”的校验位不对（可能有数字录错），请核对后改正。"
    return None


def plain_valid_ids(values) -> list[bool]:
    """For a column of cells: True where the cell is an 18-character ASCII ID (17 digits, then a digit or X)
    that id_number_problem accepts, born in an earlier year than this one; False where that is not certain
    (check it the usual way).

    The weighted sum of an ID's first 17 digits is the sum of its parts' sums: the region code (6 digits,
    a few distinct in a county), the birth date (8) and the sequence (3), each computed once per distinct
    part, so a roster of 100,000 IDs costs three look-ups an ID instead of 17 products.
    """
    region_sums: dict[str, int | None] = {}  # None: the region code is refused (starts with 0 or 9)
    date_sums: dict[str, int | None] = {}  # None: not a plainly valid birth date (checked the usual way)
    seq_sums: dict[str, int] = {}
    weights = _ID_WEIGHTS
    check = _ID_CHECK
    last_ok = frozenset("0123456789X")
    out: list[bool] = []
    append = out.append
    for value in values:
        if not (value.__class__ is str and len(value) == 18 and value.isascii() and value[:17].isdigit()
                and value[17] in last_ok):
            append(False)
            continue
        region, born, seq = value[:6], value[6:14], value[14:17]
        a = region_sums.get(region, -1)
        if a == -1:
            a = region_sums[region] = None if region[0] in "09" else sum(map(mul, map(int, region), weights[:6]))
        b = date_sums.get(born, -1)
        if b == -1:
            b = date_sums[born] = (sum(map(mul, map(int, born), weights[6:14]))
                                   if 1900 <= int(born[:4]) < _YEAR_AT_IMPORT and _id_birth_date(value) else None)
        c = seq_sums.get(seq)
        if c is None:
            c = seq_sums[seq] = sum(map(mul, map(int, seq), weights[14:]))
        append(a is not None and b is not None and check[(a + b + c) % 11] == value[17])
    return out


def id_birth(id_number: str) -> tuple[int, int] | None:
    """(year, month) of birth written in an 18- or 15-digit ID number, else None."""
    if len(id_number) == 18 and id_number[6:14].isdigit() and 1 <= int(id_number[12:14]) <= 28:
        year, month = int(id_number[6:10]), int(id_number[10:12])
        return (year, month) if 1 <= month <= 12 else None
    if len(id_number) not in (15, 18):
        return None
    birth = _id_birth_date(id_number)
    return (birth.year, birth.month) if birth else None


def id_gender(id_number: str) -> str | None:
    """男 or 女 from the sequence digit of an ID number, else None."""
    digit = id_number[16:17] if len(id_number) == 18 else id_number[14:15] if len(id_number) == 15 else ""
    if not digit.isdigit():
        return None
    return "男" if int(digit) % 2 else "女"


def id15_to_18(id_number: str) -> str:
    """The 18-digit form of a 15-digit ID number (19 inserted before the year, check digit added)."""
    if len(id_number) != 15:
        return id_number
    first17 = id_number[:6] + "19" + id_number[6:]
    return first17 + id_check_digit(first17)


# -------------------------------------------------------------------------- phones

_PHONE_SPLIT = re.compile(r"[、/,，;；]+|\s{2,}")
_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_FIXED = re.compile(r"^(?:\(?0\d{2,3}\)?)?[1-9]\d{6,7}(?:(?:转|ext|x|#|-)\d{1,6})?$")
_PHONE_STRIP = str.maketrans({" ": "", "-": "", "\u3000": "", "（": "(", "）": ")"})


def _phone_ok(part: str) -> bool:
    compact = part.translate(_PHONE_STRIP)
    if _MOBILE.match(compact):
        return True
    # keep the extension dash: 0355-1234567-8012
    area_fixed = part.replace(" ", "").replace("（", "(").replace("）", ")")
    head, dash, ext = area_fixed.rpartition("-")
    candidates = [compact]
    if dash and head.count("-") == 1 and len(ext) <= 6:  # 0355-1234567-801
        candidates.append(head.replace("-", "") + "-" + ext)
    return any(_FIXED.match(c) for c in candidates)


def phone_problem(phone: str) -> str | None:
    """None when every number is an 11-digit mobile or a fixed line (several may be separated by 、 or /)."""
    phone = phone.strip()
    if not phone:
        return None
    if len(phone) == 11 and phone.isdigit() and phone[0] == "1" and phone[1] in "3456789":
        return None
    parts = [p.strip() for p in _PHONE_SPLIT.split(phone) if p.strip()]
    if parts and all(_phone_ok(p) for p in parts):
        return None
    return f"电话号码“{phone}”既不是11位手机号，也不是固定电话（如0355-1234567），请核对后改正。"


# --------------------------------------------------------------------------- flags

_TRUE = frozenset({"是", "√", "✓", "✔", "y", "yes", "1", "true", "t", "对", "有", "常委", "是常委", "○", "●"})
_FALSE = frozenset({"否", "×", "✗", "✘", "n", "no", "0", "false", "f", "不是", "无", "非", "-", "—", "/"})


def parse_bool_cn(value: object) -> bool | None:
    """True for 是/√/Y/1…, False for 否/×/N/0… and for a blank cell, None when not recognised."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value == 1 if value in (0, 1) else None
    s = unicodedata.normalize("NFKC", str(value)).strip().lower()
    if not s:
        return False
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    return None
