"""Publish data/processed/ as one release: a reader sees the old set of files or the new one, never a mix.

A release is the Parquet files plus `release.json` (the dataset version and each file's sha256 and
size, written last), so `casualties validate` can tell a whole release from a mixed or altered one.

How a release is swapped in (docs/methodology.md, "How a release is published"):

- **Exchange** (Linux, and data/processed/ a plain folder on the same file system as data/): the new
  release is staged as a complete folder `data/.build-processed-*`, every file and the folder are
  fsynced, and one `renameat2(RENAME_EXCHANGE)` call swaps it with data/processed/. The swap is a
  single system call: before it readers see the old release, after it the new one. The old release,
  now in the staging folder, is then removed.
- **Journal** (data/processed/ is a mount point or a symlink, the file system cannot exchange, or
  not Linux): the new files are staged inside data/processed/.build-*/, the old ones hard-linked
  beside them as a backup, a journal is committed, and the files are renamed over their targets one
  by one, release.json last. A failure rolls the old files back; a crash leaves the journal, and the
  next build rolls back before it starts. A reader that opens files during the few renames can see a
  mix, and `validate` then says so (the files do not match release.json).

Every build holds an exclusive lock (`data/.processed.lock`, fcntl.flock) from reading the inputs to
publishing, so two builds cannot interleave and one from older inputs cannot finish last and win; a
second build fails at once and says which lock is held.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; builds there are not protected against each other
    fcntl = None

MANIFEST = "release.json"
STAGE_PREFIX = ".build-"
JOURNAL = "journal.json"
#: Test hook: "kill:K" ends the process with os._exit at the K-th step of a publish, "raise:K" raises
#: KeyboardInterrupt there (a Ctrl-C), "error:K" raises OSError(EIO). Unset in normal use.
FAULT_ENV = "CASUALTIES_PUBLISH_FAULT"
KILLED_STATUS = 86
#: Errors of the exchange call that mean "this file system or kernel cannot do it": use the journal.
_CANNOT_EXCHANGE = {errno.EXDEV, errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


class PublishError(Exception):
    """The release could not be published; the message is one line and says what became of the old one."""


class Locked(PublishError):
    """Another build holds the lock."""


class _CannotExchange(Exception):
    pass


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(files: dict[str, bytes], version: str) -> bytes:
    """release.json for a set of files: deterministic (sorted, no timestamps), so builds stay byte-identical."""
    entries = {name: {"sha256": sha256(data), "size": len(data)} for name, data in sorted(files.items())}
    return (json.dumps({"dataset_version": version, "files": entries}, indent=2, sort_keys=True) + "\n").encode()


def lock_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.lock"


@contextmanager
def lock(out_dir: Path):
    """Hold the build lock beside `out_dir` (non-blocking: a second build fails at once)."""
    out_dir = Path(out_dir)
    path = lock_path(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError:  # a read-only folder with the lock file already there: flock works read-only
            if not path.is_file():
                raise
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise PublishError(f"cannot take the build lock: {describe(exc)}; {out_dir} left unchanged") from None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise PublishError(f"cannot take the build lock: {describe(exc)}") from None
                raise Locked(f"{path}: another build is running and holds this lock; "
                             f"{out_dir} left to it (try again when it ends)") from None
        yield path
    finally:
        os.close(fd)


def describe(exc: OSError) -> str:
    """One line for an OS error: the file and what went wrong, in words a user can act on."""
    hint = {
        errno.ENOSPC: "no space left on the device (disk full)",
        errno.EDQUOT: "disk quota exceeded",
        errno.EROFS: "read-only file system",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted (an immutable or protected file?)",
        errno.EXDEV: "cross-device rename (a separately mounted folder?)",
    }.get(exc.errno, exc.strerror or str(exc))
    names = [str(n) for n in (exc.filename, exc.filename2) if n]
    return f"{' -> '.join(names)}: {hint}" if names else hint


class _Steps:
    """Numbered points of a publish where the test hook (FAULT_ENV) can crash or interrupt it."""

    def __init__(self):
        mode, _, at = os.environ.get(FAULT_ENV, "").partition(":")
        self.mode, self.at, self.n = mode, int(at) if at.isdigit() else None, 0

    def __call__(self, label: str) -> None:
        self.n += 1
        if self.n != self.at:
            return
        if self.mode == "kill":
            os._exit(KILLED_STATUS)
        if self.mode == "raise":
            raise KeyboardInterrupt(f"injected at step {self.n}: {label}")
        if self.mode == "error":
            raise OSError(errno.EIO, f"injected I/O error at step {self.n} ({label})")


def publish(files: dict[str, bytes], out_dir: Path, version: str) -> list[str]:
    """Make `files` (name -> bytes) plus their release.json the release in `out_dir`. Hold lock() first.

    Returns the names whose bytes changed (empty when the release is already current: nothing is
    touched, modification times included). Raises PublishError with one line on any OS error; the
    message says whether the previous release was kept.
    """
    out_dir = Path(out_dir)
    files = {**files, MANIFEST: manifest_bytes(files, version)}  # release.json last
    steps = _Steps()
    try:
        recover(out_dir)
    except OSError as exc:
        raise PublishError(f"cannot clean up an earlier build: {describe(exc)}; "
                           f"{out_dir} left unchanged") from None
    changed = [n for n in files if _read_or_none(out_dir / n) != files[n]]
    if not changed:
        return []
    if _can_exchange(out_dir):
        try:
            _publish_by_exchange(files, out_dir, steps)
            return changed
        except _CannotExchange:
            pass
        except OSError as exc:
            raise PublishError(f"cannot publish: {describe(exc)}; the previous release is unchanged") from None
    _publish_by_journal({n: files[n] for n in changed}, out_dir, steps)
    return changed


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def _can_exchange(out_dir: Path) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        st = os.lstat(out_dir)
    except FileNotFoundError:
        return True  # the first release: the staged folder is renamed into place
    if not stat.S_ISDIR(st.st_mode):  # a symlink: exchanging would replace the link itself
        return False
    return st.st_dev == os.stat(out_dir.parent).st_dev  # else a mount point


def _exchange(a: Path, b: Path) -> None:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE) (Linux 3.15+, glibc 2.28+)."""
    import ctypes

    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        raise OSError(errno.ENOSYS, "renameat2 is not available") from None
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(a), None, str(b))


def _publish_by_exchange(files: dict[str, bytes], out_dir: Path, steps: _Steps) -> None:
    """Stage the whole release as a sibling folder, then swap the two folders in one system call."""
    stage = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{out_dir.name}-", dir=out_dir.parent))
    try:
        os.chmod(stage, stat.S_IMODE(os.stat(out_dir).st_mode) if out_dir.is_dir() else 0o755)
        for name, data in files.items():
            _stage_file(stage / name, data, out_dir / name)
            steps(f"staged {name}")
        _fsync_dir(stage)
        steps("staged folder synced")
        try:
            if out_dir.is_dir():
                _exchange(stage, out_dir)
            else:
                os.rename(stage, out_dir)
        except OSError as exc:
            if exc.errno in _CANNOT_EXCHANGE:
                raise _CannotExchange from None
            raise
        try:  # the new release is in place: what follows is best effort
            steps("folders exchanged")
            _fsync_dir(out_dir.parent)
            steps("parent folder synced")
        except OSError:
            pass
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # after the swap: the old release


def _publish_by_journal(changed: dict[str, bytes], out_dir: Path, steps: _Steps) -> None:
    """Replace the changed files one by one behind a journal; roll back on any failure."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=out_dir))
    except OSError as exc:
        raise PublishError(f"cannot publish: {describe(exc)}; the previous release is unchanged") from None
    try:
        backup = stage / "old"
        backup.mkdir()
        existed = []
        for name, data in changed.items():
            _write_file(stage / name, data)
            steps(f"staged {name}")
            if (out_dir / name).exists():
                _link_or_copy(out_dir / name, backup / name)
                existed.append(name)
                steps(f"backed up {name}")
        _fsync_dir(backup)
        journal = {"replace": list(changed), "existed": existed, "release_sha256": sha256(changed[MANIFEST])}
        _write_file(stage / "journal.tmp", json.dumps(journal).encode())
        _fsync_dir(stage)
        steps("journal written")
        os.rename(stage / "journal.tmp", stage / JOURNAL)
        _fsync_dir(stage)
        steps("journal committed")
    except BaseException as exc:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(exc, OSError):
            raise PublishError(f"cannot publish: {describe(exc)}; the previous release is unchanged") from None
        raise
    try:
        for name in changed:
            os.replace(stage / name, out_dir / name)
            steps(f"replaced {name}")
        _fsync_dir(out_dir)
        steps("folder synced")
    except BaseException as exc:
        try:
            _roll_back(stage, out_dir)
        except OSError as again:
            raise PublishError(f"cannot publish: {describe(exc) if isinstance(exc, OSError) else exc}; "
                               f"rolling back failed too ({describe(again)}): run the build again to "
                               f"restore the previous release from {stage}") from None
        if isinstance(exc, OSError):
            raise PublishError(f"cannot publish: {describe(exc)}; the previous release is restored") from None
        raise
    shutil.rmtree(stage, ignore_errors=True)


def _roll_back(stage: Path, out_dir: Path) -> None:
    """Undo a journaled publish: put the backed-up files back, remove files that did not exist."""
    journal = json.loads((stage / JOURNAL).read_text())
    for name in reversed(journal["replace"]):
        target = out_dir / name
        old = stage / "old" / name
        if name in journal["existed"]:
            if old.exists() and _read_or_none(target) != old.read_bytes():  # replaced: put it back
                os.replace(old, target)
        elif target.exists():
            target.unlink()
    _fsync_dir(out_dir)
    shutil.rmtree(stage)


def recover(out_dir: Path) -> None:
    """Finish what a crashed build left: roll back a half-done journaled publish, remove staging folders.

    Call with the lock held. A journal whose release.json is already in place means the publish was
    complete; otherwise the backed-up files are put back, so the old release is whole again.
    """
    if out_dir.is_dir():
        for stage in sorted(out_dir.glob(f"{STAGE_PREFIX}*")):
            if (stage / JOURNAL).exists():
                journal = json.loads((stage / JOURNAL).read_text())
                current = _read_or_none(out_dir / MANIFEST)
                if current is None or sha256(current) != journal["release_sha256"]:
                    _roll_back(stage, out_dir)
                    continue
            shutil.rmtree(stage, ignore_errors=True)  # staged files only: the release does not depend on them
    if out_dir.parent.is_dir():  # staged or replaced releases beside out_dir: garbage, whatever is in them
        for stage in sorted(out_dir.parent.glob(f"{STAGE_PREFIX}{out_dir.name}-*")):
            shutil.rmtree(stage, ignore_errors=True)


def interrupted(out_dir: Path) -> list[Path]:
    """Journaled publishes that a crash left unfinished (the next build rolls them back)."""
    return sorted(p for p in Path(out_dir).glob(f"{STAGE_PREFIX}*") if (p / JOURNAL).exists())


def _write_file(path: Path, data: bytes) -> None:
    """Write a new file and fsync it, so it is on disk before any rename makes it visible."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _stage_file(path: Path, data: bytes, current: Path) -> None:
    """Stage one file; an unchanged file is hard-linked from the current release (keeps its mtime)."""
    if _read_or_none(current) == data:
        try:
            os.link(current, path)
            return
        except OSError:
            pass
    _write_file(path, data)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        _write_file(dst, src.read_bytes())


def _fsync_dir(path: Path) -> None:
    """fsync a folder so the renames in it survive a power cut (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except (PermissionError, IsADirectoryError):  # Windows
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
