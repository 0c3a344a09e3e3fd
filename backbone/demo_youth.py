"""The demo alliance's youth portal: the eight example inputs of the domain notes
(/work/shared/domain/kalundborg-youth-health.md, section 3.5), each somewhere on its way, and
`seed_youth()` that loads them.

The inputs cover every step of the status flow: received (and waiting for moderation), being
considered, sent to a working group (one of them past its answer date), answered (one kept
private: the question about a psychologist), done (one led to a decision in group G's published
minutes, one to the Friday club) and not possible (with the reason). Each has the status
changes a young person sees when following it, written in plain Danish, support from other
young people and, for one, a report. One belongs to the youth login's account; one anonymous
input left an email address with its consent.

The receipt code of the input about the well-being survey is fixed (`DEMO_RECEIPT_CODE`), so a
tester can follow it at /kalundborg/ung/foelg/. The others get random codes; only hashes are
stored. The youth login, who sits on the youth panel, is an appointed moderator.

Inputs are found by their text, so a second run writes nothing new. Seeding tells nobody: the
notifications are switched off while the demo loads (`notifications_silenced`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from alliance.models import Alliance, FocusArea, User
from alliance.services.notifications import notifications_silenced
from backbone import demo_data
from initiatives.models import Activity, Area
from workgroups.models import Decision, Meeting, MinutesStatus, WorkGroup
from youth_voice import codes
from youth_voice.models import (
    AgeBand,
    Consent,
    ConsentPurpose,
    ConsentStatus,
    ContactDetails,
    InputEvent,
    InputKind,
    InputReport,
    InputStatus,
    LegalBasis,
    Moderation,
    Moderator,
    PortalSettings,
    Support,
    YouthInput,
)

# A valid receipt code (codes.ALPHABET has no I, L, O, 0 or 1), documented in the README.
DEMO_RECEIPT_CODE = "DEMQ2-KABVN"

PORTAL_SETTINGS = {
    "controller_name": "Kalundborg Kommune",
    "privacy_contact_email": "ung-privatliv@example.org",
    "dpo_email": "databeskyttelse@example.org",
}

GROUP_A = "a-faellesskaber-mod-ensomhed"
GROUP_B = "b-mental-sundhed-paa-ungdomsuddannelserne"
GROUP_C = "c-aktiv-fritid-for-alle"
GROUP_D = "d-sund-kantine-og-soevn"
GROUP_G = "g-ungepanel-og-faelles-maaling"
STEERING = "styregruppen"
FRIDAY_CLUB = "Fredagsfællesskab"
SURVEY_DECISION = "Resultaterne af trivselsmålingen vises i klasserne hvert år."

RECEIVED_NOTE = "Tak! Vi har fået dit input. Vi læser det og svarer dig inden for 14 dage."
CONSIDERING_NOTE = "Sekretariatet har læst dit input og finder ud af, hvem der skal svare."


def _routed_note(group: str) -> str:
    return f"Dit input er sendt til {group}. De skal svare dig inden for 14 dage."


@dataclass
class Step:
    status: str
    days_ago: float
    note: str
    by: str | None = None  # a person's key in demo_data.PEOPLE


@dataclass
class Spec:
    kind: str
    text: str
    age_band: str
    area: str | None
    focus_area: int | None
    steps: list[Step]
    moderation: str = Moderation.PUBLISHED
    moderated_by: str = "lars"
    group: str | None = None
    answer: str = ""
    supports: int = 0
    activity: str | None = None  # the activity the feedback is about
    led_to_activity: str | None = None
    led_to_decision: bool = False
    account: str | None = None  # a person's key: the input was sent with their account
    contact_email: str = ""
    receipt_code: str | None = None
    report: str = ""


INPUTS = [
    Spec(
        kind=InputKind.IDEA,
        text="Kan kantinen på NEG sælge billig smoothie i stedet for energidrik?",
        age_band=AgeBand.AGE_16_17,
        area="Kalundborg by",
        focus_area=3,
        moderated_by="sara",
        supports=41,
        steps=[
            Step(InputStatus.RECEIVED, 20, RECEIVED_NOTE),
            Step(
                InputStatus.CONSIDERING,
                18,
                "God idé! Vi finder ud af, hvem der bestemmer over kantinen på NEG, og sender "
                "din idé videre til dem.",
                "lars",
            ),
        ],
    ),
    Spec(
        kind=InputKind.IDEA,
        text="Et sted at være fredag aften uden alkohol – ikke kun til fester.",
        age_band=AgeBand.AGE_16_17,
        area="Kalundborg by",
        focus_area=1,
        group=GROUP_A,
        supports=57,
        answer=(
            "Tak for idéen! I Luma Youth House er der Fredagsfællesskab hver fredag aften: "
            "ingen alkohol, men spil, musik og mad. Mange kendte det ikke, så nu holder det "
            "åbent til kl. 23, og ungepanelet laver opslag om det på alle skoler. Kom bare forbi!"
        ),
        led_to_activity=FRIDAY_CLUB,
        steps=[
            Step(InputStatus.RECEIVED, 150, RECEIVED_NOTE),
            Step(InputStatus.CONSIDERING, 148, CONSIDERING_NOTE, "lars"),
            Step(InputStatus.ROUTED, 145, _routed_note("arbejdsgruppe A (Fællesskaber)"), "lars"),
            Step(InputStatus.ANSWERED, 131, "answer", "rasmus"),
            Step(
                InputStatus.DONE,
                60,
                "Nu er det sket: Fredagsfællesskab er åbent til kl. 23, og der hænger opslag på "
                "alle skoler.",
                "rasmus",
            ),
        ],
    ),
    Spec(
        kind=InputKind.WORRY,
        text="Sidste bus til Gørlev går for tidligt, så vi kan ikke gå til træning.",
        age_band=AgeBand.AGE_13_15,
        area="Gørlev",
        focus_area=2,
        group=GROUP_C,
        supports=34,
        answer=(
            "Tak fordi du siger det. Vi har spurgt kommunen om en senere bus til Gørlev. "
            "Køreplanen er lagt for hele næste år, så den kan ikke ændres lige nu. I stedet "
            "flytter Raklev GI to af ungeholdene til kl. 16, så I kan nå bussen hjem."
        ),
        steps=[
            Step(InputStatus.RECEIVED, 75, RECEIVED_NOTE),
            Step(InputStatus.CONSIDERING, 73, CONSIDERING_NOTE, "lars"),
            Step(InputStatus.ROUTED, 70, _routed_note("arbejdsgruppe C (Aktiv fritid)"), "lars"),
            # Four days late: the group waited for the municipality's answer.
            Step(InputStatus.ANSWERED, 52, "answer", "henrik"),
            Step(
                InputStatus.NOT_POSSIBLE,
                45,
                "Vi kan ikke få en senere bus i år: køreplanen er lagt, og den kan først "
                "ændres næste år. Vi tager det op igen, når den nye køreplan skal laves.",
                "henrik",
            ),
        ],
    ),
    Spec(
        kind=InputKind.FEEDBACK,
        text="Vi svarer på trivselsmålingen hvert år, men hører aldrig, hvad der sker bagefter.",
        age_band=AgeBand.AGE_16_17,
        area="Svebølle",
        focus_area=1,
        group=GROUP_G,
        supports=22,
        receipt_code=DEMO_RECEIPT_CODE,
        answer=(
            "Du har ret, og det var ikke godt nok. Arbejdsgruppe G har besluttet, at "
            "resultaterne fra trivselsmålingen skal vises i klasserne hvert år. Vi laver en "
            "kort video, så alle kan se, hvad I svarede, og hvad vi gør ved det."
        ),
        led_to_decision=True,
        # The days are counted back from the meeting that took the decision.
        steps=[
            Step(InputStatus.RECEIVED, 16, RECEIVED_NOTE),
            Step(InputStatus.CONSIDERING, 15, CONSIDERING_NOTE, "lars"),
            Step(
                InputStatus.ROUTED,
                12,
                _routed_note("arbejdsgruppe G (Ungepanel & fælles måling)"),
                "lars",
            ),
            Step(InputStatus.ANSWERED, -2, "answer", "nadia"),
            Step(
                InputStatus.DONE,
                -3,
                "Beslutningen står i referatet fra arbejdsgruppe G's møde. Du kan se den her.",
                "nadia",
            ),
        ],
    ),
    Spec(
        kind=InputKind.QUESTION,
        text="Kan man tale med en psykolog uden at forældrene ved det?",
        age_band=AgeBand.AGE_16_17,
        area=None,
        focus_area=1,
        group=GROUP_B,
        moderation=Moderation.PRIVATE,
        answer=(
            "Ja. Når du er fyldt 15 år, må du selv sige ja til at tale med en læge eller "
            "psykolog, og de har tavshedspligt. Du kan også tale med studievejlederen på din "
            "skole, eller ringe eller chatte anonymt med fx headspace eller Ventilen. Det er "
            "gratis. Hvis du er under 15, kan du stadig få råd og hjælp – spørg din "
            "sundhedsplejerske eller studievejleder."
        ),
        steps=[
            Step(InputStatus.RECEIVED, 40, RECEIVED_NOTE),
            Step(
                InputStatus.CONSIDERING,
                39,
                "Godt spørgsmål. Vi viser det ikke offentligt, fordi det er personligt, men du "
                "får et svar her.",
                "lars",
            ),
            Step(
                InputStatus.ROUTED,
                38,
                _routed_note("arbejdsgruppe B (Mental sundhed)"),
                "lars",
            ),
            Step(InputStatus.ANSWERED, 31, "answer", "maria"),
        ],
    ),
    Spec(
        kind=InputKind.FEEDBACK,
        text="Fredagsfællesskab var fedt, men musikken var for høj til at snakke.",
        age_band=AgeBand.AGE_16_17,
        area="Kalundborg by",
        focus_area=1,
        group=GROUP_A,
        supports=9,
        activity=FRIDAY_CLUB,
        contact_email="fredag.feedback@example.org",
        report="Det er bare brok, det var en god aften.",
        # Sent to group A 17 days ago: the answer is three days late.
        steps=[
            Step(InputStatus.RECEIVED, 25, RECEIVED_NOTE),
            Step(InputStatus.CONSIDERING, 24, CONSIDERING_NOTE, "lars"),
            Step(InputStatus.ROUTED, 17, _routed_note("arbejdsgruppe A (Fællesskaber)"), "lars"),
        ],
    ),
    Spec(
        kind=InputKind.IDEA,
        text="Hold styregruppemøder kl. 16 – med pizza.",
        age_band=AgeBand.AGE_18_24,
        area="Svebølle",
        focus_area=None,
        group=STEERING,
        supports=31,
        account="sara",
        answer=(
            "Styregruppen mødes allerede kl. 16, efter skoletid, så alle kan nå det. Og ja: "
            "fra næste møde er der pizza. Tak fordi du spurgte!"
        ),
        steps=[
            Step(InputStatus.RECEIVED, 50, RECEIVED_NOTE),
            Step(InputStatus.CONSIDERING, 48, CONSIDERING_NOTE, "lars"),
            Step(InputStatus.ROUTED, 45, _routed_note("styregruppen"), "lars"),
            Step(InputStatus.ANSWERED, 36, "answer", "mette"),
        ],
    ),
    Spec(
        kind=InputKind.WORRY,
        text="Mange bruger snus i timerne, og lærerne siger ikke noget.",
        age_band=AgeBand.AGE_13_15,
        area="Ubby",
        focus_area=4,
        moderation=Moderation.PENDING,
        steps=[Step(InputStatus.RECEIVED, 0.3, RECEIVED_NOTE)],
    ),
]


def seed_youth(alliance: Alliance, *, now: datetime.datetime) -> None:
    """The portal's settings, the youth panel's moderator and the example inputs. Idempotent."""
    people = {
        key: User.objects.get(email=demo_data.DEMO_LOGINS.get(key) or _email(spec["full_name"]))
        for key, spec in demo_data.PEOPLE.items()
    }
    with notifications_silenced():
        _settings(alliance)
        _moderator(alliance, user=people["sara"], by=people["lars"], now=now)
        existing = set(YouthInput.objects.filter(alliance=alliance).values_list("text", flat=True))
        for spec in INPUTS:
            if spec.text not in existing:
                _create_input(alliance, spec=spec, people=people, now=now)


def _email(full_name: str) -> str:
    return demo_data.demo_email(full_name)


def _settings(alliance: Alliance) -> None:
    settings, _created = PortalSettings.objects.get_or_create(alliance=alliance)
    if any(getattr(settings, name) != value for name, value in PORTAL_SETTINGS.items()):
        for name, value in PORTAL_SETTINGS.items():
            setattr(settings, name, value)
        settings.full_clean()
        settings.save()


def _moderator(alliance: Alliance, *, user: User, by: User, now: datetime.datetime) -> None:
    moderator, created = Moderator.objects.get_or_create(
        alliance=alliance, user=user, defaults={"appointed_by": by}
    )
    if created:
        Moderator.objects.filter(pk=moderator.pk).update(
            appointed_at=now - datetime.timedelta(days=90)
        )


def _decision_for_survey_feedback(
    alliance: Alliance, *, coordinator: User, now: datetime.datetime
) -> Decision:
    """Group G's decision to show the survey results in class, from published minutes; added to
    its last held meeting when the year of meetings did not happen to take it."""
    group = WorkGroup.objects.get(alliance=alliance, slug=GROUP_G)
    published = Decision.objects.filter(
        meeting__group=group,
        meeting__minutes_status=MinutesStatus.PUBLISHED,
        meeting__ends_at__lt=now - datetime.timedelta(days=14),
    )
    decision = published.filter(text=SURVEY_DECISION).order_by("-meeting__starts_at").first()
    if decision is not None:
        return decision
    meeting = (
        Meeting.objects.filter(
            group=group,
            minutes_status=MinutesStatus.PUBLISHED,
            ends_at__lt=now - datetime.timedelta(days=14),
        )
        .order_by("-starts_at")
        .first()
    )
    return Decision.objects.create(
        meeting=meeting,
        text=SURVEY_DECISION,
        rationale="Input fra en ung: vi hører aldrig, hvad der sker med trivselsmålingen.",
        decided_by="Arbejdsgruppe G",
        created_by=coordinator,
    )


def _create_input(alliance: Alliance, *, spec: Spec, people: dict, now: datetime.datetime):
    decision = (
        _decision_for_survey_feedback(alliance, coordinator=people["nadia"], now=now)
        if spec.led_to_decision
        else None
    )
    # The input about the survey is dated back from the meeting that took its decision.
    base = decision.meeting.starts_at if decision is not None else now

    def at(days_ago: float) -> datetime.datetime:
        return base - datetime.timedelta(days=days_ago)

    code = spec.receipt_code or codes.new_receipt_code()
    settings = PortalSettings.objects.get(alliance=alliance)
    by_status = {step.status: step for step in spec.steps}
    last = spec.steps[-1]
    created = at(spec.steps[0].days_ago)
    group = (
        WorkGroup.objects.get(alliance=alliance, slug=spec.group)
        if spec.group and InputStatus.ROUTED in by_status
        else None
    )
    routed = by_status.get(InputStatus.ROUTED)
    answered = by_status.get(InputStatus.ANSWERED)
    closed = by_status.get(InputStatus.DONE) or by_status.get(InputStatus.NOT_POSSIBLE)
    is_moderated = spec.moderation != Moderation.PENDING
    moderated_at = at(spec.steps[0].days_ago - 0.5) if is_moderated else None
    youth_input = YouthInput(
        alliance=alliance,
        kind=spec.kind,
        text=spec.text,
        focus_area=FocusArea.objects.filter(alliance=alliance, position=spec.focus_area).first()
        if spec.focus_area
        else None,
        activity=_activity(alliance, spec.activity),
        area=Area.objects.filter(alliance=alliance, name=spec.area).first() if spec.area else None,
        age_band=spec.age_band,
        user=people[spec.account] if spec.account else None,
        receipt_hash=codes.receipt_hash(code),
        link_hash=codes.link_hash(codes.link_token(code)),
        status=last.status,
        moderation=spec.moderation,
        published_text=spec.text if is_moderated else "",
        published_at=moderated_at if spec.moderation == Moderation.PUBLISHED else None,
        moderated_at=moderated_at,
        moderated_by=people[spec.moderated_by] if is_moderated else None,
        routed_group=group,
        routed_at=at(routed.days_ago) if routed and group else None,
        answer_due=(at(routed.days_ago) + datetime.timedelta(days=settings.answer_days)).date()
        if routed and group
        else None,
        answer=spec.answer if answered else "",
        answered_at=at(answered.days_ago) if answered else None,
        answered_by=people[answered.by] if answered else None,
        decision=decision,
        led_to_activity=_activity(alliance, spec.led_to_activity),
        support_count=spec.supports,
        report_count=1 if spec.report else 0,
        closed_at=at(closed.days_ago) if closed else None,
    )
    youth_input.full_clean()
    youth_input.save()
    # The demo's moderators were told about its inputs when they came.
    YouthInput.objects.filter(pk=youth_input.pk).update(
        created_at=created, updated_at=at(last.days_ago), moderators_told_at=created
    )
    events = InputEvent.objects.bulk_create(
        InputEvent(
            input=youth_input,
            status=step.status,
            note=spec.answer if step.note == "answer" else step.note,
            by=people[step.by] if step.by else None,
        )
        for step in spec.steps
    )
    for event, step in zip(events, spec.steps, strict=True):
        event.created_at = at(step.days_ago)
    InputEvent.objects.bulk_update(events, ["created_at"])
    Support.objects.bulk_create(
        Support(input=youth_input, supporter_hash=codes.keyed_hash("demo", str(i)))
        for i in range(spec.supports)
    )
    if spec.report:
        InputReport.objects.create(
            input=youth_input,
            reason=spec.report,
            reporter_hash=codes.keyed_hash("demo-report", "1"),
        )
    if spec.contact_email:
        consent = Consent.objects.create(
            alliance=alliance,
            purpose=ConsentPurpose.CONTACT,
            legal_basis=LegalBasis.CONSENT,
            text_version="1",
            status=ConsentStatus.GIVEN,
            input=youth_input,
            given_at=created,
        )
        ContactDetails.objects.create(
            input=youth_input,
            email=spec.contact_email,
            consent=consent,
            delete_after=created + datetime.timedelta(days=30 * settings.retention_months),
        )
    return youth_input


def _activity(alliance: Alliance, title: str | None) -> Activity | None:
    if not title:
        return None
    return Activity.objects.filter(alliance=alliance, title=title).first()
