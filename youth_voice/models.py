"""The youth portal: young people's input and its way through moderation, routing and answer;
consent and contact details kept only as long as needed; support, reports; the youth panel's
moderators; pulse surveys whose aggregated answers feed shared measurement.

Minimising data: no birth date (age bands only), no name, no IP address. Receipt codes and
private links are stored as keyed hashes, so the database alone does not reveal them.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

INPUT_TEXT_MAX = 2000
ANSWER_TEXT_MAX = 4000
SURVEY_TEXT_ANSWER_MAX = 500


class AgeBand(models.TextChoices):
    AGE_13_15 = "13-15", _("13–15 years")
    AGE_16_17 = "16-17", _("16–17 years")
    AGE_18_24 = "18-24", _("18–24 years")
    AGE_25_29 = "25-29", _("25–29 years")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    PUBLIC_TASK = "public_task", _("A public authority's task")


class PortalSettings(models.Model):
    """An alliance's rules for its youth portal. Created with the defaults when first read."""

    alliance = models.OneToOneField(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="youth_settings"
    )
    is_open = models.BooleanField(
        _("the youth portal is open"),
        default=True,
        help_text=_("When closed, the portal's pages answer 404."),
    )
    legal_basis = models.CharField(
        _("legal basis for contact details and accounts"),
        max_length=20,
        choices=LegalBasis.choices,
        default=LegalBasis.CONSENT,
    )
    consent_age = models.PositiveSmallIntegerField(
        _("digital consent age"),
        default=15,
        validators=[MinValueValidator(13), MaxValueValidator(18)],
        help_text=_("Below this age a parent or guardian consents (15 in Denmark)."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep contact details for at most (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer an input"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    controller_name = models.CharField(_("data controller"), max_length=200, blank=True)
    privacy_contact_email = models.EmailField(_("privacy contact email"), blank=True)
    dpo_email = models.EmailField(_("data protection officer's email"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("youth portal settings")
        verbose_name_plural = _("youth portal settings")

    def __str__(self) -> str:
        return str(self.alliance)


class InputKind(models.TextChoices):
    IDEA = "idea", _("Idea")
    WORRY = "worry", _("Worry")
    QUESTION = "question", _("Question")
    FEEDBACK = "feedback", _("Feedback")


class InputStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CONSIDERING = "considering", _("Being considered")
    ROUTED = "routed", _("Sent to a group")
    ANSWERED = "answered", _("Answered")
    # "Gennemført" in Danish, where an action item is "Udført": a context of its own.
    DONE = "done", pgettext_lazy("youth input status", "Done")
    NOT_POSSIBLE = "not_possible", _("Not possible")


CLOSED_STATUSES = (InputStatus.DONE, InputStatus.NOT_POSSIBLE)


class Moderation(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    PRIVATE = "private", _("Kept private")


class YouthInputQuerySet(models.QuerySet):
    def published(self):
        return self.filter(moderation=Moderation.PUBLISHED)

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)


class YouthInput(models.Model):
    """An idea, worry, question or feedback from a young person, and what became of it."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="youth_inputs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InputKind.choices)
    text = models.TextField(_("text"), validators=[MaxLengthValidator(INPUT_TEXT_MAX)])
    focus_area = models.ForeignKey(
        "alliance.FocusArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth_inputs",
        verbose_name=_("topic"),
    )
    activity = models.ForeignKey(
        "initiatives.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth_feedback",
        verbose_name=_("about the activity"),
    )
    area = models.ForeignKey(
        "initiatives.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth_inputs",
        verbose_name=_("where you live"),
    )
    age_band = models.CharField(_("age"), max_length=5, choices=AgeBand.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="youth_inputs",
        verbose_name=_("account"),
    )
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    link_hash = models.CharField(max_length=64, unique=True, editable=False)

    status = models.CharField(
        _("status"), max_length=20, choices=InputStatus.choices, default=InputStatus.RECEIVED
    )
    moderation = models.CharField(
        _("moderation"), max_length=20, choices=Moderation.choices, default=Moderation.PENDING
    )
    published_text = models.TextField(
        _("published text"),
        blank=True,
        validators=[MaxLengthValidator(INPUT_TEXT_MAX)],
        help_text=_("The text as others see it, with personal data masked."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    hide_reason = models.TextField(_("reason for hiding"), blank=True)

    routed_group = models.ForeignKey(
        "workgroups.WorkGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth_inputs",
        verbose_name=_("sent to group"),
    )
    routed_at = models.DateTimeField(_("sent to the group"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    answer = models.TextField(
        _("answer"), blank=True, validators=[MaxLengthValidator(ANSWER_TEXT_MAX)]
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decision = models.ForeignKey(
        "workgroups.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth_inputs",
        verbose_name=_("led to the decision"),
    )
    led_to_activity = models.ForeignKey(
        "initiatives.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth_inputs_led_to",
        verbose_name=_("led to the activity"),
    )
    agenda_item = models.ForeignKey(
        "workgroups.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth_inputs",
        verbose_name=_("on the agenda item"),
    )
    support_count = models.PositiveIntegerField(_("support"), default=0)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # When the moderators were told the input waits: the input is its own outbox entry, read
    # every minute by youth_voice.tasks.moderators_notify_new_inputs_task.
    moderators_told_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = YouthInputQuerySet.as_manager()

    class Meta:
        verbose_name = _("youth input")
        verbose_name_plural = _("youth inputs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["alliance", "moderation", "status"], name="youthinput_queue"),
            models.Index(fields=["routed_group", "status"], name="youthinput_group"),
            models.Index(fields=["alliance", "answer_due"], name="youthinput_due"),
            models.Index(
                fields=["id"],
                condition=models.Q(moderators_told_at__isnull=True),
                name="youthinput_untold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class InputEvent(models.Model):
    """A step of an input's way: a status change with the note the young person sees."""

    input = models.ForeignKey(YouthInput, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=InputStatus.choices)
    note = models.TextField(
        _("note to the young person"), blank=True, validators=[MaxLengthValidator(ANSWER_TEXT_MAX)]
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["input", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.input_id}: {self.get_status_display()}"


class ConsentPurpose(models.TextChoices):
    CONTACT = "contact", _("Contact details to answer my input")
    ACCOUNT = "account", _("An account that keeps my inputs together")


class ConsentGivenBy(models.TextChoices):
    SELF = "self", _("The young person")
    GUARDIAN = "guardian", _("A parent or guardian")


class ConsentStatus(models.TextChoices):
    AWAITING_GUARDIAN = "awaiting_guardian", _("Waiting for a parent or guardian")
    GIVEN = "given", _("Given")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class Consent(models.Model):
    """What was consented to (or agreed to under a public task), the text's version, when and
    by whom. Kept after withdrawal or erasure without the link to the person, to show that the
    consent existed (GDPR art. 7(1))."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="youth_consents"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    text_version = models.CharField(_("text version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=ConsentStatus.choices, default=ConsentStatus.GIVEN
    )
    given_by = models.CharField(
        _("given by"), max_length=20, choices=ConsentGivenBy.choices, default=ConsentGivenBy.SELF
    )
    below_consent_age = models.BooleanField(_("below the consent age"), default=False)
    input = models.ForeignKey(
        YouthInput, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth_consents",
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    given_at = models.DateTimeField(_("given"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.get_status_display()})"


class GuardianRequest(models.Model):
    """A parent's or guardian's consent asked by email. The email address is deleted with the
    request once confirmed, refused or expired."""

    consent = models.OneToOneField(
        Consent, on_delete=models.CASCADE, related_name="guardian_request"
    )
    guardian_email = models.EmailField(_("parent's or guardian's email"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("guardian consent request")
        verbose_name_plural = _("guardian consent requests")

    def __str__(self) -> str:
        return f"{self.consent_id}"


class ContactDetails(models.Model):
    """How to answer an input, kept until the input is closed or the retention period ends."""

    input = models.OneToOneField(YouthInput, on_delete=models.CASCADE, related_name="contact")
    email = models.EmailField(_("email"))
    consent = models.ForeignKey(
        Consent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    delete_after = models.DateTimeField(_("deleted at the latest"))

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")
        indexes = [models.Index(fields=["delete_after"], name="youthcontact_delete_after")]

    def __str__(self) -> str:
        return f"{self.input_id}"


class Support(models.Model):
    """One person's or device's support for a published input (a keyed hash, not an identity)."""

    input = models.ForeignKey(YouthInput, on_delete=models.CASCADE, related_name="supports")
    supporter_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["input", "supporter_hash"], name="youth_support_once"),
        ]

    def __str__(self) -> str:
        return f"{self.input_id}"


class InputReport(models.Model):
    """A young person's report of a published input, for the moderators."""

    input = models.ForeignKey(YouthInput, on_delete=models.CASCADE, related_name="reports")
    reason = models.TextField(_("what is wrong"), validators=[MaxLengthValidator(500)])
    reporter_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["input", "reporter_hash"], name="youth_report_once"),
        ]

    def __str__(self) -> str:
        return f"{self.input_id}"


class Moderator(models.Model):
    """A person the secretariat appointed to moderate youth input (often from the youth panel)."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="youth_moderators"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="youth_moderation"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appointed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("moderator")
        verbose_name_plural = _("moderators")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "user"], name="youth_moderator_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.alliance}"


class ErasureRecord(models.Model):
    """That an erasure request was carried out, without who asked (accountability, art. 5(2))."""

    class Via(models.TextChoices):
        ACCOUNT = "account", _("Account")
        RECEIPT = "receipt", _("Receipt code")

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="youth_erasures"
    )
    via = models.CharField(max_length=20, choices=Via.choices)
    inputs_erased = models.PositiveIntegerField(default=0)
    erased_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"{self.alliance_id} {self.erased_at:%Y-%m-%d}"


# --- pulse surveys ------------------------------------------------------------------------


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FeedRule(models.TextChoices):
    MEAN = "mean", _("Mean of the answers")
    SHARE = "share", _("Share choosing the marked answers (%)")


class Survey(models.Model):
    """A short anonymous pulse survey (3-8 questions) the secretariat publishes to young people."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="youth_surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # Where the aggregated answers go in shared measurement.
    indicator = models.ForeignKey(
        "measurement.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth_surveys",
        verbose_name=_("indicator"),
    )
    indicator_question = models.ForeignKey(
        "Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question that feeds the indicator"),
    )
    feed_rule = models.CharField(
        _("figure"), max_length=20, choices=FeedRule.choices, default=FeedRule.SHARE
    )
    period = models.DateField(_("indicator period"), null=True, blank=True)
    organisation = models.ForeignKey(
        "alliance.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported as organisation"),
    )
    age_dimension = models.ForeignKey(
        "measurement.Dimension",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("age band breakdown"),
    )
    area_dimension = models.ForeignKey(
        "measurement.Dimension",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area breakdown"),
    )
    fed_at = models.DateTimeField(_("sent to shared measurement"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pulse survey")
        verbose_name_plural = _("pulse surveys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Agree or disagree (1-5)")
    CHOICE = "choice", _("One choice")
    NUMBER = "number", _("A number")
    TEXT = "text", _("Free text")


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # For the "share" rule: the choices (or Likert values as strings) that count.
    counted_choices = models.JSONField(_("answers that count"), default=list, blank=True)
    number_min = models.IntegerField(_("lowest number"), null=True, blank=True)
    number_max = models.IntegerField(_("highest number"), null=True, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One anonymous response. The device hash only stops a second answer from the same device."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    age_band = models.CharField(_("age"), max_length=5, choices=AgeBand.choices, blank=True)
    area = models.ForeignKey(
        "initiatives.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    device_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "device_hash"], name="survey_response_once_per_device"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True, validators=[MaxLengthValidator(SURVEY_TEXT_ANSWER_MAX)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
