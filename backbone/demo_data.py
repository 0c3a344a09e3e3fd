"""The demo alliance's content, as plain data: `manage.py seed_demo` loads it.

Facts come from the domain notes (/work/shared/domain/kalundborg-youth-health.md): the vision,
the focus areas, the working groups and the partner organisations are modelled on the public
Ung & Sund Kalundborg material. Every person is fictional. Young people get no birth date and
only a demo address. Only the five DEMO_LOGINS can log in; every other person gets an unusable
password.

Organisations and people are referred to by name and key, so the loader looks them up by
their natural keys and running it twice changes nothing.
"""

from __future__ import annotations

import datetime
import unicodedata

DEMO_PASSWORD = "Kalundborg-demo-2026"  # noqa: S105  # nosec B105 - published demo credential
DEMO_URL = "http://127.0.0.1:8000/"

ALLIANCE = {
    "slug": "kalundborg",
    "name": "Ung & Sund Kalundborg",
    "municipality": "Kalundborg",
    "tagline": "Sammen om et sundt ungeliv – med de unge som eksperter i eget liv.",
    "vision": (
        "Alle unge i Kalundborg Kommune har håb og drømme for fremtiden – "
        "og lige gode muligheder for et sundt ungeliv."
    ),
    "is_public": True,
    "is_demo": True,
}

# position -> (title, description)
FOCUS_AREAS = [
    {
        "position": 1,
        "title": "Mental trivsel og fællesskaber",
        "description": (
            "Flere unge trives og føler sig som en del af et fællesskab. Vi vil mindske "
            "ensomhed, stress og dårligt mentalt helbred, især på erhvervsuddannelserne og FGU, "
            "hvor mistrivslen er størst, ved at skabe steder og fællesskaber, hvor unge kan "
            "mødes, og ved at gøre det let at få hjælp i tide."
        ),
    },
    {
        "position": 2,
        "title": "Bevægelse og aktiv fritid",
        "description": (
            "Flere unge bevæger sig hver dag og er med i en organiseret fritidsaktivitet. "
            "Foreninger, skoler og ungdomsuddannelser gør det nemt og billigt at komme i gang – "
            "også for unge i landområderne, hvor afstande og busplaner står i vejen."
        ),
    },
    {
        "position": 3,
        "title": "Mad, måltider og søvn",
        "description": (
            "Flere unge spiser morgenmad, frugt og grønt og sover nok, og færre drikker "
            "sodavand og energidrik dagligt. Kantiner, skoler og hjem samarbejder om sunde og "
            "billige valg og om rutiner, der giver overskud i hverdagen."
        ),
    },
    {
        "position": 4,
        "title": "Røgfrit og rusfrit ungeliv",
        "description": (
            "Færre unge ryger, bruger snus og andre nikotinprodukter eller drikker sig "
            "fulde, og ingen under 18 år drikker alkohol. Vi arbejder for røgfri skoletid, "
            "rygestop for unge og fester, hvor det er lige så sjovt uden rus."
        ),
    },
    {
        "position": 5,
        "title": "Uddannelse og fremtid",
        "description": (
            "Flere unge tager en ungdomsuddannelse og bliver i den, og færre står uden job "
            "eller uddannelse. Skoler, Ungeindsatsen og virksomhederne i Kalundborg skaber "
            "gode overgange, mentorer og praktikpladser, så alle unge kan se en vej frem."
        ),
    },
]

# Partner organisations by sector (domain notes section 3.1). A CVR number only where it is
# known to be right; the two folkeskoler are fictional.
ORGANISATIONS = [
    # Municipality
    {
        "name": "Kalundborg Kommune",
        "sector": "municipality",
        "cvr": "29189374",
        "website": "https://kalundborg.dk",
    },
    {"name": "UngKalundborg", "sector": "municipality"},
    {"name": "SSP Kalundborg", "sector": "municipality"},
    {"name": "Ungeindsatsen Kalundborg", "sector": "municipality"},
    # Region / health
    {
        "name": "Region Sjælland",
        "sector": "region_health",
        "website": "https://www.regionsjaelland.dk",
    },
    {"name": "Holbæk Sygehus, Børne- og Ungeafdelingen", "sector": "region_health"},
    {
        "name": "Psykiatrien Region Sjælland, Børne- og ungdomspsykiatrien",
        "sector": "region_health",
    },
    # Education
    {"name": "Kalundborg Gymnasium", "sector": "education"},
    {"name": "NEG – Nordvestsjællands Erhvervs- og Gymnasieuddannelser", "sector": "education"},
    {"name": "FGU Svebølle", "sector": "education"},
    {"name": "Landbrugsskolen i Høng", "sector": "education"},
    {"name": "Fjordbakkeskolen (fiktiv folkeskole)", "sector": "education"},
    {"name": "Skovlyskolen (fiktiv folkeskole)", "sector": "education"},
    # Civil society
    {"name": "Kræftens Bekæmpelse", "sector": "civil_society", "website": "https://www.cancer.dk"},
    {"name": "Kvindenetværk Kalundborg", "sector": "civil_society"},
    {"name": "Lions Club Kalundborg", "sector": "civil_society"},
    # Sports and leisure
    {"name": "Raklev GI", "sector": "sports_leisure"},
    {"name": "DGI Vestsjælland", "sector": "sports_leisure"},
    # Business
    {"name": "Novo Nordisk", "sector": "business"},
    {"name": "Novonesis", "sector": "business"},
    {"name": "Equinor Refining Denmark", "sector": "business"},
    {"name": "Kalundborg Symbiose", "sector": "business"},
    # Youth organisations
    {"name": "Luma Youth House", "sector": "youth_organisation"},
    {"name": "L.U.V. – LGBT+ ungegruppe Vestsjælland", "sector": "youth_organisation"},
    {"name": "Symb Ung", "sector": "youth_organisation"},
]

KOMMUNE = "Kalundborg Kommune"
GYMNASIUM = "Kalundborg Gymnasium"
NEG = "NEG – Nordvestsjællands Erhvervs- og Gymnasieuddannelser"
FGU = "FGU Svebølle"
KB = "Kræftens Bekæmpelse"

# The five people who can log in, by key. Each has a verified primary email address.
DEMO_LOGINS = {
    "lars": "secretariat@example.org",
    "mette": "steering@example.org",
    "rasmus": "coordinator@example.org",
    "anne": "member@example.org",
    "sara": "youth@example.org",
}

# Every person, fictional. `role` is their role in the alliance; `organisation` the partner
# they belong to (young people represent themselves). Emails of everyone but the demo logins
# are firstname.lastname@demo.example.org.
PEOPLE = {
    # Secretariat (backbone)
    "lars": {"full_name": "Lars Holm", "role": "secretariat", "organisation": KOMMUNE},
    "nadia": {"full_name": "Nadia Berg", "role": "secretariat", "organisation": KOMMUNE},
    # Steering group, adults
    "mette": {"full_name": "Mette Kragh", "role": "steering", "organisation": KOMMUNE},
    "hanne": {"full_name": "Hanne Vestergaard", "role": "steering", "organisation": GYMNASIUM},
    "soeren": {"full_name": "Søren Mikkelsen", "role": "steering", "organisation": NEG},
    "birgitte": {"full_name": "Birgitte Dahl", "role": "steering", "organisation": FGU},
    "kim": {"full_name": "Kim Juhl", "role": "steering", "organisation": "Raklev GI"},
    "camilla": {
        "full_name": "Camilla Friis",
        "role": "steering",
        "organisation": "Holbæk Sygehus, Børne- og Ungeafdelingen",
    },
    "thomas": {"full_name": "Thomas Bech", "role": "steering", "organisation": "Novo Nordisk"},
    "louise": {"full_name": "Louise Skov", "role": "steering", "organisation": KB},
    # Young people: the youth panel; four of them sit in the steering group
    "amalie": {"full_name": "Amalie Nørgaard", "role": "youth", "organisation": None},
    "jonas": {"full_name": "Jonas Lind", "role": "youth", "organisation": "Symb Ung"},
    "sara": {"full_name": "Sara Ahmadi", "role": "youth", "organisation": None},
    "mikkel": {"full_name": "Mikkel Storm", "role": "youth", "organisation": None},
    "freja": {"full_name": "Freja Holm Jensen", "role": "youth", "organisation": None},
    "ali": {"full_name": "Ali Demir", "role": "youth", "organisation": None},
    "emma": {"full_name": "Emma Krog", "role": "youth", "organisation": None},
    "noah": {"full_name": "Noah Vinther", "role": "youth", "organisation": None},
    # Working group coordinators
    "rasmus": {"full_name": "Rasmus Krogh", "role": "coordinator", "organisation": "UngKalundborg"},
    "maria": {"full_name": "Maria Holt", "role": "coordinator", "organisation": GYMNASIUM},
    "henrik": {
        "full_name": "Henrik Bay",
        "role": "coordinator",
        "organisation": "DGI Vestsjælland",
    },
    "lene": {"full_name": "Lene Thomsen", "role": "coordinator", "organisation": FGU},
    "jesper": {
        "full_name": "Jesper Winther",
        "role": "coordinator",
        "organisation": "SSP Kalundborg",
    },
    "pia": {
        "full_name": "Pia Kjær",
        "role": "coordinator",
        "organisation": "Ungeindsatsen Kalundborg",
    },
    # Working group members
    "anne": {"full_name": "Anne Mortensen", "role": "member", "organisation": "Luma Youth House"},
    "omar": {
        "full_name": "Omar Nielsen",
        "role": "member",
        "organisation": "L.U.V. – LGBT+ ungegruppe Vestsjælland",
    },
    "karen": {
        "full_name": "Karen Lauridsen",
        "role": "member",
        "organisation": "Kvindenetværk Kalundborg",
    },
    "mads": {"full_name": "Mads Poulsen", "role": "member", "organisation": NEG},
    "helle": {
        "full_name": "Helle Sørensen",
        "role": "member",
        "organisation": "Psykiatrien Region Sjælland, Børne- og ungdomspsykiatrien",
    },
    "bo": {"full_name": "Bo Kristiansen", "role": "member", "organisation": "Raklev GI"},
    "tina": {"full_name": "Tina Andersen", "role": "member", "organisation": NEG},
    "signe": {
        "full_name": "Signe Ravn",
        "role": "member",
        "organisation": "Holbæk Sygehus, Børne- og Ungeafdelingen",
    },
    "michael": {"full_name": "Michael Brandt", "role": "member", "organisation": "Novonesis"},
    "kasper": {
        "full_name": "Kasper Eriksen",
        "role": "member",
        "organisation": "Kalundborg Symbiose",
    },
    "julie": {
        "full_name": "Julie Madsen",
        "role": "member",
        "organisation": "Fjordbakkeskolen (fiktiv folkeskole)",
    },
}

DEMO_EMAIL_DOMAIN = "demo.example.org"


def demo_email(full_name: str) -> str:
    """firstname.lastname@demo.example.org, with æ, ø, å spelt ae, oe, aa."""
    name = full_name.lower()
    for letter, spelling in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        name = name.replace(letter, spelling)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return f"{'.'.join(ascii_name.split())}@{DEMO_EMAIL_DOMAIN}"


# Two-year terms that started this January, so the demo's seats are current whenever it runs.
_TERM_START = datetime.date(datetime.date.today().year, 1, 1)
STEERING_TERM = (_TERM_START, datetime.date(_TERM_START.year + 1, 12, 31))


def seat(
    person: str,
    role: str = "member",
    *,
    youth: bool = False,
    term: bool = False,
    voting: bool = True,
) -> dict:
    """One seat in a group: the person's key, their role in the group, youth seat, term."""
    start, end = STEERING_TERM if term else (None, None)
    return {
        "person": person,
        "role": role,
        "is_youth_representative": youth,
        "is_voting": voting,
        "term_start": start,
        "term_end": end,
    }


# Groups by slug. Focus areas by position, lead organisations by name.
GROUPS = [
    {
        "slug": "styregruppen",
        "kind": "steering",
        "name": "Styregruppen",
        "purpose": (
            "Styregruppen sætter retningen for alliancen, følger op på de fælles mål og "
            "indikatorer og træffer beslutninger om indsatser. Den mødes hvert kvartal kl. 16 "
            "efter skoletid, og et formandskab beslutter mellem møderne. Mindst hver fjerde "
            "plads er besat af en ung."
        ),
        "focus_areas": [1, 2, 3, 4, 5],
        "lead_organisations": [KOMMUNE],
        "seats": [
            seat("mette", "chair", term=True),
            seat("amalie", "vice_chair", youth=True, term=True),
            seat("jonas", youth=True, term=True),
            seat("sara", youth=True, term=True),
            seat("mikkel", youth=True, term=True),
            seat("hanne", term=True),
            seat("soeren", term=True),
            seat("birgitte", term=True),
            seat("kim", term=True),
            seat("camilla", term=True),
            seat("thomas", term=True),
            seat("louise", term=True),
            # The head of the secretariat sits without a vote.
            seat("lars", term=True, voting=False),
        ],
    },
    {
        "slug": "a-faellesskaber-mod-ensomhed",
        "kind": "working",
        "name": "A: Fællesskaber mod ensomhed",
        "purpose": (
            "Skabe flere trygge og alkoholfri mødesteder og fællesskaber for unge – fx "
            "Fredagsfællesskab i Luma Youth House og trivselsambassadører i 8.–9. klasse – så "
            "færre unge føler sig ensomme."
        ),
        "focus_areas": [1],
        "lead_organisations": ["UngKalundborg"],
        "seats": [
            seat("rasmus", "coordinator"),
            seat("anne"),
            seat("omar"),
            seat("karen"),
            seat("julie"),
            seat("freja", youth=True),
        ],
    },
    {
        "slug": "b-mental-sundhed-paa-ungdomsuddannelserne",
        "kind": "working",
        "name": "B: Mental sundhed på ungdomsuddannelserne",
        "purpose": (
            "Styrke elevernes mentale sundhed på gymnasiet, NEG og FGU: mindre stress, "
            "bedre hjælp i tide og en klar vej til rådgivning, også uden forældrenes viden."
        ),
        "focus_areas": [1],
        "lead_organisations": [GYMNASIUM, NEG],
        "seats": [
            seat("maria", "coordinator"),
            seat("mads"),
            seat("helle"),
            seat("jonas", youth=True),
        ],
    },
    {
        "slug": "c-aktiv-fritid-for-alle",
        "kind": "working",
        "name": "C: Aktiv fritid for alle",
        "purpose": (
            "Få flere unge til at bevæge sig og blive i en forening – med billige tilbud, "
            "bevægelse i pauserne på NEG og aktiviteter, unge selv er med til at planlægge."
        ),
        "focus_areas": [2],
        "lead_organisations": ["Raklev GI", "DGI Vestsjælland"],
        "seats": [
            seat("henrik", "coordinator"),
            seat("anne"),
            seat("bo"),
            seat("ali", youth=True),
        ],
    },
    {
        "slug": "d-sund-kantine-og-soevn",
        "kind": "working",
        "name": "D: Sund kantine og søvn",
        "purpose": (
            "Gøre det sunde valg let og billigt i kantinerne på NEG og FGU, starte "
            "morgenmadsklubber og sætte fokus på søvn og energidrik."
        ),
        "focus_areas": [3],
        "lead_organisations": [NEG, FGU],
        "seats": [
            seat("lene", "coordinator"),
            seat("tina"),
            seat("signe"),
            seat("emma", youth=True),
        ],
    },
    {
        "slug": "e-roegfri-kalundborg-og-fest-uden-rus",
        "kind": "working",
        "name": "E: Røgfri Kalundborg & fest uden rus",
        "purpose": (
            "Arbejde for røgfri skoletid, rygestopforløb for unge og UngFest og andre fester "
            "uden alkohol og rusmidler."
        ),
        "focus_areas": [4],
        "lead_organisations": ["SSP Kalundborg", KB],
        "seats": [
            seat("jesper", "coordinator"),
            seat("louise"),
            seat("bo"),
            seat("mikkel", youth=True),
        ],
    },
    {
        "slug": "f-overgange-og-fastholdelse",
        "kind": "working",
        "name": "F: Overgange og fastholdelse",
        "purpose": (
            "Hjælpe unge godt fra grundskole til ungdomsuddannelse og videre til job – med "
            "walk & talk-mentorer fra virksomhederne og praktikplads-speeddating."
        ),
        "focus_areas": [5],
        "lead_organisations": ["Ungeindsatsen Kalundborg", "Kalundborg Symbiose"],
        "seats": [
            seat("pia", "coordinator"),
            seat("michael"),
            seat("kasper"),
            seat("mads"),
            seat("noah", youth=True),
        ],
    },
    {
        "slug": "g-ungepanel-og-faelles-maaling",
        "kind": "working",
        "name": "G: Ungepanel & fælles måling",
        "purpose": (
            "Sekretariatets tværgående gruppe: holder de fælles indikatorer opdateret, "
            "sørger for at de unges input bliver besvaret og fortæller, hvad der er sket med det."
        ),
        "focus_areas": [1, 2, 3, 4, 5],
        "lead_organisations": [KOMMUNE],
        "seats": [
            seat("nadia", "coordinator"),
            seat("lars"),
            seat("amalie", youth=True),
        ],
    },
    {
        "slug": "ungepanelet",
        "kind": "youth_panel",
        "name": "Ungepanelet",
        "purpose": (
            "Unge fra hele kommunen giver input til alliancens arbejde, vælger hvilke idéer "
            "der skal videre til styregruppen og sender repræsentanter til styregruppen. "
            "Panelet mødes hver måned."
        ),
        "focus_areas": [1, 2, 3, 4, 5],
        "lead_organisations": [],
        "seats": [
            seat("nadia", "coordinator"),
            seat("amalie", youth=True),
            seat("jonas", youth=True),
            seat("sara", youth=True),
            seat("mikkel", youth=True),
            seat("freja", youth=True),
            seat("ali", youth=True),
            seat("emma", youth=True),
            seat("noah", youth=True),
        ],
    },
]


# ---------------------------------------------------------------------------
# The common agenda: its texts, goals and two published versions
# ---------------------------------------------------------------------------

PROBLEM_UNDERSTANDING = """\
Omkring hver niende af de ca. 9.200 unge mellem 12 og 29 år i Kalundborg Kommune trives
dårligere end deres jævnaldrende: de føler sig ensomme, har det psykisk svært, ryger eller
drikker meget, eller står uden uddannelse og job.

- Flere unge her end i landet som helhed har grundskolen som højeste uddannelse.
- Mange unge på erhvervsuddannelserne og FGU lever mindre sundt end gymnasieeleverne:
  **uligheden i sundhed begynder tidligt**.
- Ingen enkelt aktør kan løse det alene. Kommunen, skolerne, foreningerne, erhvervslivet og
  de unge selv har hver en del af løsningen.
"""

GUIDING_PRINCIPLES = """\
1. **Unge er eksperter i eget liv.** Vi finder løsningerne sammen med de unge, ikke hen over
   hovedet på dem.
2. **Vi måler det samme.** Alle partnere følger de fælles indikatorer og deler deres tal.
3. **Vi forstærker hinanden.** Hver aktivitet tjener et fælles mål, og vi koordinerer, så vi
   ikke gør det samme to gange.
4. **Vi taler åbent sammen** – også om det, der ikke virker.
5. **Vi prioriterer dem, der har det sværest**, så uligheden mindskes.
"""

# The first version's vision, before the steering group sharpened it with equity in health.
VISION_V1 = "Alle unge i Kalundborg Kommune har håb og drømme for fremtiden."

# Goals by focus area position.
GOALS = [
    {
        "focus_area": 1,
        "title": "Færre unge med dårligt mentalt helbred",
        "description": "Andelen af 16–24-årige med dårligt mentalt helbred falder med "
        "5 procentpoint.",
        "target_year": 2030,
    },
    {
        "focus_area": 1,
        "title": "Færre ensomme unge på erhvervsuddannelserne og FGU",
        "description": "Forskellen til gymnasieeleverne i ensomhed mindskes.",
        "target_year": 2030,
    },
    {
        "focus_area": 2,
        "title": "Flere unge i organiseret fritid",
        "description": "Flere unge – også i landdistrikterne – går til en fritidsaktivitet.",
        "target_year": 2028,
    },
    {
        "focus_area": 3,
        "title": "Flere unge spiser morgenmad hver dag",
        "description": "Især på erhvervsuddannelserne og FGU.",
        "target_year": 2028,
    },
    {
        "focus_area": 4,
        "title": "Brugen af nikotinprodukter halveres blandt 15–19-årige",
        "description": "Røgfri skoletid på alle ungdomsuddannelser og tilbud om rygestop.",
        "target_year": 2030,
    },
    {
        "focus_area": 5,
        "title": "Mindst 90 % af de unge får en ungdomsuddannelse",
        "description": "Andelen, der forventes at have en ungdomsuddannelse inden de fylder "
        "25, når mindst 90 %.",
        "target_year": 2030,
    },
]

# The goals of version 1 (by title); version 2 added the equity goal on loneliness.
GOALS_V1 = [goal["title"] for goal in GOALS if "ensomme" not in goal["title"]]

AGENDA_VERSION_NOTES = [
    "Første fælles dagsorden, vedtaget på stormødet.",
    "Visionen udvidet med lige muligheder, og et mål om ensomhed på EUD og FGU tilføjet "
    "efter ungepanelets input.",
]

# ---------------------------------------------------------------------------
# Partners' commitments (partnerskabsaftaler)
# ---------------------------------------------------------------------------

# organisation name -> commitment; "sign": the representative has signed it;
# representative: a person key from PEOPLE. Kalundborg Kommune's waits for the chair's
# signature, so the demo shows both states.
COMMITMENTS = [
    {
        "organisation": KOMMUNE,
        "representative": "mette",
        "hours_per_year": 1600,
        "money_dkk": 750000,
        "venues": "Mødelokaler på rådhuset og i UngKalundborgs klubber.",
        "data": "Tal fra trivselsmålingen og sundhedsplejen, opgjort på skole og klassetrin.",
        "activities": "Sekretariatet (1,5 årsværk), SSP og Ungeindsatsens vejledere.",
        "goals": "all",
        "sign": False,
    },
    {
        "organisation": GYMNASIUM,
        "representative": "hanne",
        "hours_per_year": 300,
        "venues": "Kantine og aula til stormøder.",
        "data": "Elevtrivselsmålingen.",
        "activities": "Trivselsambassadører og mentorer.",
        "goals": [1, 2],
        "sign": True,
    },
    {
        "organisation": NEG,
        "representative": "soeren",
        "hours_per_year": 400,
        "money_dkk": 50000,
        "activities": "Bevæg dig i pausen, sund kantine og morgenmad.",
        "goals": [2, 4, 6],
        "sign": True,
    },
    {
        "organisation": "Raklev GI",
        "representative": "kim",
        "hours_per_year": 250,
        "venues": "Hal og baner fredag aften.",
        "activities": "Åben hal og prøvetræning for unge uden for foreningerne.",
        "goals": [3],
        "sign": True,
    },
    {
        "organisation": KB,
        "representative": "louise",
        "hours_per_year": 200,
        "data": "Rådgivning om måling af rygning og nikotin.",
        "activities": "Røgfri skoletid og rygestopforløb.",
        "goals": [5],
        "sign": True,
    },
    {
        "organisation": "Novo Nordisk",
        "representative": "thomas",
        "hours_per_year": 500,
        "money_dkk": 200000,
        "activities": "Walk & talk-mentorer og praktikplads-speeddating.",
        "goals": [6],
        "sign": True,
    },
]

# Partners that agreed to be listed on the public page.
LISTED_PUBLICLY = [
    KOMMUNE,
    "Region Sjælland",
    GYMNASIUM,
    NEG,
    FGU,
    KB,
    "Raklev GI",
    "DGI Vestsjælland",
    "Novo Nordisk",
    "Luma Youth House",
]
