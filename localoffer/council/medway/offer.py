"""Medway's Local Offer, written from the council's published pages and the Short Breaks Sufficiency Strategy.

Every organisation and service below comes only from the source documents in the shared seeds folder
(seed 000: the council's "Social care for children and young people with SEND" page; seed 001: the children
in care, leaving care, family support, Virtual School, fostering and adoption pages; seed 002: Early Help in
Medway; seed 003: the draft Short Breaks Sufficiency Strategy 2024-2027; seed 004: an October 2021 news item)
and the shared DOMAIN.md, and each entry names its source. The descriptions are written in plain English
from those facts. Where the sources are silent, the field is left out: there are no addresses, websites,
opening hours, prices, ages or capacities beyond what they state, and only phone numbers the sources give.
There are no email addresses at all, because they were removed from the pages we hold. Need codes are set only
where a source says who a service is for. The staff unit costs and budget figures in the strategy are the
council's own costs, so they are not listed as costs to families. Provision funded by the council's short breaks
innovation grant was planned when the strategy was written (late 2023), and it is marked as planned.

Each service names the council teams that handle its route ("teams", from council/medway/teams.py): where the sources
give a service no contact of its own, that team is who a family calls, and the online form that starts the
route is named by "online_route". The words families use for each term are in directory/vocabulary.py and,
for Medway's places, AREA_WORDS below.
"""

from typing import Any

from localoffer.directory.vocabulary import NEED_PARENTS, WORDS

# --- Vocabularies (codes -> display names) the loader turns into taxonomy terms -----------------------------

NEEDS: dict[str, str] = {
    "send": "Special educational needs or disabilities",
    "autism": "Autism",
    "slcn": "Speech, language and communication needs",
    "semh": "Social, emotional and mental health",
    "mld": "Moderate learning difficulty",
    "sld": "Severe learning difficulty",
    "physical": "Physical disability",
    "hearing": "Hearing impairment",
    "visual": "Visual impairment",
    "substantial-long-term-disability": "Substantial and long-term disability (formally diagnosed)",
    "care-experienced": "Children in care and care leavers",
}
ACCESS_ROUTES: dict[str, str] = {
    "just-turn-up": "Just turn up",
    "book": "Book a place",
    "self-refer": "Refer yourself",
    "short-breaks-grant": "Apply for the short breaks grant",
    "referral-0-25": "Referral by the 0 to 25 disability team",
    "panel": "Agreed at panel",
    "social-care-assessment": "After a social care assessment",
    "early-help-referral": "Early help referral",
}
FUNDING: dict[str, str] = {
    "free": "Free",
    "self-funded": "You pay",
    "short-breaks-grant": "Short breaks grant",
    "direct-payment": "Direct payment",
    "commissioned": "Paid for by the council",
}
WHEN: dict[str, str] = {
    "term-time": "Term time",
    "school-holidays": "School holidays",
    "after-school": "After school",
    "weekends": "Weekends",
    "overnight": "Overnight",
    "weekdays": "Weekdays",
}
RATIOS: dict[str, str] = {
    "1:3": "One member of staff to three children",
    "1:2": "One member of staff to two children",
    "1:1": "One to one",
    "2:1": "Two staff to one child",
}
HELP_TYPES: dict[str, str] = {
    "things-to-do": "Things to do",
    "break-for-carer": "A break for the carer",
    "overnight-care": "Overnight care",
    "money": "Money towards support",
    "equipment": "Equipment or adaptations",
    "someone-to-talk-to": "Someone to talk to",
    "family-support": "Support for the family",
    "housing": "Housing and living independently",
}
AREAS: dict[str, str] = {
    "medway": "All of Medway",
    "chatham": "Chatham",
    "gillingham": "Gillingham",
    "rochester": "Rochester",
    "strood": "Strood",
    "rainham": "Rainham",
    "hoo-peninsula": "Hoo Peninsula",
    "walderslade-lordswood": "Walderslade and Lordswood",
}
# The places in each area families may type (the postcode districts, and towns and villages within them:
# general geography, not from the sources; Wayfield is the early help hub's name, seed 000). A service
# offered across Medway is found by every one of them.
AREA_WORDS: dict[str, list[str]] = {
    "medway": ["Medway", "Medway-wide", "anywhere in Medway"],
    "chatham": ["Chatham", "ME4", "Wayfield"],
    "gillingham": ["Gillingham", "ME7", "Twydall", "Hempstead"],
    "rochester": ["Rochester", "ME1", "Borstal"],
    "strood": ["Strood", "ME2", "Frindsbury", "Cuxton", "Halling"],
    "rainham": ["Rainham", "ME8", "Wigmore", "Parkwood"],
    "hoo-peninsula": [
        "Hoo",
        "Hoo Peninsula",
        "ME3",
        "Hoo St Werburgh",
        "Allhallows",
        "Cliffe",
        "High Halstow",
    ],
    "walderslade-lordswood": ["Walderslade", "Lordswood", "ME5", "Princes Park"],
}
# The term above each term: every need sits under SEND, and every town under All of Medway.
PARENTS: dict[str, dict[str, str]] = {
    "needs": NEED_PARENTS,
    "areas": {code: "medway" for code in AREAS if code != "medway"},
}
# The words families use for each term, by taxonomy (see directory.vocabulary).
SYNONYMS: dict[str, dict[str, list[str]]] = {**WORDS, "areas": AREA_WORDS}

# --- Organisations ------------------------------------------------------------------------------------------

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "key": "medway-council",
        "name": "Medway Council",
        "description": (
            "Medway Council runs social care, early help and short breaks for children and young people with "
            "SEND and their families. It also pays for some services that other organisations run."
        ),
        "kind": "council",
        "source": "seed 000; seed 001; seed 002; seed 003 s3.1.1",
    },
    # The seeds list Medway Youth Services among the "Council funded short breaks support services"
    # (seed 003 s3.1.1) and as an in-scope stakeholder (Figure 7), but never say in so many words that the
    # council runs it. "council" is our reading; check before publishing.
    {
        "key": "medway-youth-services",
        "name": "Medway Youth Services",
        "description": (
            "Medway Youth Services runs all year round for all children. It has sessions just for children "
            "and young people with SEND."
        ),
        "kind": "council",
        "source": "seed 003 s3.1.1",
    },
    # Medway Go is "organised and financed by Medway Public Health" (seed 003 s5.1) and is listed among the
    # council-funded services (s3.1.1). The seeds do not say that Medway Public Health is part of the council,
    # although recommendation 3 calls Medway Go a "provider". "council" is our reading.
    {
        "key": "medway-go",
        "name": "Medway Go",
        "description": (
            "Medway Go runs holiday activities for children who get free school meals or have SEND. Medway "
            "Public Health organises it and pays for it."
        ),
        "kind": "council",
        "source": "seed 003 s3.1.1, s5.1",
    },
    # Listed among the council-funded services (seed 003 s3.1.1); recommendation 3 (s9) calls it a provider
    # the council works with. The seeds do not say who runs it, so "council" is our reading.
    {
        "key": "medway-sport",
        "name": "Medway Sport",
        "description": (
            "Medway Sport runs sport and leisure activities, including inclusive activities for disabled "
            "children and young people."
        ),
        "kind": "council",
        "source": "seed 003 s3.1.1",
    },
    # A "new initiative" in the council-funded table (seed 003 s3.1.1). The seeds do not say who runs it, so
    # "council" is our reading.
    {
        "key": "child-friendly-medway",
        "name": "Child Friendly Medway",
        "description": (
            "Child Friendly Medway is a new initiative with inclusive activities for children and families. "
            "You often do not need to book."
        ),
        "kind": "council",
        "source": "seed 003 s3.1.1",
    },
    {
        "key": "rocc",
        "name": "ROCC (Rivermead Outreach Community Challenge)",
        "description": (
            "ROCC is a specialist provider of holiday clubs for children and young people with SEND. It "
            "works with Rivermead Inclusive Trust. The council is working with ROCC to add more places and new "
            "provision."
        ),
        "kind": "provider",
        "source": "seed 003 s3.1.1, s5.3, s7.3",
    },
    {
        "key": "dragons-retreat",
        "name": "Dragons Retreat",
        "description": (
            "Dragons Retreat is an independent registered children's home in Hextable. It gives overnight "
            "care to children and young people up to 18."
        ),
        "kind": "provider",
        "source": "seed 003 s3.1.1",
    },
    {
        "key": "puzzles",
        "name": "Puzzles",
        "description": "Puzzles is a voluntary and community sector group that organises activities and events.",
        "kind": "voluntary",
        "source": "seed 003 s3.3",
    },
    {
        "key": "square-pegs-arts",
        "name": "Square Pegs Arts",
        "description": (
            "Square Pegs Arts is a voluntary and community sector group that organises activities and events."
        ),
        "kind": "voluntary",
        "source": "seed 003 s3.3",
    },
    {
        "key": "medway-parent-carer-forum",
        "name": "Medway Parent and Carer Forum (MPCF)",
        "description": (
            "The forum represents parents and carers of children with SEND in Medway. It works with the "
            "council and health services to improve support, and it organises activities and events."
        ),
        "kind": "voluntary",
        "source": "seed 003 s3.3, s8.1.4; seed 004",
    },
]

# --- Services -----------------------------------------------------------------------------------------------

SERVICES: list[dict[str, Any]] = [
    # Universal: no assessment needed (seed 003 s1.1, s3.1, s3.1.1).
    {
        "key": "shine",
        "organisation": "medway-youth-services",
        "name": "Shine: youth sessions for young people with SEND",
        "description": (
            "Shine is a Medway Youth Services session for young people aged 10 to 18 with special "
            "educational needs or disabilities. It is part of the youth service, which runs all year for all "
            "children. You do not need an assessment."
        ),
        "source": "seed 003 s3.1.1, s1.1",
        "level": "universal",
        "min_age": 10,
        "max_age": 18,
        "needs": ["send"],
        "eligibility": "Young people aged 10 to 18 with SEND.",
        "access_routes": [],
        "help_types": ["things-to-do"],
        "areas": ["medway"],
        "next_step": "No assessment is needed: contact Medway Youth Services to join a Shine session.",
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "wednesday-squad",
        "organisation": "medway-youth-services",
        "name": "Wednesday Squad: youth sessions for young people with SEND",
        "description": (
            "Wednesday Squad is a Medway Youth Services session for young people aged 16 to 25 with special "
            "educational needs or disabilities. It is part of the youth service, which runs all year for all "
            "children. You do not need an assessment."
        ),
        "source": "seed 003 s3.1.1, s1.1",
        "level": "universal",
        "min_age": 16,
        "max_age": 25,
        "needs": ["send"],
        "eligibility": "Young people aged 16 to 25 with SEND.",
        "access_routes": [],
        "help_types": ["things-to-do"],
        "areas": ["medway"],
        "next_step": "No assessment is needed: contact Medway Youth Services to join Wednesday Squad.",
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "medway-go-holiday-activities",
        "organisation": "medway-go",
        "name": "Medway Go holiday activities",
        "description": (
            "Medway Go, also called the Holiday and Food Programme (HAF), runs activities in the school "
            "holidays for children aged 4 to 16. Only children who get free school meals or have SEND can go. "
            "Sessions include dance, art, sport, animal experiences and computer skills, and activities for "
            "disabled children have included the ROCC play scheme, trampolining, computer coding and the "
            "SENDTIVATE play scheme. You do not need an assessment."
        ),
        "source": "seed 003 s3.1.1, s5.1, Figure 4, Figure 6",
        "level": "universal",
        "min_age": 4,
        "max_age": 16,
        "needs": ["send"],
        "eligibility": "Children aged 4 to 16 who get free school meals or have SEND.",
        "access_routes": [],
        "funding": ["commissioned"],
        "when": ["school-holidays"],
        "ratios": ["1:3", "1:1"],
        "help_types": ["things-to-do"],
        "areas": ["medway"],
        "next_step": "No assessment is needed: contact Medway Go about its holiday sessions.",
        "capacity": "457 children went to Medway Go holiday activities in 2022; about 1 in 5 children who go have SEND.",
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "medway-sport-inclusive-activities",
        "organisation": "medway-sport",
        "name": "Medway Sport inclusive activities",
        "description": (
            "Medway Sport runs inclusive activities as part of its leisure offer. These include disability "
            "youth games, swimming lessons, sensory swim sessions, dance, arts and sports clubs. You do not "
            "need an assessment."
        ),
        "source": "seed 003 s3.1.1, s1.1",
        "level": "universal",
        # Its inclusive activities include disability youth games and sensory swims (seed 003 s3.1.1).
        "needs": ["send"],
        "eligibility": "Open to all children and young people, with some activities for disabled children.",
        "access_routes": [],
        "help_types": ["things-to-do"],
        "areas": ["medway"],
        "next_step": "No assessment is needed: contact Medway Sport about its activities.",
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "child-friendly-medway-activities",
        "organisation": "child-friendly-medway",
        "name": "Child Friendly Medway activities",
        "description": (
            "Child Friendly Medway runs inclusive activities for children and families. These include fun "
            "days, sensory and messy play, community story time and craft activities. You often do not need "
            "to book."
        ),
        "source": "seed 003 s3.1.1",
        "level": "universal",
        # Listed among the council-funded short breaks support services for SEND (seed 003 s3.1.1).
        "needs": ["send"],
        "eligibility": "Open to all children and families.",
        "access_routes": ["just-turn-up"],
        "help_types": ["things-to-do"],
        "areas": ["medway"],
        "next_step": "You often do not need to book: check the activity, then just turn up.",
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    # National childcare entitlements. The strategy lists them at the start of its current services
    # (seed 003 s3); they are not council services, so they sit under Medway Council only because the
    # council is who gives the advice and signposting the strategy mentions.
    {
        "key": "childcare-15-hours-age-2-3",
        "organisation": "medway-council",
        "name": "15 hours of childcare for some 2 and 3 year olds",
        "description": (
            "Some families with a child aged 2 or 3 can get 15 hours of childcare if they meet government "
            "eligibility criteria. Ask the council if you need advice on how to get it."
        ),
        "source": "seed 003 s3",
        "level": "universal",
        "min_age": 2,
        "max_age": 3,
        "needs": [],
        "eligibility": "Some families with a child aged 2 or 3 who meet the government's eligibility criteria.",
        "help_types": ["family-support"],
        "areas": ["medway"],
        "next_step": "Ask the council for advice on whether you can get it and how to use it.",
        "quality": "not-assured",
        "teams": ["chatham-all-saints-hub", "gillingham-hub", "strood-hub", "wayfield-hub"],
    },
    {
        "key": "childcare-30-hours-age-3-4",
        "organisation": "medway-council",
        "name": "30 hours of free childcare for 3 and 4 year olds",
        "description": (
            "Many families with a child aged 3 or 4 can get 30 hours of free childcare under the national "
            "free childcare scheme. Ask the council if you need advice on how to get it."
        ),
        "source": "seed 003 s3",
        "level": "universal",
        "min_age": 3,
        "max_age": 4,
        "needs": [],
        "eligibility": "Many families with a child aged 3 or 4, under the national free childcare scheme.",
        "funding": ["free"],
        "help_types": ["family-support"],
        "areas": ["medway"],
        "next_step": "Ask the council for advice on whether you can get it and how to use it.",
        "quality": "not-assured",
        "teams": ["chatham-all-saints-hub", "gillingham-hub", "strood-hub", "wayfield-hub"],
    },
    # Voluntary and community sector (seed 003 s3.3): not commissioned, so no quality assurance. The seeds
    # do not say where they run, so no areas are given.
    {
        "key": "puzzles-activities",
        "organisation": "puzzles",
        "name": "Puzzles activities and events",
        "description": (
            "Puzzles is a voluntary and community group that organises activities and events. You can pay "
            "for community activities like these with a direct payment. The council does not commission "
            "them, so it does not check their quality."
        ),
        "source": "seed 003 s3.3",
        "level": "universal",
        "needs": [],
        "funding": ["direct-payment"],
        "help_types": ["things-to-do"],
        "next_step": "Contact Puzzles directly to find out about its activities and events.",
        "quality": "not-assured",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "square-pegs-arts-activities",
        "organisation": "square-pegs-arts",
        "name": "Square Pegs Arts activities and events",
        "description": (
            "Square Pegs Arts is a voluntary and community group that organises activities and events. You "
            "can pay for community activities like these with a direct payment. The council does not "
            "commission them, so it does not check their quality."
        ),
        "source": "seed 003 s3.3",
        "level": "universal",
        "needs": [],
        "funding": ["direct-payment"],
        "help_types": ["things-to-do"],
        "next_step": "Contact Square Pegs Arts directly to find out about its activities and events.",
        "quality": "not-assured",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "medway-parent-carer-forum",
        "organisation": "medway-parent-carer-forum",
        "name": "Medway Parent and Carer Forum",
        "description": (
            "The forum speaks up for parents and carers of children with SEND and works with the council "
            "and health services to improve support. It organises activities and events, and many parents "
            "hear about short breaks through it. The council does not commission it, so it does not check "
            "the quality of its activities."
        ),
        "source": "seed 003 s3.3, s8.1.4; seed 004",
        "level": "universal",
        "needs": ["send"],
        "eligibility": "Parents and carers of children and young people with SEND.",
        "funding": ["direct-payment"],
        "help_types": ["things-to-do", "family-support"],
        "areas": ["medway"],
        "next_step": "Contact the forum directly to join and hear about its activities.",
        "quality": "not-assured",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    # Targeted: through a short break application and assessment (seed 003 s1.2, s3.1, s3.1.1).
    {
        "key": "short-breaks-assessment",
        "organisation": "medway-council",
        "name": "Targeted and specialist short breaks",
        "description": (
            "Short breaks give your child time away from you, having fun with friends, and give you a break "
            "from caring. Examples are holiday play schemes and home sitting. To get targeted or specialist "
            "short breaks you need an assessment, which looks at your child's needs, your needs as a carer "
            "and your family's needs."
        ),
        "source": "seed 000 (Short break services); seed 003 s1, s3.1",
        "level": "targeted",
        "needs": ["send"],
        "eligibility": "Families of children and young people with SEND whose needs universal services cannot meet.",
        "access_routes": ["self-refer", "social-care-assessment"],
        "funding": ["commissioned"],
        "help_types": ["break-for-carer", "things-to-do"],
        "areas": ["medway"],
        "phone": "01634 331 351",
        "next_step": (
            "Apply online with the short breaks application, which is the short break self-assessment. For "
            "questions about short breaks, call 01634 331 351."
        ),
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
        "online_route": "referrals:apply-short-breaks",
    },
    {
        "key": "short-breaks-grant",
        "organisation": "medway-council",
        "name": "Short breaks grant",
        "description": (
            "The short breaks grant is a fixed sum paid to you once a year to spend on short breaks, such as "
            "a personal assistant, days out, clubs or play schemes like ROCC. The Self Directed Support Team "
            "pays it into a managed account or onto a prepaid card and reviews it every year. The amount "
            "depends on how much your child's disability affects your family. The council's draft strategy "
            "proposes changes, including lower amounts and changes to who can get it."
        ),
        "source": "seed 003 s3.1.1, s3.2, s5.2, s7.2, s9 recommendation 4; seed 000 (Direct payments)",
        "level": "targeted",
        "needs": ["send"],
        # s3.2 (seed 003 line 166) says diagnosis AND DLA; recommendation 4 (lines 284, 468) says the
        # criteria are applied today as "and/or".
        "eligibility": (
            "Children with a diagnosed disability, as the Equality Act defines it, who get Disability Living "
            "Allowance (DLA). The strategy says a diagnosis or DLA has been enough in practice."
        ),
        "access_routes": ["short-breaks-grant"],
        "funding": ["short-breaks-grant"],
        "help_types": ["money", "break-for-carer"],
        "areas": ["medway"],
        "phone": "01634 331 351",
        "next_step": (
            "Apply online for the short breaks grant. For help with the application, call the Self Directed "
            "Support Team on 01634 331 351."
        ),
        "capacity": "In October 2023, 1,177 children were in the system: 935 renewals and 242 new applications.",
        "costs": [
            {
                "option": "Level 1 grant",
                "amount_pence": 50000,
                "description": (
                    "£500 a year when the disability has little or no impact on the family, or the risk of "
                    "family breakdown is minimal."
                ),
            },
            {
                "option": "Level 2 grant",
                "amount_pence": 75000,
                "description": (
                    "£750 a year when the disability has a moderate impact on the family, or there is a "
                    "possible risk of family breakdown."
                ),
            },
            {
                "option": "Level 3 grant",
                "amount_pence": 100000,
                "description": (
                    "£1,000 a year when the disability has a significant or major impact on the family, or "
                    "there is a significant risk of family breakdown."
                ),
            },
        ],
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
        "online_route": "referrals:apply-short-breaks",
    },
    {
        "key": "rocc-holiday-clubs",
        "organisation": "rocc",
        "name": "ROCC holiday clubs",
        "description": (
            "ROCC works with Rivermead Inclusive Trust to run holiday clubs for children and young people "
            "aged 5 to 25 with SEND, with seasonal activities on site and off site. You can refer yourself, "
            "then pay for the place yourself or with your short breaks grant or a direct payment; some ROCC "
            "sessions are paid for through Medway Go. Places are first come, first served, and families from "
            "Kent use ROCC too, but the council plans that Medway children will come first and places will "
            "go by need."
        ),
        "source": "seed 003 s3.1.1, s5.3, s7.1, s7.3, Figure 6",
        "level": "targeted",
        "min_age": 5,
        "max_age": 25,
        "needs": ["send"],
        "eligibility": "Children and young people aged 5 to 25 with SEND.",
        "residency": "medway-first",
        "access_routes": ["self-refer"],
        "funding": ["self-funded", "short-breaks-grant", "direct-payment"],
        "when": ["school-holidays"],
        "ratios": ["1:3", "1:2", "1:1", "2:1"],
        "help_types": ["things-to-do", "break-for-carer"],
        "areas": ["medway"],
        "next_step": "Refer yourself to ROCC for a holiday place.",
        "capacity": (
            "Up to 150 children each school holiday. The council plans 100 more holiday places with its "
            "short breaks innovation grant."
        ),
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "rocc-term-time-provision",
        "organisation": "rocc",
        "name": "ROCC term-time clubs (planned)",
        "description": (
            "Planned: the council is working with ROCC to start specialist term-time provision for children "
            "with disabilities, after school and on Saturdays. A Department for Education short breaks "
            "innovation grant pays for it. Medway children will come first, and places will go by need, not "
            "by ability to pay."
        ),
        "source": "seed 003 s7.3",
        "level": "targeted",
        "needs": ["send"],
        "eligibility": "Children with disabilities; Medway children first, with places given by need.",
        "residency": "medway-first",
        "funding": ["commissioned"],
        "when": ["term-time", "after-school", "weekends"],
        "help_types": ["things-to-do", "break-for-carer"],
        "areas": ["medway"],
        "next_step": "This is planned: call the short breaks line on 01634 331 351 to ask whether it has started.",
        "capacity": "Planned for up to 50 children.",
        "planned": True,
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "rocc-work-experience",
        "organisation": "rocc",
        "name": "ROCC work experience for young adults with SEND (planned)",
        "description": (
            "Planned: the council is working with ROCC to set up an accredited work experience programme for "
            "young adults with SEND, which also gives them day care. A Department for Education short breaks "
            "innovation grant pays for it. Medway young people will come first."
        ),
        "source": "seed 003 s7.3",
        "level": "targeted",
        "needs": ["send"],
        "eligibility": "Young adults with SEND; Medway young people first.",
        "residency": "medway-first",
        "funding": ["commissioned"],
        "help_types": ["things-to-do", "break-for-carer"],
        "areas": ["medway"],
        "next_step": "This is planned: call the short breaks line on 01634 331 351 to ask whether it has started.",
        "capacity": "Planned for up to 10 young adults.",
        "planned": True,
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "dragons-retreat-overnight-care",
        "organisation": "dragons-retreat",
        "name": "Dragons Retreat overnight care",
        "description": (
            "Dragons Retreat is an independent registered children's home in Hextable. It gives overnight "
            "care to children and young people up to the age of 18. A small number of families pay for it "
            "with a direct payment or a floating support package."
        ),
        "source": "seed 003 s3.1.1",
        "level": "targeted",
        "max_age": 18,
        # A targeted short break in the council's table of short breaks for SEND (seed 003 s3.1.1).
        "needs": ["send"],
        "eligibility": (
            "Children and young people up to 18 whose family has a direct payment or floating support "
            "package to pay for it."
        ),
        "access_routes": ["social-care-assessment", "panel"],
        "funding": ["direct-payment", "commissioned"],
        "when": ["overnight"],
        "help_types": ["overnight-care", "break-for-carer"],
        # Hextable is not one of the Medway area codes, so no area is given.
        "areas": [],
        "next_step": "Ask your social worker whether a direct payment or floating support package could pay for it.",
        "quality": "not-assured",
        "teams": ["0-to-25-disability-team", "short-breaks-and-self-directed-support"],
    },
    # Specialist: after assessment (seed 003 s1.3, s3.1.1).
    {
        "key": "direct-payments",
        "organisation": "medway-council",
        "name": "Direct payments",
        "description": (
            "A direct payment is money paid to you instead of a service the council arranges, so you have "
            "more choice over your child's support. It is usually used to employ a personal assistant, and "
            "the Self Directed Support Team helps you arrange support and manage the budget. Your support "
            "plan is reviewed after 4 months, after 10 months and then every year."
        ),
        "source": "seed 000 (Direct payments); seed 003 s1.3, s3.1.1, s5.4, s7.4, Figure 4",
        "level": "specialist",
        "needs": ["send"],
        "eligibility": (
            "Families of children and young people with SEND, after a social care assessment and a referral "
            "from their social worker."
        ),
        "access_routes": ["social-care-assessment"],
        "funding": ["direct-payment"],
        "ratios": ["1:1", "2:1"],
        "help_types": ["money", "break-for-carer"],
        "areas": ["medway"],
        "phone": "01634 331 351",
        "next_step": (
            "Ask your social worker about a direct payment; for help with your budget, call the Self "
            "Directed Support Team on 01634 331 351."
        ),
        "capacity": "About 146 families get direct payments each year.",
        "costs": [
            {
                "option": "One-off payment",
                "description": "One-off payments range from £92 to £1,000 a year.",
            },
            {
                "option": "Weekly payment",
                "description": "Ongoing payments range from £24.53 to £399.85 a week.",
            },
        ],
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "personal-assistant-employed",
        "organisation": "medway-council",
        "name": "Employing a personal assistant with a direct payment",
        "description": (
            "With a direct payment you can employ your own personal assistant (PA), which gives you the most "
            "choice and control over when and how they work. As the employer you give the PA a contract, and "
            "they are entitled to 5.6 weeks of annual leave a year, including bank holidays. You must "
            "register with HMRC, or an agent can do it for you, and the Self Directed Support Team helps with "
            "payroll, insurance and advice."
        ),
        "source": "seed 000 (Employing a personal assistant through direct payments); seed 003 s3.1.1, Figure 6",
        "level": "specialist",
        "needs": ["send"],
        "eligibility": "Families who get a direct payment.",
        "access_routes": ["social-care-assessment"],
        "funding": ["direct-payment"],
        "ratios": ["1:1", "2:1"],
        "help_types": ["break-for-carer", "family-support"],
        "areas": ["medway"],
        "phone": "01634 331 351",
        "next_step": "Call the Self Directed Support Team on 01634 331 351 to talk about employing a PA.",
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "personal-assistant-self-employed",
        "organisation": "medway-council",
        "name": "Using a self-employed personal assistant with a direct payment",
        "description": (
            "Instead of employing a PA, you can use a self-employed one. You still have choice and control, "
            "but you do not pay holiday pay or register with HMRC. You sign the PA's agreement, which should "
            "say what they charge, the support times agreed and the notice you must give to cancel. The Self "
            "Directed Support Team helps make sure you are happy with the terms."
        ),
        "source": "seed 000 (Employing a personal assistant through direct payments); seed 003 Figure 6",
        "level": "specialist",
        "needs": ["send"],
        "eligibility": "Families who get a direct payment.",
        "access_routes": ["social-care-assessment"],
        "funding": ["direct-payment"],
        "ratios": ["1:1", "2:1"],
        "help_types": ["break-for-carer", "family-support"],
        "areas": ["medway"],
        "phone": "01634 331 351",
        "next_step": "Call the Self Directed Support Team on 01634 331 351 to talk about using a self-employed PA.",
        "quality": "commissioned",
        "teams": ["short-breaks-and-self-directed-support"],
    },
    {
        "key": "parklands-after-school-club",
        "organisation": "medway-council",
        "name": "Parklands after school club",
        "description": (
            "Parklands after school club gives small-group care to children and young people aged 5 to 18 "
            "with complex needs. It is not running at the moment because Parklands cannot recruit and keep "
            "enough staff. Only the 0 to 25 disability team can refer your child."
        ),
        "source": "seed 003 s3.1.1, s5.5",
        "level": "specialist",
        "min_age": 5,
        "max_age": 18,
        "needs": ["send"],
        "eligibility": "Children and young people aged 5 to 18 with complex needs, referred by the 0 to 25 disability team.",
        "access_routes": ["referral-0-25"],
        "funding": ["commissioned"],
        "when": ["after-school"],
        "help_types": ["things-to-do", "break-for-carer"],
        "areas": ["medway"],
        "next_step": "The club is not running now: call the 0 to 25 disability team on 01634 338 500 about other support.",
        "quality": "commissioned",
        "status": "inactive",
        "teams": ["0-to-25-disability-team"],
    },
    {
        "key": "floating-support",
        "organisation": "medway-council",
        "name": "Floating support",
        "description": (
            "Floating support is specialist one-to-one or two-to-one care for your child at home and out in "
            "the community, including short breaks at home. It is like a direct payment, but the council "
            "arranges and pays for the care itself. A council panel agrees it after an assessment."
        ),
        "source": "seed 003 s1.3, s3.1.1, Figure 6",
        "level": "specialist",
        "needs": ["send"],
        "eligibility": "Vulnerable children with complex needs, when a panel agrees it after an assessment.",
        "access_routes": ["social-care-assessment", "panel"],
        "funding": ["commissioned"],
        "ratios": ["1:1", "2:1"],
        "help_types": ["break-for-carer", "family-support"],
        "areas": ["medway"],
        "next_step": "Ask your social worker: floating support is agreed at panel after an assessment.",
        "quality": "commissioned",
        "teams": ["0-to-25-disability-team"],
        "online_route": "referrals:apply-disability-team",
    },
    {
        "key": "parklands-short-breaks-home",
        "organisation": "medway-council",
        "name": "Parklands short breaks home (overnight respite)",
        "description": (
            "Parklands is a short breaks home run by the council. It gives overnight respite to children and "
            "young people aged 5 to 18 with complex needs, such as PEG feeding, personal care or mobility "
            "needs. Only the 0 to 25 disability team can refer your child."
        ),
        "source": "seed 003 s3.1.1, s5.5, Figure 4, Figure 6",
        "level": "specialist",
        "min_age": 5,
        "max_age": 18,
        "needs": ["send"],
        "eligibility": "Children and young people aged 5 to 18 with complex needs, referred by the 0 to 25 disability team.",
        "access_routes": ["referral-0-25"],
        "funding": ["commissioned"],
        "when": ["overnight"],
        "ratios": ["1:3", "1:2", "1:1", "2:1"],
        "help_types": ["overnight-care", "break-for-carer"],
        "areas": ["medway"],
        "next_step": (
            "Ask the 0 to 25 disability team for a referral: call the team on 01634 338 500, or call "
            "01634 334 466 to be referred to the team."
        ),
        "capacity": (
            "Up to 24 nights of respite a year for up to 70 children, but only 38 children have regular "
            "breaks there because of staff shortages."
        ),
        "quality": "commissioned",
        "teams": ["0-to-25-disability-team", "childrens-advice-and-duty-service"],
        "online_route": "referrals:apply-disability-team",
    },
    # Social care teams (seed 000, seed 001).
    {
        "key": "disability-team-0-25",
        "organisation": "medway-council",
        "name": "0 to 25 disability team",
        "description": (
            "The 0 to 25 disability team gives specialist help to disabled children and young people under "
            "25 and their families. This can include a social worker, community resources, care packages and "
            "short breaks that fit your child's needs. The team looks at your whole family's situation before "
            "deciding what support may help, and young people aged 18 to 24 stay with the team."
        ),
        "source": "seed 000 (0 to 25 disability service; Transition to adult social care)",
        "level": "specialist",
        # Under 25: young people transfer to adult social services at 25.
        "min_age": 0,
        "max_age": 24,
        "needs": ["substantial-long-term-disability"],
        "eligibility": (
            "Medway residents under 25 with a formal diagnosis of a substantial and long-term disability. "
            "Substantial means needing a lot of help from another person or equipment for basic daily tasks; "
            "long-term means not expected to improve for 12 months or more."
        ),
        "residency": "medway",
        "access_routes": ["self-refer"],
        "funding": ["commissioned"],
        "help_types": ["family-support", "break-for-carer"],
        "areas": ["medway"],
        "phone": "01634 338 500",
        "next_step": (
            "To ask for a referral, call 01634 334 466: you, your child or a professional with your consent "
            "can refer."
        ),
        "quality": "commissioned",
        "teams": ["0-to-25-disability-team", "childrens-advice-and-duty-service"],
        "online_route": "referrals:apply-disability-team",
    },
    {
        "key": "childrens-advice-and-duty-service",
        "organisation": "medway-council",
        "name": "Children's Advice and Duty Service",
        "description": (
            "If you are worried that a child or young person is being harmed, abused or neglected, tell the "
            "Children's Advice and Duty Service. The same number takes referrals to the 0 to 25 disability "
            "team and questions about supported living. The Medway Safeguarding Children Board also gives "
            "information and advice on keeping children safe."
        ),
        "source": "seed 000 (Safeguarding; 0 to 25 disability service; Supported living)",
        "level": "specialist",
        "needs": [],
        "eligibility": "Anyone who is worried about a child or young person.",
        "access_routes": ["self-refer"],
        "funding": ["commissioned"],
        "help_types": ["someone-to-talk-to", "family-support"],
        "areas": ["medway"],
        "phone": "01634 334 466",
        "next_step": "Call the Children's Advice and Duty Service on 01634 334 466.",
        "quality": "commissioned",
        "teams": ["childrens-advice-and-duty-service"],
        "online_route": "referrals:safety-start",
    },
    # Early help (seed 000, seed 002).
    {
        "key": "early-help",
        "organisation": "medway-council",
        "name": "Early help for families",
        "description": (
            "Early help is for families who need extra help early, before problems get too hard to manage, "
            "whether or not your child has SEND. It can help with things like school, health, work, domestic "
            "violence, housing, relationships, money and crime. You get one lead person, so you only tell "
            "your story once, who assesses your family's needs and agrees a plan with you. The council plans "
            "to add inclusion teams to each family hub to give joined-up help with education."
        ),
        "source": "seed 002; seed 000 (Early help); seed 003 s7.7",
        "level": "targeted",
        "needs": [],
        "eligibility": "Any family who needs extra help, with or without a child with SEND.",
        "access_routes": ["early-help-referral"],
        "funding": ["commissioned"],
        "help_types": ["family-support", "someone-to-talk-to"],
        "areas": ["medway"],
        "next_step": "Ask for early help online, or call your nearest hub's early help helpline.",
        "quality": "commissioned",
        "teams": ["chatham-all-saints-hub", "gillingham-hub", "strood-hub", "wayfield-hub"],
        "online_route": "referrals:apply-early-help",
    },
    {
        "key": "early-help-chatham-all-saints",
        "organisation": "medway-council",
        "name": "Chatham All Saints Children and Family Hub: early help helpline",
        "description": (
            "The early help helpline at Chatham All Saints Children and Family Hub gives advice and support "
            "to parents, young people and professionals. It is open Monday to Thursday 8am to 5pm and Friday "
            "8am to 4.30pm, and closed at weekends."
        ),
        "source": "seed 000 (Early help helplines)",
        "level": "targeted",
        "needs": [],
        "eligibility": "Parents, young people and professionals who need early help.",
        "access_routes": ["self-refer"],
        "funding": ["commissioned"],
        "when": ["weekdays"],
        "help_types": ["someone-to-talk-to", "family-support"],
        "areas": ["chatham"],
        "phone": "01634 338 833",
        "next_step": "Call 01634 338 833, Monday to Thursday 8am to 5pm or Friday 8am to 4.30pm.",
        "quality": "commissioned",
        "teams": ["chatham-all-saints-hub"],
        "online_route": "referrals:apply-early-help",
    },
    {
        "key": "early-help-gillingham",
        "organisation": "medway-council",
        "name": "Gillingham Children and Family Hub: early help helpline",
        "description": (
            "The early help helpline at Gillingham Children and Family Hub gives advice and support to "
            "parents, young people and professionals. It is open Monday to Thursday 8am to 5pm and Friday "
            "8am to 4.30pm, and closed at weekends."
        ),
        "source": "seed 000 (Early help helplines)",
        "level": "targeted",
        "needs": [],
        "eligibility": "Parents, young people and professionals who need early help.",
        "access_routes": ["self-refer"],
        "funding": ["commissioned"],
        "when": ["weekdays"],
        "help_types": ["someone-to-talk-to", "family-support"],
        "areas": ["gillingham"],
        "phone": "01634 338 877",
        "next_step": "Call 01634 338 877, Monday to Thursday 8am to 5pm or Friday 8am to 4.30pm.",
        "quality": "commissioned",
        "teams": ["gillingham-hub"],
        "online_route": "referrals:apply-early-help",
    },
    {
        "key": "early-help-strood",
        "organisation": "medway-council",
        "name": "Strood Children and Family Hub: early help helpline",
        "description": (
            "The early help helpline at Strood Children and Family Hub gives advice and support to parents, "
            "young people and professionals. It is open Monday to Thursday 8am to 5pm and Friday 8am to "
            "4.30pm, and closed at weekends."
        ),
        "source": "seed 000 (Early help helplines)",
        "level": "targeted",
        "needs": [],
        "eligibility": "Parents, young people and professionals who need early help.",
        "access_routes": ["self-refer"],
        "funding": ["commissioned"],
        "when": ["weekdays"],
        "help_types": ["someone-to-talk-to", "family-support"],
        "areas": ["strood"],
        "phone": "01634 335 533",
        "next_step": "Call 01634 335 533, Monday to Thursday 8am to 5pm or Friday 8am to 4.30pm.",
        "quality": "commissioned",
        "teams": ["strood-hub"],
        "online_route": "referrals:apply-early-help",
    },
    {
        "key": "early-help-wayfield",
        "organisation": "medway-council",
        "name": "Wayfield Children and Family Hub: early help helpline",
        "description": (
            "The early help helpline at Wayfield Children and Family Hub gives advice and support to parents, "
            "young people and professionals. It is open Monday to Thursday 8am to 5pm and Friday 8am to "
            "4.30pm, and closed at weekends."
        ),
        "source": "seed 000 (Early help helplines)",
        "level": "targeted",
        "needs": [],
        "eligibility": "Parents, young people and professionals who need early help.",
        "access_routes": ["self-refer"],
        "funding": ["commissioned"],
        "when": ["weekdays"],
        "help_types": ["someone-to-talk-to", "family-support"],
        # Wayfield is in Chatham. The seeds name the hub but not its town.
        "areas": ["chatham"],
        "phone": "01634 337 733",
        "next_step": "Call 01634 337 733, Monday to Thursday 8am to 5pm or Friday 8am to 4.30pm.",
        "quality": "commissioned",
        "teams": ["wayfield-hub"],
        "online_route": "referrals:apply-early-help",
    },
    # Equipment, housing, carers, sensory, transition (seed 000).
    {
        "key": "occupational-therapy",
        "organisation": "medway-council",
        "name": "Occupational therapy: equipment and home adaptations",
        "description": (
            "If your child has SEND and struggles to get around your home, an occupational therapist may be "
            "able to help with equipment or changes to your home. Before any changes are made, the "
            "occupational therapist visits to assess your child and find the best way to support their "
            "independence."
        ),
        "source": "seed 000 (Occupational therapy: Adaptions and equipment)",
        "level": "specialist",
        "needs": ["send"],
        "eligibility": "Children and young people with SEND who struggle to get around their home.",
        "help_types": ["equipment"],
        "areas": ["medway"],
        "phone": "01634 338 500",
        "next_step": "Call the 0 to 25 disability team on 01634 338 500 for information and advice.",
        "quality": "commissioned",
        "teams": ["0-to-25-disability-team"],
        "online_route": "referrals:apply-disability-team",
    },
    {
        "key": "supported-housing",
        "organisation": "medway-council",
        "name": "Supported housing",
        "description": (
            "Supported housing is for young people with SEND who struggle to live alone but do not need "
            "full-time residential care. They live in a small area of suitable or adapted housing, with care "
            "staff nearby to help, including with personal care."
        ),
        "source": "seed 000 (Supported housing)",
        "level": "specialist",
        "needs": ["send"],
        "eligibility": "Young people with SEND who find it hard to live alone but do not need full-time residential care.",
        "help_types": ["housing"],
        "areas": ["medway"],
        "next_step": "Ask Medway Council for more information or an application form for supported housing.",
        "quality": "commissioned",
        "teams": ["0-to-25-disability-team"],
        "online_route": "referrals:apply-supported-living",
    },
    {
        "key": "supported-living",
        "organisation": "medway-council",
        "name": "Supported living (18 and over)",
        "description": (
            "Supported living may be an option for young people with SEND aged 18 and over who need support "
            "to live in their community. It could suit young people at residential colleges or who cannot "
            "keep living with their family. You need a needs assessment first."
        ),
        "source": "seed 000 (Supported living)",
        "level": "specialist",
        "min_age": 18,
        "needs": ["send"],
        "eligibility": "Young people with SEND aged 18 and over, after a needs assessment.",
        "access_routes": ["social-care-assessment"],
        "help_types": ["housing"],
        "areas": ["medway"],
        "phone": "01634 334 466",
        "next_step": "Call 01634 334 466 for more information about supported living and the needs assessment.",
        "quality": "commissioned",
        "teams": ["0-to-25-disability-team", "childrens-advice-and-duty-service"],
        "online_route": "referrals:apply-supported-living",
    },
    {
        "key": "support-for-carers",
        "organisation": "medway-council",
        "name": "Support for carers and carers' assessments",
        "description": (
            "If you regularly care for a family member with SEND and your physical or mental health is "
            "getting worse, or may get worse, you can get support. Ask for a carer's assessment to find out "
            "what help you can get. Assessments for short breaks also look at your needs as a carer."
        ),
        "source": "seed 000 (Support for carers; Short break services)",
        "level": "targeted",
        "needs": ["send"],
        "eligibility": (
            "People who give regular care to a family member with SEND and whose physical or mental health is "
            "getting worse or at risk of getting worse."
        ),
        "access_routes": ["self-refer"],
        "funding": ["commissioned"],
        "help_types": ["family-support", "break-for-carer"],
        "areas": ["medway"],
        "next_step": "Ask Medway Council for a carer's assessment.",
        "quality": "commissioned",
        "teams": ["0-to-25-disability-team"],
        "online_route": "referrals:apply-carers-assessment",
    },
    # The seeds say only that "many organisations across Medway" offer this support, without naming any, so
    # it is listed under the council, which signposts to them.
    {
        "key": "visual-and-hearing-impairment",
        "organisation": "medway-council",
        "name": "Visual and hearing impairment support",
        "description": (
            "Many organisations across Medway offer support for children and young people with a visual or "
            "hearing impairment. The council's Local Offer pages have more information about them."
        ),
        "source": "seed 000 (Visual and hearing impairment)",
        "level": "targeted",
        "needs": ["hearing", "visual"],
        "eligibility": "Children and young people with a visual or hearing impairment.",
        "help_types": ["family-support"],
        "areas": ["medway"],
        "next_step": "Read the council's Local Offer page on visual and hearing impairment to find organisations that can help.",
        "quality": "not-assured",
        "teams": ["0-to-25-disability-team"],
    },
    {
        "key": "transition-to-adult-social-care",
        "organisation": "medway-council",
        "name": "Moving to adult social care",
        "description": (
            "Young people aged 18 to 24 keep their support from the 0 to 25 disability team. When they reach "
            "25, the team arranges a co-ordinated move to adult social services so that support carries on."
        ),
        "source": "seed 000 (Transition to adult social care)",
        "level": "specialist",
        "min_age": 18,
        "max_age": 24,
        "needs": ["substantial-long-term-disability"],
        "eligibility": "Young people aged 18 to 24 supported by the 0 to 25 disability team.",
        "residency": "medway",
        "access_routes": ["referral-0-25"],
        "funding": ["commissioned"],
        "help_types": ["family-support"],
        "areas": ["medway"],
        "next_step": "Talk to the 0 to 25 disability team on 01634 338 500 about the move to adult social care.",
        "quality": "commissioned",
        "teams": ["0-to-25-disability-team"],
    },
    # Children in care and care leavers (seed 000, seed 001).
    {
        "key": "children-in-care",
        "organisation": "medway-council",
        "name": "Children in Care Service",
        "description": (
            "The council helps families care for their children at home; if that is not possible, it looks "
            "for family or friends, and then for the best placement. The Children in Care Service supports "
            "children in care who have no realistic plan to go home, including unaccompanied asylum-seeking "
            "children. Young people usually move to the leaving care team at 16, unless there is a good "
            "reason to stay, for example during GCSEs, and they get a leaving care personal adviser from 16."
        ),
        "source": "seed 001 (Children in Care Service); seed 000 (Looked after children)",
        "level": "specialist",
        # A 0 to 16 service: young people usually transfer to the leaving care team when they reach 16, so
        # 15 is the last age (by the same rule as the 0 to 25 team); some stay longer for a clear reason.
        "min_age": 0,
        "max_age": 15,
        "needs": ["care-experienced"],
        "eligibility": (
            "Children who came into care before 16 and have no plan to return home, and unaccompanied "
            "asylum-seeking children."
        ),
        "funding": ["commissioned"],
        "help_types": ["family-support"],
        "areas": ["medway"],
        "next_step": "The service works with children once they are in care: talk to your child's social worker.",
        "quality": "commissioned",
        "teams": ["children-in-care-service", "childrens-advice-and-duty-service"],
    },
    {
        "key": "leaving-care-16-plus",
        "organisation": "medway-council",
        "name": "Leaving Care 16 plus team",
        "description": (
            "The leaving care team supports young people aged 16 to 25 who have left Medway Council's care "
            "and are still entitled to leaving care support. It helps with housing applications, education, "
            "work, benefits, and emotional health and wellbeing. Your personal adviser starts at 16 and stays "
            "with you after you turn 18."
        ),
        "source": "seed 001 (Leaving Care 16 plus team; Children in Care Service); seed 000 (Looked after children)",
        "level": "specialist",
        "min_age": 16,
        "max_age": 25,
        "needs": ["care-experienced"],
        "eligibility": (
            "Young people aged 16 to 25 who have left Medway Council's care and are still entitled to leaving "
            "care support."
        ),
        "funding": ["commissioned"],
        "help_types": ["housing", "someone-to-talk-to"],
        "areas": ["medway"],
        "next_step": "Talk to your leaving care personal adviser or your social worker.",
        "quality": "commissioned",
        "teams": ["leaving-care-16-plus-team", "childrens-advice-and-duty-service"],
    },
    # Possibly the same place as the Parklands short breaks home (seed 003), but the seeds do not say so, so
    # it is kept as its own entry.
    {
        "key": "aut-even-and-parklands",
        "organisation": "medway-council",
        "name": "Family Support Service: Aut Even and Parklands",
        "description": (
            "Aut Even and Parklands is a residential respite centre for children with a disability, where "
            "several agencies work together. It also offers day care. It is part of the council's Family "
            "Support Service."
        ),
        "source": "seed 001 (Family Support Service)",
        "level": "specialist",
        "needs": ["send"],
        "eligibility": "Children with a disability.",
        "funding": ["commissioned"],
        "when": ["overnight"],
        "help_types": ["overnight-care", "break-for-carer"],
        "areas": ["medway"],
        "next_step": "Call the 0 to 25 disability team on 01634 338 500 for information and advice.",
        "quality": "commissioned",
        "teams": ["family-support-service", "0-to-25-disability-team"],
    },
    {
        "key": "virtual-school",
        "organisation": "medway-council",
        "name": "Virtual School Medway",
        "description": (
            "Medway Virtual School helps children in care and young care leavers do as well at school as "
            "other pupils. It is led by a virtual headteacher, who works with schools, carers and social "
            "workers."
        ),
        "source": "seed 001 (Virtual School Medway)",
        "level": "specialist",
        "needs": ["care-experienced"],
        "eligibility": "Children in care and young care leavers.",
        "funding": ["commissioned"],
        "help_types": [],
        "areas": ["medway"],
        "next_step": "Ask your child's school, carer or social worker to involve the Virtual School.",
        "quality": "commissioned",
        "teams": ["virtual-school-medway", "childrens-advice-and-duty-service"],
    },
    {
        "key": "fostering",
        "organisation": "medway-council",
        "name": "Fostering",
        "description": (
            "Foster carers give children short or long-term care, stability and a safe, loving home. One "
            "fostering team recruits, assesses, supports and supervises foster carers, and also works with "
            "supported lodgings providers and private fostering arrangements. The other team assesses family "
            "and friends who want to care for a child, including for special guardianship."
        ),
        "source": "seed 001 (Fostering Team); seed 000 (Adoption and fostering)",
        "level": "specialist",
        "needs": [],
        "eligibility": "People who want to foster, and family and friends who want to care for a child.",
        "funding": ["commissioned"],
        "help_types": ["family-support"],
        "areas": ["medway"],
        "next_step": "Contact Medway Council's fostering team to find out about fostering.",
        "quality": "commissioned",
        "teams": ["fostering-team", "childrens-advice-and-duty-service"],
    },
    {
        "key": "adoption",
        "organisation": "medway-council",
        "name": "Adoption",
        "description": (
            "The adoption team finds permanent new families for children who can no longer live with their "
            "birth parents. It recruits, assesses and prepares adopters. It also supports adopted children, "
            "special guardians and their families, birth families and adopted adults."
        ),
        "source": "seed 001 (Adoption Team); seed 000 (Adoption and fostering)",
        "level": "specialist",
        "needs": [],
        "eligibility": (
            "People who want to adopt, and adopted children, special guardians, birth families and adopted "
            "adults who need support."
        ),
        "funding": ["commissioned"],
        "help_types": ["family-support"],
        "areas": ["medway"],
        "next_step": "Contact Medway Council's adoption team.",
        "quality": "commissioned",
        "teams": ["adoption-team", "childrens-advice-and-duty-service"],
    },
]
