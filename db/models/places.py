"""Villages and communities of the county (for 包联 links and platform coverage)."""
from __future__ import annotations

from sqlalchemy import Boolean, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, allowed_values
from desktop_app.domain.gatherings import VILLAGE_KINDS


class Village(Record, Base):
    __tablename__ = "villages"
    __table_args__ = (UniqueConstraint("township", "name"), allowed_values("kind", VILLAGE_KINDS))
    township: Mapped[str] = mapped_column(String(50), default="")
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(10), default="村")  # 村 / 社区
    active: Mapped[bool] = mapped_column(Boolean, default=True)
