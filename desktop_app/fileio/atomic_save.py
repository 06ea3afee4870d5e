"""Saving a file so that it is whole or not there: written beside the target, then moved onto it in one step.

Every document and workbook the program writes goes through `save_atomically`, so that a full disk, a file
still open in Excel or Word, or a folder that is not there gives the same kind of Chinese sentence, and the old
file is left untouched when anything fails.
"""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Callable

from desktop_app.domain.errors import InputFileProblem

_OPENED_IN = {".docx": "Word/WPS"}  # the program a locked target is most likely open in; else Excel


def save_atomically(path: str | os.PathLike, save: Callable[[Path], None]) -> Path:
    """Call save(temp_path) in the target's folder, then move the result onto `path`; returns `path`."""
    target = Path(path)
    if target.is_dir():
        raise InputFileProblem(f"“{target}”是一个文件夹，不能保存为文件，请换一个文件名。")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".~{target.stem}.", suffix=target.suffix or ".tmp", dir=folder)
    except FileNotFoundError as exc:
        raise InputFileProblem(f"文件夹“{folder}”不存在，请选择其他保存位置。") from exc
    except OSError as exc:
        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:  # no right to write, or read-only media
            raise InputFileProblem(f"文件夹“{folder}”不能写入（只读，或没有权限），请选择其他保存位置。") from exc
        raise InputFileProblem(f"无法在文件夹“{folder}”中保存文件（{exc.strerror or exc}），请选择其他保存位置。") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        save(tmp)
        os.replace(tmp, target)
    except PermissionError as exc:
        program = _OPENED_IN.get(target.suffix.lower(), "Excel")
        raise InputFileProblem(f"文件“{target.name}”正被其他程序（如 {program}）占用，请关闭后重试。") from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise InputFileProblem(f"磁盘空间不足，无法保存文件“{target.name}”，请清理磁盘后重试。") from exc
        raise InputFileProblem(f"无法保存文件“{target.name}”（{exc.strerror or exc}），请换一个位置重试。") from exc
    finally:
        with contextlib.suppress(OSError):  # a temp file we could not remove is harmless
            tmp.unlink(missing_ok=True)
    return target
