from __future__ import annotations

import datetime as dt

import factory

from localoffer.people.models import Child


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker(
        "date_between", start_date=dt.date(2004, 1, 1), end_date=dt.date(2024, 1, 1)
    )
    postcode = "ME4 1AA"
