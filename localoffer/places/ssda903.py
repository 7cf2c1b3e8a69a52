"""The SSDA903 return for short breaks: the Header and Episodes files for a collection year (April to March).

A child accommodated under section 20 for a series of short breaks is looked after. With legal status V3,
each overnight stay is its own episode: it starts with RNE "S" (366), is placed in a children's home (K2,
the council's own provision, PR1), ends the morning the child goes home with REC "E8" (the period of being
looked after ended for any other reason), and leaves blank what the DfE's rules require blank for short
breaks: the home and placement postcodes and the URN (214, 398, 420). With V4 (the child's agreement
recorded, not each stay) the year is one episode from the first stay to the last. A child never has both in
a year (426): a child with any V4 stay in the year is returned under V4. Short breaks under section 17 are not
looked after and are not returned. The header leaves the UPN and mother blank, which a child with only V3/V4
episodes does not need (442, 393).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.places.models import BookingStatus, LegalBasis, ReturnDetails, SettingKind, Stay

HEADER = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODES = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
]
NEED_DISABILITY = "N2"
CHILDRENS_HOME = "K2"
OWN_PROVISION = "PR1"
ENDED_OTHER = "E8"


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def child_code(child_id: Any) -> str:
    """The child's identifier in the return: stable, and not their name."""
    return str(child_id).replace("-", "")[:10].upper()


@dataclass
class Return:
    header: list[dict[str, str]]
    episodes: list[dict[str, str]]
    missing_details: list[str]


def ssda903_return(*, year: int) -> Return:
    """Every overnight short break stay that touches the year (1 April `year` to 31 March `year + 1`)."""
    start, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    stays = list(
        Stay.objects.filter(
            status=BookingStatus.BOOKED,
            setting__kind=SettingKind.OVERNIGHT,
            legal_basis__in=[LegalBasis.SECTION_20_V3, LegalBasis.SECTION_20_V4],
            first_day__lte=end,
            last_day__gte=start - dt.timedelta(days=1),
        )
        .select_related("child")
        .order_by("child_id", "first_day")
    )
    by_child: dict[Any, list[Stay]] = {}
    for stay in stays:
        by_child.setdefault(stay.child_id, []).append(stay)
    details = {d.child_id: d for d in ReturnDetails.objects.filter(child_id__in=list(by_child))}
    header, episodes, missing = [], [], []
    for child_id, child_stays in by_child.items():
        child = child_stays[0].child
        detail = details.get(child_id)
        if detail is None:
            missing.append(f"{child.first_name} {child.last_name}")
        header.append(
            {
                "CHILD": child_code(child_id),
                "SEX": detail.sex if detail else "",
                "DOB": _date(child.date_of_birth),
                "ETHNIC": detail.ethnicity if detail else "",
                "UPN": "",
                "MOTHER": "",
                "MC_DOB": "",
            }
        )
        v4 = any(stay.legal_basis == LegalBasis.SECTION_20_V4 for stay in child_stays)
        if v4:
            spans = [(child_stays[0].first_day, child_stays[-1].ends_on)]
        else:
            spans = [(stay.first_day, stay.ends_on) for stay in child_stays]
        for decom, dec in spans:
            episodes.append(
                {
                    "CHILD": child_code(child_id),
                    "DECOM": _date(decom),
                    "RNE": "S",
                    "LS": "V4" if v4 else "V3",
                    "CIN": NEED_DISABILITY,
                    "PLACE": CHILDRENS_HOME,
                    "PLACE_PROVIDER": OWN_PROVISION,
                    "DEC": _date(dec) if dec <= end else "",
                    "REC": ENDED_OTHER if dec <= end else "",
                    "REASON_PLACE_CHANGE": "",
                    "HOME_POST": "",
                    "PL_POST": "",
                    "URN": "",
                }
            )
    return Return(header, episodes, missing)


def _csv(columns: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def header_csv(result: Return) -> str:
    return _csv(HEADER, result.header)


def episodes_csv(*, year: int, by: Any) -> str:
    result = ssda903_return(year=year)
    audit_record(
        action=Action.SEARCH,
        object_type="places.stay",
        detail=f"SSDA903 episodes for {year} to {year + 1}",
        actor=by,
    )
    return _csv(EPISODES, result.episodes)


def header_csv_for(*, year: int, by: Any) -> str:
    result = ssda903_return(year=year)
    audit_record(
        action=Action.SEARCH,
        object_type="places.stay",
        detail=f"SSDA903 header for {year} to {year + 1}",
        actor=by,
    )
    return header_csv(result)
