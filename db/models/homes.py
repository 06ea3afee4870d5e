"""委员之家 and their activities with per-member attendance."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, allowed_values
from desktop_app.domain.enums import AttendanceStatus
from desktop_app.domain.gatherings import HOME_LEVELS


class Home(Record, Base):
    __tablename__ = "homes"
    __table_args__ = (allowed_values("level", HOME_LEVELS),)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    level: Mapped[str] = mapped_column(String(10), default="乡镇")  # 县级 / 乡镇 / 界别
    place: Mapped[str | None] = mapped_column(String(200))
    township: Mapped[str | None] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    retired_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class Activity(Record, Base):
    """One event; county-wide ones (全体会议, 常委会议 …) have no home."""

    __tablename__ = "activities"
    home_id: Mapped[int | None] = mapped_column(ForeignKey("homes.id", ondelete="RESTRICT"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    other_participants: Mapped[int] = mapped_column(Integer, default=0)
    suggestions_count: Mapped[int] = mapped_column(Integer, default=0)
    suggestions_text: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class Attendance(Base):
    """One member's attendance at one activity (AttendanceStatus)."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("activity_id", "member_id"),
        Index("ix_attendance_member_status", "member_id", "status"),
        allowed_values("status", AttendanceStatus),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Covered by the unique (activity_id, member_id) key: a second index only slows 200,000-row imports.
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(10), default="present")
