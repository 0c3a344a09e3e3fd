"""Reads for the people pages: the register, invitations, the directory, the audit history.

Each list runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, Value
from django.utils.translation import gettext_lazy as _

from alliance.models import (
    Alliance,
    Commitment,
    FocusArea,
    Goal,
    Invitation,
    Membership,
    Organisation,
    Role,
    User,
)
from alliance.permissions import has_capability
from workgroups.models import GroupMember

# --- the register ------------------------------------------------------------------------


def membership_list_for_admin(*, alliance: Alliance) -> QuerySet[Membership]:
    """Every membership of the alliance, active first, for the secretariat."""
    return (
        Membership.objects.filter(alliance=alliance)
        .select_related("user", "organisation")
        .order_by("-is_active", "role", "user__full_name", "user__email")
    )


def invitation_list_pending(*, alliance: Alliance) -> QuerySet[Invitation]:
    """Invitations not yet accepted or withdrawn, newest first (expired ones included)."""
    return (
        Invitation.objects.pending()
        .filter(alliance=alliance)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


def membership_for_admin(*, alliance: Alliance, pk: int) -> Membership | None:
    return (
        Membership.objects.filter(alliance=alliance, pk=pk)
        .select_related("user", "organisation")
        .first()
    )


def active_secretariat_count(*, alliance: Alliance) -> int:
    return Membership.objects.active().filter(alliance=alliance, role=Role.SECRETARIAT).count()


# --- the directory -----------------------------------------------------------------------


def directory_list(*, alliance: Alliance, viewer: Membership) -> QuerySet[Membership]:
    """The active people of the alliance with their group seats in it.

    Everyone reads those who consented (`is_listed_in_directory`); the secretariat reads
    everyone, and the template marks who did not consent. Two queries."""
    people = (
        Membership.objects.active()
        .filter(alliance=alliance)
        .select_related("user", "organisation")
        .prefetch_related(
            Prefetch(
                "user__group_seats",
                queryset=GroupMember.objects.filter(
                    group__alliance=alliance, group__is_archived=False
                )
                .select_related("group")
                .order_by("group__kind", "group__name"),
                to_attr="alliance_seats",
            )
        )
        .order_by("user__full_name", "user__email")
    )
    if not has_capability(viewer, "manage_people"):
        people = people.filter(is_listed_in_directory=True)
    return people


def steering_warnings_visible_to(*, user, membership: Membership | None, composition) -> bool:
    """The steering group's composition warnings are for the secretariat and its chairs."""
    if composition is None or membership is None or not membership.is_active:
        return False
    if has_capability(membership, "manage_steering"):
        return True
    return user.pk in composition["chair_user_ids"]


# --- the audit history -------------------------------------------------------------------

HISTORY_PAGE_SIZE = 50
# Bookkeeping fields whose change says nothing to a reader.
HIDDEN_FIELDS = frozenset({"id", "created_at", "updated_at", "alliance", "token_hash"})


@dataclass(frozen=True)
class HistoryKind:
    key: str
    label: Any
    sources: tuple[tuple[type[models.Model], str], ...]  # (model, filter to this alliance)


HISTORY_KINDS: tuple[HistoryKind, ...] = (
    HistoryKind(
        "agenda",
        _("Common agenda"),
        ((Alliance, "id"), (FocusArea, "alliance"), (Goal, "alliance")),
    ),
    HistoryKind("partners", _("Partners"), ((Organisation, "alliance"), (Commitment, "alliance"))),
    HistoryKind("memberships", _("Memberships"), ((Membership, "alliance"),)),
    HistoryKind("invitations", _("Invitations"), ((Invitation, "alliance"),)),
    HistoryKind("seats", _("Group seats"), ((GroupMember, "group__alliance"),)),
)
HISTORY_KIND_KEYS = frozenset(kind.key for kind in HISTORY_KINDS)

# Objects named by what they point at: a membership by its person, a seat by person and group.
LABEL_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Membership: ("user",),
    GroupMember: ("user", "group"),
    Commitment: ("organisation",),
}

CHANGE_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass
class FieldChange:
    label: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    kind: HistoryKind
    date: Any
    user: User | None
    change_type: str
    change_label: str
    model_label: str
    object_label: str
    changes: list[FieldChange] = field(default_factory=list)


def _model_key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _sources(kind: str | None) -> list[tuple[type[models.Model], str, HistoryKind]]:
    return [
        (model, lookup, history_kind)
        for history_kind in HISTORY_KINDS
        if kind in (None, history_kind.key)
        for model, lookup in history_kind.sources
    ]


def _display(model: type[models.Model], name: str, value: Any, related: dict) -> Any:
    """A readable value: a choice's label, Yes/No, a related object's name."""
    if value is None or value == "":
        return "–"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if model_field.is_relation and model_field.many_to_one:
        obj = related.get(_model_key(model_field.related_model), {}).get(value)
        return str(obj) if obj is not None else f"#{value}"
    return value


def history_page(*, alliance: Alliance, kind: str | None = None, page: int | str = 1) -> Page:
    """One page of the alliance's audit history, newest first: who changed which object, when,
    and the fields that changed (before and after), from django-simple-history's records.

    `kind` limits it to one of HISTORY_KINDS. A fixed number of queries per page: one for the
    count, one for the page, and per model on the page two (its records and the records
    before them), plus one per related model whose names the changes show."""
    sources = _sources(kind)
    parts = [
        model.history.filter(**{lookup: alliance.pk})
        .annotate(source=Value(index, output_field=models.IntegerField()))
        .values("source", "history_id", "history_date")
        .order_by()  # a part of a UNION cannot be ordered on its own
        for index, (model, lookup, _kind) in enumerate(sources)
    ]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    combined = combined.order_by("-history_date", "-history_id")
    paginator = Paginator(combined, HISTORY_PAGE_SIZE, allow_empty_first_page=True)
    page_obj = paginator.get_page(page)
    rows = list(page_obj.object_list)

    # Fetch this page's records per model, each with the record just before it.
    ids_by_source: dict[int, list[int]] = {}
    for row in rows:
        ids_by_source.setdefault(row["source"], []).append(row["history_id"])
    records: dict[tuple[int, int], Any] = {}
    previous: dict[tuple[int, int], Any] = {}
    related_ids: dict[str, set] = {}
    related_models: dict[str, type[models.Model]] = {}
    for source, ids in ids_by_source.items():
        model = sources[source][0]
        history_model = model.history.model
        before = (
            history_model.objects.filter(
                id=OuterRef("id"), history_date__lt=OuterRef("history_date")
            )
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        found = list(
            history_model.objects.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(previous_id=Subquery(before))
        )
        earlier = history_model.objects.in_bulk(
            [record.previous_id for record in found if record.previous_id]
        )
        for record in found:
            records[(source, record.history_id)] = record
            if record.previous_id:
                previous[(source, record.history_id)] = earlier.get(record.previous_id)
        # Which related objects the labels and changed fields point at, to show their names.
        for record in found:
            for name in LABEL_FIELDS.get(model, ()):
                related_model = model._meta.get_field(name).related_model
                key = _model_key(related_model)
                related_models[key] = related_model
                if getattr(record, f"{name}_id", None) is not None:
                    related_ids.setdefault(key, set()).add(getattr(record, f"{name}_id"))
            old = previous.get((source, record.history_id))
            if old is None:
                continue
            for change in _field_changes(record, old):
                model_field = model._meta.get_field(change.field)
                if model_field.is_relation and model_field.many_to_one:
                    key = _model_key(model_field.related_model)
                    related_models[key] = model_field.related_model
                    related_ids.setdefault(key, set()).update(
                        value for value in (change.old, change.new) if value is not None
                    )
    related = {
        key: related_models[key]._default_manager.in_bulk(list(ids))
        for key, ids in related_ids.items()
        if ids
    }

    entries = []
    for row in rows:
        source = row["source"]
        model, _lookup, history_kind = sources[source]
        record = records.get((source, row["history_id"]))
        if record is None:
            continue
        old = previous.get((source, row["history_id"]))
        changes = []
        if old is not None and record.history_type == "~":
            for change in _field_changes(record, old):
                label = model._meta.get_field(change.field).verbose_name
                changes.append(
                    FieldChange(
                        label=str(label),
                        old=_display(model, change.field, change.old, related),
                        new=_display(model, change.field, change.new, related),
                    )
                )
        entries.append(
            HistoryEntry(
                kind=history_kind,
                date=record.history_date,
                user=record.history_user,
                change_type=record.history_type,
                change_label=str(CHANGE_LABELS.get(record.history_type, record.history_type)),
                model_label=str(model._meta.verbose_name),
                object_label=_object_label(model, record, related),
                changes=changes,
            )
        )
    page_obj.object_list = entries
    return page_obj


def _field_changes(record, old) -> list:
    m2m = {f.name for f in getattr(old, "_history_m2m_fields", [])}
    return [
        change
        for change in record.diff_against(old, excluded_fields=HIDDEN_FIELDS | m2m).changes
        if change.field not in HIDDEN_FIELDS
    ]


def _object_label(model: type[models.Model], record, related: dict) -> str:
    """A short name for the object, from the record itself or the bulk-loaded related rows."""
    parts = []
    for name in LABEL_FIELDS.get(model, ()):
        key = _model_key(model._meta.get_field(name).related_model)
        obj = related.get(key, {}).get(getattr(record, f"{name}_id", None))
        if obj is not None:
            parts.append(str(obj))
    if parts:
        return " – ".join(parts)
    for name in ("title", "name", "full_name", "email"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    return f"#{record.id}"
