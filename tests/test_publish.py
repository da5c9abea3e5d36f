"""Publishing data/processed/ as one release: old set or new set, never a mix, whatever fails.

Rules tested here (release.py): a publish leaves a whole release (every file matching release.json)
after success, an error, a Ctrl-C or a kill at any step; a failure says so in one line and keeps the
old release; staging folders are removed by the next build at the latest; one build at a time.
"""

from __future__ import annotations

import errno
import hashlib
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casualties import build, release, schema, validate
from conftest import REPO, digest
from test_curate import edit_csv

VERSION = schema.DATASET_VERSION
TABLE_FILES = [f"{name}.parquet" for name in schema.TABLES]


@pytest.fixture(scope="module")
def releases():
    """(old, new): the committed files, and a rebuild in which every table differs from them."""
    old = {n: (REPO / "data/processed" / n).read_bytes() for n in TABLE_FILES}
    tables = build.build_tables(REPO)
    tables["articles"] = tables["articles"].assign(note="revised")
    tables["claims"] = tables["claims"].assign(note="revised")
    tables["events"] = tables["events"].assign(description=tables["events"]["description"] + " Revised.")
    tables["casualties"] = tables["casualties"].assign(n_claims=tables["casualties"]["n_claims"] + 1)
    new = build.parquet_files(tables)
    assert all(old[n] != new[n] for n in TABLE_FILES)
    return old, new


@pytest.fixture(params=["exchange", "journal"])
def mode(request, monkeypatch):
    """Each test runs with the folder exchange and with the journaled per-file replace."""
    if request.param == "journal":
        monkeypatch.setattr(release, "_can_exchange", lambda out: False)
    return request.param


def whole(files: dict[str, bytes]) -> dict[str, str]:
    """The state of a folder holding exactly this release: file name -> sha256."""
    files = {**files, release.MANIFEST: release.manifest_bytes(files, VERSION)}
    return {n: hashlib.sha256(b).hexdigest() for n, b in files.items()}


def state(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}


def leftovers(out: Path) -> list[Path]:
    return sorted([*out.glob(".build-*"), *out.parent.glob(".build-*")])


def install(out: Path, files: dict[str, bytes]) -> Path:
    """A folder holding `files` as a published release (what a previous build left)."""
    out.mkdir(parents=True)
    for name, data in {**files, release.MANIFEST: release.manifest_bytes(files, VERSION)}.items():
        (out / name).write_bytes(data)
    return out


def publish(files, out):
    with release.lock(out):
        return release.publish(files, out, VERSION)


def steps_of(old, new, where: Path, monkeypatch) -> list[str]:
    """The steps of a publish from `old` to `new` in the current mode (the points a fault can hit)."""
    labels, real = [], release._Steps.__call__

    def record(self, label):
        labels.append(label)
        return real(self, label)

    with monkeypatch.context() as m:
        m.setattr(release._Steps, "__call__", record)
        publish(new, install(where, old))
    return labels


def test_publish_replaces_the_whole_set_and_validate_sees_one_release(tmp_path, releases, mode):
    old, new = releases
    out = install(tmp_path / "data/processed", old)
    changed = publish(new, out)
    assert sorted(changed) == sorted([*TABLE_FILES, release.MANIFEST])
    assert state(out) == whole(new)
    assert leftovers(out) == []
    checks, _ = validate.check_files(out)
    assert all(c.success for c in checks), [c.describe() for c in checks if not c.success]


def test_an_unchanged_release_is_not_touched(tmp_path, releases, mode):
    old, _ = releases
    out = install(tmp_path / "data/processed", old)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert publish(old, out) == []
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


def test_the_first_release_creates_the_folder(tmp_path, releases, mode):
    _, new = releases
    out = tmp_path / "data/processed"
    publish(new, out)
    assert state(out) == whole(new) and leftovers(out) == []


KILL_SCRIPT = """
import pickle, sys
from pathlib import Path
from casualties import release
files = pickle.loads(Path(sys.argv[1]).read_bytes())
out = Path(sys.argv[2])
if sys.argv[3] == "journal":
    release._can_exchange = lambda out: False
with release.lock(out):
    release.publish(files, out, sys.argv[4])
"""


def test_a_kill_at_every_step_leaves_a_whole_release(tmp_path, releases, mode, monkeypatch):
    """os._exit at step k of a publish (no cleanup runs), for every k; then the next build recovers.

    With the exchange the folder is whole at every instant. With the journal a kill between two
    renames leaves a mix on disk: validate must report it, and the next build rolls it back.
    """
    old, new = releases
    steps = steps_of(old, new, tmp_path / "count/processed", monkeypatch)
    payload = tmp_path / "new.pickle"
    payload.write_bytes(pickle.dumps(new))
    seen = set()
    for k in range(1, len(steps) + 2):
        out = install(tmp_path / f"k{k}" / "data/processed", old)
        env = {**os.environ, release.FAULT_ENV: f"kill:{k}"}
        proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, payload, out, mode, VERSION], env=env,
                              capture_output=True, text=True, timeout=120)
        if k == len(steps) + 1:  # past the last step: the publish runs to the end
            assert proc.returncode == 0, proc.stderr
            assert state(out) == whole(new) and leftovers(out) == []
            break
        assert proc.returncode == release.KILLED_STATUS, proc.stderr
        after_kill = state(out)
        if mode == "exchange":
            assert after_kill in (whole(old), whole(new)), f"mixed release after a kill at {steps[k - 1]}"
        elif after_kill not in (whole(old), whole(new)):
            checks, _ = validate.check_files(out)
            assert any(not c.success and c.expectation == "release manifest" for c in checks)
        seen.add("old" if after_kill == whole(old) else "new" if after_kill == whole(new) else "mixed")
        with release.lock(out):  # what the next build does first
            release.recover(out)
        assert state(out) in (whole(old), whole(new)), f"not whole after recovering from {steps[k - 1]}"
        assert leftovers(out) == [], f"staging left after recovering from {steps[k - 1]}"
        publish(new, out)  # and the next build then publishes
        assert state(out) == whole(new) and leftovers(out) == []
    assert {"old", "new"} <= seen  # the kills hit both sides of the swap


@pytest.mark.parametrize("fault", ["raise", "error"])
def test_ctrl_c_or_an_io_error_at_every_step_leaves_a_whole_release(tmp_path, releases, mode, monkeypatch, fault):
    """KeyboardInterrupt (Ctrl-C) or OSError(EIO) at step k, for every k: old or new release, no staging."""
    old, new = releases
    steps = steps_of(old, new, tmp_path / "count/processed", monkeypatch)
    assert len(steps) >= 5
    for k, label in enumerate(steps, start=1):
        out = install(tmp_path / f"k{k}" / "data/processed", old)
        monkeypatch.setenv(release.FAULT_ENV, f"{fault}:{k}")
        try:
            publish(new, out)
        except KeyboardInterrupt:
            assert fault == "raise"
        except release.PublishError as exc:
            assert fault == "error" and "\n" not in str(exc)
            assert state(out) == whole(old), f"a failed publish ({label}) did not keep the old release"
            assert "unchanged" in str(exc) or "restored" in str(exc)
        else:  # only an I/O error after the swap is ignored: the new release is already in place
            assert fault == "error" and state(out) == whole(new), label
        assert state(out) in (whole(old), whole(new)), f"mixed release after a fault at {label}"
        assert leftovers(out) == [], f"staging left after a fault at {label}"


@pytest.mark.parametrize("err, words", [
    (errno.ENOSPC, "disk full"),
    (errno.EDQUOT, "quota"),
])
def test_disk_full_while_staging_keeps_the_old_release(tmp_path, releases, mode, monkeypatch, err, words):
    old, new = releases
    out = install(tmp_path / "data/processed", old)
    real, calls = release._write_file, []

    def full(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(err, os.strerror(err), str(path))
        return real(path, data)

    monkeypatch.setattr(release, "_write_file", full)
    with pytest.raises(release.PublishError) as info:
        publish(new, out)
    message = str(info.value)
    assert words in message and "previous release is unchanged" in message and "\n" not in message
    assert str(calls[1]) in message  # names the file
    assert state(out) == whole(old) and leftovers(out) == []


@pytest.mark.parametrize("err", [errno.EXDEV, errno.EINVAL, errno.ENOSYS])
def test_a_file_system_that_cannot_exchange_falls_back_to_the_journal(tmp_path, releases, monkeypatch, err):
    old, new = releases
    out = install(tmp_path / "data/processed", old)

    def cannot(a, b):
        raise OSError(err, os.strerror(err), str(a), None, str(b))

    monkeypatch.setattr(release, "_exchange", cannot)
    publish(new, out)
    assert state(out) == whole(new) and leftovers(out) == []


def test_processed_on_another_device_publishes_without_exdev(tmp_path, releases):
    """data/processed/ as a symlink to another file system (here /dev/shm): staged beside the targets."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev or not os.access(shm, os.W_OK):
        pytest.skip("needs a writable /dev/shm on another device than the temporary folder")
    old, new = releases
    elsewhere = install(shm / f"casualties-test-{os.getpid()}-{tmp_path.name}", old)
    try:
        (tmp_path / "data").mkdir()
        out = tmp_path / "data/processed"
        out.symlink_to(elsewhere)
        publish(new, out)
        assert out.is_symlink() and state(out) == whole(new) and leftovers(out) == []
    finally:
        import shutil

        shutil.rmtree(elsewhere)


def test_read_only_target_keeps_the_old_release(tmp_path, releases, mode, monkeypatch):
    old, new = releases
    out = install(tmp_path / "data/processed", old)
    real_replace, calls = os.replace, []

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(args[1]))

    def second_replace_fails(src, dst, **kwargs):
        calls.append(dst)
        if len(calls) == 2:
            return read_only(src, dst)
        return real_replace(src, dst, **kwargs)

    monkeypatch.setattr(release, "_exchange", read_only)
    monkeypatch.setattr(release.os, "replace", second_replace_fails)
    with pytest.raises(release.PublishError) as info:
        publish(new, out)
    assert "read-only file system" in str(info.value) and "\n" not in str(info.value)
    assert state(out) == whole(old) and leftovers(out) == []


def test_an_immutable_file_gives_one_line_and_a_whole_release(tmp_path, releases, mode):
    """A real immutable file (chattr +i): the journal restores the old release, the exchange publishes the new."""
    old, new = releases
    out = install(tmp_path / "data/processed", old)
    target = out / "claims.parquet"
    if subprocess.run(["chattr", "+i", target], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (needs root and a file system that supports it)")
    try:
        if mode == "journal":
            with pytest.raises(release.PublishError) as info:
                publish(new, out)
            assert "immutable" in str(info.value) and "restored" in str(info.value)
            assert state(out) == whole(old)
        else:
            publish(new, out)
            assert state(out) == whole(new)
    finally:
        for p in [target, *tmp_path.rglob("claims.parquet")]:
            subprocess.run(["chattr", "-i", p], capture_output=True)
    publish(new, out)  # once the file is writable again, the next build publishes and cleans up
    assert state(out) == whole(new) and leftovers(out) == []


def test_a_read_only_processed_folder_gives_one_line_and_keeps_the_old_release(tmp_path, releases, mode):
    """A real unwritable target (chattr +i on data/processed/ itself: even root cannot change it)."""
    old, new = releases
    out = install(tmp_path / "data/processed", old)
    if subprocess.run(["chattr", "+i", out], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (needs root and a file system that supports it)")
    try:
        with pytest.raises(release.PublishError) as info:
            publish(new, out)
    finally:
        subprocess.run(["chattr", "-i", out], capture_output=True)
    message = str(info.value)
    assert "\n" not in message and str(out) in message and "operation not permitted" in message
    assert "previous release is unchanged" in message
    assert state(out) == whole(old) and leftovers(out) == []


def test_the_next_build_removes_what_a_crashed_one_left(tmp_path, releases, mode):
    old, new = releases
    out = install(tmp_path / "data/processed", old)
    (out.parent / ".build-processed-crashed").mkdir()
    (out.parent / ".build-processed-crashed" / "claims.parquet").write_bytes(b"half")
    (out / ".build-crashed").mkdir()
    (out / ".build-crashed" / "claims.parquet").write_bytes(b"half")
    publish(new, out)
    assert state(out) == whole(new) and leftovers(out) == []


def test_a_second_build_fails_at_once_while_one_holds_the_lock(tmp_path, releases):
    old, new = releases
    out = install(tmp_path / "data/processed", old)
    with release.lock(out):
        with pytest.raises(release.Locked, match="another build is running"):
            build.write_atomic({}, out)
    assert state(out) == whole(old)


def test_the_lock_covers_reading_the_inputs(project, monkeypatch):
    """A build from older inputs cannot publish after a newer one: the lock is held from the first read."""
    held = []

    def reads_inputs(root):
        try:
            with release.lock(project / "data/processed"):
                held.append(False)
        except release.Locked:
            held.append(True)
        raise KeyboardInterrupt  # stop here: only the lock matters

    monkeypatch.setattr(build, "build_tables", reads_inputs)
    with pytest.raises(KeyboardInterrupt):
        build.build(project)
    assert held == [True]


def test_build_command_disk_full_is_one_line(cli, project, monkeypatch):
    before = digest(project / "data/processed")
    edit_csv(project / "data/raw/curated/claims_2022.csv", 0, note="A revised note.")  # a new release

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(release, "_write_file", full)
    status, out, err = cli("--root", project, "build")
    assert status == 1
    assert err.count("\n") == 1 and "disk full" in err and "unchanged" in err and "Traceback" not in err
    assert digest(project / "data/processed") == before
    assert leftovers(project / "data/processed") == []


def test_build_command_while_another_build_runs(cli, project):
    before = digest(project / "data/processed")
    with release.lock(project / "data/processed"):
        status, _, err = cli("--root", project, "build")
    assert status == 1
    assert err.count("\n") == 1 and "another build is running" in err and "Traceback" not in err
    assert digest(project / "data/processed") == before


def test_ctrl_c_during_the_publish_is_one_line_and_exit_130(cli, project, monkeypatch):
    before = digest(project / "data/processed")
    monkeypatch.setenv(release.FAULT_ENV, "raise:2")
    edit_csv(project / "data/raw/curated/claims_2022.csv", 0, note="A revised note.")  # a new release
    status, _, err = cli("--root", project, "build")
    assert status == 130
    assert err.count("\n") == 1 and "interrupted" in err and "Traceback" not in err
    assert digest(project / "data/processed") == before
    assert leftovers(project / "data/processed") == []


def test_a_ctrl_c_that_a_library_swallows_still_ends_the_command_as_interrupted(cli, project, monkeypatch):
    """Some libraries catch every exception while they import, KeyboardInterrupt included; a real
    SIGINT once landed there during a build, which then went on and exited 0. The command must still
    end as interrupted: one line, exit 130, and the published files whole."""
    from casualties import cli as cli_module

    before = digest(project / "data/processed")

    def build_that_swallows_a_ctrl_c(args):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.5)  # the handler runs here, in this try
        except BaseException:  # noqa: BLE001 - what such a library does
            pass
        return 0

    monkeypatch.setattr(cli_module, "cmd_build", build_that_swallows_a_ctrl_c)
    status, _, err = cli("--root", project, "build")
    assert status == 130
    assert err.count("\n") == 1 and "interrupted" in err and "Traceback" not in err
    assert digest(project / "data/processed") == before
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back afterwards


def test_a_real_sigint_during_the_build_exits_130_without_traceback(project):
    """SIGINT sent to `casualties build` once it holds the lock (reading inputs): one line, exit 130."""
    before = digest(project / "data/processed")
    lock = release.lock_path(project / "data/processed")
    proc = subprocess.Popen([sys.executable, "-m", "casualties.cli", "--root", str(project), "build"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not lock.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err and err.count("\n") == 1 and "interrupted" in err
    assert digest(project / "data/processed") == before
