"""The Word templates: the shipped ones in resources/templates/, the office's own copies in <data>/templates/.

An office copy with the same file name replaces the shipped template. Every Word document is
written through `render`, which takes the office's copy when there is one, checks it, fills it and
applies the office's font setting.
"""
from __future__ import annotations

import datetime as _dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from desktop_app.domain.errors import EnvironmentProblem, NotFound, Problem, ValidationError
from desktop_app.services.context import ServiceContext

# (path, modification time, size) of templates checked in this process: a batch checks once.
_CHECKED: set[tuple[str, int, int]] = set()


@dataclass(frozen=True)
class TemplateInfo:
    key: str
    title: str
    purpose: str
    file_name: str
    shipped: Path
    office_copy: Path  # where the office's copy is (or would be)
    office_copy_in_use: bool

    @property
    def in_use(self) -> Path:
        return self.office_copy if self.office_copy_in_use else self.shipped


@dataclass(frozen=True)
class FieldInfo:
    path: str
    example: str
    description: str


@dataclass(frozen=True)
class TemplateCheck:
    info: TemplateInfo
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


class TemplateService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    @property
    def office_folder(self) -> Path:
        return self._ctx.data.root / "templates"

    @property
    def shipped_folder(self) -> Path:
        return self._ctx.resources / "templates"

    def _kind(self, name: str):
        from desktop_app.fileio.documents import all_kinds, kind

        try:
            return kind(name)
        except KeyError:
            names = "、".join(k.title for k in all_kinds())
            raise NotFound(f"没有名为“{name}”的模板。可用的模板有：{names}。") from None

    def _info(self, document) -> TemplateInfo:
        office = self.office_folder / document.file_name
        return TemplateInfo(key=document.key, title=document.title, purpose=document.purpose,
                            file_name=document.file_name, shipped=self.shipped_folder / document.file_name,
                            office_copy=office, office_copy_in_use=office.is_file())

    def list(self) -> list[TemplateInfo]:
        """Every document's template, and whether the office's copy is in use."""
        from desktop_app.fileio.documents import all_kinds

        return [self._info(document) for document in all_kinds()]

    def info(self, name: str) -> TemplateInfo:
        return self._info(self._kind(name))

    def copy(self, name: str) -> tuple[TemplateInfo, bool]:
        """Copy the shipped template into the data folder for the office to edit; (info, copied now).

        An office copy that is already there is kept as it is (it may hold the office's edits).
        """
        info = self.info(name)
        if info.office_copy_in_use:
            return info, False
        if not info.shipped.is_file():
            raise EnvironmentProblem(f"程序自带的模板“{info.file_name}”不见了，请重新安装本程序。")
        try:
            self.office_folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(info.shipped, info.office_copy)
        except OSError as exc:
            raise EnvironmentProblem(f"无法把模板复制到“{self.office_folder}”：{exc.strerror or exc}。"
                                     "请检查磁盘空间和文件夹权限。") from exc
        return self.info(name), True

    def restore_default(self, name: str) -> Path | None:
        """Stop using the office's copy: it is renamed (not deleted) so no edit is lost; returns the new name."""
        info = self.info(name)
        if not info.office_copy_in_use:
            return None
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = info.office_copy.with_name(f"{info.title}（停用{stamp}）.docx.bak")
        try:
            os.replace(info.office_copy, kept)
        except PermissionError as exc:
            raise EnvironmentProblem(f"模板“{info.file_name}”正被 Word 或 WPS 打开，请关闭后再恢复默认。") from exc
        except OSError as exc:
            raise EnvironmentProblem(f"无法停用模板“{info.file_name}”：{exc.strerror or exc}。") from exc
        return kept

    def fields(self, name: str) -> list[FieldInfo]:
        """The fields a template may use, each with an example value and what it holds."""
        from desktop_app.fileio.docx_template import example_text

        document = self._kind(name)
        return [FieldInfo(path, example_text(value), document.descriptions.get(path, ""))
                for path, value in document.fields().items()]

    def check(self, name: str | None = None) -> list[TemplateCheck]:
        """Check the template in use for one document (or all): tags, fields, and a trial fill with the examples."""
        infos = [self.info(name)] if name else self.list()
        return [TemplateCheck(info, tuple(self._problems(info))) for info in infos]

    def _problems(self, info: TemplateInfo) -> list[Problem]:
        from desktop_app.fileio.docx_template import render_to_document
        from desktop_app.fileio.template_check import check_template_docx

        document = self._kind(info.key)
        fields = list(document.fields())
        try:
            problems = check_template_docx(info.in_use, fields)
        except ValidationError as exc:
            return list(exc.problems) or [Problem(message=exc.message)]
        except Exception as exc:  # InputFileProblem and friends: one sentence
            return [Problem(message=getattr(exc, "message", str(exc)))]
        if problems:
            return problems
        try:
            render_to_document(info.in_use, document.example(), name=info.file_name)
        except ValidationError as exc:
            return [Problem(message=exc.message)]
        except Exception as exc:
            return [Problem(message=getattr(exc, "message", None) or f"试填示例数据时出错：{exc}")]
        return []

    def render(self, name: str, context: Mapping[str, Any], out: str | os.PathLike, *, fonts=None) -> Path:
        """Write a document from the template in use, in the office's font set (or `fonts`)."""
        from desktop_app.fileio.docx_template import render_to_document
        from desktop_app.fileio.official_doc import save_docx
        from desktop_app.fileio.template_check import ensure_template_ok

        document = self._kind(name)
        info = self._info(document)
        path = info.in_use
        if not path.is_file():
            raise EnvironmentProblem(f"找不到模板“{info.file_name}”，请重新安装本程序或在“设置”页恢复默认模板。")
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _CHECKED:
            ensure_template_ok(path, list(document.fields()), name=self._label(info))
            _CHECKED.add(key)
        if fonts is None:
            fonts = self.fonts()
        rendered = render_to_document(path, context, fonts=fonts, name=self._label(info))
        return save_docx(rendered, out)

    def fonts(self):
        from desktop_app.fileio.doc_fonts import FontSet
        from desktop_app.services.settings import read_office

        with self._ctx.uow() as s:
            return FontSet.named(read_office(s).font_set)

    @staticmethod
    def _label(info: TemplateInfo) -> str:
        return f"本单位模板{info.file_name}" if info.office_copy_in_use else info.file_name
