"""Who holds a site's crawl lock, and when a held lock was left by a dead process."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta

STALE_AFTER = timedelta(minutes=30)  # another machine's lock without a heartbeat this long


def owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def is_stale(lock_owner: str, heartbeat_at: datetime | None) -> bool:
    """A lock on this machine is stale when its process is gone; elsewhere, when it has not
    shown a heartbeat for STALE_AFTER (the storage pipeline beats with every batch)."""
    host, _, pid = lock_owner.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not pid_alive(int(pid))
    return heartbeat_at is None or datetime.now(UTC) - heartbeat_at > STALE_AFTER
