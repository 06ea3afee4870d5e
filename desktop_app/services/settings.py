"""Office settings and the editable vocabularies."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import PlenarySession, Setting, Term, Vocabulary as VocabularyRow, VocabularyTerm
from desktop_app.domain.cn_format import committee_name
from desktop_app.domain.errors import InputFileProblem, ValidationError
from desktop_app.domain.vocabulary import Vocabulary, VocabularyEntry, load_vocabulary_files
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext


@dataclass(frozen=True)
class OfficeSettings:
    county: str = ""
    committee_name: str = ""  # 政协黎城县委员会
    current_term: int = 14
    current_session: int = 1
    reply_period_months: int = 3
    decline_window_days: int = 5  # working days a unit has to decline a wrong assignment
    max_extension_months: int = 6
    villages_and_communities: int = 0  # for 有事来商量 coverage
    font_set: str = "standard"  # standard (方正/GB2312) or windows (宋体/仿宋/楷体)
    first_run_done: bool = False
    auto_backup_daily: int = 30  # automatic backups kept: the newest of each of the last N days …
    auto_backup_monthly: int = 12  # … and of each of the last M months

    @property
    def committee_display(self) -> str:
        return self.committee_name or committee_name(self.county)


_SETTINGS_KEY = "office"


def read_office(session: Session) -> OfficeSettings:
    row = session.scalar(select(Setting).where(Setting.key == _SETTINGS_KEY))
    if row is None:
        return OfficeSettings()
    stored = json.loads(row.value_json) or {}
    known = {k: v for k, v in stored.items() if k in OfficeSettings.__dataclass_fields__}
    return OfficeSettings(**known)


def ensure_term_session(session: Session, term: int, number: int) -> PlenarySession:
    """The PlenarySession row for term-number, created (with its Term) when missing."""
    term_row = session.scalar(select(Term).where(Term.number == term))
    if term_row is None:
        term_row = Term(number=term)
        session.add(term_row)
        session.flush()
    row = session.scalar(select(PlenarySession).where(PlenarySession.term_id == term_row.id,
                                                       PlenarySession.number == number))
    if row is None:
        row = PlenarySession(term_id=term_row.id, number=number)
        session.add(row)
        session.flush()
    return row


def check_office(settings: OfficeSettings) -> None:
    """Refuse settings the office cannot work with (one sentence)."""
    problems = []
    if not settings.county.strip():
        problems.append("请填写县（区）名称，例如“黎城县”。")
    if not 1 <= settings.current_session <= 5:
        problems.append("会次应为 1 到 5 之间的数字。")
    if settings.current_term < 1:
        problems.append("届次应为正整数，例如 14。")
    if not 1 <= settings.reply_period_months <= 12:
        problems.append("办理期限应为 1 到 12 个月。")
    if problems:
        raise ValidationError(problems[0])


def write_office(s: Session, settings: OfficeSettings, *, actor: str) -> OfficeSettings:
    """Store the office settings in the caller's transaction (checked by check_office first).

    Saving the office's basics settles the first start: first_run_done is stored True, whoever saves
    them (the first-start dialog, 设置, `init --county`, `demo`)."""
    row = s.scalar(select(Setting).where(Setting.key == _SETTINGS_KEY))
    if row is None:
        row = Setting(key=_SETTINGS_KEY)
        s.add(row)
    settings = replace(settings, county=settings.county.strip(), committee_name=settings.committee_name.strip(),
                       first_run_done=True)
    row.value_json = json.dumps(asdict(settings), ensure_ascii=False)
    row.changed_by = actor
    ensure_term_session(s, settings.current_term, settings.current_session)
    s.flush()
    return settings


def has_records(s: Session) -> bool:
    """Whether the database holds any of the office's records (an import or the demo filled it)."""
    from db.models import Activity, Consultation, Home, Member, Opinion, Platform, Proposal, Village

    return any(s.scalar(select(model.id).limit(1)) is not None
               for model in (Member, Proposal, Home, Activity, Platform, Village, Consultation, Opinion))


def load_vocabularies(session: Session) -> dict[str, Vocabulary]:
    """All vocabularies as the office has edited them."""
    heads = {row.key: row for row in session.scalars(select(VocabularyRow))}
    entries: dict[str, list[VocabularyEntry]] = {key: [] for key in heads}
    for term in session.scalars(select(VocabularyTerm).order_by(VocabularyTerm.vocabulary, VocabularyTerm.position)):
        entries.setdefault(term.vocabulary, []).append(
            VocabularyEntry(term.name, tuple(json.loads(term.aliases_json)), term.active))
    return {key: Vocabulary(key=key, label=head.label, entries=entries.get(key, []), open=head.open)
            for key, head in heads.items()}


def _write_vocabulary(session: Session, vocab: Vocabulary) -> None:
    head = session.scalar(select(VocabularyRow).where(VocabularyRow.key == vocab.key))
    if head is None:
        head = VocabularyRow(key=vocab.key, label=vocab.label, open=vocab.open)
        session.add(head)
    else:
        head.label, head.open = vocab.label, vocab.open
    existing = {t.name: t for t in session.scalars(select(VocabularyTerm).where(VocabularyTerm.vocabulary == vocab.key))}
    for position, entry in enumerate(vocab.entries):
        term = existing.pop(entry.name, None)
        if term is None:
            term = VocabularyTerm(vocabulary=vocab.key, name=entry.name)
            session.add(term)
        term.aliases_json = json.dumps(list(entry.aliases), ensure_ascii=False)
        term.position = position
        term.active = entry.active
    for leftover in existing.values():  # values already used by records stay, but inactive
        leftover.active = False


def seed_vocabularies(session: Session, ctx_resources) -> None:
    """Add shipped vocabularies (and shipped entries) the database does not have yet."""
    shipped = load_vocabulary_files(ctx_resources / "vocabularies")
    current = load_vocabularies(session)
    for key, vocab in shipped.items():
        if key not in current:
            _write_vocabulary(session, vocab)
            continue
        have = {e.name for e in current[key].entries}
        missing = [e for e in vocab.entries if e.name not in have]
        if missing:
            merged = Vocabulary(key, current[key].label, current[key].entries + missing, current[key].open)
            _write_vocabulary(session, merged)


class SettingsService:
    """Reads and saves office settings and vocabularies; each save is one transaction."""

    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def office(self) -> OfficeSettings:
        with self._ctx.uow() as s:
            return read_office(s)

    def work_calendar_note(self) -> str:
        """Which years' holidays the working days leave out, or what is wrong with the office's holiday file."""
        from desktop_app.services.work_calendar import calendar_note, load_work_calendar

        try:
            return calendar_note(load_work_calendar(self._ctx))
        except InputFileProblem as problem:
            return problem.message

    def first_start(self) -> tuple[OfficeSettings, bool]:
        """(the office settings, whether the window should greet a first start: no settings and no data)."""
        with self._ctx.uow() as s:
            office = read_office(s)
            return office, not office.first_run_done and not office.county and not has_records(s)

    def save_office(self, settings: OfficeSettings) -> Changes:
        check_office(settings)
        uow = self._ctx.uow()
        with uow as s:
            write_office(s, settings, actor=self._ctx.actor)
            uow.commit()
        return Changes(settings=True)

    def save_auto_backup(self, *, daily: int, monthly: int) -> Changes:
        """How many automatic backups to keep (设置 → 备份); the other settings are left as they are, so this
        can be saved before the county is filled in."""
        if not 1 <= daily <= 365 or not 0 <= monthly <= 120:
            raise ValidationError("自动备份应保留最近 1 到 365 天、0 到 120 个月。")
        uow = self._ctx.uow()
        with uow as s:
            row = s.scalar(select(Setting).where(Setting.key == _SETTINGS_KEY))
            after = asdict(replace(read_office(s), auto_backup_daily=daily, auto_backup_monthly=monthly))
            if row is None:
                row = Setting(key=_SETTINGS_KEY)
                s.add(row)
            row.value_json = json.dumps(after, ensure_ascii=False)
            row.changed_by = self._ctx.actor
            s.flush()
            uow.commit()
        return Changes(settings=True)

    def vocabularies(self) -> dict[str, Vocabulary]:
        with self._ctx.uow() as s:
            return load_vocabularies(s)

    def save_vocabulary(self, vocab: Vocabulary) -> Changes:
        names = [e.name.strip() for e in vocab.entries]
        if any(not n for n in names):
            raise ValidationError(f"“{vocab.label}”中有空白的条目，请填写名称或删除该行。")
        if len(set(names)) != len(names):
            raise ValidationError(f"“{vocab.label}”中有重复的条目，请删除重复项。")
        uow = self._ctx.uow()
        with uow as s:
            _write_vocabulary(s, vocab)
            uow.commit()
        return Changes(vocabularies=True)
