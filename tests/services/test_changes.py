"""Every write returns one Changes: what it touched, the id it made, what an import wrote — never a tuple."""
from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from desktop_app.services.changes import FLAGS, Batch, Changes


def test_changes_merge_and_name_their_parts():
    merged = Changes(members=True, new_id=3) | Changes(organizations=True, batch=Batch(created=2))
    assert merged.members and merged.organizations and not merged.proposals
    assert merged.new_id == 3 and merged.batch == Batch(created=2)
    assert merged.touches("organizations") and not merged.touches("units", "sessions")
    assert Changes.everything().touches(*FLAGS) and not Changes().any()
    assert Changes(new_id=5).any() is False  # an id alone changed no part of the data
    with pytest.raises(ValueError):
        Changes().touches("committees")  # not a part: a typo must not pass silently


def _roster(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "专委会", "委员之家"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_roster_import_that_creates_a_committee_and_a_home_says_so(ctx, tmp_path):
    from desktop_app.services.ledgers.members import member_importer

    path = _roster(tmp_path / "名单.xlsx", [["王芳", "女", "文化文史和学习委员会", "西井镇委员之家"],
                                             ["李强", "男", "文化文史和学习委员会", None]])
    changes = member_importer(ctx).import_file(path)
    assert changes.members and changes.organizations and changes.homes and not changes.platforms
    assert (changes.batch.created, changes.batch.updated, changes.batch.skipped) == (2, 0, 0)
    assert changes.batch.backup is not None and changes.batch.backup.exists()
    again = member_importer(ctx).import_file(path)  # nothing new to create the second time
    assert again.members and not again.organizations and not again.homes
    assert (again.batch.created, again.batch.unchanged) == (0, 2)


def test_writes_that_make_a_record_give_its_id(ctx):
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.organizations import OrganizationService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput
    from desktop_app.services.terms import TermService

    session = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10))
    assert session.sessions and session.new_id is not None and not session.settings
    member = MembersService(ctx).add(MemberInput(name="王芳"))
    assert member.members and MembersService(ctx).get(member.new_id).data.name == "王芳"
    unit = OrganizationService(ctx).add_unit(name="县教育局")
    assert unit.units and unit.new_id is not None
    committee = OrganizationService(ctx).add_organization(name="提案委员会", kind="committee")
    assert committee.organizations and not committee.proposals
    submitted = ProposalService(ctx).submit(ProposalInput(session_id=session.new_id, title="关于加强农村学校建设的建议",
                                                          submitted_on=date(2025, 1, 12), lead_member_id=member.new_id))
    accepted = ProposalService(ctx).accept(submitted.new_id, on=date(2025, 1, 15))
    assert accepted.proposals and accepted.case_number == 1 and accepted.new_id is None


def test_batch_assignment_reports_what_it_refused(ctx):
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.organizations import OrganizationService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput
    from desktop_app.services.terms import TermService

    session = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    member = MembersService(ctx).add(MemberInput(name="王芳")).new_id
    unit = OrganizationService(ctx).add_unit(name="县教育局").new_id
    service = ProposalService(ctx)
    ids = [service.submit(ProposalInput(session_id=session, title=t, submitted_on=date(2025, 1, 12),
                                        lead_member_id=member)).new_id for t in ("关于甲的建议", "关于乙的建议")]
    service.accept(ids[0], on=date(2025, 1, 15))  # the second is still 待审查: it cannot be assigned
    changes = service.assign_each(ids, unit, on=date(2025, 1, 20))
    assert changes.proposals and (changes.batch.updated, changes.batch.skipped) == (1, 1)
    assert len(changes.batch.lines) == 1 and "不能" in changes.batch.lines[0]


def test_a_proposal_ledger_of_a_new_session_announces_the_session_and_the_units_it_created(ctx, tmp_path):
    from desktop_app.services.ledgers.pipeline import ImportOptions
    from desktop_app.services.ledgers.proposals import proposal_importer
    from desktop_app.services.members import MemberInput, MembersService

    MembersService(ctx).add(MemberInput(name="王芳"))
    path = tmp_path / "提案台账.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["案号", "案由", "提案者", "提交日期", "审查结果", "主办单位", "交办日期"])
    book.active.append([1, "关于加强农村学校建设的建议", "王芳", date(2025, 1, 12), "立案", "县教育局", date(2025, 1, 20)])
    book.save(path)
    changes = proposal_importer(ctx).import_file(path, ImportOptions(session_code="14-4"))
    assert changes.proposals and changes.sessions and changes.units and not changes.organizations
    assert changes.batch.created == 1 and dict(changes.batch.tally) == {"承办单位": 1}
    again = proposal_importer(ctx).import_file(path, ImportOptions(session_code="14-4"))  # the session is there now
    assert again.proposals and not again.sessions and not again.units
    assert (again.batch.created, again.batch.unchanged) == (0, 1)
