"""Rules for a member's fields, shared by the form, the roster import and the services."""
from __future__ import annotations

from datetime import date

from desktop_app.domain.errors import Problem
from desktop_app.domain.normalize import id_birth, id_number_problem, phone_problem
from desktop_app.domain.vocabulary import Vocabulary

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
}


def check_member_fields(data, vocabularies: dict[str, Vocabulary], *, today: date | None = None) -> list[Problem]:
    """Every problem with one member's values; `data` has the MemberInput attributes."""
    problems: list[Problem] = []
    if not (data.name or "").strip():
        problems.append(Problem("姓名不能为空，请填写委员姓名。", column="姓名"))
    elif len(data.name) > 50:
        problems.append(Problem("姓名太长（超过50个字），请检查。", column="姓名"))
    for field_name, (key, label) in VOCABULARY_FIELDS.items():
        value = getattr(data, field_name)
        vocab = vocabularies.get(key)
        if value and vocab is not None and not vocab.open and vocab.canonical(value) is None:
            problems.append(Problem(f"“{value}”不在{label}表中，请从列表中选择，或先在设置中添加。", column=label))
    year, month = data.birth_year, data.birth_month
    this_year = (today or date.today()).year
    if year is not None and not (1900 <= year <= this_year - 16):
        problems.append(Problem(f"出生年份 {year} 不合理，请检查。", column="出生年月"))
    if month is not None and not 1 <= month <= 12:
        problems.append(Problem(f"出生月份 {month} 不存在，请检查。", column="出生年月"))
    if data.id_number:
        message = id_number_problem(data.id_number)
        if message:
            problems.append(Problem(message, column="身份证号"))
        elif year and month and id_birth(data.id_number) not in (None, (year, month)):
            id_year, id_month = id_birth(data.id_number)
            problems.append(Problem(
                f"身份证号中的出生年月（{id_year}年{id_month}月）与出生年月（{year}年{month}月）不一致，请核对。",
                column="身份证号"))
    if data.phone:
        message = phone_problem(data.phone)
        if message:
            problems.append(Problem(message, column="联系电话"))
    return problems
