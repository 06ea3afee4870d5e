"""Rules for a member's fields: the member form (services.members) and the roster import
(fileio.roster_rows, once per distinct value of a column) call these same functions.

Each rule returns a Problem with the field's label as column and the rule's name, or None.
"""
from __future__ import annotations

from datetime import date

from desktop_app.domain.errors import Problem
from desktop_app.domain.normalize import id_birth, id_number_problem, phone_problem
from desktop_app.domain.record_rules import in_vocabulary, text_length
from desktop_app.domain.vocabulary import Vocabulary

NAME_MAX = 50  # members.name String(50)
AGE_MIN, AGE_MAX = 18, 100

# field → (vocabulary key, label shown to people)
VOCABULARY_FIELDS = {
    "gender": ("gender", "性别"),
    "ethnicity": ("ethnicity", "民族"),
    "political_status": ("political_status", "政治面貌"),
    "sector": ("sector", "界别"),
    "education": ("education", "文化程度"),
}

FIELD_LABELS = {
    "name": "姓名", "gender": "性别", "ethnicity": "民族", "birth_year": "出生年月", "birth_month": "出生年月",
    "native_place": "籍贯", "political_status": "政治面貌", "sector": "界别", "education": "文化程度",
    "work_unit": "工作单位", "position": "职务", "phone": "联系电话", "id_number": "身份证号",
    "address": "通讯地址", "is_standing": "是否常委", "notes": "备注",
    "committees": "专委会", "home": "委员之家", "linked_villages": "包联村（社区）", "status": "状态",
}

# Text fields and the size of their column in db/models/members.py.
TEXT_LIMITS = {"gender": 4, "ethnicity": 20, "native_place": 100, "political_status": 30, "sector": 50,
               "education": 30, "work_unit": 200, "position": 100, "phone": 50, "address": 200}


def name_problem(name: str | None) -> Problem | None:
    if not (name or "").strip():
        return Problem("姓名不能为空，请填写委员姓名。", column="姓名", rule="member.name.required")
    if len(name) > NAME_MAX:
        return Problem(f"姓名太长（{len(name)}个字，最多{NAME_MAX}个字），请检查。", column="姓名", rule="member.name.length")
    return None


def text_problem(field_name: str, value: str | None) -> Problem | None:
    """A text field longer than its column (工作单位 200 characters …)."""
    limit = TEXT_LIMITS.get(field_name)
    if limit is None or not value:
        return None
    return text_length(value, limit, FIELD_LABELS[field_name], f"member.{field_name}")


def vocabulary_problem(field_name: str, value: str | None, vocabularies: dict[str, Vocabulary]) -> Problem | None:
    """A value of 性别, 民族, 政治面貌, 界别 or 文化程度 that is not in the office's table."""
    key, label = VOCABULARY_FIELDS[field_name]
    return in_vocabulary(value, vocabularies.get(key), label, f"member.{field_name}")


def age_at(year: int, month: int | None, today: date) -> int:
    return today.year - year - (1 if month is not None and month > today.month else 0)


def birth_problem(year: int | None, month: int | None, *, today: date | None = None) -> Problem | None:
    """A birth month that does not exist, or one giving an age outside 18–100 today."""
    if year is None:
        return None
    if month is not None and not 1 <= month <= 12:
        return Problem(f"出生月份 {month} 不存在，请检查。", column="出生年月", rule="member.birth.month")
    age = age_at(year, month, today or date.today())
    if not AGE_MIN <= age <= AGE_MAX:
        when = f"{year}年{month}月" if month else f"{year}年"
        return Problem(f"出生年月{when}算来年龄为{age}岁，不在{AGE_MIN}至{AGE_MAX}岁之间，请检查。",
                       column="出生年月", rule="member.birth.age")
    return None


def id_problem(id_number: str | None) -> Problem | None:
    if not id_number:
        return None
    message = id_number_problem(id_number)
    return Problem(message, column="身份证号", rule="member.id_number.invalid") if message else None


def id_birth_mismatch(id_number: str, year: int | None, month: int | None) -> Problem | None:
    """The birth month written beside an ID number that says another one."""
    from_id = id_birth(id_number)
    if not (year and month) or from_id is None or from_id == (year, month):
        return None
    return Problem(f"身份证号中的出生年月（{from_id[0]}年{from_id[1]}月）与出生年月（{year}年{month}月）不一致，请核对。",
                   column="身份证号", rule="member.id_number.birth")


def phone_rule(phone: str | None) -> Problem | None:
    if not phone:
        return None
    message = phone_problem(phone)
    if message:
        return Problem(message, column="联系电话", rule="member.phone.invalid")
    return text_problem("phone", phone) if len(phone) > TEXT_LIMITS["phone"] else None


def check_member_fields(data, vocabularies: dict[str, Vocabulary], *, today: date | None = None) -> list[Problem]:
    """Every problem with one member's values; `data` has the MemberInput attributes."""
    found: list[Problem | None] = [name_problem(data.name)]
    for field_name in VOCABULARY_FIELDS:
        value = getattr(data, field_name)
        found.append(vocabulary_problem(field_name, value, vocabularies) or text_problem(field_name, value))
    for field_name in ("native_place", "work_unit", "position", "address"):
        found.append(text_problem(field_name, getattr(data, field_name)))
    found.append(birth_problem(data.birth_year, data.birth_month, today=today))
    if data.id_number:
        found.append(id_problem(data.id_number) or id_birth_mismatch(data.id_number, data.birth_year, data.birth_month))
    found.append(phone_rule(data.phone))
    return [p for p in found if p is not None]
