"""The tenant (Alliance), its people, organisations, roles and the focus areas of its agenda."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Top-level URL segments that an alliance slug must never shadow.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "api",
        "health",
        "home",
        "invitation",
        "i18n",
        "media",
        "privacy",
        "static",
        "favicon.ico",
        "robots.txt",
    }
)


def validate_alliance_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved. Choose another address."), params={"slug": value}
        )


def validate_cvr(value: str) -> None:
    """A Danish CVR number: eight digits whose weighted sum is divisible by 11."""
    if len(value) != 8 or not value.isdigit() or value[0] == "0":
        raise ValidationError(_("A CVR number has eight digits and does not start with 0."))
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    if sum(int(d) * w for d, w in zip(value, weights, strict=True)) % 11:
        raise ValidationError(_("This is not a valid CVR number (the check digit does not match)."))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in by email; belongs to alliances through memberships."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Can log into the admin site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The language of the emails the person gets; empty means the site's language.
    language = models.CharField(
        _("language of emails"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class AllianceQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Alliance(models.Model):
    """The tenant: one Collective Impact alliance. Everything it owns is scoped to it."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=60,
        unique=True,
        validators=[validate_alliance_slug],
        help_text=_("Used in the web address: /<address>/."),
    )
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    vision = models.TextField(_("shared vision"), blank=True)
    problem_understanding = models.TextField(
        _("shared understanding of the problem"), blank=True, help_text=_("Markdown.")
    )
    guiding_principles = models.TextField(
        _("guiding principles"), blank=True, help_text=_("Markdown.")
    )
    is_public = models.BooleanField(
        _("listed publicly"),
        default=False,
        help_text=_("Shown on the landing page; its published content can be read by anyone."),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Every page says that it holds demo data.")
    )
    youth_share_minimum = models.PositiveSmallIntegerField(
        _("minimum youth share in the steering group (%)"),
        default=25,
        validators=[MaxValueValidator(100)],
    )
    small_group_threshold = models.PositiveSmallIntegerField(
        _("hide figures from fewer respondents than"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Outside the secretariat, no figure from fewer young people is shown."),
    )
    uncertain_below = models.PositiveSmallIntegerField(
        _("mark figures as uncertain below"),
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_("Figures from fewer respondents are shown as uncertain."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AllianceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("alliance:home", kwargs={"alliance_slug": self.slug})


class Sector(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION_HEALTH = "region_health", _("Region / health")
    EDUCATION = "education", _("Education")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    SPORTS_LEISURE = "sports_leisure", _("Sports and leisure")
    BUSINESS = "business", _("Business")
    YOUTH_ORGANISATION = "youth_organisation", _("Youth organisation")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """A partner organisation of an alliance."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="organisations", verbose_name=_("alliance")
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True, validators=[validate_cvr])
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_listed_publicly = models.BooleanField(
        _("listed publicly"),
        default=False,
        help_text=_("The partner agreed to be shown on the alliance's public page."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    STEERING = "steering", _("Steering group member")
    COORDINATOR = "coordinator", _("Working group coordinator")
    MEMBER = "member", _("Working group member")
    YOUTH = "youth", _("Young person")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    """A person's one role in one alliance. Deactivating keeps the history, removes the access."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("alliance")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    is_listed_in_directory = models.BooleanField(
        _("shown in the people directory"),
        default=False,
        help_text=_("The person consented to be shown to everyone in the alliance."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["alliance", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "alliance"], name="membership_one_per_alliance"
            ),
        ]
        indexes = [models.Index(fields=["alliance", "role"], name="membership_alliance_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.alliance} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.alliance_id != self.alliance_id:
            raise ValidationError(
                {"organisation": _("The organisation must belong to the same alliance.")}
            )


class FocusArea(models.Model):
    """A focus area (indsatsområde) of the common agenda."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("alliance")
    )
    position = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1)], default=1
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["alliance", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "position"], name="focus_area_unique_number"
            ),
            models.UniqueConstraint(fields=["alliance", "title"], name="focus_area_unique_title"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Goal(models.Model):
    """A shared goal of the common agenda, under one focus area."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="goals", verbose_name=_("alliance")
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.PROTECT, related_name="goals", verbose_name=_("focus area")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    target_year = models.PositiveSmallIntegerField(
        _("target year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["alliance", "focus_area__position", "position", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.focus_area_id and self.focus_area.alliance_id != self.alliance_id:
            raise ValidationError(
                {"focus_area": _("The focus area must belong to the same alliance.")}
            )


class AgendaVersion(models.Model):
    """A published revision of the common agenda: a frozen copy of its texts, focus areas and
    goals, with who published it, when and why. A decision that adopts it points here
    (the workgroups app holds that link)."""

    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        related_name="agenda_versions",
        verbose_name=_("alliance"),
    )
    number = models.PositiveIntegerField(_("version"))
    vision = models.TextField(_("shared vision"), blank=True)
    problem_understanding = models.TextField(_("shared understanding of the problem"), blank=True)
    guiding_principles = models.TextField(_("guiding principles"), blank=True)
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    goals = models.JSONField(_("goals"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    published_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("agenda version")
        verbose_name_plural = _("agenda versions")
        ordering = ["alliance", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "number"], name="agenda_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.alliance} v{self.number}"


class CommitmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_SIGNATURE = "awaiting_signature", _("Waiting for signature")
    SIGNED = "signed", _("Signed")


class Commitment(models.Model):
    """A partner's commitment (partnerskabsaftale): what it contributes and to which goals.

    Signed by the partner's representative with their own login. A change after signing sends
    it back for a new signature; every signed text is kept in CommitmentSignature."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("alliance")
    )
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="commitment",
        verbose_name=_("organisation"),
    )
    hours_per_year = models.PositiveIntegerField(_("hours per year"), null=True, blank=True)
    money_dkk = models.PositiveIntegerField(_("money (DKK per year)"), null=True, blank=True)
    venues = models.TextField(_("venues"), blank=True)
    data = models.TextField(_("data"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    other = models.TextField(_("other contributions"), blank=True)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="commitments", verbose_name=_("goals committed to")
    )
    representative = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments_to_sign",
        verbose_name=_("representative who signs"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.DRAFT,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[goals])

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.alliance_id != self.alliance_id:
            raise ValidationError(
                {"organisation": _("The organisation must belong to the same alliance.")}
            )


class CommitmentSignature(models.Model):
    """One signed version of a commitment, with the exact text that was signed."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="signatures")
    version = models.PositiveIntegerField(_("version"))
    text = models.JSONField(_("signed text"))
    signed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("signed by")
    )
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)

    class Meta:
        verbose_name = _("commitment signature")
        verbose_name_plural = _("commitment signatures")
        ordering = ["commitment", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "version"], name="commitment_signature_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.organisation} v{self.version}"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An invitation into an alliance with a role. Only a hash of the one-time token is kept."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("alliance")
    )
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.alliance}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class AgendaComment(models.Model):
    """A comment on the common agenda by a member of the steering group or the secretariat."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="agenda_comments")
    version = models.ForeignKey(
        AgendaVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("agenda version"),
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda comment")
        verbose_name_plural = _("agenda comments")
        ordering = ["alliance", "created_at"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


from .models_notifications import EmailDelivery, EmailOptOut, Notification  # noqa: E402, F401
from .models_outbox import PendingTask  # noqa: E402, F401
from .models_security import SecurityEvent, SecurityEventKind  # noqa: E402, F401
