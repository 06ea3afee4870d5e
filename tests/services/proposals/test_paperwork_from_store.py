"""Each paperwork document built from a real database and read back as a .docx."""
from dataclasses import replace
from datetime import date

import pytest
from docx import Document

from desktop_app.domain.errors import Cancelled, NotFound, ValidationError
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


def _cells(path) -> list[list[str]]:
    table = Document(str(path)).tables[0]
    return [["\n".join(p.text for p in cell.paragraphs) for cell in row.cells] for row in table.rows]


def test_notices_one_file_per_unit_with_its_proposals_roles_and_numbers(handled, tmp_path):
    world, pid, other = handled
    steps = []
    batch = ProposalPaperworkService(world.ctx).notices(
        tmp_path / "导出" / "交办通知", session_code="14-4", issued_on=date(2025, 1, 20), number_prefix="黎政协提",
        progress=lambda done, total, text: steps.append((done, total)))
    # 县教育局 leads both proposals, 县卫健委 joins the first; 县财政局 received nothing
    assert [p.name for p in batch.files] == ["县卫健委.docx", "县教育局.docx"]
    assert batch.count == 2 and batch.folder == tmp_path / "导出" / "交办通知"
    assert batch.session_label == "政协第十四届黎城县委员会第四次会议"
    assert steps == [(0, 2), (1, 2), (2, 2)]
    health, education = batch.files
    assert _cells(health)[1:] == [["第001号", "关于加强农村学校建设的建议\n主办：县教育局", "王芳等3人", "会办", "2025年4月20日"]]
    assert _cells(education)[1:] == [
        ["第001号", "关于加强农村学校建设的建议\n会办：县卫健委", "王芳等3人", "主办", "2025年4月20日"],
        ["第002号", "关于改善乡村道路的建议", "王芳等3人", "主办", "2025年6月1日"]]
    assert "黎政协提〔2025〕1号" in _text(health) and "黎政协提〔2025〕2号" in _text(education)
    assert "县卫健委：" in _text(health) and "（其中会办1件）" in _text(health)


def test_notices_use_the_current_session_of_the_settings(handled, tmp_path):
    world, _, _ = handled
    service = ProposalPaperworkService(world.ctx)
    with pytest.raises(ValidationError, match="第一次会议还没有交办给承办单位的提案"):  # 设置 still says 14-1
        service.notices(tmp_path / "a")
    assert not (tmp_path / "a").exists()
    settings = SettingsService(world.ctx)
    settings.save_office(replace(settings.office(), current_term=14, current_session=4))
    assert service.notices(tmp_path / "b").count == 2
    with pytest.raises(NotFound, match="没有十三届二次会议的记录"):
        service.notices(tmp_path / "c", session_code="13-2")


def test_notices_stop_when_cancelled_and_keep_what_was_written(handled, tmp_path):
    world, _, _ = handled
    written = []
    with pytest.raises(Cancelled, match="已生成的1份交办通知"):
        ProposalPaperworkService(world.ctx).notices(tmp_path / "out", session_code="14-4",
                                                    progress=lambda d, t, s: written.append(d),
                                                    cancelled=lambda: len(written) >= 1)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["县卫健委.docx"]


def test_unit_names_become_file_names_windows_accepts():
    from desktop_app.services.proposal_paperwork import file_name_for

    assert file_name_for("县教育局") == "县教育局.docx"
    assert file_name_for('县"文旅"局/体育中心') == "县_文旅_局_体育中心.docx"
