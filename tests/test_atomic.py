import os

import pytest

from textmine.atomic import atomic_path, write_bytes, write_text


def test_replaces_whole_file_with_umask_permissions(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    write_text(target, "旧\n")
    write_text(target, "新内容\n")
    assert target.read_text("utf-8") == "新内容\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    write_bytes(target, b"x", mode=0o644)
    assert target.read_bytes() == b"x" and target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_failure_leaves_old_file_and_no_temp(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target, fsync=True) as tmp:
            assert tmp.suffix == ".xlsx" and tmp.parent == tmp_path
            tmp.write_text("half")
            raise RuntimeError("crash while writing")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def _umask():
    m = os.umask(0)
    os.umask(m)
    return m
