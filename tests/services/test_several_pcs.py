"""Several PCs on one database: each PC has its own data folder (its own ServiceContext), the database is shared.

Run on SQLite (both contexts on one file) and, when CPPCC_TEST_PG names a server, on PostgreSQL (both on
one database of the server) — the case the office meets when its PCs share a server.
"""
from __future__ import annotations

import threading
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from db.models import Member, Proposal
from desktop_app.domain.errors import Conflict
from desktop_app.services.database import open_store
from desktop_app.services.ledgers.members import member_importer
from desktop_app.services.members import MemberInput, MembersService
from desktop_app.services.proposals import ProposalService
from desktop_app.services.proposals.dto import ProposalInput
from desktop_app.services.terms import TermService


def _url(ctx) -> str:
    return ctx.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def two_pcs(tmp_path):
    """(甲's context, 乙's context): two data folders, one database (甲's)."""
    first = open_store(tmp_path / "甲")
    second = open_store(tmp_path / "乙", url=_url(first))
    first.actor, second.actor = "甲", "乙"
    yield first, second
    second.close()
    first.close()


def _proposal(ctx) -> int:
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    member_id = MembersService(ctx).add(MemberInput(name="王芳")).new_id
    return ProposalService(ctx).submit(ProposalInput(
        session_id=session_id, title="关于加强农村学校建设的建议", submitted_on=date(2025, 1, 12),
        lead_member_id=member_id, category="社会建设")).new_id


def test_the_second_pc_saving_a_proposal_opened_before_the_first_saved_is_refused(two_pcs):
    first, second = two_pcs
    pid = _proposal(first)
    opened_first = ProposalService(first).detail(pid)
    opened_second = ProposalService(second).detail(pid)
    assert opened_first.version == opened_second.version == 1
    lead = ProposalService(first).detail(pid).lead_member_id
    base = dict(session_id=opened_first.session_id, submitted_on=opened_first.submitted_on, lead_member_id=lead,
                category="社会建设")

    ProposalService(first).edit(pid, ProposalInput(title="关于改进农村学校建设的建议", **base),
                                expected_version=opened_first.version)
    with pytest.raises(Conflict) as refused:
        ProposalService(second).edit(pid, ProposalInput(title="关于完善农村学校建设的建议", **base),
                                     expected_version=opened_second.version)
    assert refused.value.message == "提案“关于改进农村学校建设的建议”已被其他人修改，请刷新后再操作。"
    after = ProposalService(second).detail(pid)
    assert (after.title, after.version) == ("关于改进农村学校建设的建议", 2)


def test_a_save_racing_another_pc_between_reading_and_writing_is_refused(two_pcs):
    """Both PCs read version 1 in their own transactions; 甲 commits first; 乙's write then finds the row changed."""
    from desktop_app.services.proposals.steps import flush_versioned

    first, second = two_pcs
    pid = _proposal(first)
    with first.uow() as s1, second.uow() as s2:
        mine, theirs = s1.get(Proposal, pid), s2.get(Proposal, pid)
        assert mine.version == theirs.version == 1
        mine.title = "关于改进农村学校建设的建议"
        s1.commit()
        theirs.title = "关于完善农村学校建设的建议"
        with pytest.raises(Conflict) as refused:
            flush_versioned(s2)
        assert refused.value.message == "这件提案刚刚被其他电脑修改，请刷新后再操作。"
    assert ProposalService(second).detail(pid).title == "关于改进农村学校建设的建议"


def _roster(path) -> tuple[str, ...]:
    """A roster of 30 people written here (name, gender, birth, sector, unit, phone); their names."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "出生年月", "界别", "工作单位及职务", "联系电话"])
    names = tuple(f"委员{chr(0x4E00 + i * 7)}{chr(0x4E50 + i * 3)}" for i in range(30))
    for i, name in enumerate(names):
        sheet.append([name, "男" if i % 2 else "女", f"19{60 + i}.0{1 + i % 9}", "教育界", f"县第{i + 1}中学教师",
                      f"139{i:08d}"])
    book.save(path)
    return names


def test_two_pcs_importing_one_roster_at_once_add_its_people_once(two_pcs, tmp_path):
    """Both PCs preview before either commits; the database's writer lock lets one write, the other's
    commit plans again and is refused (PlanChanged) instead of adding everyone a second time."""
    first, second = two_pcs
    names = _roster(tmp_path / "花名册.xlsx")
    both_previewed = threading.Barrier(2, timeout=60)
    outcomes: dict[str, object] = {}

    def pc(ctx):
        importer = member_importer(ctx)
        try:
            located = importer.read(tmp_path / "花名册.xlsx")
            preview = importer.preview(located)
            both_previewed.wait()
            outcomes[ctx.actor] = importer.commit(located, preview).batch.created
        except BaseException as exc:  # noqa: BLE001 — the test reads what each PC got
            outcomes[ctx.actor] = exc

    threads = [threading.Thread(target=pc, args=(ctx,)) for ctx in two_pcs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(type(v).__name__ for v in outcomes.values()) == ["PlanChanged", "int"], outcomes
    assert [v for v in outcomes.values() if isinstance(v, int)] == [30]
    with second.uow() as s:
        stored = s.scalars(select(Member.name)).all()
    assert sorted(stored) == sorted(names)


def test_a_writer_lock_held_by_one_pc_refuses_the_other(two_pcs):
    from desktop_app.services.presence import writer_lock

    first, second = two_pcs
    with writer_lock(first.data.root, "恢复备份", engine=first.engine):
        if first.engine.dialect.name == "postgresql":  # another folder: only the database's lock can say so
            with pytest.raises(Conflict) as refused:
                with writer_lock(second.data.root, "导入", engine=second.engine):
                    pass
            assert refused.value.message == "另一台电脑（或另一个程序）正在写入数据，请等它完成后再导入。"
    with writer_lock(second.data.root, "导入", engine=second.engine):  # released: the other PC may write
        pass
