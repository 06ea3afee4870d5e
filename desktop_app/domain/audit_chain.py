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
    after_json). The Stepper's form, so that the entries written from Python and those SQLite writes share it."""
    stepper = Stepper(prev_hash, first_id, at, actor)
    out = []
    for ident, (tbl, rid, ruuid, action, before, after) in enumerate(entries, start=int(first_id)):
        previous = stepper.last_hash
        own = stepper.step(ident, tbl, rid, ruuid, action, None if before is None else str(before).encode("utf-8"),
                           None if after is None else str(after).encode("utf-8"))
        out.append((previous, own))
    return out


_NULL, _US, _US_ESCAPED = "\\N", "\x1f", "\\x1f"


class Stepper:
    """The chain one entry at a time, for a database that writes the entries itself (INSERT … SELECT with these
    as its functions, services/audit.py): `step` gives an entry's own hash, exactly `entry_hash`, the text columns
    before/after taken as their UTF-8 bytes (as the database holds them: no decoding and encoding again);
    `previous` gives its prev_hash. Ids must come one after another from `next_id`: anything else (a row seen
    twice, skipped or out of order) raises, so a chain can never be written out of order."""

    __slots__ = ("_shared", "last_id", "last_hash", "_before_last")

    def __init__(self, prev_hash: str, next_id: int, at, actor) -> None:
        self._shared = f"\x1f{_text(stamp_text(at))}\x1f{_text(actor)}\x1f"
        self.last_id, self.last_hash, self._before_last = int(next_id) - 1, prev_hash or GENESIS, None

    def step(self, ident: int, tbl, rid, ruuid, action, before: bytes | None, after: bytes | None) -> str:
        if ident != self.last_id + 1:
            raise RuntimeError(f"audit chain: entry {ident} hashed after entry {self.last_id}")
        digest = sha256(
            f"{self.last_hash}\n{ident}{self._shared}"
            f"{_NULL if tbl is None else str(tbl).replace(_US, _US_ESCAPED)}\x1f"
            f"{_NULL if rid is None else str(rid).replace(_US, _US_ESCAPED)}\x1f"
            f"{_NULL if ruuid is None else str(ruuid).replace(_US, _US_ESCAPED)}\x1f"
            f"{_NULL if action is None else str(action).replace(_US, _US_ESCAPED)}\x1f".encode("utf-8"))
        digest.update(_NULL_BYTES if before is None else before.replace(b"\x1f", b"\\x1f"))
        digest.update(b"\x1f")
        digest.update(_NULL_BYTES if after is None else after.replace(b"\x1f", b"\\x1f"))
        digest = digest.hexdigest()
        self._before_last, self.last_hash, self.last_id = self.last_hash, digest, ident
        return digest

    def previous(self, ident: int) -> str:
        """Entry `ident`'s prev_hash, whether asked before or after its own hash was worked out."""
        if ident == self.last_id + 1:
            return self.last_hash
        if ident == self.last_id and self._before_last is not None:
            return self._before_last
        raise RuntimeError(f"audit chain: the previous hash of entry {ident} asked after entry {self.last_id}")


_NULL_BYTES = b"\\N"
