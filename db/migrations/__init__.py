"""Alembic migrations (batch mode)."""
