"""Each paperwork document built from a real database and read back as a .docx."""
from dataclasses import replace
from datetime import date

import pytest
from docx import Document

from desktop_app.domain.errors import ValidationError
from desktop_app.services.proposal_paperwork import ProposalPaperworkService
from desktop_app.services.proposals.dto import ReplyInput, UnitAssignmentInput
from desktop_app.services.settings import SettingsService


def _text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def handled(world):
    settings = SettingsService(world.ctx)
    settings.save_office(replace(settings.office(), county="黎城县", committee_name="政协黎城县委员会"))
    s = world.service
    pid = world.submit("关于加强农村学校建设的建议", body="农村学校校舍老旧。\n建议加大投入。")
    s.add_review(pid, stage="初审", reviewer="赵审", on=date(2025, 1, 13), opinion="符合立案标准")
    s.accept(pid, on=date(2025, 1, 15))
    s.assign(pid, [UnitAssignmentInput(world.units[0], "lead"), UnitAssignmentInput(world.units[1], "joint")],
             on=date(2025, 1, 20))
    other = world.submit("关于改善乡村道路的建议")
    s.accept(other, on=date(2025, 1, 15))
    s.assign(other, [UnitAssignmentInput(world.units[0], "lead")], on=date(2025, 3, 1))
    a = s.detail(other).assignments[0]
    s.reply(other, ReplyInput(a.id, date(2025, 4, 1), "B", text="正在解决"))
    return world, pid, other


def test_proposal_form(handled, tmp_path):
    world, pid, _ = handled
    path = ProposalPaperworkService(world.ctx).proposal_form(pid, tmp_path / "提案表.docx")
    text = _text(path)
    for expected in ("政协第十四届黎城县委员会第四次会议", "关于加强农村学校建设的建议", "第001号", "王芳", "李强",
                     "张伟", "农村学校校舍老旧", "符合立案标准", "主办：县教育局", "会办：县卫健委"):
        assert expected in text


def test_assignment_notice_per_unit(handled, tmp_path):
    world, _, _ = handled
    path = ProposalPaperworkService(world.ctx).assignment_notice(world.units[0], tmp_path / "交办通知.docx",
                                                                issued_on=date(2025, 1, 20))
    text = _text(path)
    assert "县教育局" in text and "关于加强农村学校建设的建议" in text and "关于改善乡村道路的建议" in text
    assert "2025年4月20日" in text  # due date of the first, three months on
    with pytest.raises(ValidationError, match="县财政局”目前没有交办的提案"):
        ProposalPaperworkService(world.ctx).assignment_notice(world.units[2], tmp_path / "空.docx")


def test_reminder_lists_only_overdue_items(handled, tmp_path):
    world, _, _ = handled
    service = ProposalPaperworkService(world.ctx)
    path = service.reminder(world.units[0], tmp_path / "催办单.docx", today=date(2025, 5, 1))
    text = _text(path)
    assert "关于加强农村学校建设的建议" in text and "关于改善乡村道路的建议" not in text  # the other one is answered
    with pytest.raises(ValidationError, match="没有逾期未答复的提案"):
        service.reminder(world.units[0], tmp_path / "无.docx", today=date(2025, 4, 1))


def test_satisfaction_form(handled, tmp_path):
    world, _, other = handled
    path = ProposalPaperworkService(world.ctx).satisfaction_form(other, tmp_path / "满意度测评表.docx")
    text = _text(path)
    assert "关于改善乡村道路的建议" in text and "县教育局" in text and "第002号" in text and "王芳等3人" in text
