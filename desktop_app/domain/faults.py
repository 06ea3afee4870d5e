"""The machine's own troubles — a full disk, a read-only folder, a file held open by Excel — as sentences.

Standard library only: an OSError's errno, or the text of a database driver's error, is enough to tell
them apart. Both fronts (the command line and the window) ask here before they fall back to
"程序内部出错", so a full disk is never reported as a bug.
"""
from __future__ import annotations

import errno

from desktop_app.domain.errors import EnvironmentProblem

_BY_ERRNO = {
    errno.ENOSPC: "磁盘空间不足，操作未完成，数据未作更改。请清理磁盘（例如删除不再需要的旧备份）后重试。",
    errno.EROFS: "数据所在的位置是只读的（例如写保护的U盘或光盘），无法写入。请换一个可以写入的位置后重试。",
    errno.ENAMETOOLONG: "文件路径太长，Windows 无法处理。请把文件放到路径较短的文件夹（例如 D:\\政协）后重试。",
}
_DATABASE_TEXTS = (
    ("database or disk is full", "磁盘空间不足，数据库无法写入，操作未完成，数据未作更改。请清理磁盘后重试。"),
    ("disk i/o error", "读写磁盘时出错，操作未完成。请检查磁盘或U盘是否已拔出、是否损坏，然后重试。"),
    ("attempt to write a readonly database", "数据库文件是只读的，无法保存。请检查数据文件夹的写入权限后重试。"),
    ("database is locked", "数据库正被另一个程序长时间占用，请稍候再试；若一直如此，请关闭其他打开本数据文件夹的程序。"),
    ("unable to open database file", "无法打开数据库文件，请检查数据文件夹是否存在、是否有写入权限。"),
)


def explain_fault(exc: BaseException) -> EnvironmentProblem | None:
    """A sentence for a fault of the machine (disk, permissions, locks), or None when it is not one."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, EnvironmentProblem):
            return exc
        if isinstance(exc, OSError):
            sentence = _BY_ERRNO.get(exc.errno or 0)
            if sentence:
                return EnvironmentProblem(sentence)
            if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
                name = exc.filename or ""
                what = f"“{name}”" if name else "文件"
                return EnvironmentProblem(f"没有权限写入或读取{what}，它可能正被 Excel、Word 或 WPS 打开，"
                                          "或文件夹不允许写入。请关闭相关程序或换一个位置后重试。")
        text = str(exc).lower()
        for needle, sentence in _DATABASE_TEXTS:
            if needle in text:
                return EnvironmentProblem(sentence)
        exc = exc.__cause__ or exc.__context__ or getattr(exc, "orig", None)
    return None
