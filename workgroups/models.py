"""Groups of an alliance (the steering group, working groups, the youth panel) and their members."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class GroupKind(models.TextChoices):
    STEERING = "steering", _("Steering group")
    WORKING = "working", _("Working group")
    YOUTH_PANEL = "youth_panel", _("Youth panel")


class GroupRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")


class WorkGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_archived=False)

    def for_alliance(self, alliance):
        return self.filter(alliance=alliance)


class WorkGroup(models.Model):
    """A group of an alliance. The steering group is one, so its meetings use the same pages."""

    alliance = models.ForeignKey(
        "alliance.Alliance",
        on_delete=models.CASCADE,
        related_name="groups",
        verbose_name=_("alliance"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80)
    purpose = models.TextField(_("purpose / terms of reference"), blank=True)
    focus_areas = models.ManyToManyField(
        "alliance.FocusArea", blank=True, related_name="groups", verbose_name=_("focus areas")
    )
    lead_organisations = models.ManyToManyField(
        "alliance.Organisation",
        blank=True,
        related_name="led_groups",
        verbose_name=_("lead organisations"),
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = WorkGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["alliance", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "slug"], name="workgroup_unique_slug"),
            models.UniqueConstraint(
                fields=["alliance"],
                condition=Q(kind="steering"),
                name="workgroup_one_steering_group",
            ),
        ]
        permissions = [
            ("manage_workgroup", _("Can manage the group, its meetings and members")),
            ("contribute_workgroup", _("Can contribute to the group")),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """A person's seat in a group: role, organisation represented, youth seat, term."""

    group = models.ForeignKey(
        WorkGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_seats",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role in the group"), max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    organisation = models.ForeignKey(
        "alliance.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_seats",
        verbose_name=_("organisation represented"),
    )
    is_youth_representative = models.BooleanField(_("youth representative"), default=False)
    is_voting = models.BooleanField(
        _("voting"),
        default=True,
        help_text=_("Off for observers, e.g. the head of the secretariat."),
    )
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="groupmember_one_seat"),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="groupmember_term_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.group} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})
        if self.organisation_id and self.organisation.alliance_id != self.group.alliance_id:
            raise ValidationError(
                {"organisation": _("The organisation must belong to the same alliance.")}
            )


# The meetings of groups are defined in models_meetings.py and imported here, so that Django
# registers them with the app.
from .models_calendar import CalendarFeed  # noqa: E402
from .models_meetings import (  # noqa: E402
    ActionItem,
    ActionItemStatus,
    AgendaAttachment,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    Meeting,
    MeetingSeries,
    MinutesCorrection,
    MinutesStatus,
    RecurrenceRule,
    Weekday,
    WeekOfMonth,
)
from .models_news import NewsComment, NewsPost  # noqa: E402

__all__ = [
    "ActionItem",
    "ActionItemStatus",
    "AgendaAttachment",
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "CalendarFeed",
    "Decision",
    "GroupKind",
    "GroupMember",
    "GroupRole",
    "Meeting",
    "MeetingSeries",
    "MinutesCorrection",
    "MinutesStatus",
    "NewsComment",
    "NewsPost",
    "RecurrenceRule",
    "WeekOfMonth",
    "Weekday",
    "WorkGroup",
    "WorkGroupQuerySet",
]
