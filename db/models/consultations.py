"""协商议事室 (platforms) and 有事来商量 consultations."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, allowed_values
from desktop_app.domain.enums import FollowUpStatus
from desktop_app.domain.gatherings import PLATFORM_LEVELS

platform_members = Table(
    "platform_members",
    Base.metadata,
    Column("platform_id", ForeignKey("platforms.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
)

consultation_members = Table(
    "consultation_members",
    Base.metadata,
    Column("consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="RESTRICT"), primary_key=True),
)


class Platform(Record, Base):
    __tablename__ = "platforms"
    __table_args__ = (allowed_values("level", PLATFORM_LEVELS),)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    level: Mapped[str] = mapped_column(String(10), default="村社区")  # 县 / 乡镇 / 村社区
    township: Mapped[str | None] = mapped_column(String(50))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"), index=True)
    place: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str | None] = mapped_column(Text)


class Consultation(Record, Base):
    __tablename__ = "consultations"
    __table_args__ = (allowed_values("follow_up_status", FollowUpStatus),)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="RESTRICT"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    topic: Mapped[str] = mapped_column(String(200))
    topic_source: Mapped[str | None] = mapped_column(String(20))  # 党政点题 / 群众出题 / 委员荐题 / 部门提题
    department_participants: Mapped[int] = mapped_column(Integer, default=0)
    resident_participants: Mapped[int] = mapped_column(Integer, default=0)
    suggestions_count: Mapped[int] = mapped_column(Integer, default=0)
    suggestions_text: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    responsible_unit: Mapped[str | None] = mapped_column(String(100))
    follow_up_status: Mapped[str] = mapped_column(String(20), default="not_started")  # FollowUpStatus
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    follow_up_note: Mapped[str | None] = mapped_column(Text)
    done_deeds: Mapped[int] = mapped_column(Integer, default=0)
    done_deeds_text: Mapped[str | None] = mapped_column(Text)
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"))
    opinion_id: Mapped[int | None] = mapped_column(ForeignKey("opinions.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)


class ConsultationFollowUp(Record, Base):
    """One dated step in following up a consultation's outcome."""

    __tablename__ = "consultation_follow_ups"
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    on_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
