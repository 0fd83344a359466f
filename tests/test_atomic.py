import os

import pytest

from textmine.atomic import atomic_path, remove_leftovers, write_bytes, write_text


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


def test_only_unheld_temporary_files_older_than_this_process_are_leftovers(tmp_path):
    fresh, old, other = tmp_path / ".tmp-a.1", tmp_path / ".tmp-b.1", tmp_path / "c.1"
    for p in (fresh, old, other):
        p.write_text("x")
    for p in (old, other):
        os.utime(p, (0, 0))             # 1970: before this process started
    # `fresh` may be a file another writer has just made and not yet locked; `other` is not a temporary file
    assert remove_leftovers([fresh, old, other]) == [old]
    assert fresh.exists() and other.exists() and not old.exists()
    with atomic_path(tmp_path / "d") as tmp:
        tmp.write_text("y")
        os.utime(tmp, (0, 0))
        assert remove_leftovers([tmp]) == [] and tmp.exists()      # held by its writer (this process)
    assert (tmp_path / "d").read_text() == "y"
