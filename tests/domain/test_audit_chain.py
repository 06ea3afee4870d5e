"""The chain's Stepper (the hashes SQLite's INSERT … SELECT asks for, services/audit.py) gives exactly entry_hash's
hashes, chained, and refuses an entry out of order instead of writing a chain that would not verify."""
from __future__ import annotations

import pytest

from desktop_app.domain.audit_chain import GENESIS, Stepper, chain, entry_hash

AT, ACTOR = "2026-03-01 08:00:00.123456", "王建华"
# table, record id, uuid, action, before, after: NULLs, Chinese, the unit separator inside a value, an empty text
ENTRIES = [("members", 1, "u-1", "insert", None, '{"name": "李明", "notes": "a\x1fb"}'),
           ("members", 2, None, "delete", '{"name": "王芳"}', None),
           ("activities", None, "u\x1f3", "insert", None, ""),
           ("members", 4, "u-4", "insert", None, '{"name": "赵强"}')]


def test_the_stepper_gives_entry_hash_of_each_entry_and_its_previous_hash():
    stepper = Stepper("ab" * 32, 41, AT, ACTOR)
    previous = "ab" * 32
    for ident, (tbl, rid, ruuid, action, before, after) in enumerate(ENTRIES, start=41):
        asked_before = stepper.previous(ident)
        own = stepper.step(ident, tbl, rid, ruuid, action, None if before is None else before.encode("utf-8"),
                           None if after is None else after.encode("utf-8"))
        assert (asked_before, stepper.previous(ident)) == (previous, previous)  # asked before or after its hash
        assert own == entry_hash(previous, ident, AT, ACTOR, tbl, rid, ruuid, action, before, after)
        previous = own
    stepper = Stepper(GENESIS, 1, AT, ACTOR)
    hashes = [stepper.step(n, t, r, u, a, None if b is None else b.encode(), None if f is None else f.encode())
              for n, (t, r, u, a, b, f) in enumerate(ENTRIES, start=1)]
    assert hashes == [own for _, own in chain(GENESIS, 1, AT, ACTOR, ENTRIES)]


@pytest.mark.parametrize("ident", [40, 41, 43, 5])  # before, the same again, one skipped, far back
def test_an_entry_out_of_order_is_refused(ident):
    stepper = Stepper(GENESIS, 41, AT, ACTOR)
    stepper.step(41, "members", 1, None, "insert", None, b"{}")
    with pytest.raises(RuntimeError):
        stepper.step(ident, "members", 1, None, "insert", None, b"{}")
    if ident != 41:  # 41's previous hash may still be asked for, after its own
        with pytest.raises(RuntimeError):
            stepper.previous(ident)
