"""Time comes from a clock passed in, so tests and snapshots can fix it; and the day a
shift belongs to comes from that time and the hour the person's day starts."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

Clock = Callable[[], datetime]

DEFAULT_DAY_STARTS_AT = time(4, 0)
"""A reflection written before this hour belongs to the day before: a late shift that ends
at 01:30 is still that evening's shift (``day_starts_at`` in config.toml changes it)."""


def system_clock() -> datetime:
    """Now, aware, in the machine's local time zone (a shift belongs to the local day)."""
    return datetime.now().astimezone()


def shift_day(moment: datetime, starts_at: time = DEFAULT_DAY_STARTS_AT) -> date:
    """The day a shift at ``moment`` (local time) belongs to: before ``starts_at`` it is
    still the previous day's shift."""
    day = moment.date()
    if moment.time().replace(tzinfo=None) < starts_at.replace(tzinfo=None):
        return day - timedelta(days=1)
    return day
