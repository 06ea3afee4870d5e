"""A real store with a session, members, organizations and units for the proposal tests."""
from __future__ import annotations

from datetime import date

import pytest

from desktop_app.services.database import open_store
from desktop_app.services.members import MemberInput, MembersService
from desktop_app.services.organizations import OrganizationService
from desktop_app.services.proposals import ProposalService
from desktop_app.services.proposals.dto import ProposalInput
from desktop_app.services.terms import TermService


class World:
    def __init__(self, ctx):
        self.ctx = ctx
        self.service = ProposalService(ctx)
        self.session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
        members = MembersService(ctx)
        self.members = [members.add(MemberInput(name=name)).new_id for name in ("王芳", "李强", "张伟", "刘洋")]
        orgs = OrganizationService(ctx)
        self.org_id = orgs.add_organization(name="民建黎城县支部", kind="party").new_id
        self.units = [orgs.add_unit(name=name).new_id for name in ("县教育局", "县卫健委", "县财政局")]

    def submit(self, title="关于加强农村学校建设的建议", *, on=date(2025, 1, 12), cosigners=None, body=None):
        pid = self.service.submit(ProposalInput(
            session_id=self.session_id, title=title, submitted_on=on, lead_member_id=self.members[0],
            cosigner_ids=tuple(self.members[1:3] if cosigners is None else cosigners), body=body, category="社会建设")).new_id
        return pid

    def state(self, pid):
        return self.service.detail(pid).state


@pytest.fixture
def world(tmp_path):
    ctx = open_store(tmp_path / "数据")
    ctx.actor = "提案委"
    yield World(ctx)
    ctx.engine.dispose()
