"""花名册 import, as a kind of the one import pipeline (services.ledgers.pipeline).

Rows are read and checked by fileio.roster_rows with the member form's own rules; a row is
the same member as a stored one by ID number, else by name and birth month when neither side
has an ID number (docs/domain.md, "Members": Identity).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from db.models import Home, ImportMapping, Member, Organization, Village, member_committees, member_villages
from desktop_app.domain.member_rules import FIELD_LABELS
from desktop_app.services import audit
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.ledgers.common import driver_insert, indexes_set_aside, random_uuids, timestamp_text
from desktop_app.services.ledgers.pipeline import (DUPLICATE, ImportKind, KindPlan, LedgerImporter, Located, Outcome,
                                                   check_cancel)
from desktop_app.services.pinyin import name_pinyin, names_pinyin

KIND = "members"
# Roster fields stored as member columns, compared to decide "update" or "unchanged".
COLUMN_FIELDS = ("name", "gender", "ethnicity", "birth_year", "birth_month", "native_place", "political_status",
                 "sector", "education", "work_unit", "position", "phone", "id_number", "address", "is_standing",
                 "notes")
# Roster fields stored as links (member_committees, member_villages): the sheet's set replaces the stored one.
LINK_FIELDS = ("committees", "linked_villages")
# A roster column maps to these fields (work_unit_and_position fills work_unit).
FIELD_SOURCES = {"birth_year": "birth", "birth_month": "birth", "work_unit": ("work_unit", "work_unit_and_position")}
STATUS_CODES = {"在任": "active", "已退出": "left"}
NEW_COMMITTEES, NEW_HOMES, NEW_VILLAGES = "专委会", "委员之家", "村（社区）"


@dataclass
class _Work:
    mapped: set[str]
    creates: list = field(default_factory=list)  # RosterRow
    updates: list = field(default_factory=list)  # (member_id, RosterRow)


def _mapped(field_name: str, mapped: set[str]) -> bool:
    sources = FIELD_SOURCES.get(field_name, field_name)
    sources = (sources,) if isinstance(sources, str) else sources
    return any(src in mapped for src in sources)


class MemberKind(ImportKind):
    kind, label, unit, key_field, key_label = KIND, "委员花名册", "人", "name", "姓名"
    changes = Changes(members=True)  # a member moved between homes: the 委员之家 page follows members too
    record_parts = {NEW_COMMITTEES: "organizations", NEW_HOMES: "homes", NEW_VILLAGES: "platforms"}

    def warm_up(self, ctx: ServiceContext) -> None:
        import desktop_app.fileio.roster_rows  # noqa: F401  (imported, with the checks it uses, while calamine reads)

        name_pinyin("王")  # loads the pinyin table while calamine reads

    def saved_mapping(self, ctx: ServiceContext, s) -> dict[str, str]:
        return {m.header_key: m.field for m in s.scalars(select(ImportMapping).where(ImportMapping.kind == KIND))}

    def parse(self, ctx: ServiceContext, located: Located, inputs):
        from desktop_app.fileio.roster_rows import parse_roster

        return parse_roster(located.sheet, located.header, inputs)

    def plan(self, ctx: ServiceContext, s, located: Located, parsed, *, progress, cancelled) -> KindPlan:
        """Match every row against the stored members."""
        by_id, by_name_birth = _existing_members(s)
        mapped = set(located.header.mapping.values())
        links = _stored_links(s, [f for f in LINK_FIELDS if f in mapped])
        if "home" in mapped:
            links["home"] = dict(s.execute(select(Home.name, Home.id)).all())
        memo = located.memo.get("matched")
        if memo is not None and memo[0] == (by_id, by_name_birth, links):
            # the stored members are as they were at the last plan (the preview): the matching is the same
            work, outcomes, changed_fields = memo[1]
        else:
            work, outcomes, changed_fields = self._match(parsed, mapped, by_id, by_name_birth, links, progress,
                                                         cancelled)
            located.memo["matched"] = ((by_id, by_name_birth, links), (work, outcomes, changed_fields))
        committees, homes, villages = _new_references(s, parsed, located.memo, mapped)
        if "rows" not in located.memo:
            located.memo["rows"] = ([r.sheet_row for r in parsed.rows], [r.name for r in parsed.rows])
        row_numbers, names = located.memo["rows"]
        return KindPlan(
            row_numbers=row_numbers, outcomes=outcomes, names=names,
            changed=changed_fields, problems=list(parsed.problems),
            new_records=[(NEW_COMMITTEES, committees), (NEW_HOMES, homes), (NEW_VILLAGES, villages)],
            skipped_rows=parsed.skipped_rows, hidden_rows=parsed.hidden_rows, work=work)

    @staticmethod
    def _match(parsed, mapped: set[str], by_id: dict, by_name_birth: dict, links: dict, progress, cancelled):
        problems_by_row = parsed.problems_by_row()
        compared = [f for f in COLUMN_FIELDS if _mapped(f, mapped)]
        home_ids = links.get("home")  # 委员之家 name → id, when the sheet has the column
        link_sets = {f: links[f] for f in LINK_FIELDS if f in links}
        status_mapped = "status" in mapped
        work = _Work(mapped)
        outcomes: list[Outcome] = []
        changed_fields: dict[int, tuple[str, ...]] = {}
        new, unchanged, refused, duplicate = Outcome.NEW, Outcome.UNCHANGED, Outcome.REFUSED, Outcome.DUPLICATE
        total = len(parsed.rows)
        if not by_id and not by_name_birth:  # no member stored: every row without a problem is new
            check_cancel(cancelled)
            if progress:
                progress(0, total, "正在比对已有委员")
            if not problems_by_row:
                work.creates = list(parsed.rows)
                return work, [new] * total, changed_fields
            for row in parsed.rows:
                row_problems = problems_by_row.get(row.sheet_row)
                if row_problems:
                    outcomes.append(duplicate if any(p.rule == DUPLICATE for p in row_problems) else refused)
                else:
                    outcomes.append(new)
                    work.creates.append(row)
            return work, outcomes, changed_fields
        for index, row in enumerate(parsed.rows):
            if index % 2000 == 0:
                check_cancel(cancelled)
                if progress:
                    progress(index, total, "正在比对已有委员")
            row_problems = problems_by_row.get(row.sheet_row)
            if row_problems:
                outcomes.append(duplicate if any(p.rule == DUPLICATE for p in row_problems) else refused)
                continue
            match = by_id.get(row.id_number) if row.id_number else None
            if match is None:
                candidates = by_name_birth.get((row.name, row.birth_year, row.birth_month), [])
                # Without an ID on either side, name + birth month is the identity (docs/domain.md, "Members").
                candidates = [c for c in candidates if not (row.id_number and c[1]["id_number"])]
                match = candidates[0] if len(candidates) == 1 else None
            if match is None:
                outcomes.append(new)
                work.creates.append(row)
                continue
            member_id, current = match
            labels = [FIELD_LABELS[f] for f in compared if _norm(getattr(row, f)) != _norm(current[f])]
            if home_ids is not None and (home_ids.get(row.home, ("new", row.home)) if row.home else None) != current["home_id"]:
                labels.append(FIELD_LABELS["home"])
            if status_mapped and row.status and STATUS_CODES.get(row.status, "active") != current["status"]:
                labels.append(FIELD_LABELS["status"])  # a blank 状态 leaves the status alone (as _write does)
            labels += [FIELD_LABELS[f] for f, (ids, stored) in link_sets.items()
                       if _link_set(getattr(row, f), ids) != stored.get(member_id, frozenset())]
            changed = tuple(dict.fromkeys(labels))
            if changed:
                outcomes.append(Outcome.CHANGED)
                changed_fields[row.sheet_row] = changed
                work.updates.append((member_id, row))
            else:
                outcomes.append(unchanged)
        return work, outcomes, changed_fields

    def write(self, ctx: ServiceContext, s, located: Located, plan, *, progress, cancelled) -> None:
        _write(s, plan.work, ctx.actor)

    def after_write(self, ctx: ServiceContext, s, located: Located) -> None:
        if located.options.save_mapping:
            from desktop_app.fileio.headers import fold_header

            header = located.header
            s.execute(delete(ImportMapping).where(ImportMapping.kind == KIND))
            for index, field_code in header.mapping.items():
                s.add(ImportMapping(kind=KIND, header_key=fold_header(header.headers[index]), field=field_code))


def member_importer(ctx: ServiceContext) -> LedgerImporter:
    return LedgerImporter(ctx, MemberKind())


def _new_references(s: Session, parsed, memo: dict,
                    mapped: set[str]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """专委会, 委员之家 and villages the roster names that are not stored yet (none when the sheet has no such column)."""
    named = memo.get("named")
    if named is None:
        rows = parsed.rows
        named = memo["named"] = ({n for r in rows for n in r.committees} if "committees" in mapped else set(),
                                 {r.home for r in rows if r.home} if "home" in mapped else set(),
                                 {v for r in rows for v in r.linked_villages} if "linked_villages" in mapped else set())
    committees, homes, villages = named
    have_committees = set(s.scalars(select(Organization.name).where(Organization.name.in_(committees)))) if committees else set()
    have_homes = set(s.scalars(select(Home.name).where(Home.name.in_(homes)))) if homes else set()
    have_villages = {t + n for t, n in s.execute(select(Village.township, Village.name))} | set(
        s.scalars(select(Village.name))) if villages else set()
    return (tuple(sorted(committees - have_committees)), tuple(sorted(homes - have_homes)),
            tuple(sorted(villages - have_villages)))


def _write(s: Session, work: _Work, actor: str) -> None:
    mapped = work.mapped
    committee_ids = _ensure_named(s, Organization, {n for r in work.creates + [u[1] for u in work.updates]
                                                    for n in r.committees}, kind="committee")
    home_ids = _ensure_named(s, Home, {r.home for r in work.creates + [u[1] for u in work.updates] if r.home})
    village_ids = _ensure_villages(s, {v for r in work.creates + [u[1] for u in work.updates] for v in r.linked_villages})
    if work.creates:
        # a first roster into an (almost) empty table: its ID number and name-and-birth indexes built once after
        rebuilt = indexes_set_aside(s, Member, ("uq_members_id_number", "ix_members_name_birth"), len(work.creates))
        created = _insert_members(s, work.creates, home_ids, actor)
        for index in rebuilt:
            index.create(s.connection())
        if any(r.committees or r.linked_villages for r in work.creates):
            ids = dict(s.execute(select(Member.uuid, Member.id).where(Member.uuid.in_(created))).all())
            _link(s, [(ids[u], r) for u, r in zip(created, work.creates)], committee_ids, village_ids, mapped)
    if work.updates:
        fields_to_set = [f for f in COLUMN_FIELDS if _mapped(f, mapped)]
        params = []
        for member_id, r in work.updates:
            values = {f"v_{f}": getattr(r, f) for f in fields_to_set}
            values["v_name_pinyin"], values["v_name_initials"] = name_pinyin(r.name)
            values["b_id"] = member_id
            if "home" in mapped:
                values["v_home_id"] = home_ids.get(r.home) if r.home else None
            if "status" in mapped and r.status:
                values["v_status"] = STATUS_CODES.get(r.status, "active")
            params.append(values)
        # One executemany per shape of parameters (home/status columns may be absent on some rows).
        by_shape: dict[tuple, list[dict]] = {}
        for p in params:
            by_shape.setdefault(tuple(sorted(p)), []).append(p)
        for shape, group in by_shape.items():
            targets = {k[2:]: bindparam(k) for k in shape if k.startswith("v_")}
            stmt = (update(Member.__table__).where(Member.__table__.c.id == bindparam("b_id"))
                    .values(**targets, version=Member.__table__.c.version + 1, changed_by=actor))
            s.execute(stmt, group)
        _link(s, work.updates, committee_ids, village_ids, mapped, replace=True)


def _insert_members(s: Session, rows, home_ids: dict[str, int], actor: str) -> list[str]:
    """Insert new members with one driver-level executemany; returns their UUIDs in order.

    Plain tuples through the DB-API: SQLAlchemy's per-row parameter processing costs
    more than SQLite's own insert at 10,000 rows (docs/performance.md, "Writing many rows").
    """
    columns = (*COLUMN_FIELDS, "uuid", "version", "changed_by", "name_pinyin", "name_initials", "status",
               "home_id", "created_at", "updated_at")
    now = timestamp_text()
    uuids = random_uuids(len(rows))
    values_of = attrgetter(*COLUMN_FIELDS)
    params = []
    for row, uid, (pinyin, initials) in zip(rows, uuids, names_pinyin([row.name for row in rows])):
        params.append((*values_of(row), uid, 1, actor, pinyin, initials,
                       STATUS_CODES.get(row.status or "在任", "active"), home_ids.get(row.home) if row.home else None,
                       now, now))
    if not audit.insert_rows(s.connection(), "members", columns, params):  # SQLite: captured in one statement
        driver_insert(s, "members", columns, params)
    return uuids


def _link(s: Session, pairs, committee_ids, village_ids, mapped: set[str], replace: bool = False) -> None:
    for linked, table, column, ids in (("committees", member_committees, "organization_id", committee_ids),
                                       ("linked_villages", member_villages, "village_id", village_ids)):
        if linked not in mapped:
            continue
        if replace:
            s.execute(delete(table).where(table.c.member_id.in_([m for m, _ in pairs])))
        links = [{"member_id": m, column: ids[name]} for m, r in pairs for name in dict.fromkeys(getattr(r, linked))]
        if links:
            s.execute(insert(table), links)


def _ensure_named(s: Session, model, names: set[str], **extra) -> dict[str, int]:
    if not names:
        return {}
    have = dict(s.execute(select(model.name, model.id).where(model.name.in_(names))).all())
    for name in sorted(names - set(have)):
        obj = model(name=name, **extra)
        s.add(obj)
        s.flush()
        have[name] = obj.id
    return have


def _village_ids(s: Session) -> dict[str, int]:
    """A roster's village name → village id: 乡镇+村 or the village's name alone (the first stored one)."""
    result: dict[str, int] = {}
    for vid, township, name in s.execute(select(Village.id, Village.township, Village.name)):
        result.setdefault(township + name, vid)
        result.setdefault(name, vid)
    return result


def _ensure_villages(s: Session, names: set[str]) -> dict[str, int]:
    if not names:
        return {}
    result = _village_ids(s)
    for name in sorted(names - set(result)):
        village = Village(township="", name=name, kind="社区" if "社区" in name else "村")
        s.add(village)
        s.flush()
        result[name] = village.id
    return {n: result[n] for n in names}


def _stored_links(s: Session, link_fields: list[str]) -> dict[str, tuple[dict[str, int], dict[int, frozenset]]]:
    """For each link field the sheet has: (name → stored id, member id → the ids it is linked to)."""
    out = {}
    for link_field in link_fields:
        if link_field == "committees":
            ids = dict(s.execute(select(Organization.name, Organization.id)).all())
            pairs = s.execute(select(member_committees.c.member_id, member_committees.c.organization_id))
        else:
            ids = _village_ids(s)
            pairs = s.execute(select(member_villages.c.member_id, member_villages.c.village_id))
        linked: dict[int, set] = {}
        for member_id, other in pairs:
            linked.setdefault(member_id, set()).add(other)
        out[link_field] = (ids, {m: frozenset(v) for m, v in linked.items()})
    return out


def _link_set(names, ids: dict[str, int]) -> frozenset:
    """The ids a row's names stand for; a name not stored yet stands for the record the import creates."""
    return frozenset(ids.get(name, ("new", name)) for name in names)


def _existing_members(s: Session) -> tuple[dict, dict]:
    """Current members indexed for matching: by ID number, and by (name, birth year, birth month)."""
    by_id: dict[str, tuple] = {}
    by_name_birth: dict[tuple, list[tuple]] = {}
    names = (*COLUMN_FIELDS, "home_id", "status")
    for row in s.execute(select(Member.id, *[getattr(Member, f) for f in names])):
        values = dict(zip(names, row[1:]))
        if values["id_number"]:
            by_id[values["id_number"]] = (row[0], values)
        by_name_birth.setdefault((values["name"], values["birth_year"], values["birth_month"]), []).append((row[0], values))
    return by_id, by_name_birth


def _norm(value):
    """Compare '' and None alike, and bools with 0/1, so an unchanged row is reported unchanged."""
    if value in ("", None):
        return None
    if isinstance(value, bool):
        return int(value)
    return value


