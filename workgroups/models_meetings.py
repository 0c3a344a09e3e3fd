"""Meetings of a group: the series they recur in, agenda, attendance, minutes, decisions,
action items and corrections of published minutes.

Imported at the end of workgroups/models.py so that Django registers these models with the
app; the relations to WorkGroup use strings so that this module never imports models.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RecurrenceRule(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every second week")
    MONTHLY = "monthly", _("Monthly, on the nth weekday")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("First")
    SECOND = 2, _("Second")
    THIRD = 3, _("Third")
    FOURTH = 4, _("Fourth")
    LAST = 5, _("Last")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class MeetingSeries(models.Model):
    """A recurring meeting (every second Tuesday 15:00-16:30, say). Its meetings are
    materialised as Meeting rows by workgroups.services_meetings.meeting_series_schedule."""

    group = models.ForeignKey(
        "workgroups.WorkGroup",
        on_delete=models.CASCADE,
        related_name="meeting_series",
        verbose_name=_("group"),
    )
    title = models.CharField(_("title"), max_length=200)
    rule = models.CharField(_("repeats"), max_length=20, choices=RecurrenceRule.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    week_of_month = models.PositiveSmallIntegerField(
        _("week of the month"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_("Only for monthly meetings, e.g. the second Tuesday of the month."),
    )
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    first_date = models.DateField(_("first date"))
    until_date = models.DateField(_("last date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["group", "first_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="meetingseries_time_order"
            ),
            models.CheckConstraint(
                condition=Q(until_date__gte=F("first_date")), name="meetingseries_date_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_rule_display()})"

    def clean(self) -> None:
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The meeting must end after it starts.")
        if self.first_date and self.until_date and self.until_date < self.first_date:
            errors["until_date"] = _("The last date cannot be before the first date.")
        if self.rule == RecurrenceRule.MONTHLY and not self.week_of_month:
            errors["week_of_month"] = _("Choose which week of the month the meeting is in.")
        if errors:
            raise ValidationError(errors)


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(is_cancelled=False, ends_at__gte=now or timezone.now())


class Meeting(models.Model):
    """One meeting of a group, one-off or from a series. Times are aware datetimes."""

    group = models.ForeignKey(
        "workgroups.WorkGroup",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("group"),
    )
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    agenda_published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)
    minutes_summary = models.TextField(
        _("general minutes"), blank=True, help_text=_("What is not minuted under an item.")
    )
    minutes_status = models.CharField(
        _("minutes"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["group", "starts_at"], name="meeting_group_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_time_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})

    @property
    def is_agenda_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def is_minutes_published(self) -> bool:
        return self.minutes_status == MinutesStatus.PUBLISHED


class AgendaItem(models.Model):
    """An item of a meeting's agenda, with the minutes written under it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("time (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    minutes = models.TextField(_("minutes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class AgendaAttachment(models.Model):
    """A file attached to an agenda item (a paper to read before the meeting).

    Uploads are checked by alliance.uploads.validate_upload and downloaded only through a view
    that checks that the reader may see the meeting."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("item")
    )
    file = models.FileField(_("file"), upload_to="agenda/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["item", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    """Whether a person was at a meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_attendances",
        verbose_name=_("person"),
    )
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting", "user"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_one_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting}: {self.get_status_display()}"


class Decision(models.Model):
    """A decision minuted at a meeting; it may adopt a version of the common agenda."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("decision"))
    rationale = models.TextField(_("rationale"), blank=True)
    decided_by = models.CharField(
        _("decided by"), max_length=200, help_text=_("Who decided, e.g. the working group.")
    )
    adopted_agenda_version = models.ForeignKey(
        "alliance.AgendaVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopting_decisions",
        verbose_name=_("adopted version of the common agenda"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(models.Model):
    """Something a group member has to do by a deadline."""

    group = models.ForeignKey(
        "workgroups.WorkGroup",
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("group"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    done_note = models.TextField(_("note"), blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["owner", "status"], name="actionitem_owner_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionItemStatus.OPEN and self.deadline < timezone.localdate()


class MinutesCorrection(models.Model):
    """A visible note of a change made to minutes after they were published."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="minutes_corrections",
        verbose_name=_("meeting"),
    )
    note = models.TextField(_("correction note"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    created_at = models.DateTimeField(_("corrected"), auto_now_add=True)

    class Meta:
        verbose_name = _("correction of the minutes")
        verbose_name_plural = _("corrections of the minutes")
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self) -> str:
        return self.note[:80]
