"""The audit log's hash chain: each entry's hash covers its own content and the hash of the entry before it.

Changing, inserting or deleting an entry anywhere but at the end breaks every later link; cutting entries off
the end is found by comparing with the head a backup recorded (services/backup.py).
"""
from __future__ import annotations

from hashlib import sha256
from datetime import datetime

GENESIS = ""  # the "previous hash" of the first entry


def stamp_text(at) -> str:
    """The entry's time as hashed: SQLite's text, or a driver's datetime written the same way."""
    if isinstance(at, datetime):
        return at.isoformat(sep=" ", timespec="microseconds")
    return "" if at is None else str(at)


def entry_hash(prev_hash: str, entry_id: int, at, actor, table_name, record_id, record_uuid, action,
               before_json, after_json) -> str:
    """SHA-256 (hex) of the previous hash and the entry's columns in a fixed form: each column as text (NULL as
    "\\N"), separated by the unit separator U+001F, which no column the program writes contains unescaped."""
    return sha256(f"{prev_hash or GENESIS}\n{int(entry_id)}\x1f{_text(stamp_text(at))}\x1f{_text(actor)}\x1f"
                  f"{_text(table_name)}\x1f{_text(record_id)}\x1f{_text(record_uuid)}\x1f{_text(action)}\x1f"
                  f"{_text(before_json)}\x1f{_text(after_json)}".encode("utf-8")).hexdigest()


def _text(value) -> str:
    return "\\N" if value is None else str(value).replace("\x1f", "\\x1f")


def chain(prev_hash: str, first_id: int, at, actor, entries) -> list[tuple[str, str]]:
    """(previous hash, own hash) of each entry in turn, ids first_id, first_id + 1 …: exactly `entry_hash` of
    each, chained, in one pass. `entries` are (table_name, record_id, record_uuid, action, before_json,
    after_json); the columns every entry of a commit shares (time, actor) are put in text once."""
    shared = f"\x1f{_text(stamp_text(at))}\x1f{_text(actor)}\x1f"
    previous, ident, out = prev_hash or GENESIS, int(first_id), []
    append = out.append
    for tbl, rid, ruuid, action, before, after in entries:
        digest = sha256(
            f"{previous}\n{ident}{shared}"
            f"{_NULL if tbl is None else str(tbl).replace(_US, _US_ESCAPED)}\x1f"
            f"{_NULL if rid is None else str(rid).replace(_US, _US_ESCAPED)}\x1f"
            f"{_NULL if ruuid is None else str(ruuid).replace(_US, _US_ESCAPED)}\x1f"
            f"{_NULL if action is None else str(action).replace(_US, _US_ESCAPED)}\x1f"
            f"{_NULL if before is None else str(before).replace(_US, _US_ESCAPED)}\x1f"
            f"{_NULL if after is None else str(after).replace(_US, _US_ESCAPED)}".encode("utf-8")).hexdigest()
        append((previous, digest))
        previous, ident = digest, ident + 1
    return out


_NULL, _US, _US_ESCAPED = "\\N", "\x1f", "\\x1f"
