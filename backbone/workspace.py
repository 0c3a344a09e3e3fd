"""The secretariat's workspace: every queue of work from the apps on one page.

Each app offers queue providers, named in WORKSPACE_QUEUES, so a new area adds its queues by
adding a provider here without touching the others (as the weekly digest does with its
sections). A provider is a function `(*, alliance, membership, now) -> list[QueueLine]`: one
line per queue, with its count, when its oldest item started waiting (or the deadline it is
past) and where the work is done. A provider returns its lines even when a queue is empty (the
page shows those as done) and returns no lines for a membership whose role may not do that
work. Providers read only, and aggregate in the database: each runs a fixed number of queries
whatever the number of rows, so the page does too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Aggregate, Count, Min, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, ngettext

from alliance.models import Alliance, Membership

# The queue providers, in the order their lines appear on the page.
WORKSPACE_QUEUES: list[str] = [
    "measurement.selectors_workspace.workspace_queues",
    "youth_voice.selectors_workspace.workspace_queues",
    "alliance.selectors_workspace.workspace_queues",
    "workgroups.selectors_workspace.workspace_queues",
]


@dataclass(frozen=True)
class QueuePart:
    """A share of a queue with a page of its own (one working group's overdue items, say)."""

    label: str
    count: int
    url: str


@dataclass(frozen=True)
class QueueLine:
    """One queue of work: how many items wait, since when the oldest has waited, and where.

    `oldest_since` is when the oldest item started waiting (a date or a moment); with
    `is_deadline` it is instead the deadline the most overdue item is past. `url` is the page
    of the queue, `oldest_url` (optional) the oldest item itself."""

    key: str
    area: str
    title: str
    count: int
    url: str
    link_text: str
    oldest_since: datetime.date | datetime.datetime | None = None
    is_deadline: bool = False
    oldest_label: str = ""
    oldest_url: str = ""
    detail: str = ""
    help_text: str = ""
    parts: tuple[QueuePart, ...] = field(default_factory=tuple)

    @property
    def is_done(self) -> bool:
        return self.count == 0


@dataclass(frozen=True)
class QueueRow:
    """A queue line as the page shows it: the line and the age of its oldest item in words."""

    line: QueueLine
    age: str


@dataclass(frozen=True)
class Workspace:
    """The page's content: queues with work first (in the order of WORKSPACE_QUEUES), then the
    empty ones; `total` is the number of items waiting across the queues."""

    waiting: list[QueueRow]
    done: list[QueueRow]

    @property
    def total(self) -> int:
        return sum(row.line.count for row in self.waiting)


@dataclass(frozen=True)
class QueueFigures:
    """What `queue_figures` found: the number of items, the oldest moment, the oldest row and
    any further aggregates asked for (by name)."""

    count: int
    oldest_since: datetime.date | datetime.datetime | None
    oldest: object | None
    extra: dict = field(default_factory=dict)


def queue_figures(
    queryset: QuerySet, *, since: str, count: Aggregate | None = None, **extra: Aggregate
) -> QueueFigures:
    """Count a queue and find its oldest item, by the date or moment field `since`.

    Two queries whatever the size of the queue, also when it is empty: one aggregate (Count,
    by default of the rows; Min of `since`; and the `extra` aggregates) and one for the oldest
    row itself (ties broken by primary key), so the page's number of queries does not depend
    on the data."""
    figures = queryset.order_by().aggregate(
        count=count or Count("pk"), oldest_since=Min(since), **extra
    )
    oldest = queryset.order_by(since, "pk").first()
    return QueueFigures(
        count=figures["count"],
        oldest_since=figures["oldest_since"],
        oldest=oldest,
        extra={name: figures[name] for name in extra},
    )


def age_in_words(since: datetime.date | datetime.datetime, now: datetime.datetime) -> str:
    """How long ago `since` was, in whole days below two months ("12 days"), then in months
    ("5 months") and from two years in years; "less than a day" below one day. Dates are
    compared as local calendar days."""
    if isinstance(since, datetime.datetime):
        days = (now - since).days
    else:
        days = (timezone.localdate(now) - since).days
    if days < 1:
        return gettext("less than a day")
    if days < 60:
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
    if days < 730:
        months = days * 12 // 365
        return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
    years = days // 365
    return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}


def workspace_lines(
    *, alliance: Alliance, membership: Membership, now: datetime.datetime
) -> list[QueueLine]:
    """Every provider's lines, in the order of WORKSPACE_QUEUES."""
    lines: list[QueueLine] = []
    for path in WORKSPACE_QUEUES:
        provider = import_string(path)
        lines.extend(provider(alliance=alliance, membership=membership, now=now))
    return lines


def workspace_for(
    *, alliance: Alliance, membership: Membership, now: datetime.datetime | None = None
) -> Workspace:
    """The workspace of a member of the secretariat: queues with work, then empty queues.

    Texts are in the active language."""
    now = now or timezone.now()
    waiting, done = [], []
    for line in workspace_lines(alliance=alliance, membership=membership, now=now):
        if line.is_done:
            done.append(QueueRow(line=line, age=""))
        else:
            since = line.oldest_since
            age = age_in_words(since, now) if since is not None else ""
            waiting.append(QueueRow(line=line, age=age))
    return Workspace(waiting=waiting, done=done)


def workspace_total(
    *, alliance: Alliance, membership: Membership, now: datetime.datetime | None = None
) -> int:
    """How many items wait in the person's workspace (for the line on their overview)."""
    return workspace_for(alliance=alliance, membership=membership, now=now).total
