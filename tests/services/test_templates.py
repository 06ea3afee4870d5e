"""Documents come from the template in use: the office's edited copy is used, a bad one is refused with nothing written."""
from __future__ import annotations

from datetime import date

import docx
import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.fileio.paperwork_dto import SignInMember, SignInSheetDTO
from desktop_app.services.settings import SettingsService
from desktop_app.services.sign_in import write_sign_in
from desktop_app.services.templates import TemplateService

DTO = SignInSheetDTO(title="春季读书会", held_on=date(2025, 4, 8), place="活动室", organizer="古韩镇委员之家",
                     members=(SignInMember("王芳", "经济界"),))


def _texts(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_an_edited_office_copy_is_used(store, tmp_path):
    service = TemplateService(store)
    info, copied = service.copy("sign_in")
    assert copied and info.office_copy.is_file()
    document = docx.Document(str(info.office_copy))
    document.add_paragraph("注：请于{{ 日期 }}前签到，共{{ 应到人数 }}人。")
    document.save(str(info.office_copy))
    out = write_sign_in(store, DTO, tmp_path / "签到表.docx")
    assert "注：请于2025年4月8日前签到，共1人。" in _texts(out)
    assert service.check("sign_in")[0].ok


def test_an_unknown_field_is_refused_with_its_name_and_nothing_is_written(store, tmp_path):
    info, _ = TemplateService(store).copy("签到表")
    document = docx.Document(str(info.office_copy))
    document.add_paragraph("{{ 主持人 }}")
    document.save(str(info.office_copy))
    out = tmp_path / "签到表.docx"
    with pytest.raises(ValidationError) as refused:
        write_sign_in(store, DTO, out)
    assert refused.value.message.startswith("模板“本单位模板签到表.docx”不能使用：")
    assert "字段“主持人”程序不提供" in refused.value.message
    assert not out.exists()
    TemplateService(store).restore_default("签到表")
    assert write_sign_in(store, DTO, out).is_file()


def test_the_office_font_setting_reaches_the_document(store, tmp_path):
    settings = SettingsService(store)
    from dataclasses import replace

    settings.save_office(replace(settings.office(), county="黎城县", font_set="windows"))
    out = write_sign_in(store, DTO, tmp_path / "签到表.docx")
    xml = docx.Document(str(out)).element.xml
    assert "仿宋_GB2312" not in xml and 'w:eastAsia="仿宋"' in xml


def test_values_are_escaped(store, tmp_path):
    dto = SignInSheetDTO(title="A&B <议事> 会", held_on=date(2025, 4, 8), organizer="x\x07y")
    out = write_sign_in(store, dto, tmp_path / "签到表.docx")
    texts = _texts(out)
    assert "A&B <议事> 会签到表" in "".join(texts).replace("\n", "")
    assert "主办：xy" in texts
