"""Ledger imports and exports (activities, consultations): read, check, preview, commit."""
