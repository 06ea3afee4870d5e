"""Lists of names are in pinyin order, as the office reads them (县财政局 before 县教育局), not by code point."""
from __future__ import annotations


def test_handling_units_come_in_pinyin_order(ctx):
    from desktop_app.services.organizations import OrganizationService

    service = OrganizationService(ctx)
    for name in ("县住建局", "县教育局", "县财政局", "团县委", "县行政审批局", "县乡村振兴局", "县发改局"):
        service.add_unit(name=name)
    # by hand: cai < fa < jiao < xiang < xing < zhu under 县 (xian); 团 (tuan) before 县 (xian)
    assert [u.name for u in service.units()] == ["团县委", "县财政局", "县发改局", "县教育局", "县乡村振兴局",
                                                 "县行政审批局", "县住建局"]


def test_pinyin_order_keeps_syllables_apart():
    from desktop_app.services.pinyin import pinyin_order

    # 西安 (xi an) comes before 先 (xian): syllable by syllable, as a dictionary orders them
    assert sorted(["先锋社区", "西安路社区"], key=pinyin_order) == ["西安路社区", "先锋社区"]


def test_a_rosters_names_at_once_read_as_each_alone():
    from desktop_app.services.pinyin import name_pinyin, names_pinyin

    names = ["王芳", "曾国藩", "单田芳", "乐乐", "欧阳娜娜", "王·芳", "Zhang三", "İlham", "", "A", "曾", "x曾", " 李明",
             "覃", "解放", "长孙无忌"]
    assert names_pinyin(names) == [name_pinyin(n) for n in names]
    assert names_pinyin(["曾曾"]) == [("zengceng", "zc")]  # the surname reading for the first character only
