"""Codes stored in the database, with their Chinese labels for the interface and exports.

Codes are short English words (stable in the database); labels are what people read.
"""
from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A StrEnum whose members know their Chinese label and can be found by it."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]

    @classmethod
    def choices(cls) -> tuple[tuple[str, str], ...]:
        """(label, code) of every member, in order: what a combo box or a form offers."""
        return tuple((member.label, member.value) for member in cls)

    @classmethod
    def from_label(cls, text: str):
        for member in cls:
            if member.label == text or member.value == text:
                return member
        return None


class MemberStatus(LabelledEnum):
    ACTIVE = "active"
    LEFT = "left"


class ProposalKind(LabelledEnum):
    MEMBER = "member"
    COLLECTIVE = "collective"


class ProposalState(LabelledEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"  # returned to the proposer for revision
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"
    ASSIGNED = "assigned"
    REPLIED = "replied"
    CLOSED = "closed"


class UnitRole(LabelledEnum):
    LEAD = "lead"
    JOINT = "joint"
    SEPARATE = "separate"


class AssignmentStatus(LabelledEnum):
    ACTIVE = "active"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class ReplyCategory(LabelledEnum):
    A = "A"
    B = "B"
    C = "C"


class Verdict(LabelledEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"


class AttendanceStatus(LabelledEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class FollowUpStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class OrganizationKind(LabelledEnum):
    PARTY = "party"
    PEOPLES_ORGANIZATION = "peoples_organization"
    SECTOR = "sector"
    COMMITTEE = "committee"
    OTHER = "other"


class Level(LabelledEnum):
    """Administrative level an opinion is sent to or adopted at."""

    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"
    NATIONAL = "national"


class Disposal(LabelledEnum):
    """What happens to a proposal that is not accepted."""

    RETURNED = "returned"
    TO_OPINION = "to_opinion"
    TO_LETTER = "to_letter"


class ReviewStage(LabelledEnum):
    FIRST = "初审"
    SECOND = "复审"


class AttachmentOwner(LabelledEnum):
    """The kind of record a file is attached to."""

    ACTIVITY = "activity"
    CONSULTATION = "consultation"
    PROPOSAL = "proposal"
    REPLY = "reply"
    OPINION = "opinion"


_LABELS: dict[str, dict[str, str]] = {
    "MemberStatus": {"active": "在任", "left": "已退出"},
    "ProposalKind": {"member": "委员提案", "collective": "集体提案"},
    "ProposalState": {
        "submitted": "待审查",
        "returned": "退回修改",
        "accepted": "已立案",
        "not_accepted": "不立案",
        "merged": "已并案",
        "withdrawn": "已撤案",
        "assigned": "已交办",
        "replied": "已答复",
        "closed": "已办结",
    },
    "UnitRole": {"lead": "主办", "joint": "会办", "separate": "分办"},
    "AssignmentStatus": {"active": "办理中", "declined": "已退回", "withdrawn": "已撤回"},
    "ReplyCategory": {"A": "A", "B": "B", "C": "C"},
    "Verdict": {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"},
    "AttendanceStatus": {"present": "出席", "excused": "请假", "absent": "缺席"},
    "FollowUpStatus": {"not_started": "未落实", "in_progress": "落实中", "done": "已落实"},
    "OrganizationKind": {
        "party": "党派",
        "peoples_organization": "人民团体",
        "sector": "界别",
        "committee": "专委会",
        "other": "其他",
    },
    "Level": {"county": "县", "city": "市", "province": "省", "national": "全国"},
    "Disposal": {"returned": "退回提案者", "to_opinion": "转为社情民意信息", "to_letter": "转为委员来信"},
    "ReviewStage": {"初审": "初审", "复审": "复审"},
    "AttachmentOwner": {"activity": "委员之家活动", "consultation": "有事来商量", "proposal": "提案", "reply": "答复",
                        "opinion": "社情民意信息"},
}
