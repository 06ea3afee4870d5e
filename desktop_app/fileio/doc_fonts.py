"""Typefaces of official documents: the two switchable font sets and the GB2312 gap.

The _GB2312 fonts (仿宋_GB2312, 楷体_GB2312) and 方正小标宋简体 hold only the 6,763 characters of
GB2312, so names such as 王堃 or 李喆 print as empty boxes with them. `chars_outside_gb2312`
finds such characters (the settings page shows them); the writer gives them a GBK font.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

FONT_SET_CHOICES = {"standard": "公文标准字体（方正小标宋简体、仿宋_GB2312、楷体_GB2312）",
                    "windows": "Windows 自带字体（华文中宋、仿宋、楷体）"}


@dataclass(frozen=True)
class FontSet:
    """The five typefaces a document uses. Switchable in settings (standard ↔ Windows)."""

    title: str  # 标题: 方正小标宋简体
    body: str  # 正文, 三级/四级标题, 表格: 仿宋_GB2312
    kai: str  # 二级标题, 副标题: 楷体_GB2312
    hei: str  # 一级标题, 表头: 黑体
    song: str  # 页码: 宋体

    @classmethod
    def standard(cls) -> "FontSet":
        """The fonts GB/T 9704 names; offices install them from the 方正/GB2312 packages."""
        return cls(title="方正小标宋简体", body="仿宋_GB2312", kai="楷体_GB2312", hei="黑体", song="宋体")

    @classmethod
    def windows(cls) -> "FontSet":
        """Fonts every Chinese Windows (with Office) has; they cover the GBK characters of names."""
        return cls(title="华文中宋", body="仿宋", kai="楷体", hei="黑体", song="宋体")

    @classmethod
    def named(cls, key: str) -> "FontSet":
        """The set a settings value names: `standard` or `windows` (see FONT_SET_CHOICES)."""
        if key == "windows":
            return cls.windows()
        if key == "standard":
            return cls.standard()
        raise ValueError(f"unknown font set {key!r}; choose one of {sorted(FONT_SET_CHOICES)}")

    def fallback_for(self, font: str) -> str | None:
        """A GBK font to use for characters the GB2312-only `font` lacks, or None if it has them."""
        return _GB2312_FALLBACK.get(font)


# Fonts limited to the GB2312 repertoire (6,763 characters) and what Windows offers instead.
_GB2312_FALLBACK = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
    "方正仿宋简体": "仿宋",
    "方正楷体简体": "楷体",
    "方正黑体简体": "黑体",
}

# altName in the font table tells Word and LibreOffice what to substitute on a PC without the font.
ALT_NAMES = {
    "方正小标宋简体": "宋体",
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "华文中宋": "宋体",
}


def _is_ideograph(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo" and "CJK" in unicodedata.name(ch, "")


def chars_outside_gb2312(text: str) -> list[str]:
    """Chinese characters in `text` that the _GB2312 fonts cannot show (堃 喆 玥 昇 赟 …), in order, once each."""
    seen: list[str] = []
    for ch in text:
        if ch in seen or not _is_ideograph(ch):
            continue
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            seen.append(ch)
    return seen


def split_by_font(text: str, font: str, fallback: str | None) -> list[tuple[str, str]]:
    """Split `text` into (piece, font) so GB2312-only fonts never have to draw a GBK character."""
    if not fallback or not text:
        return [(text, font)]
    out: list[tuple[str, str]] = []
    for ch in text:
        use = font
        if _is_ideograph(ch):
            try:
                ch.encode("gb2312")
            except UnicodeEncodeError:
                use = fallback
        if out and out[-1][1] == use:
            out[-1] = (out[-1][0] + ch, use)
        else:
            out.append((ch, use))
    return out
