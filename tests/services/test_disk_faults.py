"""A full disk and a read-only folder: one sentence, exit 2, nothing half-written, no leftover copies, no logging
traceback on the screen. The full disk is a real one: a 3 MB tmpfs mounted for the test (root, as in CI)."""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.cli.test_cli import run


@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "小磁盘"
    mount_point.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount_point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs as root: {mounted.stderr.decode(errors='replace')}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder, leave_bytes: int) -> None:
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    with open(folder / "填满.bin", "wb") as handle:
        handle.write(b"\0" * max(free - leave_bytes, 0))


def test_an_import_on_a_full_disk_says_so_and_leaves_nothing(small_disk, sample_copy):
    data = small_disk / "数据"
    assert run("init", "--county", "黎城县", data=data).returncode == 0
    roster = sample_copy("roster_messy.xlsx")
    _fill(small_disk, 64 * 1024)
    before = sorted(p.name for p in (data / "backups").iterdir())
    for _ in range(2):  # a retry must not pile up copies either
        result = run("import", "members", str(roster), data=data)
        assert result.returncode == 2
        assert "磁盘空间不足" in result.stderr
        assert "Logging error" not in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (data / "backups").iterdir()) == before
    (small_disk / "填满.bin").unlink()
    stats = run("stats", "--json", data=data)
    assert stats.returncode == 0 and '"active": 0' in stats.stdout  # nothing was half-written


def test_a_read_only_folder_says_so(read_only_folder):
    result = run("stats", data=read_only_folder)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"数据文件夹“{read_only_folder}”无法写入。数据所在的位置是只读的（例如写保护的U盘或光盘），"
                                     "无法写入。请换一个可以写入的位置后重试。")
