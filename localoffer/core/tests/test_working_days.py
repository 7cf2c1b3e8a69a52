from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from localoffer.core.working_days import add_working_days, is_working_day, working_days_between


def test_christmas_and_boxing_day_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day falls on a Saturday: the substitute day
    assert is_working_day(date(2026, 12, 29))


def test_a_decision_due_in_one_working_day_skips_the_weekend_and_easter():
    assert add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 7)  # Friday to Monday
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # Good Friday and Easter Monday


def test_a_45_working_day_assessment_started_in_december_ends_in_february():
    # 45 working days from Tuesday 1 December 2026, less Christmas, Boxing Day's substitute and New Year's Day.
    assert add_working_days(date(2026, 12, 1), 45) == date(2027, 2, 5)


def test_bank_holidays_come_from_the_library_for_any_year():
    assert not is_working_day(date(2031, 5, 5))  # early May bank holiday, 2031
    assert not is_working_day(date(2022, 9, 19))  # the State Funeral of Queen Elizabeth II


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1)), st.integers(0, 120))
def test_counting_working_days_undoes_adding_them(start, days):
    assert working_days_between(start, add_working_days(start, days)) == days
