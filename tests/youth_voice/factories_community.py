"""Rows for the youth portal's shared pages: inputs at a given moderation step, and what they
led to."""

from __future__ import annotations

import datetime
import uuid

from django.urls import reverse
from django.utils import timezone, translation

from initiatives.models import Activity
from tests.factories import WorkGroupFactory
from workgroups.models import Decision, Meeting
from youth_voice import codes
from youth_voice.models import InputKind, Moderation, YouthInput


def youth_input(*, alliance, moderation=Moderation.PUBLISHED, **fields) -> YouthInput:
    """An input with unique hashes; a published one gets its published text and date."""
    code = codes.new_receipt_code()
    values = {
        "kind": InputKind.IDEA,
        "text": "Flere bænke ved havnen, ring til mig på 12345678",
        "receipt_hash": codes.receipt_hash(code),
        "link_hash": codes.link_hash(codes.link_token(code)),
        "moderation": moderation,
    }
    if moderation == Moderation.PUBLISHED:
        values["published_text"] = "Flere bænke ved havnen, ring til mig på [telefon]"
        values["published_at"] = timezone.now()
    values.update(fields)
    return YouthInput.objects.create(alliance=alliance, **values)


def decision(*, alliance, text="Vi sætter bænke op ved havnen", group=None) -> Decision:
    group = group or WorkGroupFactory(alliance=alliance, name=f"Byrum {uuid.uuid4().hex[:6]}")
    start = timezone.now() - datetime.timedelta(days=3)
    meeting = Meeting.objects.create(
        group=group, title="Møde", starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    return Decision.objects.create(meeting=meeting, text=text, decided_by=group.name)


def activity(*, alliance, title="Fredagsklub i hallen") -> Activity:
    group = WorkGroupFactory(alliance=alliance, name=f"Fritid {uuid.uuid4().hex[:6]}")
    return Activity.objects.create(
        alliance=alliance,
        group=group,
        title=title,
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        place="Hallen i Høng",
    )


def da(message: str, **params) -> str:
    """A message as a Danish reader sees it."""
    with translation.override("da"):
        text = translation.gettext(message)
    return text % params if params else text


def url(name: str, alliance, **kwargs) -> str:
    return reverse(f"youth_voice:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def own_cache(settings) -> None:
    """Rate limits are counted in the shared cache per IP: give a test keys of its own."""
    caches = {alias: dict(config) for alias, config in settings.CACHES.items()}
    for config in caches.values():
        config["KEY_PREFIX"] = f"yc-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches
