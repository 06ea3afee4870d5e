"""满意度测评表 for the proposer to fill in by hand: a verdict and 见面 per handling unit, remarks, signature.

The form is a fixed table in the template; the handling units are one row each (`{%tr for %}`).
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.fileio.docx_xml import SIZE_XIAO_SI, FormCell
from desktop_app.fileio.documents import DocumentKind
from desktop_app.fileio.documents._build import save_template, template_document
from desktop_app.fileio.paperwork_dto import SatisfactionFormDTO, UnitReplyLine

TITLE = "提案办理满意度测评表"
BLANK_DATE = "年　　月　　日"
NO_REPLY_DATE = "　年　月　日"  # to be written by hand
# 承办单位 (县住房和城乡建设局 on one line), 办理方式, 答复日期 (2026年12月15日 on one line), 测评意见, 是否见面
WIDTHS_MM = (45.0, 13.0, 43.0, 28.0, 27.0)
REMARKS_HEIGHT_MM = 40.0


def _label(text: str, **kw) -> FormCell:
    return FormCell(text, bold=True, align="center", **kw)


def unit_fields(unit: UnitReplyLine) -> dict[str, str]:
    return {
        "名称": unit.unit_name,
        "办理方式": unit.role,
        "答复日期": format_cn_date(unit.replied_on) if unit.replied_on else NO_REPLY_DATE,
        "答复类别": f"{unit.reply_category}类" if unit.reply_category else "",
    }


def context(dto: SatisfactionFormDTO) -> dict[str, Any]:
    return {
        "标题": TITLE,
        "会次": dto.session_label,
        "案号": dto.case_number,
        "案由": dto.title,
        "提案者": dto.proposer,
        "承办单位": [unit_fields(unit) for unit in dto.units],
        "寄回期限": f"于{format_cn_date(dto.return_by)}前" if dto.return_by else "在收到答复后一个月内",
        "寄回单位": dto.return_to or "提案委员会",
        "联系电话": dto.contact_phone,
    }


def build_template(path: Path) -> Path:
    doc = template_document("满意度测评表")
    doc.title(["{{ 标题 }}"])
    doc.subtitle("{{ 会次 }}")
    doc.blank_line()
    doc.form_table([
        [_label("案　号"), FormCell("{{ 案号 }}", span=2), FormCell("提案者：{{ 提案者 }}", span=2, align="left")],
        [_label("案　由"), FormCell("{{ 案由 }}", span=4, align="left", height_mm=14)],
        [_label("承办单位"), _label("办理\n方式"), _label("答复日期"), _label("测评意见"), _label("是否见面")],
        [FormCell("{%tr for 单位 in 承办单位 %}", span=5)],
        [FormCell("{{ 单位.名称 }}", align="center"), FormCell("{{ 单位.办理方式 }}"),
         FormCell("{{ 单位.答复日期 }}\n{%p if 单位.答复类别 %}\n（{{ 单位.答复类别 }}）\n{%p endif %}", align="center"),
         FormCell("□满意\n□基本满意\n□不满意", align="left"), FormCell("□是　□否")],
        [FormCell("{%tr endfor %}", span=5)],
        [_label("意见和建议"), FormCell("", span=4, align="left", valign="top", height_mm=REMARKS_HEIGHT_MM)],
        [FormCell(f"提案者签名：　　　　　　　　　　{BLANK_DATE}", span=5, align="right", height_mm=14)],
    ], WIDTHS_MM, font_size=SIZE_XIAO_SI)
    doc.blank_line()
    # Notes 1 and 2 run on, so that the form and its notes stay on one page; 3 (where to send it) stands alone.
    doc.paragraph("说明：1.请在相应的“□”内打“√”，每个承办单位选一项。2.对答复“不满意”的，请在“意见和建议”栏写明理由，"
                  "提案将重新办理。")
    doc.paragraph("3.请{{ 寄回期限 }}将本表寄回或送交{{ 寄回单位 }}{% if 联系电话 %}，联系电话：{{ 联系电话 }}{% endif %}。")
    return save_template(doc, path)


def example_dto() -> SatisfactionFormDTO:
    return SatisfactionFormDTO(
        committee_name="政协黎城县委员会", session_label="政协第十四届黎城县委员会第五次会议", case_number="第001号",
        title="关于进一步加强农村饮水安全工程建设与管护的建议", proposer="方国杰等3人",
        units=(UnitReplyLine("县水利局", "主办", _dt.date(2026, 4, 10), "A"), UnitReplyLine("县住房和城乡建设局", "分办")),
        return_to="政协黎城县委员会提案委员会", return_by=_dt.date(2026, 5, 31), contact_phone="0355-6222222")


def example() -> dict[str, Any]:
    return context(example_dto())


KIND = DocumentKind(
    key="satisfaction", title="满意度测评表", purpose="请提案者对承办单位的答复逐一测评并寄回的满意度测评表",
    build_template=build_template, example=example,
    descriptions={
        "标题": "测评表的标题“提案办理满意度测评表”",
        "会次": "提案所属的会议，如“政协第十四届黎城县委员会第五次会议”",
        "案号": "案号，如“第001号”",
        "案由": "提案的案由",
        "提案者": "提案者：姓名、“某某等3人”或提案单位",
        "承办单位": "要测评的承办单位（主办、分办），每个单位一行",
        "承办单位[].名称": "承办单位名称",
        "承办单位[].办理方式": "主办或分办",
        "承办单位[].答复日期": "答复日期；尚未答复时为空白的“年 月 日”，由提案者填写",
        "承办单位[].答复类别": "答复类别，如“A类”；未填报时为空",
        "寄回期限": "“于2026年5月31日前”，未给期限时为“在收到答复后一个月内”",
        "寄回单位": "测评表寄回或送交的单位",
        "联系电话": "寄回单位的联系电话；没有时为空（不印“联系电话”）",
    },
)
