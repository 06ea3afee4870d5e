"""委员履职档案 from a small store built here: every row of a member's record read back from the .docx, against
what was entered (counted by hand in tests/member_records_support.py); the score is PerformanceService's; one file
per member in office."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app.domain.errors import Cancelled, InputFileProblem, NotFound
from desktop_app.services.performance import PerformanceService
from desktop_app.services.reports.member_records import MemberRecordsService, file_names
from tests.member_records_support import YEAR, World, blocks, build_world, captions, paragraphs, table_after

@pytest.fixture
def world(store, tmp_path) -> World:
    return build_world(store, tmp_path)


@pytest.fixture
def written(store, world, tmp_path) -> dict[str, Path]:
    paths = MemberRecordsService(store).write(tmp_path / "履职档案" / "2025", YEAR)
    return {path.name: path for path in paths}


def test_one_file_per_member_in_office_and_same_names_told_apart(written, tmp_path):
    # 张伟 left in June: not in office at the end of 2025; the two 王芳 by birth month
    assert sorted(written) == sorted(["李强.docx", "王芳（1975年3月）.docx", "王芳（1982年7月）.docx", "赵敏.docx"])
    assert sorted(p.name for p in (tmp_path / "履职档案" / "2025").iterdir()) == sorted(written)


def test_the_busy_members_record_row_by_row(store, world, written):
    path = written["王芳（1975年3月）.docx"]
    texts = paragraphs(path)
    assert texts[:2] == ["政协黎城县委员会委员履职档案", "（2025年度）"]
    facts = blocks(path)[[k for k, _ in blocks(path)].index("t")][1]
    assert facts == [("姓　名", "王芳", "性　别", "女"), ("民　族", "汉族", "出生年月", "1975年3月"),
                     ("政治面貌", "民建会员", "学　历", "大学"), ("界　别", "经济界", "是否常委", "是"),
                     ("委员之家", "西井镇委员之家", "联系电话", "13803550123"),
                     ("工作单位\n及职务", "县实验小学校长"), ("专委会", "经济委员会")]
    assert "本年度出席全体会议、常委会议2次；参加委员之家等活动1次，请假1次。" in texts
    assert table_after(path, "参加会议和活动情况") == [
        ("日期", "会议或活动", "类别", "出勤"),
        ("2025年1月10日", "政协全体会议", "全体会议", "出席"),
        ("2025年3月15日", "第一次常委会议", "常委会议", "出席"),
        ("2025年4月1日", "四月理论学习", "理论学习", "出席"),
        ("2025年9月12日", "委员沙龙：营商环境", "委员沙龙", "请假")]
    assert "本年度参加有事来商量协商1次。" in texts
    assert table_after(path, "参加有事来商量情况") == [("日期", "协商议事室", "议题"),
                                                      ("2025年6月1日", "西井村协商议事室", "农村饮水安全")]
    # led: 学校 (accepted, key), 校舍 (merged into 001: counts as accepted), 停车 (accepted); co-signed: 广场 (refused)
    assert "本年度领衔提案3件、联名提案1件，其中立案3件，列为重点提案1件。" in texts
    assert table_after(path, "提案及办理情况") == [
        ("案号", "案由", "领衔或联名", "办理情况", "答复类别", "委员评价"),
        ("001", "关于加强农村学校建设的建议", "领衔", "已办结\n重点提案", "A", "满意"),
        ("—", "关于修建县城广场的建议", "联名", "不立案", "—", "—"),
        ("—", "关于改善农村校舍的建议", "领衔", "并入第001号", "—", "—"),
        # re-handled after 不满意: the second reply and its verdict
        ("002", "关于规范城区停车秩序的建议", "领衔", "已答复", "A", "基本满意")]
    assert "本年度报送社情民意信息2篇，其中被采用1篇、获领导批示1篇。" in texts
    assert table_after(path, "社情民意信息报送情况") == [
        ("标题", "收稿日期", "采用情况", "领导批示"),
        ("关于路灯的建议", "2025年3月1日", "市、省", "县长批示：请城管局研究办理。"),
        ("关于停车难的建议", "2025年5月1日", "未采用", "—")]
    assert captions(path) == ["表1　参加会议和活动情况", "表2　参加有事来商量情况", "表3　提案及办理情况",
                               "表4　社情民意信息报送情况", "表5　履职计分"]


def test_the_score_is_the_performance_services_with_its_working(store, world, written):
    path = written["王芳（1975年3月）.docx"]
    (row,) = [r for r in PerformanceService(store).rows(YEAR) if r.member_id == world.wang]
    # by the shipped rules, by hand: meetings 2×10=20 (cap 20), activity 3, excused 0, led 3×10=30→20 (cap),
    # co-signed 2, accepted 3×5=15→10 (cap), key 5, opinions 2×5=10, adopted 5, consultation 5
    assert (row.score, row.band, row.warnings) == (80, "良好", ())
    assert f"按履职评分规则，本年度得分{row.score}分，等次为“{row.band}”。" in paragraphs(path)
    assert table_after(path, "履职计分") == [
        ("计分项", "次数", "每次分值", "上限", "得分"),
        ("出席全体会议、常委会议", "2", "10", "20", "20"), ("参加委员之家等活动", "1", "3", "30", "3"),
        ("请假未参加活动", "1", "0", "—", "0"), ("领衔提案", "3", "10", "20", "20"), ("联名提案", "1", "2", "6", "2"),
        ("提案被立案（加分）", "3", "5", "10", "10"), ("提案列为重点提案（加分）", "1", "5", "10", "5"),
        ("报送社情民意信息", "2", "5", "20", "10"), ("社情民意信息被采用（加分）", "1", "5", "15", "5"),
        ("参加有事来商量", "1", "5", "15", "5"), ("合计", "", "", "", "80")]
    assert not [text for text in paragraphs(path) if "未履职预警" in text]


def test_a_member_with_some_records_and_a_warning(store, world, written):
    path = written["李强.docx"]
    texts = paragraphs(path)
    assert "本年度出席全体会议、常委会议0次，请假1次；参加委员之家等活动0次，缺席1次。" in texts
    assert table_after(path, "参加会议和活动情况")[1:] == [("2025年1月10日", "政协全体会议", "全体会议", "请假"),
                                                        ("2025年4月1日", "四月理论学习", "理论学习", "缺席")]
    assert table_after(path, "提案及办理情况")[1:] == [
        ("001", "关于加强农村学校建设的建议", "联名", "已办结\n重点提案", "A", "满意"),
        ("—", "关于修建县城广场的建议", "领衔", "不立案", "—", "—")]
    (row,) = [r for r in PerformanceService(store).rows(YEAR) if r.member_id == world.li]
    assert row.warnings == ("参加会议和活动少于3次",)
    assert f"按履职评分规则，本年度得分{row.score}分，等次为“{row.band}”。未履职预警：参加会议和活动少于3次。" in texts


def test_a_member_with_nothing_gets_one_sentence_per_item_and_no_tables(written):
    path = written["赵敏.docx"]
    texts = paragraphs(path)
    for sentence in ("本年度无参加会议和活动的记录。", "本年度未参加有事来商量协商。", "本年度未领衔或联名提交提案。",
                     "本年度未报送社情民意信息。", "按履职评分规则，本年度得分0分，等次为“不称职”。未履职预警：未领衔或联名提案；参加会议和活动少于3次。"):
        assert sentence in texts
    assert [kind for kind, _ in blocks(path)].count("t") == 1  # the facts form only
    assert captions(path) == []


def test_only_the_chosen_members_and_a_name_matching_two(store, world, tmp_path):
    service = MemberRecordsService(store)
    # the second 王芳 alone still gets the name that tells her apart from the first
    (only,) = service.write(tmp_path / "一位", YEAR, member_ids=[world.wang2])
    assert only.name == "王芳（1982年7月）.docx"
    both = service.write(tmp_path / "同名", YEAR, name=" 王芳 ")
    assert sorted(p.name for p in both) == ["王芳（1975年3月）.docx", "王芳（1982年7月）.docx"]
    with pytest.raises(NotFound) as caught:
        service.write(tmp_path / "没有", YEAR, name="张伟")  # left in June
    assert caught.value.message == "2025年末在任的委员中没有“张伟”，请检查姓名后再试。"
    assert not (tmp_path / "没有").exists()


def test_progress_names_each_member_and_cancel_stops_between_members(store, world, tmp_path):
    seen = []
    MemberRecordsService(store).write(tmp_path / "a", YEAR, progress=lambda d, t, text: seen.append((d, t, text)))
    assert seen[0] == (0, 0, "正在汇总委员履职记录")
    assert [s[2] for s in seen[1:-1]] == ["李强", "王芳", "王芳", "赵敏"]  # roster order (pinyin)
    assert [s[:2] for s in seen[1:]] == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled) as caught:
        MemberRecordsService(store).write(tmp_path / "b", YEAR, cancelled=cancelled)
    assert len(list((tmp_path / "b").iterdir())) == 2
    assert "2 份" in caught.value.message


def test_a_record_open_in_word_is_the_usual_sentence(store, world, tmp_path):
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available")
    folder = tmp_path / "占用"
    folder.mkdir()
    locked = folder / "赵敏.docx"
    locked.write_bytes(b"")
    # an immutable file refuses to be replaced, as Windows refuses a file Word has open
    if subprocess.run(["chattr", "+i", str(locked)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a file immutable here")
    try:
        with pytest.raises(InputFileProblem) as caught:
            MemberRecordsService(store).write(folder, YEAR)
    finally:
        subprocess.run(["chattr", "-i", str(locked)], check=True)
    assert caught.value.message == "文件“赵敏.docx”正被其他程序（如 Word/WPS）占用，请关闭后重试。"


def test_a_file_where_the_folder_should_be(store, world, tmp_path):
    (tmp_path / "档案").write_text("x")
    with pytest.raises(InputFileProblem) as caught:
        MemberRecordsService(store).write(tmp_path / "档案", YEAR)
    assert caught.value.message == f"“{tmp_path / '档案'}”是一个文件，不是文件夹，请另选保存履职档案的文件夹。"


def test_file_names_are_safe_on_windows_and_unique():
    names = file_names([(1, "王芳", 1975, 3), (2, "王芳", 1975, 3), (3, "王芳", 1982, None), (4, "A:B?", None, None),
                        (5, "CON", None, None), (6, "李强", None, None)])
    assert names == {1: "王芳（编号1）.docx", 2: "王芳（编号2）.docx", 3: "王芳（1982年）.docx", 4: "A_B_.docx",
                     5: "CON_.docx", 6: "李强.docx"}
