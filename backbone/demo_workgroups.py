"""The demo alliance's year of meetings and its news, and `seed_workgroups()` that loads them.

Every group meets at the cadence of the domain notes (/work/shared/domain/, section 3.3): the
working groups every second week for their first months and monthly after that, the youth panel
monthly, the steering group about every sixth week. The meetings run from about ten months ago
to about two months ahead. Past meetings have a published agenda of two to four items about the
group's own topic, attendance, published minutes, up to two decisions (the steering group's
include the adoption of the current common agenda) and action items for the members, most done,
some open and overdue. The next meeting of every group has a draft agenda; the coordinator's
group A has published the agenda of its next meeting already. News from the secretariat and the
coordinators, with a few comments, goes to the whole alliance and to single groups.

Everything is written through the services of workgroups, the way people would. A group that
has meetings already is left as it is, and news is found by its title, so a second run writes
nothing. Seeding tells nobody: the meeting services' notifications (in the app and by email)
are switched off while the demo loads (`notifications_silenced`).
"""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from alliance.models import Alliance, User
from alliance.selectors_agenda import agenda_version_current
from alliance.services.notifications import notifications_silenced
from backbone import demo_data
from workgroups.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    GroupKind,
    Meeting,
    MinutesStatus,
    NewsComment,
    NewsPost,
    RecurrenceRule,
    WeekOfMonth,
    WorkGroup,
)
from workgroups.services_meetings import (
    agenda_item_add,
    agenda_publish,
    meeting_cancel,
    meeting_schedule,
    meeting_series_schedule,
)
from workgroups.services_news import news_comment_add, news_post_create

MONTHS_BACK_DAYS = 300  # about ten months of meetings behind us
DAYS_AHEAD = 60  # and about two months ahead
BIWEEKLY_WEEKS = 18  # the working groups meet every second week for their first months
STEERING_EVERY_DAYS = 42

# ---------------------------------------------------------------------------
# When and where each group meets
# ---------------------------------------------------------------------------

# slug -> the series' title, weekday (0 Monday), start and end time, place, video link
CADENCE = {
    "a-faellesskaber-mod-ensomhed": {
        "title": "Arbejdsgruppemøde",
        "weekday": 1,
        "start": (15, 0),
        "end": (16, 30),
        "place": "Luma Youth House, mødelokalet på 1. sal",
        "video_url": "",
    },
    "b-mental-sundhed-paa-ungdomsuddannelserne": {
        "title": "Arbejdsgruppemøde",
        "weekday": 2,
        "start": (14, 0),
        "end": (15, 30),
        "place": "Kalundborg Gymnasium, lokale 112",
        "video_url": "https://meet.example.org/kalundborg-b",
    },
    "c-aktiv-fritid-for-alle": {
        "title": "Arbejdsgruppemøde",
        "weekday": 3,
        "start": (16, 0),
        "end": (17, 30),
        "place": "Raklev GI, klubhuset",
        "video_url": "",
    },
    "d-sund-kantine-og-soevn": {
        "title": "Arbejdsgruppemøde",
        "weekday": 0,
        "start": (13, 0),
        "end": (14, 30),
        "place": "FGU Svebølle, kantinen",
        "video_url": "https://meet.example.org/kalundborg-d",
    },
    "e-roegfri-kalundborg-og-fest-uden-rus": {
        "title": "Arbejdsgruppemøde",
        "weekday": 1,
        "start": (9, 0),
        "end": (10, 30),
        "place": "SSP Kalundborg, Holbækvej",
        "video_url": "",
    },
    "f-overgange-og-fastholdelse": {
        "title": "Arbejdsgruppemøde",
        "weekday": 3,
        "start": (8, 30),
        "end": (10, 0),
        "place": "Kalundborg Symbiose, Kalundborg Rådhus",
        "video_url": "https://meet.example.org/kalundborg-f",
    },
    "g-ungepanel-og-faelles-maaling": {
        "title": "Arbejdsgruppemøde",
        "weekday": 2,
        "start": (10, 0),
        "end": (11, 30),
        "place": "Sekretariatet, Kalundborg Rådhus",
        "video_url": "https://meet.example.org/kalundborg-g",
    },
    "ungepanelet": {
        "title": "Ungepanelmøde",
        "weekday": 2,
        "start": (16, 0),
        "end": (17, 30),
        "place": "Café UNG, UngKalundborg – med pizza",
        "video_url": "",
    },
    "styregruppen": {
        "title": "Styregruppemøde",
        "weekday": 3,
        "start": (16, 0),
        "end": (18, 0),
        "place": "Kalundborg Rådhus, byrådssalen",
        "video_url": "https://meet.example.org/kalundborg-styregruppe",
    },
}

# ---------------------------------------------------------------------------
# What each group talks about: agenda items with their minutes, decisions, action items
# ---------------------------------------------------------------------------

TOPICS = {
    "a-faellesskaber-mod-ensomhed": {
        "decided_by": "Arbejdsgruppe A",
        "items": [
            (
                "Status på Fredagsfællesskab i Luma Youth House",
                "Der kom i gennemsnit 38 unge de sidste fire fredage, heraf ca. hver fjerde "
                "for første gang. De unge ønsker lavere musik, så man kan snakke.",
            ),
            (
                "Uddannelse af trivselsambassadører i 8.–9. klasse",
                "24 ambassadører er uddannet på to skoler. Lærerne efterlyser en fast "
                "ugentlig tid, hvor ambassadørerne kan mødes.",
            ),
            (
                "Ungeinput: et sted at være fredag aften uden alkohol",
                "Gruppen drøftede idéen fra ungepanelet. Café UNG kan holde åbent til kl. 23 "
                "to fredage om måneden, hvis der er frivillige nok.",
            ),
            (
                "Samarbejde med L.U.V. og Kvindenetværk om nye fællesskaber",
                "L.U.V. tilbyder en åben aften en gang om måneden; Kvindenetværket vil lave "
                "en madklub for unge piger i Høng.",
            ),
            (
                "Måling: andel der 'fik en ny ven'",
                "Spørgeskemaet på telefonen virker; 41 % svarede ja sidst. Sekretariatet "
                "lægger tallene ind hvert kvartal.",
            ),
        ],
        "decisions": [
            (
                "Fredagsfællesskab fortsætter hver fredag resten af skoleåret.",
                "Fremmødet er stabilt, og mange nye ansigter kommer igen.",
            ),
            (
                "Musikken skrues ned, og der indrettes et stille hjørne med brætspil.",
                "Feedback fra de unge: musikken var for høj til at snakke.",
            ),
            (
                "Trivselsambassadører udvides til Fjordbakkeskolens 7. klasser.",
                "Skolen har selv bedt om det og stiller en lærer til rådighed.",
            ),
        ],
        "actions": [
            "Lave vagtplan for frivillige fredage i Café UNG",
            "Sende invitation til næste hold trivselsambassadører",
            "Aftale åben aften med L.U.V. i Luma",
            "Indsamle tal for nye ansigter til kvartalsrapporten",
            "Bestille brætspil og lydisolering til stille hjørne",
        ],
    },
    "b-mental-sundhed-paa-ungdomsuddannelserne": {
        "decided_by": "Arbejdsgruppe B",
        "items": [
            (
                "Vej til rådgivning uden forældrenes viden",
                "Studievejlederne laver en fælles side på elevintra om anonym rådgivning, "
                "herunder headspace og Ventilen.",
            ),
            (
                "Stress i eksamensperioden",
                "Gymnasiet afprøver en stressfri uge før terminsprøverne med færre "
                "afleveringer. NEG vil gerne være med til foråret.",
            ),
            (
                "Samarbejde med børne- og ungdomspsykiatrien",
                "Psykiatrien tilbyder to temaeftermiddage for lærere om tegn på angst og "
                "depression.",
            ),
            (
                "Ungeinput: kan man tale med en psykolog uden forældrene?",
                "Svaret til ungepanelet formuleres sammen med Jonas: ja, fra 15 år, og "
                "skolen hjælper med kontakten.",
            ),
        ],
        "decisions": [
            (
                "Alle tre skoler får samme side om anonym rådgivning på elevintra.",
                "Eleverne skal finde samme hjælp, uanset hvor de går i skole.",
            ),
            (
                "Temaeftermiddage for lærere holdes i oktober og februar.",
                "Psykiatrien har kapacitet i de to måneder.",
            ),
        ],
        "actions": [
            "Skrive tekst til siden om anonym rådgivning",
            "Booke lokale til temaeftermiddag for lærere",
            "Sende svar til ungepanelet om psykologhjælp",
            "Evaluere den stressfri uge med elevrådet",
        ],
    },
    "c-aktiv-fritid-for-alle": {
        "decided_by": "Arbejdsgruppe C",
        "items": [
            (
                "Bevæg dig i pausen på NEG's grundforløb",
                "Fire klasser er med; lærerne melder om bedre koncentration efter pauserne.",
            ),
            (
                "Kabelbane- og SUP-dag i sommerferien",
                "UngKalundborg og Raklev GI planlægger dagen i uge 27 med plads til 80 unge.",
            ),
            (
                "Ungeinput: sidste bus til Gørlev går for tidligt",
                "Gruppen har kontaktet Movia og kommunen om en senere afgang tirsdag og "
                "torsdag; svar ventes efter sommer.",
            ),
            (
                "Billige kontingenter for unge",
                "Tre foreninger tilbyder halvt kontingent det første halve år. DGI hjælper "
                "med at søge puljemidler.",
            ),
        ],
        "decisions": [
            (
                "Kabelbane- og SUP-dagen er gratis for alle unge mellem 13 og 19 år.",
                "Prisen må ikke holde nogen væk.",
            ),
            (
                "Bevæg dig i pausen udvides til alle grundforløbsklasser efter jul.",
                "Erfaringerne fra de fire første klasser er gode.",
            ),
        ],
        "actions": [
            "Søge DGI's foreningspulje til nedsat kontingent",
            "Skrive til Movia om senere bus til Gørlev",
            "Lave tilmelding til kabelbane- og SUP-dag",
            "Tælle deltagere i Bevæg dig i pausen",
        ],
    },
    "d-sund-kantine-og-soevn": {
        "decided_by": "Arbejdsgruppe D",
        "items": [
            (
                "Morgenmadsklub på FGU",
                "Ca. 30 elever spiser med hver morgen. Havregryn og frugt går bedst.",
            ),
            (
                "Ungeinput: billig smoothie i stedet for energidrik",
                "Kantinen på NEG kan sælge smoothie til 15 kr. som forsøg i en måned.",
            ),
            (
                "Søvn og skærm: kampagne på ungdomsuddannelserne",
                "Sundhedsplejen leverer materiale; eleverne laver selv videoerne.",
            ),
            (
                "Prisstrategi i kantinerne",
                "Det sunde valg skal være det billigste. Kantinerne ser på priserne før "
                "næste skoleår.",
            ),
        ],
        "decisions": [
            (
                "Smoothie til 15 kr. sælges i NEG's kantine som forsøg i en måned.",
                "Idéen kom fra de unge og koster kantinen meget lidt at prøve.",
            ),
            (
                "Morgenmadsklubben fortsætter hele skoleåret.",
                "Deltagelsen er stabil, og lærerne oplever roligere morgener.",
            ),
        ],
        "actions": [
            "Lave prisskilte til smoothie-forsøget",
            "Tælle salget af energidrik før og efter forsøget",
            "Bestille materiale om søvn fra Sundhedsplejen",
            "Indkøbe morgenmad for næste måned",
        ],
    },
    "e-roegfri-kalundborg-og-fest-uden-rus": {
        "decided_by": "Arbejdsgruppe E",
        "items": [
            (
                "Røgfri skoletid på NEG og FGU",
                "Begge skoler har indført røgfri skoletid. Snus i timerne er stadig et "
                "problem, især på grundforløbet.",
            ),
            (
                "Rygestopforløb for unge",
                "Kræftens Bekæmpelse starter et nyt hold med 12 unge; 7 var røgfri efter "
                "seks måneder på sidste hold.",
            ),
            (
                "Planlægning af UngFest",
                "UngFest holdes i november med 250 billetter. De unge vælger selv musikken.",
            ),
            (
                "Ungeinput: snus i timerne",
                "Lærerne får en kort vejledning i, hvordan de kan tage snakken uden at skælde ud.",
            ),
        ],
        "decisions": [
            (
                "UngFest holdes to gange om året, i november og april.",
                "Evalueringen gav 4,3 ud af 5, og de unge vil have mere.",
            ),
            (
                "Lærerne på NEG og FGU får vejledning om snus i timerne.",
                "De unge har selv peget på problemet.",
            ),
        ],
        "actions": [
            "Booke lokaler og DJ til UngFest",
            "Udsende evaluering efter UngFest",
            "Skrive vejledning til lærere om snus",
            "Rekruttere unge til nyt rygestophold",
        ],
    },
    "f-overgange-og-fastholdelse": {
        "decided_by": "Arbejdsgruppe F",
        "items": [
            (
                "Walk & talk-mentorer fra virksomhederne",
                "20 par er i gang. Mentorerne fra Novo Nordisk og Novonesis mødes med de "
                "unge hver anden uge.",
            ),
            (
                "Praktikplads-speeddating med Symbiose-virksomhederne",
                "Næste speeddating holdes på NEG med 14 virksomheder og ca. 90 elever.",
            ),
            (
                "Fastholdelse på grundforløbet",
                "Frafaldet er størst i de første otte uger. Ungeindsatsen foreslår en fast "
                "kontaktperson for hver elev.",
            ),
            (
                "Overgangen fra 10. klasse til ungdomsuddannelse",
                "Besøgsdage på NEG og gymnasiet planlægges for alle 10. klasser i marts.",
            ),
        ],
        "decisions": [
            (
                "Alle elever på grundforløbet får en fast kontaktperson de første otte uger.",
                "Frafaldet er størst i starten af forløbet.",
            ),
            (
                "Praktikplads-speeddating holdes to gange om året.",
                "Virksomhederne og eleverne vil begge gerne mødes igen.",
            ),
        ],
        "actions": [
            "Matche nye mentorpar fra virksomhederne",
            "Sende invitation til speeddating til virksomhederne",
            "Lave plan for besøgsdage for 10. klasser",
            "Samle tal for fastholdelse efter 12 måneder",
        ],
    },
    "g-ungepanel-og-faelles-maaling": {
        "decided_by": "Arbejdsgruppe G",
        "items": [
            (
                "Status på de fælles indikatorer",
                "Tallene for kvartalet er godkendt. Nikotin (snus og e-cigaretter) går "
                "stadig den forkerte vej.",
            ),
            (
                "Svar på ungeinput",
                "Fire input venter på svar. Alle skal have et svar inden for en måned.",
            ),
            (
                "Ungeinput: vi hører aldrig, hvad der sker med trivselsmålingen",
                "Sekretariatet laver en kort video med resultaterne, som vises i klasserne.",
            ),
            (
                "Forberedelse af styregruppemødet",
                "Gruppen gennemgik dashboardet og valgte tre indikatorer til drøftelse.",
            ),
        ],
        "decisions": [
            (
                "Alle ungeinput besvares inden for en måned.",
                "De unge skal kunne se, at deres input bliver brugt.",
            ),
            (
                "Resultaterne af trivselsmålingen vises i klasserne hvert år.",
                "Feedback fra ungepanelet.",
            ),
        ],
        "actions": [
            "Opdatere dashboardet med kvartalets tal",
            "Besvare ventende ungeinput",
            "Lave video om trivselsmålingens resultater",
            "Forberede indikatorer til styregruppen",
        ],
    },
    "ungepanelet": {
        "decided_by": "Ungepanelet",
        "items": [
            (
                "Runden: hvad fylder for unge lige nu?",
                "Eksamen, dyre busbilletter og at der ikke er noget at lave fredag aften.",
            ),
            (
                "Idéer til styregruppen",
                "Panelet stemte om tre idéer; billig smoothie i kantinen og et sted at være "
                "fredag aften fik flest stemmer.",
            ),
            (
                "Feedback på UngFest",
                "God stemning, men for lang kø i garderoben. Flere vil gerne være frivillige.",
            ),
            (
                "Hvem repræsenterer panelet i styregruppen?",
                "Amalie, Jonas, Sara og Mikkel fortsætter. Freja er suppleant.",
            ),
        ],
        "decisions": [
            (
                "Ungepanelet sender idéen om billig smoothie videre til arbejdsgruppe D.",
                "Flest stemmer i panelet.",
            ),
            (
                "Styregruppemøderne foreslås holdt kl. 16 – med pizza.",
                "Så kan de unge komme efter skole.",
            ),
        ],
        "actions": [
            "Fremlægge panelets idéer for styregruppen",
            "Lave opslag om frivillige til UngFest",
            "Samle feedback fra klassekammerater om trivselsmålingen",
        ],
    },
    "styregruppen": {
        "decided_by": "Styregruppen",
        "items": [
            (
                "Status fra arbejdsgrupperne",
                "Tovholderne gav en kort status. Arbejdsgruppe C mangler en forening mere.",
            ),
            (
                "Dashboard: indikatorer der går den forkerte vej",
                "Nikotin går den forkerte vej. Styregruppen beder arbejdsgruppe E om et "
                "forslag til en styrket indsats.",
            ),
            (
                "Input fra ungepanelet",
                "Amalie fremlagde panelets idéer. Styregruppen bakker op om forsøget med "
                "billig smoothie.",
            ),
            (
                "Økonomi og fondsansøgninger",
                "Ansøgningen til Den A.P. Møllerske Støttefond er sendt. Svar ventes i foråret.",
            ),
            (
                "Partnerskabsaftaler",
                "Ni af ti partnere har underskrevet. Kommunens aftale venter på formandens "
                "underskrift.",
            ),
        ],
        "decisions": [
            (
                "Arbejdsgruppe E får mandat til at styrke indsatsen mod snus.",
                "Nikotinindikatoren går den forkerte vej.",
            ),
            (
                "Styregruppemøderne holdes fremover kl. 16.",
                "Ønske fra ungepanelet, så de unge kan deltage efter skole.",
            ),
        ],
        "actions": [
            "Sende status til partnerne efter mødet",
            "Følge op på fondsansøgning",
            "Indhente forslag fra arbejdsgruppe E om snus",
            "Forberede stormøde for alle partnere",
        ],
    },
}

# The demo's member and coordinator each get an overdue and an upcoming open action item at
# group A's last meeting: (person key, what, deadline in days from today).
DEMO_LOGIN_ITEMS = [
    ("anne", "Sende billeder fra Fredagsfællesskab til nyhedsbrevet", -6),
    ("anne", "Spørge de unge i Luma om ønsker til foråret", 12),
    ("rasmus", "Skrive kvartalsstatus for Fredagsfællesskab til styregruppen", -3),
    ("rasmus", "Aftale møde med Fjordbakkeskolen om trivselsambassadører", 9),
]

# ---------------------------------------------------------------------------
# News: (days ago, author key, group slug or None, title, Markdown text, comments)
# Comments: (person key, text).
# ---------------------------------------------------------------------------

NEWS = [
    (
        290,
        "lars",
        None,
        "Velkommen til alliancens nye platform",
        "Her samler vi **møder, referater, beslutninger og nyheder** for hele alliancen.\n\n"
        "- Se dine næste møder og opgaver under *Mine møder og opgaver*\n"
        "- Læs beslutningerne i beslutningsloggen\n"
        "- Tilføj møderne til din egen kalender\n\n"
        "Skriv til sekretariatet, hvis noget driller.",
        [("anne", "Dejligt at have det hele ét sted!")],
    ),
    (
        240,
        "rasmus",
        "a-faellesskaber-mod-ensomhed",
        "Fredagsfællesskab er i gang i Luma",
        "Første fredag kom der **42 unge**, og mere end halvdelen var nye ansigter. "
        "Tak til alle frivillige.\n\nVi mangler stadig voksne til vagtplanen i december.",
        [
            ("anne", "Jeg kan tage to fredage i december."),
            ("omar", "L.U.V. vil gerne stå for en aften i januar."),
        ],
    ),
    (
        200,
        "mette",
        None,
        "Styregruppen har vedtaget den fælles dagsorden",
        "Styregruppen har vedtaget den fælles dagsorden med vision, problemforståelse og "
        "mål for 2030. Læs den under *Fælles dagsorden*.\n\n"
        "> Alle unge i Kalundborg Kommune har håb og drømme for fremtiden – og lige gode "
        "muligheder for et sundt ungeliv.",
        [],
    ),
    (
        160,
        "henrik",
        "c-aktiv-fritid-for-alle",
        "Kabelbane- og SUP-dag i uge 27",
        "Sæt kryds i kalenderen: **gratis kabelbane- og SUP-dag** for alle unge mellem 13 og "
        "19 år. Tilmelding åbner i juni på "
        "[UngKalundborgs hjemmeside](https://www.example.org/ungkalundborg).",
        [("bo", "Raklev GI stiller med fem trænere.")],
    ),
    (
        120,
        "nadia",
        None,
        "Nye tal på dashboardet",
        "Kvartalets tal er godkendt og ligger på dashboardet. Ensomheden falder en smule, "
        "mens **brugen af snus og e-cigaretter stadig stiger**. Styregruppen drøfter tallene "
        "på næste møde.",
        [("louise", "Vi tager det op i arbejdsgruppe E med det samme.")],
    ),
    (
        90,
        "lene",
        "d-sund-kantine-og-soevn",
        "Forsøg med smoothie i NEG's kantine",
        "Fra mandag sælger kantinen på NEG smoothie til *15 kr.* i en måned. Idéen kom fra "
        "ungepanelet. Vi tæller salget af energidrik før og efter.",
        [],
    ),
    (
        60,
        "jesper",
        "e-roegfri-kalundborg-og-fest-uden-rus",
        "UngFest blev en succes",
        "250 unge festede uden alkohol og rusmidler, og evalueringen gav **4,3 ud af 5**. "
        "Næste UngFest er i april.",
        [("mikkel", "Bedste fest i år!")],
    ),
    (
        35,
        "pia",
        "f-overgange-og-fastholdelse",
        "Speeddating med 14 virksomheder",
        "Praktikplads-speeddatingen på NEG samlede 14 virksomheder fra Symbiosen og ca. 90 "
        "elever. 11 elever har allerede fået en aftale om praktik.",
        [],
    ),
    (
        14,
        "lars",
        None,
        "Stormøde for alle partnere",
        "Alliancen holder **stormøde** for alle partnere og unge. Vi ser på, hvad vi har nået, "
        "og hvad der skal til næste år. Invitation følger – reserver allerede nu en "
        "eftermiddag efter skoletid.",
        [
            ("maria", "Gymnasiet stiller gerne aulaen til rådighed."),
            ("anne", "Kan de unge fra Luma også komme med?"),
        ],
    ),
    (
        5,
        "rasmus",
        "a-faellesskaber-mod-ensomhed",
        "Dagsorden til næste møde er klar",
        "Dagsordenen til næste møde i arbejdsgruppe A ligger på mødesiden. Vi skal blandt "
        "andet tale om **trivselsambassadører på Fjordbakkeskolen**.",
        [],
    ),
]


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def seed_workgroups(*, alliance: Alliance, people: dict[str, User]) -> None:
    """A year of meetings for every group and the alliance's news. Idempotent."""
    today = timezone.localdate()
    now = timezone.now()
    groups = {group.slug: group for group in WorkGroup.objects.filter(alliance=alliance)}
    seats = {spec["slug"]: [seat["person"] for seat in spec["seats"]] for spec in demo_data.GROUPS}
    with notifications_silenced():
        for slug, group in groups.items():
            if slug not in CADENCE or Meeting.objects.filter(group=group).exists():
                continue
            members = [people[key] for key in seats[slug]]
            _seed_group(
                alliance=alliance,
                group=group,
                members=members,
                people=people,
                today=today,
                now=now,
            )
        _seed_news(alliance=alliance, groups=groups, people=people, now=now)


def _organiser(group: WorkGroup, members: list[User], people: dict[str, User]) -> User:
    """Who schedules and minutes: the group's coordinator, the secretariat for the steering
    group."""
    if group.kind == GroupKind.STEERING:
        return people["lars"]
    spec = next(spec for spec in demo_data.GROUPS if spec["slug"] == group.slug)
    coordinator = next(
        (seat["person"] for seat in spec["seats"] if seat["role"] == "coordinator"), None
    )
    return people[coordinator] if coordinator else members[0]


def _schedule(*, group: WorkGroup, user: User, today: datetime.date) -> list[Meeting]:
    cadence = CADENCE[group.slug]
    first = today - datetime.timedelta(days=MONTHS_BACK_DAYS)
    until = today + datetime.timedelta(days=DAYS_AHEAD)
    common = {
        "group": group,
        "user": user,
        "title": cadence["title"],
        "weekday": cadence["weekday"],
        "start_time": datetime.time(*cadence["start"]),
        "end_time": datetime.time(*cadence["end"]),
        "place": cadence["place"],
        "video_url": cadence["video_url"],
    }
    if group.kind == GroupKind.STEERING:
        local = ZoneInfo(settings.TIME_ZONE)
        day = first + datetime.timedelta(days=(cadence["weekday"] - first.weekday()) % 7)
        while day <= until:
            meeting_schedule(
                group=group,
                user=user,
                title=cadence["title"],
                starts_at=datetime.datetime.combine(day, common["start_time"], tzinfo=local),
                ends_at=datetime.datetime.combine(day, common["end_time"], tzinfo=local),
                place=cadence["place"],
                video_url=cadence["video_url"],
            )
            day += datetime.timedelta(days=STEERING_EVERY_DAYS)
    elif group.kind == GroupKind.YOUTH_PANEL:
        meeting_series_schedule(
            **common,
            rule=RecurrenceRule.MONTHLY,
            week_of_month=WeekOfMonth.FIRST,
            first_date=first,
            until_date=until,
        )
    else:
        switch = first + datetime.timedelta(weeks=BIWEEKLY_WEEKS)
        meeting_series_schedule(
            **common, rule=RecurrenceRule.BIWEEKLY, first_date=first, until_date=switch
        )
        meeting_series_schedule(
            **common,
            rule=RecurrenceRule.MONTHLY,
            week_of_month=WeekOfMonth.SECOND,
            first_date=switch + datetime.timedelta(days=1),
            until_date=until,
        )
    return list(Meeting.objects.filter(group=group).select_related("group__alliance"))


def _is_summer_holiday(day: datetime.date) -> bool:
    return day.month == 7 and 7 <= day.day <= 31


def _seed_group(
    *,
    alliance: Alliance,
    group: WorkGroup,
    members: list[User],
    people: dict[str, User],
    today: datetime.date,
    now: datetime.datetime,
) -> None:
    rng = random.Random(group.slug)  # nosec B311 - seeded: the same demo on every run and machine
    topic = TOPICS[group.slug]
    organiser = _organiser(group, members, people)
    meetings = _schedule(group=group, user=organiser, today=today)
    past = [m for m in meetings if m.ends_at < now]
    upcoming = [m for m in meetings if m.starts_at > now]
    version = agenda_version_current(alliance=alliance)
    # Working groups take a summer break: their July meetings were cancelled.
    on_break = [
        group.kind != GroupKind.STEERING and _is_summer_holiday(timezone.localdate(m.starts_at))
        for m in past
    ]
    last_held = max((n for n, cancelled in enumerate(on_break) if not cancelled), default=None)
    for number, meeting in enumerate(past):
        if on_break[number]:
            meeting_cancel(meeting=meeting, user=organiser)
            continue
        is_last = number == last_held
        adopt = version if group.kind == GroupKind.STEERING and is_last else None
        extra = []
        if group.slug == "a-faellesskaber-mod-ensomhed" and is_last:
            extra = [
                (people[key], title, today + datetime.timedelta(days=days))
                for key, title, days in DEMO_LOGIN_ITEMS
            ]
        _hold_meeting(
            meeting=meeting,
            organiser=organiser,
            members=members,
            topic=topic,
            rng=rng,
            today=today,
            adopt_version=adopt,
            extra_items=extra,
        )
    for position, meeting in enumerate(upcoming[:2]):
        if position == 1 and group.slug != "a-faellesskaber-mod-ensomhed":
            break
        _write_agenda(meeting=meeting, organiser=organiser, members=members, topic=topic, rng=rng)
        # The coordinator's group has published the agenda of its next meeting; the next one
        # of every group (and the one after for group A) is still a draft.
        if group.slug == "a-faellesskaber-mod-ensomhed" and position == 0:
            agenda_publish(meeting=meeting, user=organiser)


def _write_agenda(
    *,
    meeting: Meeting,
    organiser: User,
    members: list[User],
    topic: dict,
    rng: random.Random,
) -> list:
    """Two or three items about the group's own topic; returns (item, (title, minutes))."""
    chosen = rng.sample(topic["items"], k=rng.randint(2, 3))
    return [
        (
            agenda_item_add(
                meeting=meeting,
                user=organiser,
                title=title,
                presenter=rng.choice(members),
                duration_minutes=rng.choice([15, 20, 25, 30]),
            ),
            (title, minutes),
        )
        for title, minutes in chosen
    ]


def _hold_meeting(
    *,
    meeting: Meeting,
    organiser: User,
    members: list[User],
    topic: dict,
    rng: random.Random,
    today: datetime.date,
    adopt_version,
    extra_items: list[tuple[User, str, datetime.date]],
) -> None:
    """A past meeting: agenda published, attendance, minutes, decisions, action items (and
    `extra_items`, left open), minutes published.

    Written with a few bulk inserts rather than the meeting services: a year of meetings is
    history, not a sequence of edits, and the browser tests load the demo many times. The rows
    are the ones the services would write, checked by tests/backbone/test_seed_demo_workgroups.py.
    """
    chosen = rng.sample(topic["items"], k=rng.randint(2, 3))
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            title=title,
            presenter=rng.choice(members),
            duration_minutes=rng.choice([15, 20, 25, 30]),
            minutes=minutes,
        )
        for position, (title, minutes) in enumerate(chosen, start=1)
    )
    attendance = []
    for person in members:
        roll = rng.random()
        status = (
            AttendanceStatus.PRESENT
            if roll < 0.8 or person == organiser
            else AttendanceStatus.EXCUSED
            if roll < 0.95
            else AttendanceStatus.ABSENT
        )
        attendance.append(Attendance(meeting=meeting, user=person, status=status))
    Attendance.objects.bulk_create(attendance)
    decisions = [
        Decision(
            meeting=meeting,
            agenda_item=rng.choice(items),
            text=text,
            rationale=rationale,
            decided_by=topic["decided_by"],
            created_by=organiser,
        )
        for text, rationale in rng.sample(topic["decisions"], k=rng.choice([0, 1, 1, 2]))
    ]
    if adopt_version is not None:
        decisions.append(
            Decision(
                meeting=meeting,
                text=f"Styregruppen vedtager den fælles dagsorden, version {adopt_version.number}.",
                rationale="Visionen, problemforståelsen og målene for 2030 er drøftet med "
                "partnerne og ungepanelet.",
                decided_by=topic["decided_by"],
                adopted_agenda_version=adopt_version,
                created_by=organiser,
            )
        )
    Decision.objects.bulk_create(decisions)
    meeting_day = timezone.localdate(meeting.starts_at)
    held_at = min(meeting.ends_at + datetime.timedelta(days=2), timezone.now())
    actions = []
    for title in rng.sample(topic["actions"], k=rng.choice([1, 1, 2])):
        owner = rng.choice(members)
        deadline = meeting_day + datetime.timedelta(days=rng.choice([14, 21, 28]))
        # Most action items are done; about one in seven past its deadline is still open.
        done = deadline < today and rng.random() < 0.86
        actions.append(
            ActionItem(
                group=meeting.group,
                meeting=meeting,
                title=title,
                owner=owner,
                deadline=deadline,
                status=ActionItemStatus.DONE if done else ActionItemStatus.OPEN,
                done_note="Klaret." if done else "",
                done_at=held_at + datetime.timedelta(days=7) if done else None,
                created_by=organiser,
            )
        )
    actions.extend(
        ActionItem(
            group=meeting.group,
            meeting=meeting,
            title=title,
            owner=owner,
            deadline=deadline,
            created_by=organiser,
        )
        for owner, title, deadline in extra_items
    )
    ActionItem.objects.bulk_create(actions)
    # The dates say when it would have happened: the agenda a week before the meeting, the
    # minutes two days after (so a first digest is not a year long).
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_summary="Mødet forløb som planlagt. Næste møde som aftalt i kalenderen.",
        minutes_status=MinutesStatus.PUBLISHED,
        agenda_published_at=meeting.starts_at - datetime.timedelta(days=7),
        minutes_published_at=held_at,
    )


def _seed_news(
    *,
    alliance: Alliance,
    groups: dict[str, WorkGroup],
    people: dict[str, User],
    now: datetime.datetime,
) -> None:
    for days_ago, author, group_slug, title, body, comments in NEWS:
        if NewsPost.objects.filter(alliance=alliance, title=title).exists():
            continue
        published_at = now - datetime.timedelta(days=days_ago, hours=days_ago % 5)
        post = news_post_create(
            alliance=alliance,
            author=people[author],
            title=title,
            body=body,
            group=groups[group_slug] if group_slug else None,
            published_at=published_at,
        )
        for number, (person, text) in enumerate(comments, start=1):
            comment = news_comment_add(post=post, author=people[person], body=text)
            # Written a few hours after the news, not when the demo was loaded.
            NewsComment.objects.filter(pk=comment.pk).update(
                created_at=published_at + datetime.timedelta(hours=3 * number)
            )
