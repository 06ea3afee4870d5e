"""A small store for the 委员履职档案 tests: members (two called 王芳, one who left in June), activities with
attendance, consultations, proposals led and co-signed with replies and verdicts, opinions from a ledger.

What each member did in 2025 is written out here, so the tests count the expected rows by hand.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
from docx import Document

from desktop_app.domain.period import Period
from desktop_app.services.activities import ActivitiesService, ActivityInput
from desktop_app.services.consultations import ConsultationInput, ConsultationsService
from desktop_app.services.homes import HomeInput, HomesService
from desktop_app.services.members import MemberInput, MembersService
from desktop_app.services.ledgers.opinions import opinion_importer
from desktop_app.services.organizations import OrganizationService
from desktop_app.services.platforms import PlatformInput, PlatformsService
from desktop_app.services.proposals import ProposalService
from desktop_app.services.proposals.dto import LeaderInput, ProposalInput, ReplyInput, UnitAssignmentInput
from desktop_app.services.terms import TermService

YEAR = Period.year(2025)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class World:
    wang: int  # 王芳 born 1975-3: busy
    wang2: int  # another 王芳, born 1982-7: nothing but one meeting
    li: int  # 李强: some of everything
    zhao: int  # 赵敏: no records at all
    zhang: int  # 张伟: left office on 30 June 2025
    home: int


def _members(ctx) -> World:
    from dataclasses import replace

    from desktop_app.services.settings import SettingsService

    settings = SettingsService(ctx)
    settings.save_office(replace(settings.office(), county="黎城县"))
    members = MembersService(ctx)
    committee = OrganizationService(ctx).add_organization(name="经济委员会", kind="committee").new_id
    home = HomesService(ctx).add(HomeInput(name="西井镇委员之家")).new_id
    wang = members.add(MemberInput(
        name="王芳", gender="女", ethnicity="汉族", birth_year=1975, birth_month=3, political_status="民建会员",
        sector="经济界", education="大学", work_unit="县实验小学", position="校长", phone="13803550123",
        is_standing=True, home_id=home, committee_ids=(committee,))).new_id
    li = members.add(MemberInput(name="李强", gender="男", sector="教育界")).new_id
    zhao = members.add(MemberInput(name="赵敏", gender="女", sector="农业界")).new_id
    zhang = members.add(MemberInput(name="张伟", sector="农业界")).new_id
    members.end_term(zhang, on=date(2025, 6, 30), reason="工作调动", expected_version=members.get(zhang).version)
    return World(wang, 0, li, zhao, zhang, home)


def _activities(ctx, w: World) -> None:
    home_id = w.home
    acts = ActivitiesService(ctx)
    acts.add(ActivityInput(held_on=date(2025, 1, 10), kind="全体会议", title="政协全体会议",
                           attendance=((w.wang, "present"), (w.li, "excused"), (w.zhang, "absent"), (w.wang2, "present"))))
    acts.add(ActivityInput(held_on=date(2025, 3, 15), kind="常委会议", title="第一次常委会议",
                           attendance=((w.wang, "present"),)))
    acts.add(ActivityInput(held_on=date(2025, 4, 1), kind="理论学习", title="四月理论学习", home_id=home_id,
                           attendance=((w.wang, "present"), (w.li, "absent"))))
    acts.add(ActivityInput(held_on=date(2025, 9, 12), kind="委员沙龙", title="委员沙龙：营商环境", home_id=home_id,
                           attendance=((w.wang, "excused"),)))
    acts.add(ActivityInput(held_on=date(2024, 12, 31), kind="理论学习", title="上年末学习", home_id=home_id,
                           attendance=((w.wang, "present"),)))  # the year before: not in the record


def _consultations(ctx, w: World) -> None:
    platform_id = PlatformsService(ctx).add(PlatformInput(name="西井村协商议事室", township="西井镇")).new_id
    cons = ConsultationsService(ctx)
    cons.add(ConsultationInput(platform_id=platform_id, held_on=date(2025, 6, 1), topic="农村饮水安全",
                               member_ids=(w.wang, w.li)))
    cons.add(ConsultationInput(platform_id=platform_id, held_on=date(2024, 12, 30), topic="路灯维修",
                               member_ids=(w.wang,)))  # the year before


def _proposals(ctx, w: World) -> None:
    service = ProposalService(ctx)
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    education = OrganizationService(ctx).add_unit(name="县教育局").new_id
    housing = OrganizationService(ctx).add_unit(name="县住建局").new_id

    def submit(title, lead, cosigners, on):
        pid = service.submit(ProposalInput(session_id=session_id, title=title, submitted_on=on,
                                              lead_member_id=lead, cosigner_ids=cosigners, category="社会建设")).new_id
        return pid

    def assignment(pid):
        return service.detail(pid).assignments[0].id

    def replies(pid):
        return [r for r in service.detail(pid).replies if not r.superseded]

    schools = submit("关于加强农村学校建设的建议", w.wang, (w.li,), date(2025, 1, 12))
    service.accept(schools, on=date(2025, 1, 20))  # 第001号
    service.set_key(schools, leaders=[LeaderInput("李明", "督办", "县长")], on=date(2025, 1, 25))
    service.assign(schools, [UnitAssignmentInput(education, "lead")], on=date(2025, 2, 1))
    service.reply(schools, ReplyInput(assignment(schools), date(2025, 3, 1), "A", text="已列入明年计划。"))
    service.feedback(replies(schools)[0].id, verdict="satisfied", on=date(2025, 3, 10))
    service.close(schools, on=date(2025, 3, 20))
    square = submit("关于修建县城广场的建议", w.li, (w.wang,), date(2025, 2, 1))
    service.not_accept(square, on=date(2025, 2, 10), reason="没有具体建议")
    houses = submit("关于改善农村校舍的建议", w.wang, (), date(2025, 3, 5))
    service.merge(houses, into_id=schools, on=date(2025, 3, 8))
    parking = submit("关于规范城区停车秩序的建议", w.wang, (), date(2025, 4, 10))
    service.accept(parking, on=date(2025, 4, 15))  # 第002号
    service.assign(parking, [UnitAssignmentInput(housing, "lead")], on=date(2025, 4, 20))
    service.reply(parking, ReplyInput(assignment(parking), date(2025, 6, 1), "B", text="正在研究。"))
    service.feedback(replies(parking)[0].id, verdict="dissatisfied", on=date(2025, 6, 10))  # back to the unit
    service.reply(parking, ReplyInput(assignment(parking), date(2025, 8, 1), "A", text="已完成整治。"))
    service.feedback(replies(parking)[0].id, verdict="basically_satisfied", on=date(2025, 8, 15))
    submit("关于上年度工作的建议", w.wang, (), date(2024, 12, 30))  # the year before


def _opinions(ctx, folder: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["标题", "报送人", "收稿日期", "编报期号", "报送层级", "采用层级", "领导批示"])
    sheet.append(["关于路灯的建议", "王芳、李强", "2025-03-01", "第1期", "市", "市、省", "县长批示：请城管局研究办理。"])
    sheet.append(["关于停车难的建议", "王芳", "2025-05-01", "第2期", "县", "", ""])
    sheet.append(["关于供暖的建议", "王芳", "2026-01-01", "第1期", "县", "县", ""])  # the year after
    path = folder / "社情民意台账.xlsx"
    book.save(path)
    opinion_importer(ctx).import_file(path)



def build_world(ctx, folder: Path) -> World:
    """The whole store; `folder` takes the opinion ledger written on the way."""
    w = _members(ctx)
    _opinions(ctx, folder)  # the ledger names 王芳 while there is only one
    w.wang2 = MembersService(ctx).add(MemberInput(name="王芳", gender="女", birth_year=1982, birth_month=7,
                                                      sector="教育界")).new_id
    _activities(ctx, w)
    _consultations(ctx, w)
    _proposals(ctx, w)
    return w


# ----- reading a record back -----

def blocks(path: Path) -> list[tuple[str, object]]:
    """The body in order: ("p", text) for a paragraph, ("t", rows of cell texts) for a table."""
    doc = Document(str(path))
    out: list[tuple[str, object]] = []
    for child in doc.element.body:
        if child.tag == f"{W}p":
            text = "".join(node.text or "" for node in child.iter(f"{W}t"))
            if text.strip():
                out.append(("p", text))
        elif child.tag == f"{W}tbl":
            rows = []
            for tr in child.iter(f"{W}tr"):
                rows.append(tuple("\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iter(f"{W}p"))
                                  for tc in tr.iter(f"{W}tc")))
            out.append(("t", rows))
    return out


def paragraphs(path: Path) -> list[str]:
    return [value for kind, value in blocks(path) if kind == "p"]


def table_after(path: Path, caption_end: str) -> list[tuple[str, ...]]:
    """The rows (header first) of the table under the caption that ends with `caption_end`."""
    found = blocks(path)
    for index, (kind, value) in enumerate(found):
        if kind == "p" and value.startswith("表") and value.endswith(caption_end):
            assert found[index + 1][0] == "t", f"no table under “{value}”"
            return found[index + 1][1]
    raise AssertionError(f"no caption ending with “{caption_end}” in {path.name}")


def captions(path: Path) -> list[str]:
    return [text for text in paragraphs(path) if text.startswith("表") and "　" in text[:4]]
