"""帮助 → 关于: the version, where the data and the log are (whole paths, selectable, broken only after a “\\”
or “/”), and the libraries the program ships with and their licences."""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QTextBrowser, QVBoxLayout, QWidget)

from desktop_app.ui.icons import app_icon

PATH_WIDTH = 430  # px the path column gets; a longer path goes on to the next line after a separator

# (name shown, distribution for its version, licence, what it does here). The program ships these in its folder.
LIBRARIES = [
    ("Python", "python", "PSF License", "运行环境"),
    ("Qt 6 / PySide6 / Shiboken6", "PySide6-Essentials", "LGPL-3.0",
     "窗口界面；以动态库形式随程序提供，可以替换，源代码见 https://code.qt.io"),
    ("SQLAlchemy", "SQLAlchemy", "MIT", "数据库访问"),
    ("Alembic", "alembic", "MIT", "数据库升级"),
    ("Mako", "Mako", "MIT", "Alembic 所用"),
    ("openpyxl", "openpyxl", "MIT", "写 Excel 工作簿"),
    ("et-xmlfile", "et-xmlfile", "MIT", "openpyxl 所用"),
    ("python-calamine", "python-calamine", "MIT", "读 Excel、WPS 表格"),
    ("python-docx", "python-docx", "MIT", "写 Word 文档"),
    ("docxtpl", "docxtpl", "LGPL-2.1", "Word 模板；源代码见 https://github.com/elapouya/python-docx-template"),
    ("Jinja2", "Jinja2", "BSD-3-Clause", "docxtpl 所用"),
    ("MarkupSafe", "MarkupSafe", "BSD-3-Clause", "Jinja2 所用"),
    ("lxml", "lxml", "BSD-3-Clause", "Word 文档的 XML"),
    ("matplotlib", "matplotlib", "Matplotlib License（基于 PSF）", "报告中的图表"),
    ("NumPy", "numpy", "BSD-3-Clause", "matplotlib 所用"),
    ("Pillow", "pillow", "MIT-CMU (HPND)", "matplotlib 所用"),
    ("fontTools", "fonttools", "MIT", "matplotlib 所用"),
    ("contourpy、cycler、kiwisolver", "kiwisolver", "BSD", "matplotlib 所用"),
    ("pyparsing", "pyparsing", "MIT", "matplotlib 所用"),
    ("python-dateutil", "python-dateutil", "BSD-3-Clause / Apache-2.0", "matplotlib 所用"),
    ("packaging", "packaging", "Apache-2.0 / BSD-2-Clause", "matplotlib 所用"),
    ("platformdirs", "platformdirs", "MIT", "找到数据文件夹"),
    ("typing-extensions", "typing_extensions", "PSF-2.0", "SQLAlchemy 所用"),
    ("pypinyin（拼音表数据）", None, "MIT", "姓名拼音检索所用的汉字拼音表由它的数据生成"),
]


def _version(distribution: str | None) -> str:
    if distribution is None:
        return ""
    if distribution == "python":
        import platform

        return platform.python_version()
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:  # the frozen build keeps only some packages' metadata
        return ""


def wrap_path(path: str, metrics: QFontMetrics, width: int) -> list[str]:
    """`path` in lines no wider than `width`, broken only just after a “\\” or “/” (a single part longer than
    the width stays whole on its own line): a path is never split inside a folder's name."""
    parts: list[str] = []
    current = ""
    for ch in path:
        current += ch
        if ch in "\\/":
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    lines: list[str] = []
    line = ""
    for part in parts:
        if line and metrics.horizontalAdvance(line + part) > width:
            lines.append(line)
            line = part
        else:
            line += part
    if line:
        lines.append(line)
    return lines


class PathField(QWidget):
    """A path shown whole and selectable, with 复制 (the exact path) and 打开 (the folder)."""

    def __init__(self, path: Path, *, folder: Path, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = str(path)
        self.label = QLabel()
        self.label.setObjectName(name)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(False)  # lines are broken by wrap_path, after separators only
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setText("\n".join(wrap_path(self.path, self.label.fontMetrics(), PATH_WIDTH)))
        self.label.setToolTip(self.path)
        copy, show = QPushButton("复制"), QPushButton("打开")
        for button in (copy, show):
            button.setAutoDefault(False)  # Enter closes the dialog
        copy.setToolTip("把完整路径复制下来，可粘贴到资源管理器的地址栏")
        show.setToolTip("在资源管理器中打开这个文件夹")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.path))
        show.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(show, 0, Qt.AlignmentFlag.AlignTop)

    def lines(self) -> list[str]:
        return self.label.text().split("\n")


def licences_html() -> str:
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{html.escape(_version(dist))}</td><td>{html.escape(licence)}</td>"
        f"<td>{html.escape(note)}</td></tr>" for name, dist, licence, note in LIBRARIES)
    return ("<p>本程序随附下列开放源代码软件，各按其许可证使用和分发：</p>"
            "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>"
            "<tr><th>软件</th><th>版本</th><th>许可证</th><th>用途</th></tr>" + rows + "</table>"
            "<p>按 LGPL 提供的库（Qt、PySide6、Shiboken6、docxtpl）以单独的文件放在程序文件夹的 _internal 中，"
            "可以用同一接口的其他版本替换。各许可证全文随这些软件的源代码发布。</p>")


class AboutDialog(QDialog):
    def __init__(self, *, version: str, data_dir: Path, log_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("关于")
        self.setObjectName("aboutDialog")
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(f"<b style='font-size:15pt'>县政协履职工作台</b><br>版本 {html.escape(version)}")
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(logo)
        head.addWidget(title, 1)
        self.data_field = PathField(data_dir, folder=data_dir, name="dataFolder")
        self.log_field = PathField(log_path, folder=log_path.parent, name="logFile")
        places = QGridLayout()
        places.addWidget(QLabel("数据文件夹："), 0, 0, Qt.AlignmentFlag.AlignTop)
        places.addWidget(self.data_field, 0, 1)
        places.addWidget(QLabel("日志文件："), 1, 0, Qt.AlignmentFlag.AlignTop)
        places.addWidget(self.log_field, 1, 1)
        note = QLabel("数据文件夹中是全部数据（数据库、附件、备份、本单位模板）。换电脑时，先备份，"
                      "再在新电脑上用“数据 → 恢复…”恢复。")
        note.setWordWrap(True)
        self.licences = QTextBrowser()
        self.licences.setObjectName("licences")
        self.licences.setOpenExternalLinks(True)
        self.licences.setHtml(licences_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(places)
        layout.addWidget(note)
        layout.addWidget(QLabel("<b>使用的开放源代码软件</b>"))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)
