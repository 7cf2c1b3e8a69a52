from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from localoffer.teams.opening import LONDON, Period, describe_hours, opening_status

HELPLINE = [Period(day, dt.time(8), dt.time(17)) for day in range(4)] + [
    Period(4, dt.time(8), dt.time(16, 30))
]


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def test_open_on_a_weekday_afternoon_until_five() -> None:
    status = opening_status(HELPLINE, [], at(2026, 11, 23, 14))  # a Monday
    assert status.open_now
    assert status.closes_at == at(2026, 11, 23, 17)
    assert status.describe(at(2026, 11, 23, 14)) == "Open now, until 5pm today"


def test_closes_at_half_past_four_on_friday() -> None:
    friday = at(2026, 11, 27, 16, 45)
    status = opening_status(HELPLINE, [], friday)
    assert not status.open_now
    assert status.next_opens_at == at(2026, 11, 30, 8)
    assert status.describe(friday) == "Closed now. Opens Monday 30 November at 8am"


def test_weekend_is_closed_and_says_monday() -> None:
    status = opening_status(HELPLINE, [], at(2026, 11, 28, 11))  # Saturday
    assert not status.open_now
    assert status.next_opens_at == at(2026, 11, 30, 8)


def test_before_opening_says_today() -> None:
    early = at(2026, 11, 24, 7, 30)
    assert opening_status(HELPLINE, [], early).describe(early) == "Closed now. Opens today at 8am"


def test_evening_says_tomorrow() -> None:
    evening = at(2026, 11, 24, 19)
    assert opening_status(HELPLINE, [], evening).describe(evening) == "Closed now. Opens tomorrow at 8am"


def test_bank_holidays_are_skipped() -> None:
    christmas_eve = at(2026, 12, 24, 18)  # Thursday; Christmas Day and the Boxing Day substitute follow
    closed = [dt.date(2026, 12, 25), dt.date(2026, 12, 28)]
    status = opening_status(HELPLINE, closed, christmas_eve)
    assert status.next_opens_at == at(2026, 12, 29, 8)
    assert not opening_status(HELPLINE, closed, at(2026, 12, 25, 10)).open_now


def test_uses_london_time_in_summer() -> None:
    # 07:30 UTC on a July Monday is 08:30 in London (BST): open.
    utc = dt.datetime(2026, 7, 6, 7, 30, tzinfo=dt.UTC)
    assert opening_status(HELPLINE, [], utc).open_now


def test_no_hours_means_closed_with_no_next_opening() -> None:
    status = opening_status([], [], at(2026, 11, 23, 10))
    assert not status.open_now
    assert status.next_opens_at is None


def test_describes_hours_the_way_people_read_them() -> None:
    assert describe_hours(HELPLINE) == [
        "Monday to Thursday: 8am to 5pm",
        "Friday: 8am to 4:30pm",
        "Saturday and Sunday: closed",
    ]


@given(st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2030, 12, 31)))
def test_next_opening_is_always_in_the_future_and_in_hours(moment: dt.datetime) -> None:
    now = moment.replace(tzinfo=LONDON)
    status = opening_status(HELPLINE, [], now)
    if status.open_now:
        assert status.closes_at is not None
        assert status.closes_at > now
    else:
        assert status.next_opens_at is not None
        assert status.next_opens_at > now
        assert status.next_opens_at.weekday() < 5
        assert status.next_opens_at.time() == dt.time(8)
