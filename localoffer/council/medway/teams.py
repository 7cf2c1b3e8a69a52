"""Medway Council's teams, hubs and helplines, written from the council's published pages.

Each entry says which source document its facts come from (see the project's decision record on
reference data). Hours marked `published` come from the source; the others are the usual office
hours, shown to the public as such until the council publishes the team's own.
"""

from __future__ import annotations

import datetime as dt

from localoffer.teams.models import HoursSource, TeamKind

_NO_PUBLIC_NUMBER = (
    "The council has not published a direct phone number for this team. If the child or young person has a "
    "social worker, contact them. Otherwise call the Children's Advice and Duty Service on 01634 334 466."
)

# Early help helplines: Monday to Thursday 8am to 5pm, Friday 8am to 4:30pm, closed at weekends [seed 000].
EARLY_HELP_HOURS = [(day, "08:00", "17:00") for day in range(4)] + [(4, "08:00", "16:30")]
# The usual office hours, for teams whose hours the sources do not give (a default, shown as one).
DEFAULT_HOURS = [(day, "09:00", "17:00") for day in range(4)] + [(4, "09:00", "16:30")]

TEAMS: list[dict] = [
    {
        "slug": "childrens-advice-and-duty-service",
        "name": "Children's Advice and Duty Service",
        "kind": TeamKind.TEAM,
        "phone": "01634 334 466",
        "summary": "Tell us if you are worried about a child or young person's safety. This is also the number "
        "to refer a child or young person to the 0 to 25 disability team, and to ask about supported living "
        "for young people aged 18 and over.",
        "takes_safeguarding_concerns": True,
        "hours": DEFAULT_HOURS,
        "hours_source": HoursSource.DEFAULT,
        "display_order": 10,
        "source": "Seed 000: safeguarding, 0 to 25 disability service, supported living",
    },
    {
        "slug": "short-breaks-and-self-directed-support",
        "name": "Short breaks and the Self Directed Support Team",
        "kind": TeamKind.TEAM,
        "phone": "01634 331 351",
        "summary": "General enquiries about short breaks and the short breaks grant. The Self Directed Support "
        "Team also helps families arrange their own support through a direct payment, including employing a "
        "personal assistant, and with managing their budget.",
        "hours": DEFAULT_HOURS,
        "hours_source": HoursSource.DEFAULT,
        "display_order": 20,
        "source": "Seed 000: short break services, direct payments, employing a personal assistant",
    },
    {
        "slug": "0-to-25-disability-team",
        "name": "0 to 25 Disability Team",
        "kind": TeamKind.TEAM,
        "phone": "01634 338 500",
        "summary": "Information and advice from the team that supports children and young people under 25 "
        "living in Medway with a formal diagnosis of a substantial and long-term disability, including "
        "occupational therapy for equipment and adaptations at home. To make a referral, call the Children's "
        "Advice and Duty Service on 01634 334 466.",
        "hours": DEFAULT_HOURS,
        "hours_source": HoursSource.DEFAULT,
        "display_order": 30,
        "source": "Seed 000: 0 to 25 disability service, occupational therapy",
    },
    *[
        {
            "slug": slug,
            "name": name,
            "kind": TeamKind.HUB,
            "phone": phone,
            "area": area,
            "summary": "Early help helpline: advice and support for parents, young people and professionals, "
            "early on, with things like education, health, work, domestic abuse, housing, relationships, money, "
            "crime and anti-social behaviour.",
            "hours": EARLY_HELP_HOURS,
            "hours_source": HoursSource.PUBLISHED,
            "display_order": order,
            "source": "Seed 000: early help helplines; seed 002: early help in Medway",
        }
        for slug, name, phone, area, order in [
            (
                "chatham-all-saints-hub",
                "Chatham All Saints Children and Family Hub",
                "01634 338 833",
                "Chatham",
                40,
            ),
            ("gillingham-hub", "Gillingham Children and Family Hub", "01634 338 877", "Gillingham", 41),
            ("strood-hub", "Strood Children and Family Hub", "01634 335 533", "Strood", 42),
            ("wayfield-hub", "Wayfield Children and Family Hub", "01634 337 733", "Wayfield", 43),
        ]
    ],
    *[
        {
            "slug": slug,
            "name": name,
            "kind": TeamKind.TEAM,
            "phone": "",
            "how_to_contact": _NO_PUBLIC_NUMBER,
            "summary": summary,
            "hours": [],
            "hours_source": HoursSource.DEFAULT,
            "display_order": order,
            "source": "Seed 001: " + name,
        }
        for slug, name, summary, order in [
            (
                "children-in-care-service",
                "Children in Care Service",
                "Support for children in care aged 0 to 16 for whom there is no plan to return home, including "
                "unaccompanied asylum-seeking children.",
                60,
            ),
            (
                "leaving-care-16-plus-team",
                "Leaving Care 16 plus team",
                "Support for young people aged 16 to 25 who have left the council's care: housing, education, "
                "work, benefits, and emotional health and wellbeing.",
                61,
            ),
            (
                "family-support-service",
                "Family Support Service (Aut Even and Parklands)",
                "A residential multi-agency respite centre for children with a disability, which also provides "
                "day care.",
                62,
            ),
            (
                "virtual-school-medway",
                "Virtual School Medway",
                "Champions the education of looked after children and young care leavers, working with schools, "
                "carers and social workers.",
                63,
            ),
            (
                "fostering-team",
                "Fostering Team",
                "Recruits, assesses, supports and supervises foster carers and supported lodging providers, and "
                "assesses connected carers and special guardians.",
                64,
            ),
            (
                "adoption-team",
                "Adoption Team",
                "Finds permanent new families for children who can no longer live with their birth parents, and "
                "supports adopters, adopted children, special guardians and birth families.",
                65,
            ),
        ]
    ],
]

# England's bank holidays (gov.uk's published list; general knowledge, not from the seeds). Admins add more.
BANK_HOLIDAYS: list[tuple[dt.date, str]] = [
    (dt.date(2026, 1, 1), "New Year's Day"),
    (dt.date(2026, 4, 3), "Good Friday"),
    (dt.date(2026, 4, 6), "Easter Monday"),
    (dt.date(2026, 5, 4), "Early May bank holiday"),
    (dt.date(2026, 5, 25), "Spring bank holiday"),
    (dt.date(2026, 8, 31), "Summer bank holiday"),
    (dt.date(2026, 12, 25), "Christmas Day"),
    (dt.date(2026, 12, 28), "Boxing Day (substitute day)"),
    (dt.date(2027, 1, 1), "New Year's Day"),
    (dt.date(2027, 3, 26), "Good Friday"),
    (dt.date(2027, 3, 29), "Easter Monday"),
    (dt.date(2027, 5, 3), "Early May bank holiday"),
    (dt.date(2027, 5, 31), "Spring bank holiday"),
    (dt.date(2027, 8, 30), "Summer bank holiday"),
    (dt.date(2027, 12, 27), "Christmas Day (substitute day)"),
    (dt.date(2027, 12, 28), "Boxing Day (substitute day)"),
]
