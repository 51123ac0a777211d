"""Clock times for a session plan: 17.00–17.15, 17.15–17.40, …"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    start: int  # minutes from midnight
    end: int

    @property
    def label(self) -> str:
        return f"{clock(self.start)}–{clock(self.end)}"


def clock(minutes: int) -> str:
    """Finnish clock notation with a period: 17.05."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def slots(start: int, durations: list[int]) -> list[Slot]:
    result = []
    for minutes in durations:
        result.append(Slot(start, start + minutes))
        start += minutes
    return result
