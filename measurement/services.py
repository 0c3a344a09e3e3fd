"""Data points through their life: entered (draft), submitted, returned with a reason or
approved; corrected by a new data point that supersedes the approved one; periods locked.

Each function is one transaction and validates before it saves. A data point is identified by
its key (indicator, period, organisation, breakdown value or the total): a key has at most one
open data point (draft, submitted or returned) and at most one current approved value, so
entering or importing the same figure twice never makes two. An approved value is never edited:
a different value for the same key is a new data point which, once approved, supersedes it.

Approving (and undoing an approval) changes what the summaries say, so it queues the recompute of
the indicator after the transaction commits, coalesced: a burst of approvals for one indicator
recomputes it once or twice, not once each.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.models import Alliance, Membership, Organisation, User
from alliance.queue import coalesce_clear, enqueue_on_commit

from .models import (
    Aggregation,
    DataPoint,
    DataPointStatus,
    DimensionValue,
    Frequency,
    Indicator,
    PeriodLock,
    Unit,
)
from .periods import period_label, period_start
from .selectors import can_report, reporting_organisations
from .validators import validate_evidence

logger = logging.getLogger(__name__)

OPEN_STATUSES = (DataPointStatus.DRAFT, DataPointStatus.SUBMITTED, DataPointStatus.RETURNED)
EDITABLE_STATUSES = (DataPointStatus.DRAFT, DataPointStatus.RETURNED)
RECOMPUTE_KEY = "measurement:recompute:{}"
RELATED_FIELDS = (
    "indicator",
    "organisation",
    "breakdown",
    "supersedes",
    "entered_by",
    "approved_by",
)


# ---------------------------------------------------------------------------
# Recompute, queued after commit and coalesced per indicator
# ---------------------------------------------------------------------------


def recompute_queue(indicator_ids: Iterable[int]) -> None:
    """Queue one recompute per indicator in the current transaction (alliance.queue's outbox),
    unless one is already waiting. It is published after the commit and waits a few seconds
    before it starts, so a burst of approvals costs one recompute; the task clears the waiting
    mark first thing, so a change during a recompute queues one more. While Redis is down the
    outbox keeps it, and it is published once Redis is back."""
    from .tasks import indicator_recompute_task

    delay = settings.MEASUREMENT_RECOMPUTE_DELAY_SECONDS
    for indicator_id in sorted(set(indicator_ids)):
        enqueue_on_commit(
            indicator_recompute_task,
            indicator_id,
            countdown=delay,
            coalesce_key=RECOMPUTE_KEY.format(indicator_id),
        )


def recompute_mark_clear(indicator_id: int) -> None:
    """Forget that a recompute is waiting (the task calls this when it starts)."""
    coalesce_clear(RECOMPUTE_KEY.format(indicator_id))


# ---------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------


def period_is_locked(alliance: Alliance, frequency: str, period: datetime.date) -> bool:
    return PeriodLock.objects.filter(alliance=alliance, frequency=frequency, period=period).exists()


def _locked_error(indicator: Indicator, period: datetime.date) -> ValidationError:
    return ValidationError(
        _("%(period)s is locked: its figures can no longer be entered or changed."),
        code="period_locked",
        params={"period": period_label(indicator.frequency, period)},
    )


def _check_unlocked(indicator: Indicator, period: datetime.date) -> None:
    if period_is_locked(indicator.alliance, indicator.frequency, period):
        raise _locked_error(indicator, period)


def _check_frequency(frequency: str) -> None:
    # period_start() knows only these; anything else would be a KeyError (a 500), not an error
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose one of the frequencies.")})


@transaction.atomic
def period_lock(
    *, alliance: Alliance, frequency: str, period: datetime.date, user: User | None
) -> PeriodLock:
    """Lock a period: no data point of that frequency and period can be entered, changed,
    approved or returned until it is unlocked. Locking twice is harmless."""
    _check_frequency(frequency)
    period = period_start(frequency, period)
    lock, _created = PeriodLock.objects.get_or_create(
        alliance=alliance, frequency=frequency, period=period, defaults={"locked_by": user}
    )
    return lock


@transaction.atomic
def period_unlock(*, alliance: Alliance, frequency: str, period: datetime.date) -> bool:
    """Unlock a period; returns whether it was locked."""
    _check_frequency(frequency)
    deleted, _rows = PeriodLock.objects.filter(
        alliance=alliance, frequency=frequency, period=period_start(frequency, period)
    ).delete()
    return bool(deleted)


# ---------------------------------------------------------------------------
# Entering values
# ---------------------------------------------------------------------------


def _key_filter(indicator: Indicator, period, organisation, breakdown) -> dict:
    return {
        "indicator": indicator,
        "period": period,
        "organisation": organisation,
        "breakdown": breakdown,
    }


def _key_of(datapoint: DataPoint) -> tuple:
    return (
        datapoint.indicator_id,
        datapoint.period,
        datapoint.organisation_id,
        datapoint.breakdown_id,
    )


def datapoint_current(
    *, indicator: Indicator, period, organisation, breakdown=None
) -> DataPoint | None:
    """The current approved data point of a key, if any."""
    return (
        DataPoint.objects.current()
        .filter(**_key_filter(indicator, period, organisation, breakdown))
        .first()
    )


def datapoint_open(
    *, indicator: Indicator, period, organisation, breakdown=None
) -> DataPoint | None:
    """The open (draft, submitted or returned) data point of a key, if any."""
    return (
        DataPoint.objects.filter(status__in=OPEN_STATUSES)
        .filter(**_key_filter(indicator, period, organisation, breakdown))
        .first()
    )


def _clean_figures(
    indicator: Indicator,
    *,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    respondents: int | None,
) -> dict:
    """The figures to store for this indicator, or a ValidationError saying what is wrong."""
    errors: dict[str, list] = {}
    if indicator.aggregation == Aggregation.RATIO:
        if numerator is None:
            errors.setdefault("numerator", []).append(_("Enter how many (the numerator)."))
        if denominator is None or denominator <= 0:
            errors.setdefault("denominator", []).append(
                _("Enter how many in all (the denominator), above zero.")
            )
        if numerator is not None and numerator < 0:
            errors.setdefault("numerator", []).append(_("The numerator cannot be negative."))
        if numerator is not None and denominator and numerator > denominator:
            errors.setdefault("numerator", []).append(
                _("The numerator cannot be larger than the denominator.")
            )
        value = None
    else:
        numerator = denominator = None
        if value is None:
            errors.setdefault("value", []).append(_("Enter a value."))
        elif indicator.unit in (Unit.COUNT, Unit.HOURS, Unit.CURRENCY) and value < 0:
            errors.setdefault("value", []).append(_("The value cannot be negative."))
        elif indicator.unit == Unit.PERCENT and not 0 <= value <= 100:
            errors.setdefault("value", []).append(_("A percent is between 0 and 100."))
        elif indicator.unit == Unit.MEAN_SCORE and (
            (indicator.scale_min is not None and value < indicator.scale_min)
            or (indicator.scale_max is not None and value > indicator.scale_max)
        ):
            errors.setdefault("value", []).append(
                _("The score must be on the scale from %(low)s to %(high)s.")
                % {"low": indicator.scale_min, "high": indicator.scale_max}
            )
    if respondents is not None and respondents < 0:
        errors.setdefault("respondents", []).append(_("The number cannot be negative."))
    if errors:
        raise ValidationError(errors)
    return {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "respondents": respondents,
    }


class KeyChecks:
    """The checks on a data point's key, remembered per indicator and organisation, so that an
    import of many rows asks the database once per indicator, not once per row. One instance
    lives for one request or import: rights and locks may change between requests."""

    def __init__(self, membership: Membership | None):
        self.membership = membership
        self._reportable: dict[int, bool] = {}
        self._organisations: dict[int, set[int]] = {}
        self._dimensions: dict[int, set[int]] = {}
        self._locked: dict[tuple[int, str], set[datetime.date]] = {}

    def check(
        self,
        *,
        indicator: Indicator,
        organisation: Organisation,
        breakdown: DimensionValue | None,
        period: datetime.date,
    ) -> None:
        membership = self.membership
        if membership is not None:
            if indicator.pk not in self._reportable:
                self._reportable[indicator.pk] = can_report(membership, indicator)
            if not self._reportable[indicator.pk]:
                raise PermissionDenied
            if indicator.pk not in self._organisations:
                self._organisations[indicator.pk] = set(
                    reporting_organisations(membership, indicator).values_list("pk", flat=True)
                )
            if organisation.pk not in self._organisations[indicator.pk]:
                raise ValidationError(
                    {"organisation": _("You cannot report on behalf of this organisation.")}
                )
        if organisation.alliance_id != indicator.alliance_id:
            raise ValidationError(
                {"organisation": _("The organisation must belong to the same alliance.")}
            )
        if breakdown is not None:
            if indicator.pk not in self._dimensions:
                self._dimensions[indicator.pk] = set(
                    indicator.dimensions.values_list("pk", flat=True)
                )
            if breakdown.dimension_id not in self._dimensions[indicator.pk]:
                raise ValidationError(
                    {
                        "breakdown": _("This indicator is not broken down by %(dimension)s.")
                        % {"dimension": breakdown.dimension.name}
                    }
                )
        if period != period_start(indicator.frequency, period):
            raise ValidationError({"period": _("Choose one of the indicator's periods.")})
        self.check_unlocked(indicator, period)

    def check_unlocked(self, indicator: Indicator, period: datetime.date) -> None:
        """Refuse a locked period; the alliance's locks of a frequency are read once."""
        locks_key = (indicator.alliance_id, indicator.frequency)
        if locks_key not in self._locked:
            self._locked[locks_key] = set(
                PeriodLock.objects.filter(
                    alliance_id=indicator.alliance_id, frequency=indicator.frequency
                ).values_list("period", flat=True)
            )
        if period in self._locked[locks_key]:
            raise _locked_error(indicator, period)


@transaction.atomic
def datapoint_save(
    *,
    indicator: Indicator,
    user: User | None,
    membership: Membership | None = None,
    organisation: Organisation,
    period: datetime.date,
    breakdown: DimensionValue | None = None,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    respondents: int | None = None,
    comment: str = "",
    evidence: UploadedFile | None = None,
    submit: bool = False,
    checks: KeyChecks | None = None,
    update_submitted: bool = False,
) -> DataPoint | None:
    """Enter a value for a key: update its open data point (draft or returned), or create one.

    With `membership` the person's right to report for this indicator and organisation is
    checked (views and imports pass it; a shell or the demo need not). `submit` sends it to the
    secretariat. When the same figures are already approved, or already submitted, nothing is
    written and None (approved) or the submitted data point is returned, so a second upload of
    the same file changes nothing. A submitted value can no longer be changed by the reporter
    (the secretariat returns it first). Saving many values (a form of rows, an import) passes
    one `KeyChecks` so the rights and locks are read once.

    `update_submitted` is for figures the platform computes from records kept elsewhere (an
    activity's log): a submitted value not yet approved takes the new figures and stays
    submitted, instead of being refused."""
    period = period_start(indicator.frequency, period)
    if checks is None or checks.membership != membership:
        checks = KeyChecks(membership)
    checks.check(
        indicator=indicator,
        organisation=organisation,
        breakdown=breakdown,
        period=period,
    )
    figures = _clean_figures(
        indicator,
        value=value,
        numerator=numerator,
        denominator=denominator,
        respondents=respondents,
    )
    if evidence is not None:
        validate_evidence(evidence)
    comment = (comment or "").strip()
    key = _key_filter(indicator, period, organisation, breakdown)
    existing = (
        DataPoint.objects.select_for_update(of=("self",))
        .filter(status__in=OPEN_STATUSES, **key)
        .order_by("pk")
        .first()
    )
    if existing is not None and existing.status == DataPointStatus.SUBMITTED:
        if _same_figures(existing, figures):
            return existing
        if update_submitted:
            submit = True
        else:
            raise ValidationError(
                _(
                    "A value for %(period)s is already submitted and waiting for approval. "
                    "Ask the secretariat to return it if it must change."
                ),
                code="already_submitted",
                params={"period": period_label(indicator.frequency, period)},
            )
    if existing is None:
        current = datapoint_current(
            indicator=indicator, period=period, organisation=organisation, breakdown=breakdown
        )
        if current is not None and _same_figures(current, figures):
            return None
        existing = DataPoint(**key)
    for name, figure in figures.items():
        setattr(existing, name, figure)
    existing.comment = comment
    if evidence is not None:
        existing.evidence = evidence
    existing.entered_by = user
    existing.status = DataPointStatus.SUBMITTED if submit else DataPointStatus.DRAFT
    if submit:
        existing.return_reason = ""
    # The related rows were checked above and the database enforces one open value per key, so
    # only the fields themselves and the model's rules are validated here.
    existing.clean_fields(exclude=[*RELATED_FIELDS, "evidence"])
    existing.clean()
    existing.save()
    return existing


def _same_figures(datapoint: DataPoint, figures: dict) -> bool:
    return all(same_number(getattr(datapoint, name), figure) for name, figure in figures.items())


def same_number(stored, given) -> bool:
    """Two stored or entered figures are equal (None only equals None)."""
    if stored is None or given is None:
        return stored is None and given is None
    return Decimal(stored) == Decimal(given)


@transaction.atomic
def datapoint_submit(*, datapoint: DataPoint, user: User | None) -> DataPoint:
    """Send a draft or returned data point to the secretariat for approval."""
    datapoint = DataPoint.objects.select_for_update(of=("self",)).get(pk=datapoint.pk)
    if datapoint.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Only a draft or a returned value can be submitted."), code="not_editable"
        )
    _check_unlocked(datapoint.indicator, datapoint.period)
    datapoint.status = DataPointStatus.SUBMITTED
    datapoint.return_reason = ""
    datapoint.save(update_fields=["status", "return_reason", "updated_at"])
    return datapoint


@transaction.atomic
def datapoint_delete(*, datapoint: DataPoint) -> None:
    """Delete a draft (a value nobody else has seen)."""
    if datapoint.status != DataPointStatus.DRAFT:
        raise ValidationError(_("Only a draft can be deleted."), code="not_draft")
    datapoint.delete()


# ---------------------------------------------------------------------------
# The secretariat's review
# ---------------------------------------------------------------------------


@transaction.atomic
def datapoint_approve(*, datapoints: Iterable[DataPoint], user: User | None) -> int:
    """Approve submitted data points (one or many); each supersedes the value it corrects, the
    current approved value of its key. Values that are no longer submitted are left alone;
    a locked period stops the whole approval. Returns how many were approved."""
    ids = [datapoint.pk for datapoint in datapoints]
    pending = list(
        DataPoint.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status=DataPointStatus.SUBMITTED)
        .select_related("indicator__alliance")
        .order_by("pk")
    )
    if not pending:
        return 0
    checks = KeyChecks(None)
    for datapoint in pending:
        checks.check_unlocked(datapoint.indicator, datapoint.period)
    # The current approved value of each key, which the approved value supersedes: one query.
    keys = {_key_of(datapoint) for datapoint in pending}
    previous_of = {
        _key_of(current): current
        for current in DataPoint.objects.current()
        .select_for_update(of=("self",))
        .filter(
            indicator_id__in={key[0] for key in keys},
            period__in={key[1] for key in keys},
            organisation_id__in={key[2] for key in keys},
        )
        .exclude(pk__in=[datapoint.pk for datapoint in pending])
        if _key_of(current) in keys
    }
    now = timezone.now()
    for datapoint in pending:
        previous = previous_of.get(_key_of(datapoint))
        datapoint.status = DataPointStatus.APPROVED
        datapoint.approved_by = user
        datapoint.approved_at = now
        datapoint.return_reason = ""
        datapoint.supersedes = previous
        datapoint.save(
            update_fields=[
                "status",
                "approved_by",
                "approved_at",
                "return_reason",
                "supersedes",
                "updated_at",
            ]
        )
    recompute_queue(datapoint.indicator_id for datapoint in pending)
    return len(pending)


@transaction.atomic
def datapoint_return(*, datapoint: DataPoint, user: User | None, reason: str) -> DataPoint:
    """Return a submitted value to its reporter with a reason; they correct and resubmit it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what must be corrected.")})
    datapoint = DataPoint.objects.select_for_update(of=("self",)).get(pk=datapoint.pk)
    if datapoint.status != DataPointStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted value can be returned."), code="not_submitted")
    _check_unlocked(datapoint.indicator, datapoint.period)
    datapoint.status = DataPointStatus.RETURNED
    datapoint.return_reason = reason[:500]
    datapoint.save(update_fields=["status", "return_reason", "updated_at"])
    return datapoint


@transaction.atomic
def datapoint_unapprove(*, datapoint: DataPoint, user: User | None, reason: str) -> DataPoint:
    """Undo an approval made by mistake: the value goes back to its reporter as returned, and
    the value it had superseded counts again. Only the current value of a key can be undone."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the approval is undone.")})
    datapoint = DataPoint.objects.select_for_update(of=("self",)).get(pk=datapoint.pk)
    if datapoint.status != DataPointStatus.APPROVED or hasattr(datapoint, "superseded_by"):
        raise ValidationError(
            _("Only the current approved value can be taken back."), code="not_current"
        )
    _check_unlocked(datapoint.indicator, datapoint.period)
    if DataPoint.objects.filter(
        status__in=OPEN_STATUSES,
        **_key_filter(
            datapoint.indicator, datapoint.period, datapoint.organisation_id, datapoint.breakdown_id
        ),
    ).exists():
        raise ValidationError(
            _("A newer value for this figure is waiting; handle it first."), code="open_exists"
        )
    datapoint.status = DataPointStatus.RETURNED
    datapoint.return_reason = reason[:500]
    datapoint.approved_by = None
    datapoint.approved_at = None
    datapoint.supersedes = None
    datapoint.save(
        update_fields=[
            "status",
            "return_reason",
            "approved_by",
            "approved_at",
            "supersedes",
            "updated_at",
        ]
    )
    recompute_queue([datapoint.indicator_id])
    return datapoint


@transaction.atomic
def datapoint_correct(
    *,
    datapoint: DataPoint,
    user: User | None,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    respondents: int | None = None,
    comment: str = "",
    approve: bool = False,
) -> DataPoint:
    """Correct an approved value: a new data point for the same key, submitted (or, with
    `approve`, approved at once by the secretariat), which supersedes the old one when approved.
    The old value and who approved it stay in the history."""
    datapoint = DataPoint.objects.select_for_update(of=("self",)).get(pk=datapoint.pk)
    if datapoint.status != DataPointStatus.APPROVED or hasattr(datapoint, "superseded_by"):
        raise ValidationError(
            _("Only the current approved value can be corrected."), code="not_current"
        )
    if DataPoint.objects.filter(
        status__in=OPEN_STATUSES,
        **_key_filter(
            datapoint.indicator, datapoint.period, datapoint.organisation_id, datapoint.breakdown_id
        ),
    ).exists():
        # never overwrite what the reporter is working on
        raise ValidationError(
            _("A newer value for this figure is waiting; handle it first."), code="open_exists"
        )
    correction = datapoint_save(
        indicator=datapoint.indicator,
        user=user,
        organisation=datapoint.organisation,
        period=datapoint.period,
        breakdown=datapoint.breakdown,
        value=value,
        numerator=numerator,
        denominator=denominator,
        respondents=respondents,
        comment=comment,
        submit=True,
    )
    if correction is None:
        raise ValidationError(
            _("The correction has the same figures as the approved value."), code="unchanged"
        )
    if approve:
        datapoint_approve(datapoints=[correction], user=user)
        correction.refresh_from_db()
    return correction
