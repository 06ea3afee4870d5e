"""The vocabularies shipped in resources/vocabularies."""
import json
from pathlib import Path

import pytest

from desktop_app.domain.vocabulary import Vocabulary, fold, load_vocabulary_files

FOLDER = Path(__file__).resolve().parents[2] / "resources" / "vocabularies"


@pytest.fixture(scope="module")
def vocabularies():
    return load_vocabulary_files(FOLDER)


def test_every_file_loads_and_round_trips(vocabularies):
    assert {"gender", "ethnicity", "political_status", "sector", "education", "committee", "member_status"} <= set(vocabularies)
    for path in FOLDER.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        vocab = Vocabulary.from_dict(data)
        assert Vocabulary.from_dict(vocab.to_dict()).names == vocab.names
        assert data["key"] == path.stem


def test_no_alias_points_two_ways(vocabularies):
    for vocab in vocabularies.values():
        owner: dict[str, str] = {}
        for entry in vocab.entries:
            for text in (entry.name, *entry.aliases):
                key = fold(text)
                assert owner.setdefault(key, entry.name) == entry.name, (vocab.key, text)


def test_all_56_ethnic_groups_and_short_forms(vocabularies):
    eth = vocabularies["ethnicity"]
    assert len([n for n in eth.names if n.endswith("族")]) >= 56
    assert eth.canonical("汉") == "汉族"
    assert eth.canonical("回") == "回族"
    assert eth.canonical("蒙古") == "蒙古族"
    assert eth.canonical("僮族") == "壮族"
    assert eth.canonical("维吾尔") == "维吾尔族"
    assert eth.canonical("穿青人") is not None
    assert eth.canonical("火星族") is None
    assert not eth.open


@pytest.mark.parametrize(
    "key, raw, expected",
    [
        ("political_status", "中共", "中共党员"),
        ("political_status", "党员", "中共党员"),
        ("political_status", "民盟", "民盟盟员"),
        ("political_status", "九三", "九三学社社员"),
        ("political_status", "农工党员", "农工党党员"),
        ("political_status", "无党派", "无党派人士"),
        ("political_status", "致公党党员", "致公党党员"),
        ("sector", "中国共产党", "中共"),
        ("sector", "中国民主同盟", "民盟"),
        ("sector", "总工会", "工会"),
        ("sector", "中华全国总工会", "工会"),
        ("sector", "科学技术协会", "科协"),
        ("sector", "医卫界", "医药卫生界"),
        ("sector", "特别邀请人士", "特邀"),
        ("sector", "无党派人士", "无党派人士"),
        ("education", "本科", "大学"),
        ("education", "大学本科", "大学"),
        ("education", "硕士", "硕士研究生"),
        ("education", "博士", "博士研究生"),
        ("education", "研究生", "研究生"),
        ("education", "中专", "中专"),
        ("education", "高 中", "高中"),
        ("committee", "文史委", "文化文史和学习委员会"),
        ("gender", "男 ", "男"),
        ("member_status", "离任", "已退出"),
    ],
)
def test_aliases(vocabularies, key, raw, expected):
    assert vocabularies[key].canonical(raw) == expected


def test_committee_is_open_and_the_others_closed(vocabularies):
    assert vocabularies["committee"].open
    for key in ("gender", "ethnicity", "political_status", "sector", "education"):
        assert not vocabularies[key].open
