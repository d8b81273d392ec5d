"""Time comes from a clock passed in, so tests and snapshots can fix it."""

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, aware, in the machine's local time zone (a shift belongs to the local day)."""
    return datetime.now().astimezone()
