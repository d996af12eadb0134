"""A build's temporary files and folders, named for the process that owns them
(``filmgraph-PID-KIND.…`` in the system's temporary folder; an output's is written beside it
as ``.NAME.filmgraph-PID-write.…``), so that what a killed build could not remove (SIGKILL,
out of memory) is removed by the next build there.

A build removes its own when it ends, fails or is collected; ``sweep`` removes those whose
process no longer runs. Processes a build forks name theirs for the build's own process,
which outlives them.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import weakref
from contextlib import suppress
from typing import IO

PREFIX = "filmgraph-"
#: The process a build's files are named for: the one that started the build (see claim),
#: which the processes it forks outlive.
_OWNER = os.getpid()


def claim() -> None:
    """This process starts a build: the build's files, and those of the processes it forks,
    are named for it (not for a process this one was forked from, which may outlive it)."""
    global _OWNER
    _OWNER = os.getpid()


def prefix(kind: str) -> str:
    """The start of the name of a temporary file or folder of ``kind`` (one of KINDS)."""
    assert kind in KINDS, kind
    return f"{PREFIX}{_OWNER}-{kind}."


def folder(kind: str) -> str:
    """A new temporary folder of ``kind``."""
    return tempfile.mkdtemp(prefix=prefix(kind))


def named_file(kind: str) -> IO[bytes]:
    """A new temporary file of ``kind``, named, for other processes to read; removed by ``removal``."""
    return tempfile.NamedTemporaryFile(prefix=prefix(kind), delete=False)  # noqa: SIM115 (the caller closes it)


def removal(holder: object, path: str) -> weakref.finalize:
    """Remove the file or folder at ``path`` when ``holder`` is collected or the interpreter
    exits, or when the finalizer is called, whichever is first; by this process only, not by
    a forked one that collects a copy of ``holder``."""
    return weakref.finalize(holder, _remove, path, os.getpid())


def _remove(path: str, owner: int) -> None:
    if os.getpid() != owner:
        return
    if os.path.isdir(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(FileNotFoundError):
            os.unlink(path)


#: The kinds of temporary file and folder a build makes (see prefix): only these are swept.
KINDS = ("spool", "runs", "pass", "apart", "write")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # none such
        return False
    except OSError:  # another user's, or not to be asked: left alone
        return True
    return True


def sweep(directory: str | None = None, before: str = "") -> list[str]:
    """Remove the temporary files and folders of builds whose process no longer runs (this
    user's, in ``directory``, the system's temporary folder by default, their names starting
    with ``before`` and a prefix); their paths."""
    removed: list[str] = []
    # exactly the names prefix() and tempfile make: PID, a kind, a dot and tempfile's 8 characters
    name = re.compile(re.escape(before + PREFIX) + r"([1-9][0-9]{0,9})-(?:" + "|".join(KINDS) +
                      r")\.[a-z0-9_]{8}(?:\.tmp)?$")
    with os.scandir(directory or tempfile.gettempdir()) as entries:
        for entry in entries:
            owner = name.match(entry.name)
            if owner is None or _running(int(owner.group(1))):
                continue
            with suppress(OSError):  # housekeeping: what cannot be removed is left
                if entry.stat(follow_symlinks=False).st_uid != os.getuid():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
                removed.append(entry.path)
    return removed
