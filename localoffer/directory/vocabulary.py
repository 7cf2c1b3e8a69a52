"""The words families use, as data: what they type for each need, kind of help, time and way in, and the
typing slips the search forgives beyond its one-letter rule.

This is data, not search logic, so that any engine can use it: the search (search.py) puts a term's words
in the search columns of every service that has the term, which each database's full-text engine indexes;
a word of a term also finds the services with a term above or below it (see `related_codes`), through
those terms' markers added to the query; and it reads the spellings as a query rewrite.

The needs follow the categories councils record for EHC plans (the SEN2 return: autism, speech, language
and communication needs, social, emotional and mental health, moderate and severe learning difficulty,
physical disability, hearing and visual impairment); the words are those families, schools and health
services use for them. ADHD has no category of its own: councils record it under social, emotional and
mental health. Words of one or two letters ("HI", "VI", "PD") are left out: they are common words too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# Each taxonomy's term codes and the words families use for them (the term's own name is always a word too).
NEED_WORDS: dict[str, list[str]] = {
    "send": [
        "SEND",
        "SEN",
        "special educational needs",
        "special needs",
        "additional needs",
        "disability",
        "disabilities",
        "disabled",
        "complex needs",
    ],
    "autism": [
        "autism",
        "autistic",
        "ASD",
        "ASC",
        "autism spectrum disorder",
        "autism spectrum condition",
        "autistic spectrum",
        "Asperger",
        "Aspergers",
        "Asperger's syndrome",
        "PDA",
        "pathological demand avoidance",
        "neurodivergent",
        "neurodiverse",
    ],
    "slcn": [
        "speech and language",
        "speech",
        "language",
        "communication",
        "SLCN",
        "speech therapy",
        "speech and language therapy",
        "non-verbal",
        "nonverbal",
        "selective mutism",
        "stammer",
        "stutter",
        "DLD",
        "developmental language disorder",
        "Makaton",
    ],
    "semh": [
        "SEMH",
        "social emotional and mental health",
        "mental health",
        "emotional",
        "emotional wellbeing",
        "behaviour",
        "behavioural",
        "anxiety",
        "ADHD",
        "attention deficit",
        "attention deficit hyperactivity disorder",
        "hyperactivity",
        "attachment",
        "trauma",
        "neurodivergent",
    ],
    "mld": [
        "MLD",
        "moderate learning difficulty",
        "moderate learning difficulties",
        "learning difficulty",
        "learning difficulties",
        "learning disability",
        "learning disabilities",
        "developmental delay",
        "global developmental delay",
        "dyslexia",
        "dyspraxia",
        "dyscalculia",
        "SpLD",
        "Down syndrome",
        "Down's syndrome",
    ],
    "sld": [
        "SLD",
        "severe learning difficulty",
        "severe learning difficulties",
        "severe learning disability",
        "learning disability",
        "learning disabilities",
        "PMLD",
        "profound and multiple learning difficulties",
        "Down syndrome",
        "Down's syndrome",
    ],
    "physical": [
        "physical disability",
        "physically disabled",
        "wheelchair",
        "wheelchair user",
        "mobility",
        "cerebral palsy",
        "muscular dystrophy",
        "spina bifida",
        "epilepsy",
        "medical needs",
        "tube fed",
        "PEG feeding",
    ],
    "hearing": [
        "hearing impairment",
        "hearing impaired",
        "deaf",
        "deafness",
        "hard of hearing",
        "hearing loss",
        "BSL",
        "British Sign Language",
        "sign language",
        "cochlear implant",
        "deafblind",
        "multi-sensory impairment",
        "sensory impairment",
    ],
    "visual": [
        "visual impairment",
        "visually impaired",
        "blind",
        "blindness",
        "partially sighted",
        "sight loss",
        "low vision",
        "braille",
        "deafblind",
        "multi-sensory impairment",
        "sensory impairment",
    ],
    "substantial-long-term-disability": [
        "substantial disability",
        "long-term disability",
        "severe disability",
        "profound disability",
        "complex disability",
        "complex needs",
        "PMLD",
    ],
    "care-experienced": [
        "children in care",
        "child in care",
        "looked after",
        "looked after child",
        "LAC",
        "CLA",
        "care leaver",
        "care leavers",
        "leaving care",
        "care experienced",
        "fostered",
        "foster care",
        "unaccompanied asylum seeking",
        "UASC",
    ],
}

HELP_WORDS: dict[str, list[str]] = {
    "things-to-do": [
        "activities",
        "activity",
        "club",
        "clubs",
        "play scheme",
        "playscheme",
        "youth club",
        "leisure",
        "sport",
        "fun",
        "days out",
        "hobbies",
        "social",
        "friends",
    ],
    "break-for-carer": [
        "respite",
        "short break",
        "short breaks",
        "break",
        "carer break",
        "sitting",
        "home sitting",
        "sitter",
    ],
    "overnight-care": ["overnight", "respite", "residential", "sleepover", "nights away", "overnight stay"],
    "money": ["grant", "money", "funding", "fund", "payment", "cash", "budget", "financial help"],
    "equipment": ["equipment", "adaptations", "adaptation", "aids", "hoist", "ramp", "occupational therapy"],
    "someone-to-talk-to": ["advice", "helpline", "talk", "information", "listen", "phone"],
    "family-support": ["family support", "parenting", "family help", "family hub"],
    "housing": [
        "housing",
        "home",
        "living independently",
        "independent living",
        "supported living",
        "accommodation",
        "flat",
        "moving out",
    ],
}

WHEN_WORDS: dict[str, list[str]] = {
    "term-time": ["term time", "school term"],
    "school-holidays": [
        "holiday",
        "holidays",
        "school holidays",
        "summer",
        "summer holidays",
        "half term",
        "easter",
        "christmas",
    ],
    "after-school": ["after school", "evening", "evenings"],
    "weekends": ["weekend", "weekends", "saturday", "sunday"],
    "overnight": ["overnight", "night", "nights", "sleepover"],
    "weekdays": ["weekday", "weekdays", "monday", "tuesday", "wednesday", "thursday", "friday"],
}

FUNDING_WORDS: dict[str, list[str]] = {
    "free": ["free", "no cost", "free of charge"],
    "self-funded": ["pay", "paid", "cost", "fee", "fees", "self funded"],
    "short-breaks-grant": ["grant", "short breaks grant"],
    "direct-payment": ["direct payment", "direct payments", "personal budget"],
    "commissioned": ["council funded", "free"],
}

ACCESS_WORDS: dict[str, list[str]] = {
    "just-turn-up": ["drop in", "drop-in", "no booking", "walk in", "turn up"],
    "book": ["booking", "book"],
    "self-refer": ["self referral", "self-referral", "refer myself", "apply"],
    "short-breaks-grant": ["apply", "application"],
    "referral-0-25": ["referral", "social worker"],
    "panel": ["panel"],
    "social-care-assessment": ["assessment", "social worker", "social care"],
    "early-help-referral": ["referral", "early help"],
}

LEVEL_WORDS: dict[str, list[str]] = {
    "universal": ["universal", "open to all", "no assessment", "open to everyone"],
    "targeted": ["targeted", "short break assessment"],
    "specialist": ["specialist", "complex needs"],
}

# By taxonomy slug (see directory.services.TAXONOMIES). Areas are the council's own, in its data.
WORDS: dict[str, dict[str, list[str]]] = {
    "needs": NEED_WORDS,
    "help-types": HELP_WORDS,
    "when": WHEN_WORDS,
    "funding": FUNDING_WORDS,
    "access-routes": ACCESS_WORDS,
    "level-of-need": LEVEL_WORDS,
}

# A service "for children with SEND" serves every need, so each specific need sits under "send" (the
# umbrella); care experience is not a need of SEND, so it has none.
NEED_UMBRELLA = "send"
NEED_PARENTS: dict[str, str] = {
    code: NEED_UMBRELLA for code in NEED_WORDS if code not in {NEED_UMBRELLA, "care-experienced"}
}

# Typing slips the one-letter rule cannot forgive (two letters out, or a stem that changes): the typed word
# and the word meant. Words one slip from an indexed word ("holliday", "autisim") need no entry.
SPELLINGS: dict[str, str] = {
    "hollyday": "holiday",
    "hollydays": "holidays",
    "holyday": "holiday",
    "holydays": "holidays",
    "hoilday": "holiday",
    "hoildays": "holidays",
    "overnite": "overnight",
    "overnites": "overnight",
    "ovanight": "overnight",
    "ovenite": "overnight",
    "nite": "night",
    "nites": "nights",
    "tonite": "tonight",
    "respit": "respite",
    "resbite": "respite",
    "awtism": "autism",
    "ortism": "autism",
    "autisam": "autism",
    "otistic": "autistic",
    "ortistic": "autistic",
    "aspergus": "aspergers",
    "assburgers": "aspergers",
    "disabilty": "disability",
    "disablity": "disability",
    "dissability": "disability",
    "disibility": "disability",
    "disabilitys": "disabilities",
    "disabilites": "disabilities",
    "dissabled": "disabled",
    "behavour": "behaviour",
    "behavoir": "behaviour",
    "dislexia": "dyslexia",
    "dyslexsia": "dyslexia",
    "dispraxia": "dyspraxia",
    "activites": "activities",
    "activitys": "activities",
    "actvities": "activities",
    "wheelchare": "wheelchair",
    "weelchair": "wheelchair",
    "speach": "speech",
    "langwidge": "language",
    "aspberger": "asperger",
    "downs": "down",
    "satuday": "saturday",
    "wensday": "wednesday",
    "wednsday": "wednesday",
    "finanical": "financial",
    "counciling": "counselling",
    "councelling": "counselling",
    "adaptions": "adaptations",
    "equiptment": "equipment",
    "accomodation": "accommodation",
    "independant": "independent",
}


def related_codes(code: str, parents: Mapping[str, str]) -> set[str]:
    """A term and the terms above and below it: a service for all SEND serves autistic children, and a
    service for autistic children is a service for children with SEND. Parents map a code to the code
    above it."""
    related = {code}
    above = parents.get(code)
    while above is not None and above not in related:
        related.add(above)
        above = parents.get(above)
    below = {code}
    while below:
        below = {child for child, parent in parents.items() if parent in below} - related
        related |= below
    return related


def phrases(codes: Iterable[str], words: Mapping[str, list[str]]) -> list[str]:
    """Every word families use for any of these codes, once each, in order."""
    seen: dict[str, None] = {}
    for code in codes:
        for word in words.get(code, []):
            seen.setdefault(word, None)
    return list(seen)
