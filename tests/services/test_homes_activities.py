"""委员之家 and activities through the services, on a real SQLite file."""
from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import select

from db.models import Member
from desktop_app.domain.errors import Conflict, NotFound, ValidationError
from desktop_app.services.activities import ActivitiesService, ActivityFilter, ActivityInput
from desktop_app.services.attachments import AttachmentsService
from desktop_app.services.homes import HomeInput, HomesService
from desktop_app.services.participation import member_participation
from tests.homes_support import add_members


@pytest.fixture
def people(store):
    return add_members(store, ["王芳", "李强", "张伟", "赵敏"])


def test_home_add_edit_retire_and_members(store, people):
    homes = HomesService(store)
    changes = homes.add(HomeInput(name=" 古韩镇委员之家 ", level="乡镇", township="古韩镇"))
    home_id = changes.new_id
    assert changes.homes
    with pytest.raises(ValidationError, match="已有名为"):
        homes.add(HomeInput(name="古韩镇委员之家"))
    with pytest.raises(ValidationError, match="级别"):
        homes.add(HomeInput(name="别的之家", level="省级"))
    homes.set_members(home_id, [people["王芳"], people["李强"]])
    detail = homes.get(home_id)
    assert detail.row.name == "古韩镇委员之家" and {m.name for m in detail.members} == {"王芳", "李强"}
    homes.set_member_home(people["张伟"], home_id)
    homes.set_members(home_id, [people["张伟"]])
    assert [m.name for m in homes.get(home_id).members] == ["张伟"]
    homes.edit(home_id, HomeInput(name="古韩镇委员之家", level="乡镇", place="镇政府二楼"),
               expected_version=detail.row.version)
    with pytest.raises(Conflict):
        homes.edit(home_id, HomeInput(name="古韩镇委员之家"), expected_version=detail.row.version)
    version = homes.get(home_id).row.version
    homes.retire(home_id, on=date(2025, 6, 30), expected_version=version)
    assert homes.list_homes() == []
    retired = homes.list_homes(include_retired=True)[0]
    assert not retired.active and retired.retired_date == date(2025, 6, 30)
    with store.uow() as s:
        assert s.scalar(select(Member.home_id).where(Member.id == people["张伟"])) is None
    with pytest.raises(Conflict, match="已撤销"):
        homes.set_members(home_id, [people["王芳"]])


def test_activity_with_attendance_listing_and_participation(store, people):
    home_id = HomesService(store).add(HomeInput(name="教育界委员之家", level="界别")).new_id
    HomesService(store).set_members(home_id, list(people.values()))
    service = ActivitiesService(store)
    expected = service.expected_members(home_id)
    assert {m.name for m in expected} == set(people)
    assert [m.name_pinyin for m in expected] == sorted(m.name_pinyin for m in expected)
    attendance = ((people["王芳"], "present"), (people["李强"], "present"), (people["张伟"], "excused"),
                  (people["赵敏"], "absent"))
    activity_id = service.add(ActivityInput(held_on=date(2025, 4, 2), kind="学习", title="理论学习会",
                                               home_id=home_id, other_participants=5, attendance=attendance)).new_id
    row = service.list_rows()[0]
    assert (row.kind, row.present, row.excused, row.absent, row.home_name) == ("理论学习", 2, 1, 1, "教育界委员之家")
    assert service.list_rows(ActivityFilter(kind="委员沙龙")) == []
    assert len(service.list_rows(ActivityFilter(member_id=people["赵敏"]))) == 1
    assert service.list_rows(ActivityFilter(start=date(2025, 5, 1))) == []
    detail = service.get(activity_id)
    service.set_attendance(activity_id, [(people["王芳"], "present")], expected_version=detail.version)
    assert [line.name for line in service.get(activity_id).attendance] == ["王芳"]
    with pytest.raises(Conflict):
        service.set_attendance(activity_id, [], expected_version=detail.version)
    mine = member_participation(store, people["王芳"])
    assert [(a.title, a.status_label) for a in mine.activities] == [("理论学习会", "出席")] and mine.present == 1
    assert member_participation(store, people["赵敏"]).activities == ()


def test_activity_refuses_unknown_kind_and_missing_title(store):
    service = ActivitiesService(store)
    with pytest.raises(ValidationError) as caught:
        service.add(ActivityInput(held_on=date(2025, 1, 1), kind="跳舞", title=" "))
    messages = [p.message for p in caught.value.problems]
    assert any("活动名称" in m for m in messages) and any("跳舞" in m for m in messages)


def test_attachments_are_copied_with_their_hash_and_removed_with_the_activity(store, tmp_path):
    service = ActivitiesService(store)
    activity_id = service.add(ActivityInput(held_on=date(2025, 9, 9), kind="调研视察", title="视察水利工程")).new_id
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg" * 100)
    attachment_id = service.attach(activity_id, photo, description="现场").new_id
    row = next(a for a in service.get(activity_id).attachments if a.id == attachment_id)
    stored = store.data.root / row.stored_path
    in_folder = store.engine.dialect.name == "sqlite"  # a server database keeps the bytes itself (attachment_contents)
    content = photo.read_bytes()
    assert row.stored_path.startswith("attachments/2025/") and row.stored_path.endswith("-现场照片.jpg")
    assert AttachmentsService(store).open_path(attachment_id, cache=tmp_path / "缓存").read_bytes() == content
    assert stored.exists() == in_folder
    assert row.sha256 == hashlib.sha256(content).hexdigest() and row.size == len(content)
    photo.unlink()  # the store keeps its own copy
    detail = service.get(activity_id)
    assert [a.original_name for a in detail.attachments] == ["现场照片.jpg"]
    assert AttachmentsService(store).open_path(attachment_id, cache=tmp_path / "缓存").read_bytes() == content
    service.delete(activity_id, expected_version=detail.version)
    assert not stored.exists()
    with pytest.raises(NotFound):
        AttachmentsService(store).open_path(attachment_id, cache=tmp_path / "缓存")


def test_missing_attachment_file_is_a_clear_message(store, tmp_path):
    from desktop_app.domain.errors import EnvironmentProblem

    activity_id = ActivitiesService(store).add(ActivityInput(held_on=date(2025, 9, 9), kind="其他", title="座谈")).new_id
    with pytest.raises(EnvironmentProblem, match="找不到文件"):
        ActivitiesService(store).attach(activity_id, tmp_path / "没有这个文件.pdf")
