"""设置 → 数据库: this data folder's own file (default) or a PostgreSQL server several PCs share.

Host, port, database and user are saved in the data folder; the password only in this PC's PostgreSQL password
file (services.server). A choice saved takes effect when the program is started again."""
from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QRadioButton, QSpinBox, QVBoxLayout, QWidget)

from desktop_app.domain.errors import DeskError
from desktop_app.ui.desk import Desk
from desktop_app.ui.operations.database import (database_in_use, save_server, saved_server, test_server,
                                                use_local_file)
from desktop_app.ui.tasks import error_text, info

HINT = ("几台电脑共用一份数据时，选“共用服务器”，填写单位 PostgreSQL 服务器的地址、端口、数据库名、用户名和密码。"
        "密码只保存在这台电脑当前用户的 PostgreSQL 密码文件中，不写入数据文件夹。")
RESTART_NOTE = "保存后，重新启动本程序才会改用所选的数据库。"


class DatabasePanel(QGroupBox):
    """Reads the saved choice when shown; 测试连接 says in one sentence whether the server answered; 保存 saves."""

    def __init__(self, desk: Desk):
        super().__init__()  # untitled: the page's tab names it
        self.desk = desk
        self.in_use = QLabel()
        self.in_use.setObjectName("databaseInUse")
        self.in_use.setWordWrap(True)
        self.local = QRadioButton("本机数据文件（默认）")
        self.server = QRadioButton("共用服务器（PostgreSQL）")
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.local)
        self.choice.addButton(self.server)
        self.local.setChecked(True)
        self.host = QLineEdit()
        self.host.setObjectName("serverHost")
        self.host.setPlaceholderText("例如 192.168.1.10")
        self.port = QSpinBox()
        self.port.setObjectName("serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.port.setMaximumWidth(120)
        self.database = QLineEdit()
        self.database.setObjectName("serverDatabase")
        self.database.setPlaceholderText("例如 cppcc")
        self.user = QLineEdit()
        self.user.setObjectName("serverUser")
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton("测试连接")
        self.test_button.clicked.connect(self.test)
        self.save_button = QPushButton("保存")
        self.save_button.clicked.connect(self.save)
        self.result = QLabel()
        self.result.setObjectName("connectionResult")
        self.result.setWordWrap(True)
        self.server_box = QWidget()
        form = QFormLayout(self.server_box)
        form.setContentsMargins(18, 0, 0, 0)
        form.addRow("服务器地址", self.host)
        form.addRow("端口", self.port)
        form.addRow("数据库名", self.database)
        form.addRow("用户名", self.user)
        form.addRow("密码", self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        note = QLabel(RESTART_NOTE)
        note.setObjectName("restartNote")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.in_use)
        layout.addWidget(self.local)
        layout.addWidget(self.server)
        layout.addWidget(self.server_box)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.server.toggled.connect(self._on_choice)
        self.reload()
        desk.sig_store_ready.connect(self.reload)

    def _on_choice(self, *_args) -> None:
        self.server_box.setEnabled(self.server.isChecked())
        self.test_button.setEnabled(self.server.isChecked())

    def reload(self) -> None:
        """Show the saved choice (from the data folder) and the database the window uses now."""
        used = database_in_use(self.desk)
        self.in_use.setText(f"正在使用：{used}" if used else "")
        try:
            setting, has_password = saved_server(self.desk)
        except DeskError as exc:  # an unreadable server.json: said, and 本机数据文件 offered
            self.result.setText(error_text(exc)[0])
            setting, has_password = None, False
        if setting is None:
            self.local.setChecked(True)
        else:
            self.server.setChecked(True)
            self.host.setText(setting.host)
            self.port.setValue(setting.port)
            self.database.setText(setting.database)
            self.user.setText(setting.user)
        self.password.clear()
        self.password.setPlaceholderText("已保存在本机（不改就不用填）" if has_password else "")
        self._on_choice()

    def _form(self) -> dict:
        return {"host": self.host.text(), "port": self.port.value(), "database": self.database.text(),
                "user": self.user.text(), "password": self.password.text()}

    def test(self) -> None:
        self.result.setText("正在连接……")

        def failed(exc: BaseException) -> None:
            self.result.setText(error_text(exc)[0])

        try:
            task = test_server(self.desk, parent=self, on_done=lambda r: self.result.setText(r.message),
                               on_failed=failed, **self._form())
        except DeskError as exc:  # what was typed is incomplete: one sentence
            failed(exc)
            return
        if task is None:
            self.result.setText("")

    def save(self) -> None:
        try:
            said = save_server(self.desk, **self._form()) if self.server.isChecked() else use_local_file(self.desk)
        except DeskError as exc:
            self.result.setText(error_text(exc)[0])
            return
        self.result.setText(said)
        self.password.clear()
        info(self, said, title="数据库", detail=RESTART_NOTE)
