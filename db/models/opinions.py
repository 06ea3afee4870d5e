"""社情民意信息 with submitters, adoptions and leaders' instructions."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, allowed_values
from desktop_app.domain.enums import Level


class Opinion(Record, Base):
    __tablename__ = "opinions"
    __table_args__ = (allowed_values("sent_level", Level, nullable=True),)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    bulletin_issue: Mapped[str | None] = mapped_column(String(30))  # 编报期号
    sent_level: Mapped[str | None] = mapped_column(String(10))  # Level: 县/市/省/全国
    source_proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL", use_alter=True)
    )
    notes: Mapped[str | None] = mapped_column(Text)


class OpinionSubmitter(Base):
    __tablename__ = "opinion_submitters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("opinions.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class OpinionAdoption(Base):
    """The opinion was taken up at a level (县/市/省/全国)."""

    __tablename__ = "opinion_adoptions"
    __table_args__ = (allowed_values("level", Level),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("opinions.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(10))
    adopted_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class OpinionInstruction(Base):
    """A leader's written instruction (批示) on an opinion."""

    __tablename__ = "opinion_instructions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("opinions.id", ondelete="CASCADE"), index=True)
    leader: Mapped[str | None] = mapped_column(String(100))
    given_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
