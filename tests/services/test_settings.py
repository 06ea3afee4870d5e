"""Office settings and the editable vocabularies, on a real SQLite file."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, PlenarySession, Setting, Term, VocabularyTerm
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.vocabulary import Vocabulary, VocabularyEntry
from desktop_app.services.database import open_store
from desktop_app.services.settings import OfficeSettings, SettingsService, read_office, seed_vocabularies


def test_a_new_database_has_default_settings_and_the_shipped_vocabularies(ctx):
    office = SettingsService(ctx).office()
    assert office == OfficeSettings()
    assert office.committee_display == "政协委员会"
    vocabularies = SettingsService(ctx).vocabularies()
    assert {"sector", "gender", "ethnicity", "political_status", "education", "committee"} <= set(vocabularies)
    assert vocabularies["gender"].names == ["男", "女"]
    assert vocabularies["sector"].canonical("教育") == "教育界"  # aliases come along
    assert vocabularies["committee"].open and not vocabularies["sector"].open


def test_save_and_read_office_settings(ctx, data_dir):
    service = SettingsService(ctx)
    changes = service.save_office(replace(service.office(), county="  黎城县 ", current_term=14, current_session=4,
                                          reply_period_months=3))
    assert changes.settings and not changes.members
    office = service.office()
    assert office.county == "黎城县"  # trimmed
    assert office.committee_display == "政协黎城县委员会"
    assert (office.current_term, office.current_session) == (14, 4)

    # the plenary session named in the settings now exists, so `--session 14-4` can refer to it
    with ctx.uow() as s:
        rows = s.execute(select(Term.number, PlenarySession.number).join(Term, Term.id == PlenarySession.term_id)).all()
    assert rows == [(14, 4)]

    # a second program opening the same folder reads the same settings
    other = open_store(data_dir)
    try:
        assert SettingsService(other).office().county == "黎城县"
    finally:
        other.engine.dispose()


def test_saving_twice_keeps_one_settings_row_and_audits_what_changed(ctx):
    service = SettingsService(ctx)
    service.save_office(replace(service.office(), county="黎城县"))
    service.save_office(replace(service.office(), committee_name="政协黎城县委员会", reply_period_months=2))
    with ctx.uow() as s:
        assert s.scalar(select(func.count()).select_from(Setting)) == 1
        entries = s.execute(select(AuditEntry.actor, AuditEntry.before_json, AuditEntry.after_json)
                            .where(AuditEntry.table_name == "settings").order_by(AuditEntry.id)).all()
        assert read_office(s).reply_period_months == 2
    assert len(entries) == 2
    actor, before, after = entries[-1]
    assert json.loads(after) == {"committee_name": "政协黎城县委员会", "reply_period_months": 2}
    assert json.loads(before) == {"committee_name": "", "reply_period_months": 3}
    assert actor == ctx.actor


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"county": "   "}, "县（区）名称"),
        ({"county": "黎城县", "current_session": 6}, "会次应为 1 到 5"),
        ({"county": "黎城县", "current_session": 0}, "会次应为 1 到 5"),
        ({"county": "黎城县", "current_term": 0}, "届次应为正整数"),
        ({"county": "黎城县", "reply_period_months": 13}, "办理期限"),
    ],
)
def test_invalid_office_settings_are_refused_with_a_sentence_and_nothing_is_saved(ctx, change, words):
    service = SettingsService(ctx)
    with pytest.raises(ValidationError) as caught:
        service.save_office(replace(OfficeSettings(), **change))
    assert words in caught.value.message
    assert service.office() == OfficeSettings()
    with ctx.uow() as s:
        assert s.scalar(select(func.count()).select_from(Setting)) == 0


def _edited_sector(service: SettingsService) -> Vocabulary:
    sector = service.vocabularies()["sector"]
    entries = [e for e in sector.entries if e.name != "台盟"]  # the office removes one
    entries.insert(0, VocabularyEntry("新经济组织界", ("新经济",)))  # adds one of its own at the top
    entries = [replace(e, aliases=e.aliases + ("教卫",)) if e.name == "教育界" else e for e in entries]
    return Vocabulary(sector.key, sector.label, entries, sector.open)


def test_editing_a_vocabulary(ctx):
    service = SettingsService(ctx)
    changes = service.save_vocabulary(_edited_sector(service))
    assert changes.vocabularies
    sector = service.vocabularies()["sector"]
    assert sector.names[0] == "新经济组织界"
    assert "台盟" not in sector.names  # removed: inactive, kept for records that still use it
    assert any(e.name == "台盟" and not e.active for e in sector.entries)
    assert sector.canonical("新经济") == "新经济组织界"
    assert sector.canonical("教卫") == "教育界"
    with ctx.uow() as s:  # one entry per changed term, the clerk's (not the shipped seeding's)
        rows = s.execute(select(AuditEntry.record_id, AuditEntry.action, AuditEntry.before_json, AuditEntry.after_json)
                         .where(AuditEntry.table_name == "vocabulary_terms", AuditEntry.actor == ctx.actor)).all()
        ids = dict(s.execute(select(VocabularyTerm.name, VocabularyTerm.id).where(VocabularyTerm.vocabulary == "sector")).all())
    inserted = [json.loads(after) for _, action, _, after in rows if action == "insert"]
    assert [(e["vocabulary"], e["name"]) for e in inserted] == [("sector", "新经济组织界")]
    changed = {rid: (json.loads(before), json.loads(after)) for rid, action, before, after in rows if action == "update"}
    assert changed[ids["台盟"]][0]["active"] is True and changed[ids["台盟"]][1]["active"] is False
    assert "教卫" in changed[ids["教育界"]][1]["aliases_json"] and "教卫" not in changed[ids["教育界"]][0]["aliases_json"]
    assert set(changed) <= set(ids.values())


def test_reseeding_the_shipped_vocabularies_keeps_the_offices_edits(ctx, data_dir):
    service = SettingsService(ctx)
    service.save_vocabulary(_edited_sector(service))
    edited = service.vocabularies()["sector"]

    uow = ctx.uow()
    with uow as s:
        seed_vocabularies(s, ctx.resources)  # what a newer program does after an upgrade
        uow.commit()
    again = service.vocabularies()["sector"]
    assert again.entries == edited.entries
    assert "台盟" not in again.names  # the removed entry did not come back


def test_reseeding_adds_entries_a_newer_program_ships(ctx, tmp_path):
    service = SettingsService(ctx)
    service.save_vocabulary(_edited_sector(service))
    shipped = tmp_path / "新资源"
    (shipped / "vocabularies").mkdir(parents=True)
    original = json.loads((ctx.resources / "vocabularies" / "sector.json").read_text(encoding="utf-8"))
    original["entries"].append({"name": "新阶层界", "aliases": ["新的社会阶层"]})
    (shipped / "vocabularies" / "sector.json").write_text(json.dumps(original, ensure_ascii=False), encoding="utf-8")

    uow = ctx.uow()
    with uow as s:
        seed_vocabularies(s, shipped)
        uow.commit()
    sector = service.vocabularies()["sector"]
    assert sector.names[0] == "新经济组织界" and sector.names[-1] == "新阶层界"
    assert sector.canonical("新的社会阶层") == "新阶层界"
    assert "台盟" not in sector.names


@pytest.mark.parametrize(
    ("names", "words"),
    [(["男", "  "], "空白"), (["男", "女", "男"], "重复")],
)
def test_invalid_vocabulary_edits_are_refused(ctx, names, words):
    service = SettingsService(ctx)
    before = service.vocabularies()["gender"]
    with pytest.raises(ValidationError) as caught:
        service.save_vocabulary(Vocabulary("gender", "性别", [VocabularyEntry(n) for n in names]))
    assert words in caught.value.message and "性别" in caught.value.message
    assert service.vocabularies()["gender"].entries == before.entries
