"""The colours of the five moods, in one place for the summary and the app's calendar.

Moods 1 (very hard) to 5 (very good) run from red through pale yellow to blue. A
diverging scale like this one (ColorBrewer's RdYlBu) stays distinct for the common
colour-vision deficiencies and still reads when printed in grey; and colour never says
anything alone, since every face also writes the mood as a digit.

A terminal and a page need the scale spelled two ways, so both spellings live here,
side by side, where a change to one is seen next to the other.
"""

from __future__ import annotations

from typing import Final

MOOD_STYLES: Final = (
    "bold white on red3",
    "black on dark_orange",
    "black on khaki1",
    "black on light_sky_blue1",
    "bold white on dodger_blue3",
)
"""For a terminal (rich styles): the text summary and the app's month calendar."""

MOOD_COLOURS: Final = ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6")
"""For a page (CSS colours): the HTML summary's calendar, chart and legend."""

MOOD_INK: Final = ("#ffffff", "#1d232b", "#1d232b", "#1d232b", "#ffffff")
"""The text colour that stays readable on each of ``MOOD_COLOURS``."""
