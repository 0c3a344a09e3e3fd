"""A young person's input: sending it (anonymously, with contact details if they want an
answer), exporting everything stored about it, erasing it, and deleting contact details when
they are no longer needed.

Only keyed hashes of the receipt code and the private link are stored. The code is returned
once, to be shown to the young person, and never kept.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from alliance.models import Alliance, FocusArea, SecurityEventKind, User
from alliance.services.security_events import security_event_record
from initiatives.models import Activity, Area

from .codes import link_hash, link_token, new_receipt_code, receipt_hash
from .models import (
    CLOSED_STATUSES,
    Consent,
    ConsentPurpose,
    ConsentStatus,
    ContactDetails,
    ErasureRecord,
    GuardianRequest,
    InputEvent,
    InputStatus,
    YouthInput,
)
from .selectors_settings import portal_settings
from .services_consent import consent_record, guardian_requests_expire

logger = logging.getLogger(__name__)


# A new receipt code is drawn at random (about 50 bits): one already taken is as good as never
# drawn, and the database's unique constraints refuse it. input_submit then draws again.
RECEIPT_DRAWS = 3


def _code_clash(error: IntegrityError) -> bool:
    constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", "") or ""
    return "receipt_hash" in constraint or "link_hash" in constraint


@transaction.atomic(savepoint=False)
def input_create(
    *,
    alliance: Alliance,
    kind: str,
    text: str,
    focus_area: FocusArea | None = None,
    activity: Activity | None = None,
    area: Area | None = None,
    age_band: str = "",
    user: User | None = None,
) -> tuple[YouthInput, str]:
    """Receive an input; return it with its receipt code (shown once, stored only hashed).

    The first status event (received) is recorded; the moderators are told within a minute
    (notifications_moderation.moderators_notify_new_inputs). The account is linked only when
    the person is a member of this alliance's (the caller checks).
    """
    code = new_receipt_code()
    youth_input = YouthInput(
        alliance=alliance,
        kind=kind,
        text=text,
        focus_area=focus_area,
        activity=activity,
        area=area,
        age_band=age_band,
        user=user,
        receipt_hash=receipt_hash(code),
        link_hash=link_hash(link_token(code)),
    )
    # The code's uniqueness is the database's to check (input_submit draws again on a clash);
    # the alliance is the caller's.
    youth_input.full_clean(exclude=["alliance"], validate_unique=False, validate_constraints=False)
    youth_input.save()
    InputEvent.objects.create(input=youth_input, status=InputStatus.RECEIVED)
    # The moderators are told within a minute, with the other inputs of that minute: the input
    # is its own outbox entry (moderators_told_at), so sending it costs no task and works the
    # same while Redis is away.
    return youth_input, code


@transaction.atomic
def contact_details_add(
    *,
    youth_input: YouthInput,
    email: str,
    below_consent_age: bool,
    guardian_email: str = "",
) -> ContactDetails:
    """Keep an email address to answer the input, with the consent recorded (waiting for a
    parent or guardian below the consent age). Deleted when the input is closed, or after the
    alliance's retention period at the latest."""
    settings = portal_settings(youth_input.alliance)
    consent = consent_record(
        alliance=youth_input.alliance,
        purpose=ConsentPurpose.CONTACT,
        input=youth_input,
        user=youth_input.user,
        below_consent_age=below_consent_age,
        guardian_email=guardian_email,
    )
    contact = ContactDetails(
        input=youth_input,
        email=email.strip(),
        consent=consent,
        delete_after=timezone.now() + relativedelta(months=settings.retention_months),
    )
    contact.full_clean()
    contact.save()
    return contact


def input_submit(
    *,
    alliance: Alliance,
    kind: str,
    text: str,
    focus_area: FocusArea | None = None,
    activity: Activity | None = None,
    area: Area | None = None,
    age_band: str = "",
    user: User | None = None,
    contact_email: str = "",
    below_consent_age: bool = False,
    guardian_email: str = "",
) -> tuple[YouthInput, str]:
    """What the portal's form does: receive the input and, when the young person wants an
    answer by email, keep the address with their consent. One transaction, tried again with a
    new receipt code if the code drawn was taken."""
    for draw in range(1, RECEIPT_DRAWS + 1):
        try:
            with transaction.atomic():
                youth_input, code = input_create(
                    alliance=alliance,
                    kind=kind,
                    text=text,
                    focus_area=focus_area,
                    activity=activity,
                    area=area,
                    age_band=age_band,
                    user=user,
                )
                if contact_email:
                    contact_details_add(
                        youth_input=youth_input,
                        email=contact_email,
                        below_consent_age=below_consent_age,
                        guardian_email=guardian_email,
                    )
                return youth_input, code
        except IntegrityError as error:
            if draw == RECEIPT_DRAWS or not _code_clash(error):
                raise
            logger.warning("A receipt code drawn was taken; drawing again.")
    raise AssertionError("unreachable")


def _when(value: datetime.datetime | datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def input_export(youth_input: YouthInput) -> dict[str, Any]:
    """Everything stored about one input, as plain JSON-ready data (for the young person)."""
    contact = ContactDetails.objects.filter(input_id=youth_input.pk).first()
    consents = Consent.objects.filter(input_id=youth_input.pk).order_by("created_at", "pk")
    events = youth_input.events.order_by("created_at", "pk")
    return {
        "kind": youth_input.kind,
        "kind_label": str(youth_input.get_kind_display()),
        "text": youth_input.text,
        "topic": youth_input.focus_area.title if youth_input.focus_area_id else None,
        "activity": youth_input.activity.title if youth_input.activity_id else None,
        "area": youth_input.area.name if youth_input.area_id else None,
        "age_band": youth_input.age_band or None,
        "sent_at": _when(youth_input.created_at),
        "updated_at": _when(youth_input.updated_at),
        "closed_at": _when(youth_input.closed_at),
        "status": youth_input.status,
        "status_label": str(youth_input.get_status_display()),
        "moderation": youth_input.moderation,
        "published_text": youth_input.published_text or None,
        "published_at": _when(youth_input.published_at),
        "answer": youth_input.answer or None,
        "answered_at": _when(youth_input.answered_at),
        "status_history": [
            {
                "status": event.status,
                "status_label": str(event.get_status_display()),
                "note": event.note or None,
                "at": _when(event.created_at),
            }
            for event in events
        ],
        "contact_email": contact.email if contact else None,
        "contact_delete_after": _when(contact.delete_after) if contact else None,
        "consents": [
            {
                "purpose": consent.purpose,
                "legal_basis": consent.legal_basis,
                "text_version": consent.text_version,
                "status": consent.status,
                "given_by": consent.given_by,
                "below_consent_age": consent.below_consent_age,
                "asked_at": _when(consent.created_at),
                "given_at": _when(consent.given_at),
                "withdrawn_at": _when(consent.withdrawn_at),
            }
            for consent in consents
        ],
        "supports": youth_input.support_count,
    }


@transaction.atomic
def input_erase(
    youth_input: YouthInput, *, via: str, erasure: ErasureRecord | None = None
) -> ErasureRecord:
    """Erase an input with its contact details, supports, reports and status events.

    Its consents stay, without the link to the input or person (proof that consent existed,
    GDPR art. 7(1)); any guardian request (with the guardian's address) is deleted. The erasure
    is recorded without identity: a new ErasureRecord, or one more input on `erasure` when
    several inputs are erased at once.
    """
    consents = Consent.objects.filter(input_id=youth_input.pk)
    _waiting_emails_forget(youth_input, consents)
    GuardianRequest.objects.filter(consent__in=consents).delete()
    # A consent still waiting for a guardian can no longer be given.
    consents.filter(status=ConsentStatus.AWAITING_GUARDIAN).update(status=ConsentStatus.EXPIRED)
    consents.update(input=None, user=None)
    if youth_input.agenda_item_id:
        # The agenda item quoted the (masked) text: it stays on the meeting without the words.
        from workgroups.services_meetings import agenda_item_text_erase

        agenda_item_text_erase(
            item_id=youth_input.agenda_item_id,
            title=gettext("Youth input: %(kind)s (erased)")
            % {"kind": youth_input.get_kind_display()},
            description=gettext("The young person had this input erased."),
        )
    alliance = youth_input.alliance
    youth_input.delete()
    if erasure is None:
        security_event_record(
            kind=SecurityEventKind.ERASURE,
            alliance=alliance,
            details={"via": via, "inputs_erased": 1},
            anonymous=True,
        )
        return ErasureRecord.objects.create(alliance=alliance, via=via, inputs_erased=1)
    erasure.inputs_erased += 1
    erasure.save(update_fields=["inputs_erased"])
    return erasure


def _waiting_emails_forget(youth_input: YouthInput, consents) -> None:
    """Emails about the input still waiting in the outbox (Redis was away) carry an address or
    a guardian's token in their arguments: they go with the input."""
    from alliance.models import PendingTask

    from .tasks import guardian_request_email_send_task
    from .tasks_routing import input_status_email_send_task

    event_ids = list(youth_input.events.values_list("pk", flat=True))
    consent_ids = list(consents.values_list("pk", flat=True))
    PendingTask.objects.filter(
        task_name=input_status_email_send_task.name, args__0__in=event_ids
    ).delete()
    PendingTask.objects.filter(
        task_name=guardian_request_email_send_task.name, args__0__in=consent_ids
    ).delete()


@transaction.atomic
def contact_details_expire(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete contact details no longer needed: of closed inputs, or past `delete_after`; and
    guardian requests past their expiry (consent EXPIRED, contact details deleted).
    Idempotent; returns the counts."""
    now = now or timezone.now()
    guardian_expired = guardian_requests_expire(now=now)
    closed_count, _ = ContactDetails.objects.filter(input__status__in=CLOSED_STATUSES).delete()
    due_count, _ = ContactDetails.objects.filter(
        Q(delete_after__lte=now) & ~Q(input__status__in=CLOSED_STATUSES)
    ).delete()
    return {
        "contact_closed": closed_count,
        "contact_expired": due_count,
        "guardian_requests_expired": guardian_expired,
    }
