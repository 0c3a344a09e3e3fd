"""The authorization matrix: every URL pattern of the project, every actor, the answer expected.

The patterns are read from the root resolver, included ones too (admin, allauth, i18n, the
apps). Each must be declared below, by name, or by a rule for a third-party namespace; a new
pattern that nobody declared fails `test_every_url_pattern_is_declared`. For each declaration
and each actor the matrix sends a GET and a POST (with the CSRF token, so CSRF is not what
answers) and compares the status code and, for redirects, the target. All the GETs go first, in
the world as built, with every database write recorded: tests/security/test_no_get_writes.py
checks those writes, from the same sweep.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from alliance.models import Role
from tests.conftest import CsrfClient
from tests.factories import AllianceFactory, MembershipFactory, UserFactory, WorkGroupFactory
from tests.security.db_writes import WriteRecorder, table_checksums
from workgroups.models import GroupKind, GroupRole
from workgroups.services import group_member_add

# ---------------------------------------------------------------------------
# Actors and expectations
# ---------------------------------------------------------------------------

ANONYMOUS = "anonymous"
YOUTH = "youth"
MEMBER = "member"
COORDINATOR = "coordinator"
STEERING = "steering"
SECRETARIAT = "secretariat"
OTHER_SECRETARIAT = "other_secretariat"  # secretariat of another alliance
INACTIVE = "inactive_member"  # Membership.is_active=False, still seated in groups

ACTORS = (ANONYMOUS, YOUTH, MEMBER, COORDINATOR, STEERING, SECRETARIAT, OTHER_SECRETARIAT, INACTIVE)
LOGGED_IN = tuple(actor for actor in ACTORS if actor != ANONYMOUS)


@dataclass(frozen=True)
class Expect:
    """An expected answer: a status (None means any status below 500) and a redirect target."""

    status: int | None
    location: str | None = None  # the path a redirect points to
    next_is_url: bool = False  # the redirect carries ?next=<the requested URL>

    def problem(self, response, url: str) -> str | None:
        """What is wrong with the response, or None when it is as expected."""
        got = response.status_code
        if self.status is None:
            return None if got < 500 else f"expected a status below 500, got {got}"
        if got != self.status:
            where = f" -> {response.get('Location')}" if got in (301, 302) else ""
            return f"expected {self}, got {got}{where}"
        if self.location is not None:
            target = urlsplit(response["Location"])
            if target.path != self.location:
                return f"expected a redirect to {self.location}, got {response['Location']}"
            if self.next_is_url and parse_qs(target.query).get("next") != [url]:
                return f"expected ?next={url} in the redirect, got {response['Location']}"
        return None

    def __str__(self) -> str:
        if self.status is None:
            return "<500"
        if self.location:
            return f"{self.status}->{self.location}{'?next=<url>' if self.next_is_url else ''}"
        return str(self.status)


OK = Expect(200)
NO_CONTENT = Expect(204)
FORBIDDEN = Expect(403)
NOT_FOUND = Expect(404)
NOT_ALLOWED = Expect(405)
ANY = Expect(None)
LOGIN = Expect(302, "/accounts/login/", next_is_url=True)
ADMIN_LOGIN = Expect(302, "/admin/login/", next_is_url=True)


def redirect(path: str) -> Expect:
    return Expect(302, path)


Row = dict[str, Expect]  # actor -> expectation


def row(default: Expect, **by_actor: Expect) -> Row:
    """The same answer for every actor, except those named."""
    unknown = set(by_actor) - set(ACTORS)
    assert not unknown, f"unknown actors in the matrix: {unknown}"
    return {actor: by_actor.get(actor, default) for actor in ACTORS}


def anon_vs_user(anonymous: Expect, logged_in: Expect) -> Row:
    return row(logged_in, anonymous=anonymous)


# ---------------------------------------------------------------------------
# The data every request runs against
# ---------------------------------------------------------------------------

PRIVATE = "privat-alliance"  # is_public=False; every role actor is a member
PUBLIC = "offentlig-alliance"  # is_public=True; every role actor is a member too
OTHER = "anden-alliance"  # is_public=False; only OTHER_SECRETARIAT is a member
MISSING = "ingen-alliance"  # no such alliance

ROLE_OF = {
    YOUTH: Role.YOUTH,
    MEMBER: Role.MEMBER,
    COORDINATOR: Role.COORDINATOR,
    STEERING: Role.STEERING,
    SECRETARIAT: Role.SECRETARIAT,
}
SEAT_OF = {
    YOUTH: GroupRole.MEMBER,
    MEMBER: GroupRole.MEMBER,
    COORDINATOR: GroupRole.COORDINATOR,
    STEERING: GroupRole.MEMBER,
    SECRETARIAT: GroupRole.MEMBER,
    INACTIVE: GroupRole.MEMBER,
}


def build_world() -> dict:
    """Three alliances, their groups, and one user per actor (None for anonymous)."""
    private = AllianceFactory(slug=PRIVATE, name="Privat alliance", is_public=False)
    public = AllianceFactory(slug=PUBLIC, name="Offentlig alliance", is_public=True)
    other = AllianceFactory(slug=OTHER, name="Anden alliance", is_public=False)
    groups = {
        "a-own": WorkGroupFactory(alliance=private, slug="a-own"),
        "a-other": WorkGroupFactory(alliance=private, slug="a-other"),
        "a-steering": WorkGroupFactory(
            alliance=private, slug="a-steering", kind=GroupKind.STEERING
        ),
        "p-own": WorkGroupFactory(alliance=public, slug="p-own"),
        "p-other": WorkGroupFactory(alliance=public, slug="p-other"),
        "o-own": WorkGroupFactory(alliance=other, slug="o-own"),
    }
    users: dict[str, object] = {ANONYMOUS: None}
    for actor, role in ROLE_OF.items():
        user = UserFactory(email=f"{actor}@example.org")
        for alliance in (private, public):
            MembershipFactory(user=user, alliance=alliance, role=role)
        users[actor] = user
    inactive = UserFactory(email="inactive@example.org")
    for alliance in (private, public):
        MembershipFactory(user=inactive, alliance=alliance, role=Role.MEMBER, is_active=False)
    users[INACTIVE] = inactive
    other_secretariat = UserFactory(email="other-secretariat@example.org")
    MembershipFactory(user=other_secretariat, alliance=other, role=Role.SECRETARIAT)
    users[OTHER_SECRETARIAT] = other_secretariat

    for actor, seat_role in SEAT_OF.items():
        for slug in ("a-own", "p-own"):
            group_member_add(group=groups[slug], user=users[actor], role=seat_role)
    group_member_add(group=groups["a-steering"], user=users[STEERING])
    group_member_add(group=groups["o-own"], user=other_secretariat, role=GroupRole.COORDINATOR)
    # The other groups have a member too, so "not seated" is not "empty".
    outsider = UserFactory(email="outsider@example.org")
    MembershipFactory(user=outsider, alliance=private, role=Role.MEMBER)
    MembershipFactory(user=outsider, alliance=public, role=Role.MEMBER)
    group_member_add(group=groups["a-other"], user=outsider)
    group_member_add(group=groups["p-other"], user=outsider)
    extras: dict = {}
    # --- agenda objects (goals, focus areas, versions, comments) ---
    # In each alliance: a focus area with a goal (kept: its edit pages, and a refused delete),
    # a focus area and a goal without dependants (deleted by the secretariat's POST), and a
    # published version 1. The declarations find them by title.
    from alliance.services.agenda import agenda_publish, focus_area_add, goal_add

    for alliance in (private, public, other):
        kept = focus_area_add(alliance=alliance, position=1, title="Matrix kept", added_by=None)
        goal_add(alliance=alliance, focus_area=kept, title="Matrix kept", added_by=None)
        goal_add(alliance=alliance, focus_area=kept, title="Matrix doomed", added_by=None)
        focus_area_add(alliance=alliance, position=2, title="Matrix doomed", added_by=None)
        agenda_publish(alliance=alliance, published_by=None, note="Matrix")
    # --- end agenda objects ---
    # --- partner objects (organisations, commitments) ---
    # Private alliance: a listed partner with a commitment signed (version 1) by the
    # coordinator; an unlisted partner; a partner for the secretariat's forms; two commitments
    # whose representative is the steering actor, one waiting for its signature, one a draft.
    # The other alliance: a partner with a signed commitment and no representative.
    from alliance.models import CommitmentSignature, CommitmentStatus
    from tests.factories import CommitmentFactory, OrganisationFactory

    def _partner(alliance, name, *, listed=True, status=None, representative=None):
        organisation = OrganisationFactory(alliance=alliance, name=name, is_listed_publicly=listed)
        if status is not None:
            commitment = CommitmentFactory(
                organisation=organisation, status=status, representative=representative
            )
            if status == CommitmentStatus.SIGNED:
                CommitmentSignature.objects.create(
                    commitment=commitment,
                    version=1,
                    text={"organisation": name, "hours_per_year": 100, "goals": []},
                    signed_by=representative,
                )
        return organisation

    _partner(private, "Matrix partner", status="signed", representative=users[COORDINATOR])
    _partner(private, "Matrix unlisted partner", listed=False)
    _partner(private, "Matrix edit partner")
    _partner(
        private,
        "Matrix partner awaiting steering",
        status=CommitmentStatus.AWAITING_SIGNATURE,
        representative=users[STEERING],
    )
    _partner(
        private,
        "Matrix draft partner of steering",
        status=CommitmentStatus.DRAFT,
        representative=users[STEERING],
    )
    _partner(other, "Other alliance partner", status=CommitmentStatus.SIGNED)
    # --- end partner objects ---
    # --- people objects (invitations, memberships, steering seats) ---
    # A person the secretariat edits, deactivates and reactivates, with a steering seat; two
    # pending invitations per alliance to resend and withdraw; invitation links in every state
    # (tokens are fixed here, only their hash is stored).
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import InvitationFactory

    people_target = UserFactory(email="people-target@example.org")
    for alliance in (private, public):
        MembershipFactory(user=people_target, alliance=alliance, role=Role.MEMBER)
    group_member_add(group=groups["a-steering"], user=people_target)
    for alliance, prefix in ((private, "a"), (other, "o")):
        for purpose in ("resend", "revoke"):
            InvitationFactory(alliance=alliance, email=f"{prefix}-{purpose}@example.org")
    now = timezone.now()
    InvitationFactory(alliance=private, token="matrix-new-account", email="new@example.org")
    InvitationFactory(alliance=private, token="matrix-has-account", email="outsider@example.org")
    InvitationFactory(alliance=private, token="matrix-revoked", revoked_at=now)
    InvitationFactory(alliance=private, token="matrix-used", accepted_at=now)
    InvitationFactory(alliance=private, token="matrix-expired", expires_at=now - timedelta(days=1))
    # --- end people objects ---
    # --- measurement entry objects ---
    # Private alliance: an organisation leading "a-own" (so the coordinator reports for it), an
    # indicator reported by "a-own" and one by "a-other"; drafts to submit and to delete, found
    # by their comment: the coordinator's own, another person's, and one of "a-other". The other
    # alliance: an indicator of "o-own" with drafts of its own.
    from datetime import date

    from measurement.models import DataPointStatus
    from tests.factories import OrganisationFactory as _EntryOrganisationFactory
    from tests.measurement.factories import DataPointFactory, IndicatorFactory

    def _entry_indicator(alliance, group, name):
        indicator = IndicatorFactory(alliance=alliance, name=name, code=name.split()[-1][:20])
        indicator.workgroups.add(group)
        return indicator

    entry_org = _EntryOrganisationFactory(alliance=private, name="Matrix reporting org")
    groups["a-own"].lead_organisations.add(entry_org)
    other_org = _EntryOrganisationFactory(alliance=other, name="Matrix other reporting org")
    entry_indicators = {
        "own": _entry_indicator(private, groups["a-own"], "Matrix entry own"),
        "other_group": _entry_indicator(private, groups["a-other"], "Matrix entry other_group"),
        "other": _entry_indicator(other, groups["o-own"], "Matrix entry other"),
    }
    for action in ("submit", "delete"):
        for year, (case, indicator_case, organisation, entered_by) in enumerate(
            (
                ("own_draft", "own", entry_org, users[COORDINATOR]),
                ("others_draft", "own", entry_org, outsider),
                ("other_group", "other_group", entry_org, outsider),
                ("other", "other", other_org, other_secretariat),
            ),
            start=2001 if action == "submit" else 2011,
        ):
            DataPointFactory(
                indicator=entry_indicators[indicator_case],
                organisation=organisation,
                period=date(year, 1, 1),
                status=DataPointStatus.DRAFT,
                entered_by=entered_by,
                comment=f"matrix {action} {case}",
            )
    # --- end measurement entry objects ---
    # --- measurement review objects ---
    # In the private and the other alliance: an indicator reported by the own group, with a
    # submitted value (entered by the coordinator in the private alliance, with an evidence
    # file) and an approved value, each found by its comment, and a breakdown dimension. The
    # secretariat's matrix POSTs are all refused (empty forms), so these stay as they are.
    from datetime import date as _review_date

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from measurement.models import DataPointStatus as _ReviewStatus
    from tests.factories import OrganisationFactory as _ReviewOrganisationFactory
    from tests.measurement.factories import DataPointFactory as _ReviewDataPointFactory
    from tests.measurement.factories import DimensionFactory as _ReviewDimensionFactory
    from tests.measurement.factories import IndicatorFactory as _ReviewIndicatorFactory

    evidence_name = "evidence/matrix/review-evidence.txt"
    if not default_storage.exists(evidence_name):
        default_storage.save(evidence_name, ContentFile(b"matrix evidence\n"))
    for alliance, group, reporter in (
        (private, groups["a-own"], users[COORDINATOR]),
        (other, groups["o-own"], other_secretariat),
    ):
        indicator = _ReviewIndicatorFactory(alliance=alliance, name="Matrix review", code="MR")
        indicator.workgroups.add(group)
        organisation = _ReviewOrganisationFactory(alliance=alliance, name="Matrix review org")
        submitted = _ReviewDataPointFactory(
            indicator=indicator,
            organisation=organisation,
            period=_review_date(2020, 1, 1),
            status=_ReviewStatus.SUBMITTED,
            approved_at=None,
            entered_by=reporter,
            comment="matrix review submitted",
        )
        submitted.evidence.name = evidence_name
        submitted.save(update_fields=["evidence"])
        _ReviewDataPointFactory(
            indicator=indicator,
            organisation=organisation,
            period=_review_date(2019, 1, 1),
            entered_by=reporter,
            comment="matrix review approved",
        )
        _ReviewDimensionFactory(alliance=alliance, name="Matrix review dimension")
    # --- end measurement review objects ---
    # --- measurement dashboard objects ---
    # In the private and the other alliance: an indicator "Matrix dashboard" with an approved
    # value and its summaries, so its page draws a chart. The declarations find it by name.
    from datetime import date as _dashboard_date

    from measurement.aggregation import indicator_recompute as _dashboard_recompute
    from tests.measurement.factories import DataPointFactory as _DashboardDataPointFactory
    from tests.measurement.factories import IndicatorFactory as _DashboardIndicatorFactory

    for alliance in (private, other):
        indicator = _DashboardIndicatorFactory(
            alliance=alliance, name="Matrix dashboard", code="MD", is_public=True
        )
        _DashboardDataPointFactory(
            indicator=indicator, period=_dashboard_date(2024, 1, 1), respondents=40
        )
        _dashboard_recompute(indicator=indicator)
    # --- end measurement dashboard objects ---
    # --- notifications objects ---
    # A notification of the member in the private alliance; the declarations find it by its
    # event key.
    from alliance.services.notifications import notify as _matrix_notify

    _matrix_notify(
        users=[users[MEMBER]],
        alliance=private,
        kind="minutes_published",
        title="Matrix notification",
        body="",
        url="",
        event_key="matrix:notification",
        email=False,
    )
    # --- end notifications objects ---
    # --- meetings objects ---
    # In "a-own" and "p-own" (the coordinator coordinates them), "a-other" (they do not) and
    # "o-own" (another alliance): an upcoming "Matrix meeting" with one agenda item, and a held
    # "Matrix held meeting" whose agenda and minutes are published, with one item and one
    # attachment. POSTs that would remove or publish something go to the held meeting, where
    # they are refused or change nothing, so no answer depends on the order of the requests.
    import datetime as _meetings_datetime

    from django.core.files.base import ContentFile as _MeetingsFile
    from django.core.files.storage import default_storage as _meetings_storage
    from django.utils import timezone as _meetings_timezone

    from workgroups.models import AgendaAttachment as _MeetingsAttachment
    from workgroups.models import Meeting as _MeetingsMeeting
    from workgroups.models import MinutesStatus as _MeetingsMinutesStatus
    from workgroups.services_meetings import agenda_item_add as _meetings_item_add
    from workgroups.services_meetings import meeting_schedule as _meetings_schedule

    meetings_file = "agenda/matrix/matrix-paper.pdf"
    if not _meetings_storage.exists(meetings_file):
        _meetings_storage.save(meetings_file, _MeetingsFile(b"%PDF-1.4 matrix\n"))
    meetings_now = _meetings_timezone.now()
    meetings_hour = _meetings_datetime.timedelta(hours=1)
    for slug in ("a-own", "p-own", "a-other", "o-own"):
        soon = meetings_now + _meetings_datetime.timedelta(days=30)
        upcoming = _meetings_schedule(
            group=groups[slug],
            user=None,
            title="Matrix meeting",
            starts_at=soon,
            ends_at=soon + meetings_hour,
        )
        _meetings_item_add(meeting=upcoming, user=None, title="Matrix item")
        past = meetings_now - _meetings_datetime.timedelta(days=30)
        held = _meetings_schedule(
            group=groups[slug],
            user=None,
            title="Matrix held meeting",
            starts_at=past,
            ends_at=past + meetings_hour,
        )
        held_item = _meetings_item_add(meeting=held, user=None, title="Matrix held item")
        attachment = _MeetingsAttachment(item=held_item, name="matrix-paper.pdf", size=16)
        attachment.file.name = meetings_file
        attachment.save()
        _MeetingsMeeting.objects.filter(pk=held.pk).update(
            agenda_published_at=past,
            minutes_status=_MeetingsMinutesStatus.PUBLISHED,
            minutes_published_at=past,
        )
    # --- end meetings objects ---
    # --- groups objects ---
    # The member's open action item in "a-own" (the matrix's POSTs mark it done: the member
    # first, then the coordinator and the secretariat get "already done"), one of the other
    # alliance, and a seat in "a-other" and in "o-own" that the secretariats' POSTs remove.
    from datetime import date as _groups_date

    from workgroups.services_meetings import action_item_add as _groups_action_item_add

    for group_slug, owner, title in (
        ("a-own", users[MEMBER], "Matrix groups item"),
        ("o-own", other_secretariat, "Matrix groups other item"),
    ):
        _groups_action_item_add(
            group=groups[group_slug],
            user=None,
            title=title,
            owner=owner,
            deadline=_groups_date(2030, 1, 1),
        )
    for group_slug, email in (
        ("a-other", "groups-seat-a@example.org"),
        ("o-own", "groups-seat-o@example.org"),
    ):
        group_member_add(group=groups[group_slug], user=UserFactory(email=email))
    # --- end groups objects ---
    # --- news objects ---
    # Private alliance: news to the whole alliance by the secretariat with a comment by the
    # member, news to "a-other" (seen only by steering and the secretariat), news the
    # secretariat's POST withdraws, and the member's calendar feed (its token is looked up
    # when the feed is requested, after the member's POST has made a new one).
    from workgroups.services_calendar import calendar_feed_get_or_create as _news_feed
    from workgroups.services_news import news_comment_add as _news_comment_add
    from workgroups.services_news import news_post_create as _news_post_create

    news_everyone = _news_post_create(
        alliance=private, author=users[SECRETARIAT], title="Matrix news", body="**Nyt**"
    )
    _news_comment_add(post=news_everyone, author=users[MEMBER], body="Matrix comment")
    _news_post_create(
        alliance=private,
        author=users[SECRETARIAT],
        title="Matrix group news",
        body="x",
        group=groups["a-other"],
    )
    _news_post_create(
        alliance=private, author=users[SECRETARIAT], title="Matrix news to withdraw", body="x"
    )
    _news_feed(user=users[MEMBER], alliance=private)
    # --- end news objects ---
    # --- activities objects ---
    # Private alliance: "Matrix activity" of "a-own" (the coordinator's group) and of "a-other",
    # each with a kept log entry ("matrix log", for the edit pages) and one the matrix's POSTs
    # delete ("matrix log to delete"); the other alliance: "Matrix activity" of "o-own" with the
    # same two entries. The public alliance: a public activity for the young people's list.
    from datetime import date as _activities_date

    from initiatives.services import activity_log_save as _activities_log_save
    from initiatives.services import activity_save as _activities_save

    for alliance, slug in ((private, "a-own"), (private, "a-other"), (other, "o-own")):
        activity = _activities_save(
            alliance=alliance, user=None, group=groups[slug], title="Matrix activity"
        )
        for note in ("matrix log", "matrix log to delete"):
            _activities_log_save(
                activity=activity,
                user=None,
                held_on=_activities_date(2026, 1, 5),
                participants_new=3,
                note=note,
            )
    _activities_save(
        alliance=public, user=None, group=groups["p-own"], title="Matrix activity", is_public=True
    )
    # --- end activities objects ---
    # --- youth voice objects ---
    # Private alliance (its portal open, as by default), inputs found by their text: published
    # ones sent to "a-own" (the coordinator's group) and to "a-other", one waiting for
    # moderation, one kept private and sent to "a-own", and three whose private links are
    # followed (one to export, one with contact details and a consent to withdraw, one that the
    # first POST erases); the youth actor's own contact consent; an open survey with one
    # question and a draft; the outsider as an appointed moderator for the secretariat to
    # remove. The other alliance: a published input sent to "o-own". The public alliance: the
    # member is an appointed moderator. In the alliance YOUTH_ERASE every role actor is a
    # member, so erasing "my data" there touches nothing the other declarations use.
    from datetime import timedelta as _youth_timedelta

    from django.utils import timezone as _youth_timezone

    from youth_voice import codes as _youth_codes
    from youth_voice.models import Consent as _YouthConsent
    from youth_voice.models import ContactDetails as _YouthContact
    from youth_voice.models import InputStatus as _YouthStatus
    from youth_voice.models import Moderation as _YouthModeration
    from youth_voice.models import Moderator as _YouthModerator
    from youth_voice.models import Question as _YouthQuestion
    from youth_voice.models import Survey as _YouthSurvey
    from youth_voice.models import SurveyStatus as _YouthSurveyStatus
    from youth_voice.models import YouthInput as _YouthInput

    youth_now = _youth_timezone.now()

    def _youth_input(alliance, label, *, moderation=_YouthModeration.PUBLISHED, group=None):
        code = _YOUTH_CODES[label]
        return _YouthInput.objects.create(
            alliance=alliance,
            kind="idea",
            text=f"Matrix youth {label}",
            published_text=f"Matrix youth {label}" if moderation != "pending" else "",
            moderation=moderation,
            status=_YouthStatus.ROUTED if group else _YouthStatus.RECEIVED,
            routed_group=groups[group] if group else None,
            routed_at=youth_now if group else None,
            answer_due=(youth_now + _youth_timedelta(days=14)).date() if group else None,
            receipt_hash=_youth_codes.receipt_hash(code),
            link_hash=_youth_codes.link_hash(_youth_codes.link_token(code)),
        )

    _youth_input(private, "routed", group="a-own")
    _youth_input(private, "other group", group="a-other")
    _youth_input(private, "pending", moderation=_YouthModeration.PENDING)
    _youth_input(private, "kept private", moderation=_YouthModeration.PRIVATE, group="a-own")
    _youth_input(private, "export")
    _youth_input(private, "erase")
    with_contact = _youth_input(private, "contact")
    _youth_input(other, "other", group="o-own")
    contact_consent = _YouthConsent.objects.create(
        alliance=private, purpose="contact", text_version="1", input=with_contact
    )
    _YouthContact.objects.create(
        input=with_contact,
        email="matrix-contact@example.org",
        consent=contact_consent,
        delete_after=youth_now + _youth_timedelta(days=180),
    )
    _YouthConsent.objects.create(
        alliance=private, purpose="contact", text_version="1", user=users[YOUTH]
    )
    open_survey = _YouthSurvey.objects.create(
        alliance=private,
        title="Matrix open survey",
        status=_YouthSurveyStatus.OPEN,
        opened_at=youth_now,
    )
    _YouthQuestion.objects.create(survey=open_survey, kind="likert", text="Matrix question")
    _YouthSurvey.objects.create(alliance=private, title="Matrix draft survey")
    _YouthModerator.objects.create(alliance=private, user=outsider)
    _YouthModerator.objects.create(alliance=public, user=users[MEMBER])
    erase_alliance = AllianceFactory(slug=YOUTH_ERASE, name="Ung slet alliance", is_public=False)
    for actor, role in ROLE_OF.items():
        MembershipFactory(user=users[actor], alliance=erase_alliance, role=role)
    # --- end youth voice objects ---
    # --- health check objects ---
    # The private alliance: an open round (answered by nobody here). The other alliance: a
    # closed round, read by its own secretariat and asked for under the private address.
    from datetime import timedelta as _hc_timedelta

    from django.utils import timezone as _hc_timezone

    from backbone.models import HealthCheckRound as _HealthCheckRound

    hc_now = _hc_timezone.now()
    _HealthCheckRound.objects.create(
        alliance=private,
        title="Matrix open round",
        opened_at=hc_now,
        closes_on=(hc_now + _hc_timedelta(days=14)).date(),
    )
    _HealthCheckRound.objects.create(
        alliance=other,
        title="Matrix other round",
        opened_at=hc_now - _hc_timedelta(days=30),
        closes_on=(hc_now - _hc_timedelta(days=10)).date(),
        closed_at=hc_now - _hc_timedelta(days=10),
    )
    # --- end health check objects ---
    # --- reports objects ---
    # Private alliance: a ready report of the steering actor with its file, one of theirs whose
    # file was deleted, a failed one (a cheap CSV, so a retry builds little), and one of the
    # secretariat's. The other alliance: a ready report of its secretariat.
    from django.core.files.base import ContentFile as _ReportFile

    from backbone.models import Report as _Report
    from backbone.models import ReportStatus as _ReportStatus

    def _report(alliance, user, label, status, *, kind="status_csv", with_file=False):
        report = _Report.objects.create(
            alliance=alliance,
            requested_by=user,
            kind=kind,
            parameters={"language": "da", "label": label},
            status=status,
        )
        if with_file:
            report.file.save(f"matrix-{label}.csv", _ReportFile(b"a,b\r\n1,2\r\n"), save=False)
            report.file_name = f"matrix-{label}.csv"
            report.content_type = "text/csv"
            report.size = 10
            report.expires_at = youth_now + _youth_timedelta(days=1)
            report.save()
        return report

    _report(private, users[STEERING], "steering ready", _ReportStatus.DONE, with_file=True)
    _report(private, users[STEERING], "steering expired", _ReportStatus.EXPIRED)
    _report(private, users[STEERING], "steering failed", _ReportStatus.FAILED)
    _report(private, users[SECRETARIAT], "secretariat ready", _ReportStatus.DONE, with_file=True)
    _report(other, other_secretariat, "other ready", _ReportStatus.DONE, with_file=True)
    # --- end reports objects ---
    # --- api objects ---
    # A personal API key of the secretariat in the private alliance, for the revoke URL (the
    # secretariat's POST revokes it; for everyone else it is not theirs: 404).
    from alliance.models import Membership as _ApiMembership
    from api.services import api_token_create as _api_token_create

    _api_token_create(
        membership=_ApiMembership.objects.get(user=users[SECRETARIAT], alliance=private),
        name="Matrix key",
    )
    # --- end api objects ---
    return {"users": users, "groups": groups, **extras}


# ---------------------------------------------------------------------------
# URL patterns, read from the root resolver
# ---------------------------------------------------------------------------

# Placeholder values for URL arguments of patterns that are declared by rule.
SAMPLE_ARGS = {"app_label": "alliance", "url": "no-such-page/"}


@dataclass(frozen=True)
class Entry:
    """One URL pattern with its full route, namespaced name and argument names."""

    route: str
    name: str | None  # "namespace:name", or None for an unnamed pattern
    namespace: str | None
    callback: Callable
    arguments: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.name or f"<unnamed {self.route}>"

    def sample_url(self) -> str:
        """A URL that resolves to this pattern, with placeholder arguments ("1")."""
        kwargs = {arg: SAMPLE_ARGS.get(arg, "1") for arg in self.arguments}
        # Unnamed groups of a regex route (django-simple-history's admin views) take "1" each.
        positional = len(re.findall(r"\((?!\?)", self.route))
        if self.name and positional and not kwargs:
            return reverse(self.name, args=["1"] * positional)
        if self.name:
            return reverse(self.name, kwargs=kwargs)
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: kwargs[m.group(1)], self.route)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs[m.group(1)], path)
        return "/" + path.replace("^", "").replace("$", "")


def walk(patterns, prefix: str = "", namespace: str | None = None) -> Iterator[Entry]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, route, inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            arguments = tuple(re.findall(r"\(\?P<(\w+)>", route)) + tuple(
                re.findall(r"<(?:\w+:)?(\w+)>", re.sub(r"\(\?P<\w+>", "(", route))
            )
            yield Entry(route, name, namespace, pattern.callback, arguments)


def url_patterns() -> list[Entry]:
    return list(walk(get_resolver().url_patterns))


# ---------------------------------------------------------------------------
# The matrix
# ---------------------------------------------------------------------------

UrlCases = Callable[[Entry], dict[str, str]]  # case -> URL


@dataclass(frozen=True)
class Declaration:
    """The URLs to request for a pattern, and per case (or "*" for every case) the answers."""

    urls: UrlCases
    get: dict[str, Row]
    post: dict[str, Row]
    post_data: dict = field(default_factory=dict)
    logs_out: bool = False  # a POST ends the session: send it from a throwaway client

    def expected(self, method: str, case: str, actor: str) -> Expect:
        table = self.get if method == "GET" else self.post
        return (table.get(case) or table["*"])[actor]


def sample(entry: Entry) -> dict[str, str]:
    return {"sample": entry.sample_url()}


def fixed(url_name: str, **kwargs) -> UrlCases:
    return lambda entry: {"url": reverse(url_name, kwargs=kwargs)}


def alliance_cases(url_name: str) -> UrlCases:
    return lambda entry: {
        case: reverse(url_name, kwargs={"alliance_slug": slug})
        for case, slug in (
            ("private", PRIVATE),
            ("public", PUBLIC),
            ("other", OTHER),
            ("missing", MISSING),
        )
    }


def group_cases(entry: Entry) -> dict[str, str]:
    def url(alliance_slug: str, group_slug: str) -> str:
        return reverse(
            "workgroups:detail", kwargs={"alliance_slug": alliance_slug, "group_slug": group_slug}
        )

    return {
        "seated": url(PRIVATE, "a-own"),
        "not_seated": url(PRIVATE, "a-other"),
        "other_alliance_group_under_own_alliance": url(PRIVATE, "o-own"),
        "other_alliance": url(OTHER, "o-own"),
        "public_seated": url(PUBLIC, "p-own"),
        "public_not_seated": url(PUBLIC, "p-other"),
        "missing_group": url(PRIVATE, "no-such-group"),
        "missing_alliance": url(MISSING, "a-own"),
    }


# --- notifications helpers ---
def _matrix_notification_pk() -> int:
    from alliance.models import Notification

    return Notification.objects.get(event_key="matrix:notification").pk


def _matrix_unsubscribe_token(tamper: bool) -> str:
    from alliance.models import Alliance, User
    from alliance.services.notifications import unsubscribe_token

    token = unsubscribe_token(
        user=User.objects.get(email=f"{MEMBER}@example.org"),
        alliance=Alliance.objects.get(slug=PRIVATE),
        kind="minutes_published",
    )
    return token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB") if tamper else token


# --- end notifications helpers ---
# --- activities helpers ---
def _activities_cases(url_name: str, log_note: str | None = None) -> UrlCases:
    """The cases: "own" the private alliance's activity of "a-own", "other_group" that of "a-other",
    "foreign" the other alliance's under the private address, "missing" none, "other" the other
    alliance's under its own address; with log_note, the URL of that log entry."""

    def cases(entry: Entry) -> dict[str, str]:
        from initiatives.models import Activity, ActivityLog

        def url(slug: str, owner: str | None, group: str) -> str:
            activity = Activity.objects.filter(
                alliance__slug=owner, group__slug=group, title="Matrix activity"
            ).first()
            kwargs = {"alliance_slug": slug, "pk": activity.pk if activity else 999999999}
            if log_note is not None:
                log = ActivityLog.objects.filter(activity=activity, note=log_note).first()
                kwargs["log_pk"] = log.pk if log else 999999999
            return reverse(url_name, kwargs=kwargs)

        return {
            "own": url(PRIVATE, PRIVATE, "a-own"),
            "other_group": url(PRIVATE, PRIVATE, "a-other"),
            "foreign": url(PRIVATE, OTHER, "o-own"),
            "missing": url(PRIVATE, None, "a-own"),
            "other": url(OTHER, OTHER, "o-own"),
        }

    return cases


def _activities_manage(done: Expect, *, deleted_by_coordinator: bool = False) -> dict[str, Row]:
    """A page of manage_activities with the object check on the activity's group: the
    coordinator for "a-own", the secretariat for every group; `done` is their answer. After
    the coordinator deleted the log of "a-own", the secretariat finds it no more (404)."""
    secretariat_own = NOT_FOUND if deleted_by_coordinator else done
    return {
        "own": row(
            FORBIDDEN,
            anonymous=LOGIN,
            coordinator=done,
            secretariat=secretariat_own,
            **OUTSIDERS_404,
        ),
        "other_group": row(FORBIDDEN, anonymous=LOGIN, secretariat=done, **OUTSIDERS_404),
        "foreign": row(
            FORBIDDEN,
            anonymous=LOGIN,
            coordinator=NOT_FOUND,
            secretariat=NOT_FOUND,
            **OUTSIDERS_404,
        ),
        "missing": row(
            FORBIDDEN,
            anonymous=LOGIN,
            coordinator=NOT_FOUND,
            secretariat=NOT_FOUND,
            **OUTSIDERS_404,
        ),
        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=done),
    }


def _activities_alliance(inside: Row, other: Expect) -> dict[str, Row]:
    return {
        "private": inside,
        "public": inside,
        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=other),
        "missing": row(NOT_FOUND, anonymous=LOGIN),
    }


# --- end activities helpers ---
# --- news helpers ---
_NEWS_TITLES = {
    "everyone": "Matrix news",
    "group": "Matrix group news",
    "withdraw": "Matrix news to withdraw",
}


def _news_posters(answer: Expect) -> Row:
    """The secretariat and coordinators post news; other members get 403."""
    return row(FORBIDDEN, anonymous=LOGIN, coordinator=answer, secretariat=answer, **OUTSIDERS_404)


def _news_pk(title: str) -> int:
    from workgroups.models import NewsPost

    return NewsPost.objects.get(alliance__slug=PRIVATE, title=title).pk


def _news_cases(url_name: str, *cases: str) -> UrlCases:
    def urls(entry: Entry) -> dict[str, str]:
        result = {}
        for case in cases:
            slug, pk = PRIVATE, 999999999
            if case in _NEWS_TITLES:
                pk = _news_pk(_NEWS_TITLES[case])
            elif case == "under_public":
                slug, pk = PUBLIC, _news_pk(_NEWS_TITLES["everyone"])
            result[case] = reverse(url_name, kwargs={"alliance_slug": slug, "pk": pk})
        return result

    return urls


def _news_comment_cases(entry: Entry) -> dict[str, str]:
    from workgroups.models import NewsComment

    comment = NewsComment.objects.get(body="Matrix comment")

    def url(pk: int, comment_pk: int) -> str:
        return reverse(
            "workgroups:news_comment_remove",
            kwargs={"alliance_slug": PRIVATE, "pk": pk, "comment_pk": comment_pk},
        )

    return {
        "own": url(comment.post_id, comment.pk),
        "under_other_news": url(_news_pk(_NEWS_TITLES["group"]), comment.pk),
        "missing": url(comment.post_id, 999999999),
    }


def _news_feed_cases(entry: Entry) -> dict[str, str]:
    from workgroups.models import CalendarFeed

    token = CalendarFeed.objects.get(
        user__email=f"{MEMBER}@example.org", alliance__slug=PRIVATE
    ).token

    def url(slug: str, token: str) -> str:
        return reverse("workgroups:calendar_feed", kwargs={"alliance_slug": slug, "token": token})

    return {
        "valid": url(PRIVATE, token),
        "unknown": url(PRIVATE, "no-such-calendar-token"),
        "under_public": url(PUBLIC, token),
        "missing": url(MISSING, token),
    }


def _news_meeting_ics_cases(entry: Entry) -> dict[str, str]:
    from workgroups.models import Meeting

    def url(slug: str, group_slug: str | None) -> str:
        pk = 999999999
        if group_slug:
            pk = Meeting.objects.get(group__slug=group_slug, title="Matrix meeting").pk
        return reverse("workgroups:meeting_ics", kwargs={"alliance_slug": slug, "pk": pk})

    return {
        "own": url(PRIVATE, "a-own"),
        "not_seated": url(PRIVATE, "a-other"),
        "other_alliance_meeting": url(PRIVATE, "o-own"),
        "missing": url(PRIVATE, None),
    }


# --- end news helpers ---


# --- meetings helpers ---
def meeting_cases(url_name: str, *, held: bool = False, part: str | None = None) -> UrlCases:
    """A meeting's URL in each case: "own" and "public_own" (the coordinator coordinates the
    group), "not_coordinated", "foreign" (another alliance's meeting under the private
    alliance's address), "other" (under its own alliance) and "missing". `held` takes the held
    meeting; `part` adds its agenda item ("item") or its attachment ("attachment")."""

    def cases(entry: Entry) -> dict[str, str]:
        from workgroups.models import AgendaAttachment, Meeting

        def url(alliance_slug: str, group_slug: str, *, missing: bool = False) -> str:
            title = "Matrix held meeting" if held else "Matrix meeting"
            meeting = Meeting.objects.get(group__slug=group_slug, title=title)
            kwargs = {"alliance_slug": alliance_slug, "pk": 999999 if missing else meeting.pk}
            if part == "item":
                kwargs["item_pk"] = meeting.agenda_items.get().pk
            elif part == "attachment":
                kwargs["attachment_pk"] = AgendaAttachment.objects.get(item__meeting=meeting).pk
            return reverse(url_name, kwargs=kwargs)

        return {
            "own": url(PRIVATE, "a-own"),
            "public_own": url(PUBLIC, "p-own"),
            "not_coordinated": url(PRIVATE, "a-other"),
            "foreign": url(PRIVATE, "o-own"),
            "other": url(OTHER, "o-own"),
            "missing": url(PRIVATE, "a-own", missing=True),
        }

    return cases


def meeting_group_cases(entry: Entry) -> dict[str, str]:
    def url(alliance_slug: str, group_slug: str) -> str:
        return reverse(
            "workgroups:meeting_create",
            kwargs={"alliance_slug": alliance_slug, "group_slug": group_slug},
        )

    return {
        "own": url(PRIVATE, "a-own"),
        "public_own": url(PUBLIC, "p-own"),
        "not_coordinated": url(PRIVATE, "a-other"),
        "foreign": url(PRIVATE, "o-own"),
        "other": url(OTHER, "o-own"),
        "missing": url(PRIVATE, "no-such-group"),
    }


def meeting_viewers() -> dict[str, Row]:
    """Reading a meeting: everyone seated in the group, the steering group and the
    secretariat; outsiders of the alliance get 404."""
    return {
        "own": row(OK, anonymous=LOGIN, other_secretariat=NOT_FOUND, inactive_member=NOT_FOUND),
        "public_own": row(
            OK, anonymous=LOGIN, other_secretariat=NOT_FOUND, inactive_member=NOT_FOUND
        ),
        "not_coordinated": row(
            FORBIDDEN,
            anonymous=LOGIN,
            steering=OK,
            secretariat=OK,
            other_secretariat=NOT_FOUND,
            inactive_member=NOT_FOUND,
        ),
        "foreign": row(NOT_FOUND, anonymous=LOGIN),
        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
        "missing": row(NOT_FOUND, anonymous=LOGIN),
    }


def meeting_managers(answer: Expect) -> dict[str, Row]:
    """Changing a meeting: the group's coordinator and the secretariat get `answer`."""
    outsiders = {"other_secretariat": NOT_FOUND, "inactive_member": NOT_FOUND}
    return {
        "own": row(FORBIDDEN, anonymous=LOGIN, coordinator=answer, secretariat=answer, **outsiders),
        "public_own": row(
            FORBIDDEN, anonymous=LOGIN, coordinator=answer, secretariat=answer, **outsiders
        ),
        "not_coordinated": row(FORBIDDEN, anonymous=LOGIN, secretariat=answer, **outsiders),
        "foreign": row(NOT_FOUND, anonymous=LOGIN),
        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=answer),
        "missing": row(NOT_FOUND, anonymous=LOGIN),
    }


# --- end meetings helpers ---


# --- groups helpers ---
def _groups_item_pk(title: str) -> int:
    from workgroups.models import ActionItem

    return ActionItem.objects.get(title=title).pk


def _groups_seat_pk(email: str) -> int:
    from workgroups.models import GroupMember

    return GroupMember.objects.get(user__email=email).pk


def _groups_group_cases(url_name: str) -> UrlCases:
    """The group pages of the secretariat under every kind of group slug."""

    def cases(entry: Entry) -> dict[str, str]:
        def url(alliance_slug: str, group_slug: str) -> str:
            return reverse(
                url_name, kwargs={"alliance_slug": alliance_slug, "group_slug": group_slug}
            )

        return {
            "seated": url(PRIVATE, "a-own"),
            "not_seated": url(PRIVATE, "a-other"),
            "other_alliance_group_under_own_alliance": url(PRIVATE, "o-own"),
            "other_alliance": url(OTHER, "o-own"),
            "public": url(PUBLIC, "p-own"),
            "missing_group": url(PRIVATE, "no-such-group"),
            "missing_alliance": url(MISSING, "a-own"),
        }

    return cases


def _groups_secretariat_rows(own: Expect, other: Expect) -> dict[str, Row]:
    """manage_groups is checked before the group is looked up: every other role gets 403."""
    return {
        "seated": row(FORBIDDEN, anonymous=LOGIN, secretariat=own, **OUTSIDERS_404),
        "not_seated": row(FORBIDDEN, anonymous=LOGIN, secretariat=own, **OUTSIDERS_404),
        "other_alliance_group_under_own_alliance": row(
            FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
        ),
        "other_alliance": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=other),
        "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=own, **OUTSIDERS_404),
        "missing_group": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
        "missing_alliance": row(NOT_FOUND, anonymous=LOGIN),
    }


# --- end groups helpers ---


EVERYONE_OK = row(OK)
EVERYONE_405 = row(NOT_ALLOWED)
# A logged-in outsider of an alliance (or of a group's alliance) gets 404: nothing leaks.
OUTSIDERS_404 = {OTHER_SECRETARIAT: NOT_FOUND, INACTIVE: NOT_FOUND}

ALLAUTH_USER_HOME = redirect("/home/")


# --- map helpers ---
def _map_cell_cases(entry: Entry) -> dict[str, str]:
    """The cases of a map cell: "own" the private alliance's goal "Matrix kept", "foreign" the
    other alliance's under the private address, "missing" no goal given, "other" the other
    alliance's goal under its own address."""
    from alliance.models import Goal

    def url(slug: str, owner: str | None) -> str:
        goal = Goal.objects.filter(alliance__slug=owner, title="Matrix kept").first()
        path = reverse("initiatives:map_cell", kwargs={"alliance_slug": slug})
        return f"{path}?goal={goal.pk}" if goal else path

    return {
        "own": url(PRIVATE, PRIVATE),
        "foreign": url(PRIVATE, OTHER),
        "missing": url(PRIVATE, None),
        "other": url(OTHER, OTHER),
    }


# --- end map helpers ---
# --- youth voice helpers ---
YOUTH_ERASE = "ung-slet-alliance"  # every role actor is a member; "my data" is erased here

# Receipt codes of the matrix's inputs (from youth_voice.codes.ALPHABET), by label.
_YOUTH_CODES = {
    "routed": "MATRX-RAAAA",
    "other group": "MATRX-RBBBB",
    "pending": "MATRX-RCCCC",
    "kept private": "MATRX-RHHHH",
    "export": "MATRX-RDDDD",
    "erase": "MATRX-REEEE",
    "contact": "MATRX-RFFFF",
    "other": "MATRX-RGGGG",
}


def _youth_url(url_name: str, slug: str, **kwargs) -> str:
    return reverse(f"youth_voice:{url_name}", kwargs={"alliance_slug": slug, **kwargs})


def _youth_pk(label: str) -> int:
    from youth_voice.models import YouthInput

    youth_input = YouthInput.objects.filter(text=f"Matrix youth {label}").first()
    return youth_input.pk if youth_input else 999999999


def _youth_portal_cases(url_name: str) -> UrlCases:
    """A portal page of the private alliance, and of no alliance."""
    return lambda entry: {
        "private": _youth_url(url_name, PRIVATE),
        "missing": _youth_url(url_name, MISSING),
    }


def _youth_token_cases(url_name: str, label: str) -> UrlCases:
    """A private link: "valid" the link of the input `label`, "wrong" a made-up token."""
    from youth_voice.codes import link_token

    return lambda entry: {
        "valid": _youth_url(url_name, PRIVATE, token=link_token(_YOUTH_CODES[label])),
        # A wrong token of its own per page: the limit per receipt code counts each.
        "wrong": _youth_url(url_name, PRIVATE, token=f"no-such-token-{url_name}"),
    }


def _youth_published_cases(url_name: str) -> UrlCases:
    """A published input, one waiting for moderation, one kept private, another alliance's
    under the private address, and none."""
    return lambda entry: {
        "published": _youth_url(url_name, PRIVATE, pk=_youth_pk("routed")),
        "pending": _youth_url(url_name, PRIVATE, pk=_youth_pk("pending")),
        "kept_private": _youth_url(url_name, PRIVATE, pk=_youth_pk("kept private")),
        "foreign": _youth_url(url_name, PRIVATE, pk=_youth_pk("other")),
        "missing": _youth_url(url_name, PRIVATE, pk=999999999),
    }


def _youth_staff_cases(url_name: str) -> UrlCases:
    """An input sent to "a-own" (published, and one kept private), one sent to "a-other", one
    waiting for moderation, another alliance's under the private address, and that one under
    its own address."""
    return lambda entry: {
        "own_group": _youth_url(url_name, PRIVATE, pk=_youth_pk("routed")),
        "kept_private": _youth_url(url_name, PRIVATE, pk=_youth_pk("kept private")),
        "other_group": _youth_url(url_name, PRIVATE, pk=_youth_pk("other group")),
        "pending": _youth_url(url_name, PRIVATE, pk=_youth_pk("pending")),
        "foreign": _youth_url(url_name, PRIVATE, pk=_youth_pk("other")),
        "other": _youth_url(url_name, OTHER, pk=_youth_pk("other")),
    }


def _youth_staff_alliance_cases(url_name: str) -> UrlCases:
    return lambda entry: {
        "private": _youth_url(url_name, PRIVATE),
        "public": _youth_url(url_name, PUBLIC),
        "other": _youth_url(url_name, OTHER),
    }


def _youth_survey_cases(url_name: str) -> UrlCases:
    """The private alliance's open survey and its draft (found by title), and none."""

    def cases(entry: Entry) -> dict[str, str]:
        from youth_voice.models import Survey

        def pk(title: str) -> int:
            survey = Survey.objects.filter(alliance__slug=PRIVATE, title=title).first()
            return survey.pk if survey else 999999999

        return {
            "open": _youth_url(url_name, PRIVATE, pk=pk("Matrix open survey")),
            "draft": _youth_url(url_name, PRIVATE, pk=pk("Matrix draft survey")),
            "missing": _youth_url(url_name, PRIVATE, pk=999999999),
        }

    return cases


def _youth_moderator_pk(entry: Entry) -> dict[str, str]:
    from youth_voice.models import Moderator

    moderator = Moderator.objects.filter(
        alliance__slug=PRIVATE, user__email="outsider@example.org"
    ).first()
    pk = moderator.pk if moderator else 999999999
    return {"private": _youth_url("moderator_remove", PRIVATE, pk=pk)}


def _youth_staff(capable: Row) -> dict[str, Row]:
    """A staff page of the alliance: `capable` in the private and the public alliance; in the
    other alliance only its secretariat gets in."""
    return {
        "private": capable,
        "public": capable,
        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
    }


def _youth_secretariat(answer: Expect, *, public_member: Expect = FORBIDDEN) -> dict[str, Row]:
    """A page for the secretariat (and, where `public_member` says so, for the public
    alliance's appointed moderator, the member)."""
    inside = row(FORBIDDEN, anonymous=LOGIN, secretariat=answer, **OUTSIDERS_404)
    return {
        "private": inside,
        "public": {**inside, MEMBER: public_member},
        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=answer),
    }


# Only the secretariat and the appointed moderators: others 403, outsiders 404.
_YOUTH_MODERATORS = row(FORBIDDEN, anonymous=LOGIN, **OUTSIDERS_404)
_YOUTH_ADULTS = row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404)
_YOUTH_ALL_405 = {"*": row(NOT_ALLOWED)}


def _youth_staff_input(
    *, own: Expect, own_by: tuple[str, ...], other_group_by: tuple[str, ...], done: Expect
) -> dict[str, Row]:
    """An input on the staff pages: youth_voice.permissions.inputs_visible_to hides what one
    may not see (404) after the capability (young people 403). `done` is the answer of those
    in `own_by` for the input sent to "a-own" (and of those in `other_group_by` for "a-other");
    visible to others, the answer is `own` (403 when they may see but not act)."""
    base = {ANONYMOUS: LOGIN, YOUTH: FORBIDDEN, **OUTSIDERS_404}
    sees_own = (MEMBER, COORDINATOR, STEERING, SECRETARIAT)
    sees_other_group = (STEERING, SECRETARIAT)
    own_group = row(NOT_FOUND, **{a: (done if a in own_by else own) for a in sees_own}, **base)
    return {
        "own_group": own_group,
        # Kept private: the staff read it (as moderated) like a published one.
        "kept_private": own_group,
        "other_group": row(
            NOT_FOUND,
            **{a: (done if a in other_group_by else own) for a in sees_other_group},
            **base,
        ),
        "pending": row(NOT_FOUND, secretariat=done, **base),
        "foreign": row(NOT_FOUND, **base),
        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=done),
    }


def _youth_consent_cases(entry: Entry) -> dict[str, str]:
    from youth_voice.models import Consent

    consent = Consent.objects.filter(
        alliance__slug=PRIVATE, user__email=f"{YOUTH}@example.org"
    ).first()
    pk = consent.pk if consent else 999999999
    return {
        "own": _youth_url("my_consent_withdraw", PRIVATE, pk=pk),
        "missing": _youth_url("my_consent_withdraw", PRIVATE, pk=999999999),
    }


def _youth_staff_survey_cases(url_name: str) -> UrlCases:
    return lambda entry: {
        case: url
        for case, url in _youth_survey_cases(url_name)(entry).items()
        if case in ("draft", "missing")
    }


def _youth_staff_survey(draft: Expect) -> dict[str, Row]:
    """A survey's staff page (manage_youth_portal): `draft` is the secretariat's answer."""
    return {
        "draft": row(FORBIDDEN, anonymous=LOGIN, secretariat=draft, **OUTSIDERS_404),
        "missing": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
    }


def _youth_moderation_cases(url_name: str, *labels: str) -> UrlCases:
    return lambda entry: {
        case: url for case, url in _youth_staff_cases(url_name)(entry).items() if case in labels
    }


# A portal page: open to anyone (logged in or not) in an alliance whose portal is open; no
# alliance, no page. A POST to a page that only shows something is a 405 (to no alliance:
# 404 or 405, by the order of the decorators).
_YOUTH_PAGE = {"private": row(OK), "missing": row(NOT_FOUND)}


def _youth_page_post(private: Expect) -> dict[str, Row]:
    return {"private": row(private), "missing": row(ANY)}


# --- end youth voice helpers ---
# --- health check helpers ---
def _hc_round_cases(url_name: str) -> UrlCases:
    """The private alliance's open round, the other alliance's round under the private address
    and under its own, and no round."""

    def cases(entry: Entry) -> dict[str, str]:
        from backbone.models import HealthCheckRound

        def pk(title: str) -> int:
            found = HealthCheckRound.objects.filter(title=title).first()
            return found.pk if found else 999999999

        def url(slug: str, round_pk: int) -> str:
            return reverse(f"backbone:{url_name}", kwargs={"alliance_slug": slug, "pk": round_pk})

        return {
            "open": url(PRIVATE, pk("Matrix open round")),
            "foreign": url(PRIVATE, pk("Matrix other round")),
            "other": url(OTHER, pk("Matrix other round")),
            "missing": url(PRIVATE, 999999999),
        }

    return cases


def _hc_round(*, member: Expect, other: Expect) -> dict[str, Row]:
    """A round's page for every member (`member` in the private alliance, `other` for the
    other alliance's secretariat in its own); another alliance's round or none is a 404."""
    return {
        "open": row(member, anonymous=LOGIN, **OUTSIDERS_404),
        "foreign": row(NOT_FOUND, anonymous=LOGIN),
        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=other),
        "missing": row(NOT_FOUND, anonymous=LOGIN),
    }


def _hc_round_secretariat(*, private: Expect, other: Expect) -> dict[str, Row]:
    """A round's page for the secretariat: other roles 403 before the round is looked up."""
    not_found = row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404)
    return {
        "open": row(FORBIDDEN, anonymous=LOGIN, secretariat=private, **OUTSIDERS_404),
        "foreign": not_found,
        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=other),
        "missing": not_found,
    }


_HC_ALL_405 = {"*": row(NOT_ALLOWED)}


# --- end health check helpers ---
# --- reports helpers ---
def _report_pk(label: str) -> int:
    from backbone.models import Report

    # The first one: a retry copies the label into a new report of whoever retried.
    report = Report.objects.filter(parameters__label=label).order_by("pk").first()
    return report.pk if report else 999999999


def _report_cases(url_name: str, labels: tuple[str, ...]) -> UrlCases:
    """A report of the private alliance by label, another alliance's report under the private
    address ("foreign"), a missing one, and the other alliance's under its own address."""

    def cases(entry: Entry) -> dict[str, str]:
        def url(slug: str, pk: int) -> str:
            return reverse(f"backbone:{url_name}", kwargs={"alliance_slug": slug, "pk": pk})

        return {
            **{label: url(PRIVATE, _report_pk(label)) for label in labels},
            "foreign": url(PRIVATE, _report_pk("other ready")),
            "missing": url(PRIVATE, 999999999),
            "other": url(OTHER, _report_pk("other ready")),
        }

    return cases


# Reports are for the secretariat and the steering group (request_reports): the other roles
# get 403, outsiders 404. A report is seen by its requester and the secretariat: the steering
# actor gets 404 for the secretariat's; another alliance's is a 404 under this address.
_REPORT_DENIED = {
    "anonymous": LOGIN,
    "youth": FORBIDDEN,
    "member": FORBIDDEN,
    "coordinator": FORBIDDEN,
    **OUTSIDERS_404,
}


def _report_rows(own: Expect, *, others: Expect | None = None) -> dict[str, Row]:
    """Per case: the steering actor's reports answer `own` to steering and secretariat; the
    secretariat's answer `others` (default `own`) to the secretariat and 404 to steering."""
    return {
        "steering ready": row(own, **_REPORT_DENIED),
        "steering expired": row(own, **_REPORT_DENIED),
        "steering failed": row(own, **_REPORT_DENIED),
        "secretariat ready": row(others or own, steering=NOT_FOUND, **_REPORT_DENIED),
        "foreign": row(NOT_FOUND, **_REPORT_DENIED),
        "missing": row(NOT_FOUND, **_REPORT_DENIED),
        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=own),
    }


# --- end reports helpers ---
# --- api helpers ---
UNAUTHORIZED = Expect(401)
# Who holds the capability each API endpoint checks (alliance.permissions).
_API_ADULTS = (MEMBER, COORDINATOR, STEERING, SECRETARIAT)  # view_dashboard, view_activities
_API_REPORTERS = (COORDINATOR, SECRETARIAT)  # report_data
_API_EVERYONE = (YOUTH, *_API_ADULTS)  # view_home (published youth input)


def _api_url(url_name: str, slug: str, **kwargs) -> str:
    return reverse(f"api:{url_name}", kwargs={"alliance_slug": slug, **kwargs})


def _api_list_cases(url_name: str) -> UrlCases:
    return lambda entry: {
        case: _api_url(url_name, slug)
        for case, slug in (
            ("private", PRIVATE),
            ("public", PUBLIC),
            ("other", OTHER),
            ("missing", MISSING),
        )
    }


def _api_list(capable: tuple[str, ...], done: Expect) -> dict[str, Row]:
    """An alliance endpoint: the roles holding its capability get `done`, other members 403,
    outsiders and the inactive member 404, anonymous 401 (the API never redirects to login)."""
    inside = row(FORBIDDEN, anonymous=UNAUTHORIZED, **{a: done for a in capable}, **OUTSIDERS_404)
    return {
        "private": inside,
        "public": inside,
        "other": row(NOT_FOUND, anonymous=UNAUTHORIZED, other_secretariat=done),
        "missing": row(NOT_FOUND, anonymous=UNAUTHORIZED),
    }


def _api_object_pk(kind: str, slug: str) -> int:
    """The matrix's object of a kind in an alliance (999999999 when there is none)."""
    from initiatives.models import Activity
    from measurement.models import DataPoint, Indicator
    from youth_voice.models import YouthInput

    found = {
        "indicator": lambda: Indicator.objects.filter(alliance__slug=slug, name="Matrix dashboard"),
        "activity": lambda: Activity.objects.filter(
            alliance__slug=slug, title="Matrix activity", group__slug__in=("a-own", "o-own")
        ),
        "youth_input": lambda: YouthInput.objects.filter(
            alliance__slug=slug, text__in=("Matrix youth routed", "Matrix youth other")
        ),
        "datapoint": lambda: DataPoint.objects.filter(
            indicator__alliance__slug=slug,
            comment__in=("matrix submit own_draft", "matrix submit other"),
        ),
    }[kind]().first()
    return found.pk if found else 999999999


def _api_object_cases(url_name: str, kind: str) -> UrlCases:
    """ "own" the private alliance's object, "foreign" the other alliance's under the private
    address (guessing its id), "missing" none, "other" the other alliance's at its address."""
    return lambda entry: {
        "own": _api_url(url_name, PRIVATE, pk=_api_object_pk(kind, PRIVATE)),
        "foreign": _api_url(url_name, PRIVATE, pk=_api_object_pk(kind, OTHER)),
        "missing": _api_url(url_name, PRIVATE, pk=999999999),
        "other": _api_url(url_name, OTHER, pk=_api_object_pk(kind, OTHER)),
    }


def _api_object(
    capable: tuple[str, ...], done: Expect, missing: Expect = NOT_FOUND
) -> dict[str, Row]:
    """One object: as `_api_list`, and another alliance's id or none is `missing` (a 404 for a
    GET) for everyone who may read such objects (the rest are refused before the object is
    looked up; a POST is refused by its method before the object is looked up)."""
    lookup = {a: missing for a in capable}
    return {
        "own": row(
            FORBIDDEN, anonymous=UNAUTHORIZED, **{a: done for a in capable}, **OUTSIDERS_404
        ),
        "foreign": row(FORBIDDEN, anonymous=UNAUTHORIZED, **lookup, **OUTSIDERS_404),
        "missing": row(FORBIDDEN, anonymous=UNAUTHORIZED, **lookup, **OUTSIDERS_404),
        "other": row(NOT_FOUND, anonymous=UNAUTHORIZED, other_secretariat=done),
    }


def _api_token_pages(done: Expect) -> dict[str, Row]:
    """The API keys page (use_api: adults): anonymous to login, young people 403."""
    inside = row(done, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404)
    return {
        "private": inside,
        "public": inside,
        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=done),
        "missing": row(NOT_FOUND, anonymous=LOGIN),
    }


def _api_revoke_cases(entry: Entry) -> dict[str, str]:
    from api.models import ApiToken

    token = ApiToken.objects.filter(name="Matrix key").first()
    pk = token.pk if token else 999999999
    return {
        "secretariats_key": reverse(
            "api_tokens:revoke", kwargs={"alliance_slug": PRIVATE, "pk": pk}
        ),
        "missing": reverse("api_tokens:revoke", kwargs={"alliance_slug": PRIVATE, "pk": 999999999}),
    }


# --- end api helpers ---


MATRIX: dict[str, Declaration] = {
    # --- the project's own pages -------------------------------------------------------
    "landing": Declaration(fixed("landing"), get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}),
    "privacy": Declaration(fixed("privacy"), get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}),
    "health": Declaration(fixed("health"), get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}),
    "home": Declaration(
        fixed("home"),
        # Role actors belong to two alliances (chooser); the other secretariat to one (redirect);
        # the deactivated member to none (an empty chooser).
        get={"*": row(OK, anonymous=LOGIN, other_secretariat=redirect(f"/{OTHER}/"))},
        post={"*": EVERYONE_405},
    ),
    "alliance:home": Declaration(
        alliance_cases("alliance:home"),
        get={
            "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            # A public alliance's home is public: visitors and outsiders get the public page.
            "public": EVERYONE_OK,
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "alliance:people": Declaration(
        alliance_cases("alliance:people"),
        get={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            # Being public opens only the home: the register is never public.
            "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    # --- common agenda ------------------------------------------------------------------
    # Member pages (a public alliance opens only its home): every role reads the agenda, its
    # versions and their differences; the steering group and the secretariat comment; only the
    # secretariat edits and publishes. An empty POST re-renders a form with errors (200).
    **{
        name: Declaration(
            alliance_cases(name),
            get={
                "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
                "public": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
                "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                "missing": row(NOT_FOUND, anonymous=LOGIN),
            },
            post={"*": EVERYONE_405},
        )
        for name in ("alliance:agenda", "alliance:agenda_versions", "alliance:agenda_compare")
    },
    "alliance:agenda_comment": Declaration(
        alliance_cases("alliance:agenda_comment"),
        get={"*": EVERYONE_405},
        post={
            "private": row(
                FORBIDDEN, anonymous=LOGIN, steering=OK, secretariat=OK, **OUTSIDERS_404
            ),
            "public": row(FORBIDDEN, anonymous=LOGIN, steering=OK, secretariat=OK, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    **{
        name: Declaration(alliance_cases(name), get=editing, post=editing)
        for editing in [
            {
                "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                "missing": row(NOT_FOUND, anonymous=LOGIN),
            }
        ]
        for name in (
            "alliance:agenda_working_copy",
            "alliance:agenda_publish",
            "alliance:agenda_focus_area_create",
            "alliance:agenda_goal_create",
        )
    },
    "alliance:agenda_version": Declaration(
        lambda entry: {
            "own": reverse(
                "alliance:agenda_version", kwargs={"alliance_slug": PRIVATE, "number": 1}
            ),
            "missing_number": reverse(
                "alliance:agenda_version", kwargs={"alliance_slug": PRIVATE, "number": 99}
            ),
            "other": reverse(
                "alliance:agenda_version", kwargs={"alliance_slug": OTHER, "number": 1}
            ),
        },
        get={
            "own": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "missing_number": row(NOT_FOUND, anonymous=LOGIN),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
        },
        post={"*": EVERYONE_405},
    ),
    # Focus areas and goals by id: another alliance's id under this alliance is a 404 for the
    # secretariat (other roles are refused by capability first, 403). The secretariat's POST
    # to a delete URL deletes an object without dependants (-> the working copy) and is
    # refused for a focus area with goals (the page again, 200).
    **{
        name: Declaration(
            (
                lambda url_name, id_arg, objects, deletes: (
                    lambda entry: {
                        case: reverse(
                            url_name,
                            kwargs={
                                "alliance_slug": slug,
                                id_arg: getattr(
                                    AllianceFactory._meta.model.objects.get(slug=owner), objects
                                )
                                .get(title=title)
                                .pk
                                if title
                                else 999999999,
                            },
                        )
                        for case, slug, owner, title in (
                            (
                                "own",
                                PRIVATE,
                                PRIVATE,
                                "Matrix doomed" if deletes else "Matrix kept",
                            ),
                            ("own_with_goals", PRIVATE, PRIVATE, "Matrix kept"),
                            ("other_alliance_object_under_own", PRIVATE, OTHER, "Matrix kept"),
                            ("missing_object", PRIVATE, PRIVATE, None),
                            ("other", OTHER, OTHER, "Matrix doomed" if deletes else "Matrix kept"),
                        )
                        if case != "own_with_goals" or objects == "focus_areas"
                    }
                )
            )(name, arg, related, doomed),
            get={
                "*": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                "other_alliance_object_under_own": row(
                    FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                ),
                "missing_object": row(
                    FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                ),
                "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            },
            post={
                "*": row(
                    FORBIDDEN,
                    anonymous=LOGIN,
                    secretariat=redirect(f"/{PRIVATE}/agenda/working-copy/") if doomed else OK,
                    **OUTSIDERS_404,
                ),
                "own_with_goals": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                "other_alliance_object_under_own": row(
                    FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                ),
                "missing_object": row(
                    FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                ),
                "other": row(
                    NOT_FOUND,
                    anonymous=LOGIN,
                    other_secretariat=redirect(f"/{OTHER}/agenda/working-copy/") if doomed else OK,
                ),
            },
        )
        for name, arg, related, doomed in (
            ("alliance:agenda_focus_area_edit", "focus_area_id", "focus_areas", False),
            ("alliance:agenda_focus_area_delete", "focus_area_id", "focus_areas", True),
            ("alliance:agenda_goal_edit", "goal_id", "goals", False),
            ("alliance:agenda_goal_delete", "goal_id", "goals", True),
        )
    },
    # --- end common agenda ---
    # --- partners and commitments --------------------------------------------------------
    "alliance:partners": Declaration(
        alliance_cases("alliance:partners"),
        get={
            "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "public": row(OK, anonymous=LOGIN, **OUTSIDERS_404),  # not part of the public page
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "alliance:partner_create": Declaration(  # an empty POST: the form with errors
        alliance_cases("alliance:partner_create"),
        get={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    # One partner's pages. Partners are found by name when the URLs are built (after
    # build_world). Cases: "listed" and "unlisted" partners of the private alliance, "foreign"
    # the other alliance's partner under the private alliance's address (404 for everyone),
    # "other" that partner under its own alliance, "missing" no such partner. Every partner
    # page is routed under view_partners, so the partner is found first (404) and the finer
    # capability checked after (403); a young person does not see an unlisted partner (404).
    **(
        lambda partner_urls: {
            "alliance:partner_detail": Declaration(
                partner_urls("alliance:partner_detail", "Matrix partner"),
                get={
                    "listed": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
                    "unlisted": row(OK, anonymous=LOGIN, youth=NOT_FOUND, **OUTSIDERS_404),
                    "foreign": row(NOT_FOUND, anonymous=LOGIN),
                    "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                    "missing": row(NOT_FOUND, anonymous=LOGIN),
                },
                post={"*": EVERYONE_405},
            ),
            # The secretariat's forms run on their own partner: an empty POST of the partner
            # form has errors (200); an empty commitment is valid and saved (302 to the
            # partner), so no other row may rely on that partner's commitment.
            **{
                name: Declaration(
                    partner_urls(name, "Matrix edit partner"),
                    get={
                        "listed": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                        "unlisted": row(
                            FORBIDDEN,
                            anonymous=LOGIN,
                            youth=NOT_FOUND,
                            secretariat=OK,
                            **OUTSIDERS_404,
                        ),
                        "foreign": row(NOT_FOUND, anonymous=LOGIN),
                        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                        "missing": row(NOT_FOUND, anonymous=LOGIN),
                    },
                    post={
                        "listed": row(
                            FORBIDDEN, anonymous=LOGIN, secretariat=done, **OUTSIDERS_404
                        ),
                        "unlisted": row(
                            FORBIDDEN,
                            anonymous=LOGIN,
                            youth=NOT_FOUND,
                            secretariat=done,
                            **OUTSIDERS_404,
                        ),
                        "foreign": row(NOT_FOUND, anonymous=LOGIN),
                        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=done),
                        "missing": row(NOT_FOUND, anonymous=LOGIN),
                    },
                )
                for name, done in (
                    ("alliance:partner_edit", OK),
                    ("alliance:commitment_edit", Expect(302)),
                )
            },
            # POST only. Sending a commitment without a representative (or not a draft) is
            # refused with a message: a redirect to the partner either way, nothing changes.
            "alliance:commitment_send": Declaration(
                partner_urls("alliance:commitment_send", "Matrix edit partner"),
                get={"*": EVERYONE_405},
                post={
                    "listed": row(
                        FORBIDDEN, anonymous=LOGIN, secretariat=Expect(302), **OUTSIDERS_404
                    ),
                    "unlisted": row(
                        FORBIDDEN,
                        anonymous=LOGIN,
                        youth=NOT_FOUND,
                        secretariat=Expect(302),
                        **OUTSIDERS_404,
                    ),
                    "foreign": row(NOT_FOUND, anonymous=LOGIN),
                    "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(302)),
                    "missing": row(NOT_FOUND, anonymous=LOGIN),
                },
            ),
            # POST only, and only the representative: the steering actor represents "awaiting"
            # (waiting for its signature) and "draft". The matrix's empty POST lacks the
            # confirmation, so the awaiting one is never signed (400, the page with the error)
            # and stays signable for every actor in any order; the draft one is refused with a
            # message (302). Everyone else, the secretariat too: 403.
            "alliance:commitment_sign": Declaration(
                lambda entry: {
                    **partner_urls("alliance:commitment_sign", "Matrix partner")(entry),
                    **{
                        case: partner_urls("alliance:commitment_sign", name)(entry)["listed"]
                        for case, name in (
                            ("awaiting", "Matrix partner awaiting steering"),
                            ("draft", "Matrix draft partner of steering"),
                        )
                    },
                },
                get={"*": EVERYONE_405},
                post={
                    # signed already by its representative, the coordinator: a message (302)
                    "listed": row(
                        FORBIDDEN, anonymous=LOGIN, coordinator=Expect(302), **OUTSIDERS_404
                    ),
                    "unlisted": row(FORBIDDEN, anonymous=LOGIN, youth=NOT_FOUND, **OUTSIDERS_404),
                    "foreign": row(NOT_FOUND, anonymous=LOGIN),
                    "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=FORBIDDEN),
                    "missing": row(NOT_FOUND, anonymous=LOGIN),
                    "awaiting": row(
                        FORBIDDEN, anonymous=LOGIN, steering=Expect(400), **OUTSIDERS_404
                    ),
                    "draft": row(FORBIDDEN, anonymous=LOGIN, steering=Expect(302), **OUTSIDERS_404),
                },
            ),
            # The signed text of version 1; young people may not read commitments (403).
            "alliance:commitment_signature": Declaration(
                lambda entry: {
                    **partner_urls("alliance:commitment_signature", "Matrix partner", version=1)(
                        entry
                    ),
                    "missing_version": reverse(
                        "alliance:commitment_signature",
                        kwargs={
                            "alliance_slug": PRIVATE,
                            "pk": AllianceFactory._meta.model.objects.get(slug=PRIVATE)
                            .organisations.get(name="Matrix partner")
                            .pk,
                            "version": 99,
                        },
                    ),
                },
                get={
                    "listed": row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
                    "missing_version": row(
                        NOT_FOUND, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404
                    ),
                    "unlisted": row(NOT_FOUND, anonymous=LOGIN),  # not signed / not visible
                    "foreign": row(NOT_FOUND, anonymous=LOGIN),
                    "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                    "missing": row(NOT_FOUND, anonymous=LOGIN),
                },
                post={"*": EVERYONE_405},
            ),
        }
    )(
        # partner_urls(url_name, listed partner's name, **more kwargs) -> the UrlCases above
        lambda url_name, listed_name, **more: (
            lambda entry: {
                case: reverse(
                    url_name,
                    kwargs={
                        "alliance_slug": slug,
                        "pk": AllianceFactory._meta.model.objects.get(slug=owner)
                        .organisations.get(name=name)
                        .pk
                        if name
                        else 999999,
                        **more,
                    },
                )
                for case, slug, owner, name in (
                    ("listed", PRIVATE, PRIVATE, listed_name),
                    ("unlisted", PRIVATE, PRIVATE, "Matrix unlisted partner"),
                    ("foreign", PRIVATE, OTHER, "Other alliance partner"),
                    ("other", OTHER, OTHER, "Other alliance partner"),
                    ("missing", PRIVATE, None, None),
                )
            }
        )
    ),
    # --- end partners and commitments ---
    # --- people, invitations, directory, steering group, history ---------------------------
    # Objects are looked up when the URLs are built (after build_world), by natural keys; the
    # models are reached through the factories this module imports.
    # Secretariat-only pages with a form: an empty POST re-renders it with errors (200).
    **{
        name: Declaration(
            alliance_cases(name),
            get={
                "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                "missing": row(NOT_FOUND, anonymous=LOGIN),
            },
            post={
                "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                "missing": row(NOT_FOUND, anonymous=LOGIN),
            }
            if name == "alliance:people_invite"
            else {"*": EVERYONE_405},
        )
        for name in ("alliance:people_invite", "alliance:history")
    },
    # One person's membership: "target" in the private alliance, "foreign" another alliance's
    # membership under the private alliance's address, "other" the other alliance's own.
    "alliance:membership_edit": Declaration(
        lambda entry: {
            case: reverse(
                "alliance:membership_edit",
                kwargs={
                    "alliance_slug": slug,
                    "pk": MembershipFactory._meta.model.objects.get(
                        alliance__slug=owner, user__email=email
                    ).pk,
                },
            )
            for case, slug, owner, email in (
                ("target", PRIVATE, PRIVATE, "people-target@example.org"),
                ("foreign", PRIVATE, OTHER, "other-secretariat@example.org"),
                ("other", OTHER, OTHER, "other-secretariat@example.org"),
            )
        },
        get={
            "target": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "foreign": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
        },
        post={  # empty: the form with errors
            "target": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "foreign": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
        },
    ),
    # Deactivate and reactivate: POST only. The other secretariat is its alliance's last one,
    # so deactivating itself is refused with a message (still a redirect to the register).
    **{
        name: Declaration(
            lambda entry, name=name: {
                case: reverse(
                    name,
                    kwargs={
                        "alliance_slug": slug,
                        "pk": MembershipFactory._meta.model.objects.get(
                            alliance__slug=owner, user__email=email
                        ).pk,
                    },
                )
                for case, slug, owner, email in (
                    ("target", PRIVATE, PRIVATE, "people-target@example.org"),
                    ("foreign", PRIVATE, OTHER, "other-secretariat@example.org"),
                    ("other", OTHER, OTHER, "other-secretariat@example.org"),
                )
            },
            get={"*": EVERYONE_405},
            post={
                "target": row(
                    FORBIDDEN,
                    anonymous=LOGIN,
                    secretariat=redirect(f"/{PRIVATE}/people/"),
                    **OUTSIDERS_404,
                ),
                "foreign": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
                "other": row(
                    NOT_FOUND, anonymous=LOGIN, other_secretariat=redirect(f"/{OTHER}/people/")
                ),
            },
        )
        for name in ("alliance:membership_deactivate", "alliance:membership_reactivate")
    },
    # Resend and withdraw a pending invitation: POST only.
    **{
        name: Declaration(
            lambda entry, name=name, purpose=purpose: {
                case: reverse(
                    name,
                    kwargs={
                        "alliance_slug": slug,
                        "pk": AllianceFactory._meta.model.objects.get(slug=owner)
                        .invitations.get(email=f"{prefix}-{purpose}@example.org")
                        .pk,
                    },
                )
                for case, slug, owner, prefix in (
                    ("private", PRIVATE, PRIVATE, "a"),
                    ("foreign", PRIVATE, OTHER, "o"),
                    ("other", OTHER, OTHER, "o"),
                )
            },
            get={"*": EVERYONE_405},
            post={
                "private": row(
                    FORBIDDEN,
                    anonymous=LOGIN,
                    secretariat=redirect(f"/{PRIVATE}/people/"),
                    **OUTSIDERS_404,
                ),
                "foreign": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
                "other": row(
                    NOT_FOUND, anonymous=LOGIN, other_secretariat=redirect(f"/{OTHER}/people/")
                ),
            },
        )
        for name, purpose in (
            ("alliance:invitation_resend", "resend"),
            ("alliance:invitation_revoke", "revoke"),
        )
    },
    # The directory and the steering group: every adult reads them; young people do not.
    **{
        name: Declaration(
            alliance_cases(name),
            get={
                "private": row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
                "public": row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
                "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                "missing": row(NOT_FOUND, anonymous=LOGIN),
            },
            post={"*": EVERYONE_405},
        )
        for name in ("alliance:directory", "alliance:steering")
    },
    # One's own directory consent (every adult may set it) and creating the steering group
    # (the secretariat; a second time it says the group exists): POST only, back to the page.
    **{
        name: Declaration(
            alliance_cases(name),
            get={"*": EVERYONE_405},
            post={
                "private": row(
                    FORBIDDEN
                    if name == "alliance:steering_create"
                    else redirect(f"/{PRIVATE}/{page}/"),
                    anonymous=LOGIN,
                    **(
                        {"secretariat": redirect(f"/{PRIVATE}/{page}/")}
                        if name == "alliance:steering_create"
                        else {"youth": FORBIDDEN}
                    ),
                    **OUTSIDERS_404,
                ),
                "public": row(
                    FORBIDDEN
                    if name == "alliance:steering_create"
                    else redirect(f"/{PUBLIC}/{page}/"),
                    anonymous=LOGIN,
                    **(
                        {"secretariat": redirect(f"/{PUBLIC}/{page}/")}
                        if name == "alliance:steering_create"
                        else {"youth": FORBIDDEN}
                    ),
                    **OUTSIDERS_404,
                ),
                "other": row(
                    NOT_FOUND, anonymous=LOGIN, other_secretariat=redirect(f"/{OTHER}/{page}/")
                ),
                "missing": row(NOT_FOUND, anonymous=LOGIN),
            },
        )
        for name, page in (
            ("alliance:directory_listing", "directory"),
            ("alliance:steering_create", "steering"),
        )
    },
    "alliance:steering_seat_new": Declaration(
        lambda entry: {
            "private": reverse("alliance:steering_seat_new", kwargs={"alliance_slug": PRIVATE}),
            "missing": reverse("alliance:steering_seat_new", kwargs={"alliance_slug": MISSING}),
        },
        get={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={  # empty: the form with errors
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    # A seat: "seat" in the private steering group; "working_group" a seat in a working group
    # (not the steering group's); "foreign" another alliance's seat under the private address.
    **{
        name: Declaration(
            lambda entry, name=name: {
                case: reverse(
                    name,
                    kwargs={
                        "alliance_slug": PRIVATE,
                        "pk": UserFactory._meta.model.objects.get(email=email)
                        .group_seats.get(group__slug=group_slug)
                        .pk,
                    },
                )
                for case, email, group_slug in (
                    ("seat", "people-target@example.org", "a-steering"),
                    ("working_group", "secretariat@example.org", "a-own"),
                    ("foreign", "other-secretariat@example.org", "o-own"),
                )
            },
            get={
                "seat": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404)
                if name == "alliance:steering_seat_edit"
                else EVERYONE_405,
                "working_group": row(
                    FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                )
                if name == "alliance:steering_seat_edit"
                else EVERYONE_405,
                "foreign": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404)
                if name == "alliance:steering_seat_edit"
                else EVERYONE_405,
            },
            post={
                # edit: an empty POST re-renders the form; end: back to the steering page
                "seat": row(
                    FORBIDDEN,
                    anonymous=LOGIN,
                    secretariat=OK
                    if name == "alliance:steering_seat_edit"
                    else redirect(f"/{PRIVATE}/steering/"),
                    **OUTSIDERS_404,
                ),
                "working_group": row(
                    FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                ),
                "foreign": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
            },
        )
        for name in ("alliance:steering_seat_edit", "alliance:steering_seat_end")
    },
    # The invitation link, open to anyone. Unusable links get a friendly 404/410 page. A valid
    # link for a new address: a visitor gets the password form (an empty POST: its errors); a
    # logged-in person is told it is for another address (a POST is refused). A valid link for
    # an existing account (not any actor's): a visitor is asked to log in.
    "invitation_accept": Declaration(
        lambda entry: {
            case: reverse("invitation_accept", kwargs={"token": token})
            for case, token in (
                ("unknown", "no-such-token"),
                ("revoked", "matrix-revoked"),
                ("used", "matrix-used"),
                ("expired", "matrix-expired"),
                ("new_account", "matrix-new-account"),
                ("has_account", "matrix-has-account"),
            )
        },
        get={
            "unknown": row(NOT_FOUND),
            "revoked": row(Expect(410)),
            "used": row(Expect(410)),
            "expired": row(Expect(410)),
            "new_account": row(OK),
            "has_account": row(OK),
        },
        post={
            "unknown": row(NOT_FOUND),
            "revoked": row(Expect(410)),
            "used": row(Expect(410)),
            "expired": row(Expect(410)),
            "new_account": anon_vs_user(OK, FORBIDDEN),
            "has_account": anon_vs_user(LOGIN, FORBIDDEN),
        },
    ),
    # --- end people ---
    # --- measurement entry ---
    # Reporting is for the coordinator and the secretariat (report_data); a coordinator
    # reports only for the indicators of their own groups ("a-own"), so another group's
    # indicator is a 403 for them. Indicators and data points are looked up inside the
    # alliance: another alliance's, or a missing one, is a 404 (after the capability: 403 for
    # roles without it). Empty POSTs of the forms are refused with the form again (400).
    **{
        name: Declaration(
            alliance_cases(name),
            get={
                "private": row(
                    FORBIDDEN, anonymous=LOGIN, coordinator=OK, secretariat=OK, **OUTSIDERS_404
                ),
                "public": row(
                    FORBIDDEN, anonymous=LOGIN, coordinator=OK, secretariat=OK, **OUTSIDERS_404
                ),
                "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                "missing": row(NOT_FOUND, anonymous=LOGIN),
            },
            post=post,
        )
        for name, post in (
            ("measurement:report", {"*": EVERYONE_405}),
            ("measurement:import_template_all", {"*": EVERYONE_405}),
            (
                "measurement:import",
                {
                    "private": row(
                        FORBIDDEN,
                        anonymous=LOGIN,
                        coordinator=Expect(400),
                        secretariat=Expect(400),
                        **OUTSIDERS_404,
                    ),
                    "public": row(
                        FORBIDDEN,
                        anonymous=LOGIN,
                        coordinator=Expect(400),
                        secretariat=Expect(400),
                        **OUTSIDERS_404,
                    ),
                    "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(400)),
                    "missing": row(NOT_FOUND, anonymous=LOGIN),
                },
            ),
        )
    },
    **(
        lambda indicator_urls: {
            name: Declaration(
                indicator_urls(name),
                get={
                    "own": row(
                        FORBIDDEN, anonymous=LOGIN, coordinator=OK, secretariat=OK, **OUTSIDERS_404
                    ),
                    "other_group": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                    "foreign": row(
                        FORBIDDEN,
                        anonymous=LOGIN,
                        coordinator=NOT_FOUND,
                        secretariat=NOT_FOUND,
                        **OUTSIDERS_404,
                    ),
                    "missing": row(
                        FORBIDDEN,
                        anonymous=LOGIN,
                        coordinator=NOT_FOUND,
                        secretariat=NOT_FOUND,
                        **OUTSIDERS_404,
                    ),
                    "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                },
                post=post,
            )
            for name, post in (
                (
                    "measurement:entry",
                    {
                        "own": row(
                            FORBIDDEN,
                            anonymous=LOGIN,
                            coordinator=Expect(400),
                            secretariat=Expect(400),
                            **OUTSIDERS_404,
                        ),
                        "other_group": row(
                            FORBIDDEN, anonymous=LOGIN, secretariat=Expect(400), **OUTSIDERS_404
                        ),
                        "foreign": row(
                            FORBIDDEN,
                            anonymous=LOGIN,
                            coordinator=NOT_FOUND,
                            secretariat=NOT_FOUND,
                            **OUTSIDERS_404,
                        ),
                        "missing": row(
                            FORBIDDEN,
                            anonymous=LOGIN,
                            coordinator=NOT_FOUND,
                            secretariat=NOT_FOUND,
                            **OUTSIDERS_404,
                        ),
                        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(400)),
                    },
                ),
                ("measurement:import_template_csv", {"*": EVERYONE_405}),
                ("measurement:import_template_xlsx", {"*": EVERYONE_405}),
            )
        }
    )(
        # indicator_urls(url_name) -> the cases: the "own" and "other_group" indicators of the
        # private alliance, "foreign" the other alliance's under the private address, "other"
        # that one under its own, "missing" no such indicator.
        lambda url_name: (
            lambda entry: {
                case: reverse(
                    url_name,
                    kwargs={
                        "alliance_slug": slug,
                        "pk": AllianceFactory._meta.model.objects.get(slug=owner)
                        .indicators.get(name=f"Matrix entry {name}")
                        .pk
                        if name
                        else 999999,
                    },
                )
                for case, slug, owner, name in (
                    ("own", PRIVATE, PRIVATE, "own"),
                    ("other_group", PRIVATE, PRIVATE, "other_group"),
                    ("foreign", PRIVATE, OTHER, "other"),
                    ("other", OTHER, OTHER, "other"),
                    ("missing", PRIVATE, None, None),
                )
            }
        )
    ),
    # Own drafts, POST only: the coordinator submits or deletes the drafts they entered, not
    # another person's (403) nor those of another group's indicator (403); the secretariat any.
    # The actors go in order, so the secretariat finds the coordinator's draft submitted
    # already (refused with a message: 302) or deleted (404).
    **(
        lambda draft_urls: {
            name: Declaration(
                draft_urls(action),
                get={"*": EVERYONE_405},
                post={
                    "own_draft": row(
                        FORBIDDEN,
                        anonymous=LOGIN,
                        coordinator=Expect(302),
                        secretariat=Expect(302) if action == "submit" else NOT_FOUND,
                        **OUTSIDERS_404,
                    ),
                    "others_draft": row(
                        FORBIDDEN, anonymous=LOGIN, secretariat=Expect(302), **OUTSIDERS_404
                    ),
                    "other_group": row(
                        FORBIDDEN, anonymous=LOGIN, secretariat=Expect(302), **OUTSIDERS_404
                    ),
                    "foreign": row(
                        FORBIDDEN,
                        anonymous=LOGIN,
                        coordinator=NOT_FOUND,
                        secretariat=NOT_FOUND,
                        **OUTSIDERS_404,
                    ),
                    "missing": row(
                        FORBIDDEN,
                        anonymous=LOGIN,
                        coordinator=NOT_FOUND,
                        secretariat=NOT_FOUND,
                        **OUTSIDERS_404,
                    ),
                    "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(302)),
                },
            )
            for name, action in (
                ("measurement:datapoint_submit", "submit"),
                ("measurement:datapoint_delete", "delete"),
            )
        }
    )(
        # draft_urls(action) -> the cases, each draft found by its comment.
        lambda action: (
            lambda entry: {
                case: reverse(
                    f"measurement:datapoint_{action}",
                    kwargs={
                        "alliance_slug": slug,
                        "pk": AllianceFactory._meta.model.objects.get(slug=owner)
                        .indicators.get(data_points__comment=f"matrix {action} {draft}")
                        .data_points.get(comment=f"matrix {action} {draft}")
                        .pk
                        if draft
                        else 999999,
                    },
                )
                for case, slug, owner, draft in (
                    ("own_draft", PRIVATE, PRIVATE, "own_draft"),
                    ("others_draft", PRIVATE, PRIVATE, "others_draft"),
                    ("other_group", PRIVATE, PRIVATE, "other_group"),
                    ("foreign", PRIVATE, OTHER, "other"),
                    ("other", OTHER, OTHER, "other"),
                    ("missing", PRIVATE, None, None),
                )
            }
        )
    ),
    # --- end measurement entry ---
    # --- measurement review ---
    # The secretariat's pages (approve_data, manage_indicators): every other role gets 403,
    # outsiders 404. Empty POSTs of the forms are refused with the form again (200); the
    # approve button with nothing chosen says so (302 back to the list); lock and unlock
    # without a period are a 400. Values, indicators and dimensions are looked up inside the
    # alliance: another alliance's (or a missing one) is a 404 after the capability check.
    **{
        name: Declaration(
            alliance_cases(name),
            get={
                "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                "missing": row(NOT_FOUND, anonymous=LOGIN),
            },
            post=post,
        )
        for name, post in (
            ("measurement:approvals", {"*": EVERYONE_405}),
            ("measurement:periods", {"*": EVERYONE_405}),
            ("measurement:indicator_list", {"*": EVERYONE_405}),
            ("measurement:dimension_list", {"*": EVERYONE_405}),
            *(
                (
                    name,
                    {
                        "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                        "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                        "missing": row(NOT_FOUND, anonymous=LOGIN),
                    },
                )
                for name in ("measurement:indicator_create", "measurement:dimension_create")
            ),
        )
    },
    **{
        name: Declaration(
            alliance_cases(name),
            get={"*": EVERYONE_405},
            post={
                "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=done, **OUTSIDERS_404),
                "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=done, **OUTSIDERS_404),
                "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=done),
                "missing": row(NOT_FOUND, anonymous=LOGIN),
            },
        )
        for name, done in (
            ("measurement:approvals_approve", Expect(302)),
            ("measurement:period_lock", Expect(400)),
            ("measurement:period_unlock", Expect(400)),
        )
    },
    **(
        lambda review_urls: {
            **{
                name: Declaration(
                    review_urls(name, kind),
                    get={
                        "own": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
                        "foreign": row(
                            FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                        ),
                        "missing": row(
                            FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                        ),
                        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                    },
                    post=post
                    or {
                        "own": row(FORBIDDEN, anonymous=LOGIN, secretariat=done, **OUTSIDERS_404),
                        "foreign": row(
                            FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                        ),
                        "missing": row(
                            FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                        ),
                        "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=done),
                    },
                )
                for name, kind, done, post in (
                    ("measurement:datapoint_return", "submitted", OK, None),
                    ("measurement:datapoint_unapprove", "approved", OK, None),
                    ("measurement:datapoint_correct", "approved", OK, None),
                    ("measurement:datapoint_detail", "submitted", None, {"*": EVERYONE_405}),
                    ("measurement:indicator_edit", "indicator", OK, None),
                    ("measurement:indicator_targets", "indicator", OK, None),
                    ("measurement:dimension_edit", "dimension", OK, None),
                )
            },
            # The evidence is for the secretariat and the person who entered the value (the
            # coordinator): any member passes the door, so another alliance's value is a 404
            # for every member and the other roles get 403 on the value itself.
            "measurement:datapoint_evidence": Declaration(
                review_urls("measurement:datapoint_evidence", "submitted"),
                get={
                    "own": row(
                        FORBIDDEN, anonymous=LOGIN, coordinator=OK, secretariat=OK, **OUTSIDERS_404
                    ),
                    "foreign": row(NOT_FOUND, anonymous=LOGIN),
                    "missing": row(NOT_FOUND, anonymous=LOGIN),
                    "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                },
                post={"*": EVERYONE_405},
            ),
            # POST only; the indicator has values, so deleting it is refused with a message
            # (302 to its edit page).
            "measurement:indicator_delete": Declaration(
                review_urls("measurement:indicator_delete", "indicator"),
                get={"*": EVERYONE_405},
                post={
                    "own": row(
                        FORBIDDEN, anonymous=LOGIN, secretariat=Expect(302), **OUTSIDERS_404
                    ),
                    "foreign": row(
                        FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                    ),
                    "missing": row(
                        FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
                    ),
                    "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(302)),
                },
            ),
        }
    )(
        # review_urls(url_name, kind) -> the cases: "own" the private alliance's object,
        # "foreign" the other alliance's under the private address, "other" that one under its
        # own, "missing" no such object. kind: a "submitted" or "approved" value, the
        # "indicator" or the "dimension".
        lambda url_name, kind: (
            lambda entry: {
                case: reverse(
                    url_name,
                    kwargs={
                        "alliance_slug": slug,
                        "pk": (
                            lambda alliance: {
                                "submitted": lambda: (
                                    alliance.indicators.get(name="Matrix review")
                                    .data_points.get(comment="matrix review submitted")
                                    .pk
                                ),
                                "approved": lambda: (
                                    alliance.indicators.get(name="Matrix review")
                                    .data_points.get(comment="matrix review approved")
                                    .pk
                                ),
                                "indicator": lambda: (
                                    alliance.indicators.get(name="Matrix review").pk
                                ),
                                "dimension": lambda: (
                                    alliance.dimensions.get(name="Matrix review dimension").pk
                                ),
                            }[kind]()
                        )(AllianceFactory._meta.model.objects.get(slug=owner))
                        if owner
                        else 999999,
                    },
                )
                for case, slug, owner in (
                    ("own", PRIVATE, PRIVATE),
                    ("foreign", PRIVATE, OTHER),
                    ("other", OTHER, OTHER),
                    ("missing", PRIVATE, None),
                )
            }
        )
    ),
    # --- end measurement review ---
    # --- measurement dashboard ---
    # The dashboard and an indicator's page are for the adult roles (view_dashboard), also in a
    # public alliance (only its home is public): young people get 403. An indicator is looked
    # up inside the alliance: another alliance's under this alliance's address, or a missing
    # one, is a 404 (after the capability: 403 for young people). Read-only: POST is a 405.
    "measurement:dashboard": Declaration(
        alliance_cases("measurement:dashboard"),
        get={
            "private": row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "public": row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "measurement:indicator_detail": Declaration(
        lambda entry: {
            case: reverse(
                "measurement:indicator_detail",
                kwargs={
                    "alliance_slug": slug,
                    "pk": AllianceFactory._meta.model.objects.get(slug=owner)
                    .indicators.get(name="Matrix dashboard")
                    .pk
                    if owner
                    else 999999999,
                },
            )
            for case, slug, owner in (
                ("own", PRIVATE, PRIVATE),
                ("foreign", PRIVATE, OTHER),
                ("missing", PRIVATE, None),
                ("other", OTHER, OTHER),
            )
        },
        get={
            "own": row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "foreign": row(NOT_FOUND, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "missing": row(NOT_FOUND, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
        },
        post={"*": EVERYONE_405},
    ),
    # --- end measurement dashboard ---
    # --- notifications ---
    # Every member reads their own notifications and email choices (young people too); outsiders
    # get 404. Marking read is POST only. A notification is looked up among the person's own:
    # the member's notification is a 404 for everyone else.
    "alliance:notifications": Declaration(
        alliance_cases("alliance:notifications"),
        get={
            "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "public": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "alliance:notifications_read_all": Declaration(
        alliance_cases("alliance:notifications_read_all"),
        get={"*": EVERYONE_405},
        post={
            "private": row(Expect(302), anonymous=LOGIN, **OUTSIDERS_404),
            "public": row(Expect(302), anonymous=LOGIN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(302)),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "alliance:notification_read": Declaration(
        lambda entry: {
            "own": reverse(
                "alliance:notification_read",
                kwargs={
                    "alliance_slug": PRIVATE,
                    "pk": _matrix_notification_pk(),
                },
            ),
            "under_public": reverse(
                "alliance:notification_read",
                kwargs={"alliance_slug": PUBLIC, "pk": _matrix_notification_pk()},
            ),
            "missing": reverse(
                "alliance:notification_read", kwargs={"alliance_slug": PRIVATE, "pk": 999999999}
            ),
        },
        get={"*": EVERYONE_405},
        post={
            "own": row(NOT_FOUND, anonymous=LOGIN, member=Expect(302)),
            "under_public": row(NOT_FOUND, anonymous=LOGIN),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "alliance:notification_preferences": Declaration(
        alliance_cases("alliance:notification_preferences"),
        get={
            "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "public": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={
            "private": row(Expect(302), anonymous=LOGIN, **OUTSIDERS_404),
            "public": row(Expect(302), anonymous=LOGIN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(302)),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    # The link in an email: no login, the signed token is the permission. GET shows the
    # confirmation, POST switches the email off; a tampered token, or one used under another
    # alliance's address, is a 400 for everyone.
    "alliance:notification_unsubscribe": Declaration(
        lambda entry: {
            case: reverse(
                "alliance:notification_unsubscribe",
                kwargs={"alliance_slug": slug, "token": _matrix_unsubscribe_token(tamper)},
            )
            for case, slug, tamper in (
                ("valid", PRIVATE, False),
                ("tampered", PRIVATE, True),
                ("other_alliance", PUBLIC, False),
                ("missing", MISSING, False),
            )
        },
        get={"valid": EVERYONE_OK, "*": row(Expect(400))},
        post={"valid": EVERYONE_OK, "*": row(Expect(400))},
    ),
    # --- end notifications ---
    # --- news ---
    # News and calendars are for every member (young people read news but do not comment);
    # the secretariat and coordinators post. News is looked up among what the person may read:
    # news to a group they do not see is a 404. Empty POSTs answer the form again (400). The
    # secretariat withdraws its own news; the member (its author) and the secretariat remove
    # the member's comment (again: no change). The calendar feed has no login: the member's
    # current token answers anyone, an unknown one or one under another alliance is a 404.
    "workgroups:news": Declaration(
        alliance_cases("workgroups:news"),
        get={
            "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "public": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "workgroups:news_create": Declaration(
        alliance_cases("workgroups:news_create"),
        get={
            "private": _news_posters(OK),
            "public": _news_posters(OK),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={
            "private": _news_posters(Expect(400)),
            "public": _news_posters(Expect(400)),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(400)),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "workgroups:news_detail": Declaration(
        _news_cases("workgroups:news_detail", "everyone", "group", "under_public", "missing"),
        get={
            "everyone": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "group": row(NOT_FOUND, anonymous=LOGIN, steering=OK, secretariat=OK),
            "*": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "workgroups:news_edit": Declaration(
        _news_cases("workgroups:news_edit", "everyone", "group", "missing"),
        get={
            "everyone": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "group": row(NOT_FOUND, anonymous=LOGIN, steering=FORBIDDEN, secretariat=OK),
            "*": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={
            "everyone": row(FORBIDDEN, anonymous=LOGIN, secretariat=Expect(400), **OUTSIDERS_404),
            "group": row(NOT_FOUND, anonymous=LOGIN, steering=FORBIDDEN, secretariat=Expect(400)),
            "*": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "workgroups:news_withdraw": Declaration(
        _news_cases("workgroups:news_withdraw", "withdraw", "missing"),
        get={"*": EVERYONE_405},
        post={
            "withdraw": row(FORBIDDEN, anonymous=LOGIN, secretariat=Expect(302), **OUTSIDERS_404),
            "*": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "workgroups:news_comment_add": Declaration(
        _news_cases("workgroups:news_comment_add", "everyone", "group", "missing"),
        get={"*": EVERYONE_405},
        post={
            "everyone": row(Expect(400), anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "group": row(NOT_FOUND, anonymous=LOGIN, steering=Expect(400), secretariat=Expect(400)),
            "*": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "workgroups:news_comment_remove": Declaration(
        _news_comment_cases,
        get={"*": EVERYONE_405},
        post={
            "own": row(
                FORBIDDEN,
                anonymous=LOGIN,
                member=Expect(302),
                secretariat=Expect(302),
                **OUTSIDERS_404,
            ),
            "*": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "workgroups:calendar": Declaration(
        alliance_cases("workgroups:calendar"),
        get={
            "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "public": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "workgroups:calendar_reset": Declaration(
        alliance_cases("workgroups:calendar_reset"),
        get={"*": EVERYONE_405},
        post={
            "private": row(Expect(302), anonymous=LOGIN, **OUTSIDERS_404),
            "public": row(Expect(302), anonymous=LOGIN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(302)),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "workgroups:calendar_feed": Declaration(
        _news_feed_cases,
        get={"valid": EVERYONE_OK, "*": row(NOT_FOUND)},
        post={"*": EVERYONE_405},
    ),
    "workgroups:meeting_ics": Declaration(
        _news_meeting_ics_cases,
        get={
            "own": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "not_seated": row(
                FORBIDDEN, anonymous=LOGIN, steering=OK, secretariat=OK, **OUTSIDERS_404
            ),
            "*": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    # --- end news ---
    # --- meetings ---
    # Pages with a form answer an empty POST with the form again (400); the minutes form has
    # no required field, so an empty POST saves the draft (302). Publishing and cancelling ask
    # first on GET. Removing and publishing again target the held meeting (refused or no
    # change: a redirect with a message).
    "workgroups:meeting_create": Declaration(
        meeting_group_cases, get=meeting_managers(OK), post=meeting_managers(Expect(400))
    ),
    "workgroups:meeting": Declaration(
        meeting_cases("workgroups:meeting"), get=meeting_viewers(), post={"*": EVERYONE_405}
    ),
    **{
        name: Declaration(
            meeting_cases(name, held=held, part=part),
            get=meeting_managers(OK),
            post=meeting_managers(Expect(post_status)),
        )
        for name, held, part, post_status in (
            ("workgroups:meeting_edit", False, None, 400),
            ("workgroups:meeting_cancel", False, None, 302),
            ("workgroups:agenda_edit", False, None, 400),
            ("workgroups:agenda_item_edit", False, "item", 400),
            ("workgroups:agenda_publish", False, None, 302),
            ("workgroups:minutes_edit", False, None, 302),
            ("workgroups:minutes_publish", True, None, 302),
            ("workgroups:minutes_correct", True, None, 400),
        )
    },
    **{
        name: Declaration(
            meeting_cases(name, held=held, part=part),
            get={"*": EVERYONE_405},
            post=meeting_managers(Expect(post_status)),
        )
        for name, held, part, post_status in (
            ("workgroups:agenda_item_remove", True, "item", 302),
            ("workgroups:attachment_upload", False, "item", 400),
            ("workgroups:attachment_remove", True, "attachment", 302),
            ("workgroups:decision_add", False, None, 400),
            ("workgroups:action_item_add", False, None, 400),
        )
    },
    "workgroups:attachment_download": Declaration(
        meeting_cases("workgroups:attachment_download", held=True, part="attachment"),
        get=meeting_viewers(),
        post={"*": EVERYONE_405},
    ),
    # --- end meetings ---
    # --- groups ---
    # Every role lists the groups it may see; outsiders of the alliance get 404. Creating,
    # changing, archiving and seating are the secretariat's; an empty POST is the form again
    # with errors (400) and changes nothing. A group page is for those who may see the group.
    "workgroups:list": Declaration(
        alliance_cases("workgroups:list"),
        get={
            "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "public": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "workgroups:create": Declaration(
        alliance_cases("workgroups:create"),
        get={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=Expect(400), **OUTSIDERS_404),
            "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=Expect(400), **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(400)),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "workgroups:detail": Declaration(
        group_cases,
        get={
            "seated": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "not_seated": row(
                FORBIDDEN, anonymous=LOGIN, steering=OK, secretariat=OK, **OUTSIDERS_404
            ),
            "other_alliance_group_under_own_alliance": row(NOT_FOUND, anonymous=LOGIN),
            "other_alliance": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            # Groups of a public alliance are not public.
            "public_seated": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "public_not_seated": row(
                FORBIDDEN, anonymous=LOGIN, steering=OK, secretariat=OK, **OUTSIDERS_404
            ),
            "missing_group": row(NOT_FOUND, anonymous=LOGIN, **OUTSIDERS_404),
            "missing_alliance": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    **{
        f"workgroups:{name}": Declaration(
            _groups_group_cases(f"workgroups:{name}"),
            get=_groups_secretariat_rows(OK, OK),
            post=_groups_secretariat_rows(Expect(400), Expect(400)),
        )
        for name in ("edit", "archive", "members")
    },
    "workgroups:member_remove": Declaration(
        lambda entry: {
            case: reverse(
                "workgroups:member_remove",
                kwargs={
                    "alliance_slug": alliance_slug,
                    "group_slug": group_slug,
                    "seat_pk": _groups_seat_pk(email),
                },
            )
            for case, alliance_slug, group_slug, email in (
                ("own", PRIVATE, "a-other", "groups-seat-a@example.org"),
                ("wrong_group", PRIVATE, "a-own", "groups-seat-a@example.org"),
                ("foreign_under_own", PRIVATE, "a-own", "groups-seat-o@example.org"),
                ("other_alliance", OTHER, "o-own", "groups-seat-o@example.org"),
            )
        },
        get={
            "own": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "wrong_group": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
            "foreign_under_own": row(
                FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
            ),
            "other_alliance": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
        },
        # The secretariat's POST removes the seat (and the other secretariat's the other one).
        post={
            "own": row(FORBIDDEN, anonymous=LOGIN, secretariat=Expect(302), **OUTSIDERS_404),
            "wrong_group": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
            "foreign_under_own": row(
                FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404
            ),
            "other_alliance": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(302)),
        },
    ),
    # My meetings and tasks: every member (young people too). Marking an action item done is
    # POST only: its owner (the member) or a manager of its group (the coordinator, the
    # secretariat: "already done" by then, still a redirect); everyone else 403; another
    # alliance's item 404.
    "workgroups:my_work": Declaration(
        alliance_cases("workgroups:my_work"),
        get={
            "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "public": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "workgroups:action_item_done": Declaration(
        lambda entry: {
            case: reverse(
                "workgroups:action_item_done",
                kwargs={"alliance_slug": alliance_slug, "pk": _groups_item_pk(title)},
            )
            for case, alliance_slug, title in (
                ("own", PRIVATE, "Matrix groups item"),
                ("foreign_under_own", PRIVATE, "Matrix groups other item"),
                ("other_alliance", OTHER, "Matrix groups other item"),
            )
        },
        get={"*": EVERYONE_405},
        post={
            "own": row(
                FORBIDDEN,
                anonymous=LOGIN,
                member=Expect(302),
                coordinator=Expect(302),
                secretariat=Expect(302),
                **OUTSIDERS_404,
            ),
            "foreign_under_own": row(NOT_FOUND, anonymous=LOGIN),
            "other_alliance": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(302)),
        },
    ),
    # The decisions log: adults of the alliance; young people 403.
    "workgroups:decisions": Declaration(
        alliance_cases("workgroups:decisions"),
        get={
            "private": row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "public": row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    # --- end groups ---
    # --- activities ---
    # Adults read the list, the calendar and an activity (young people 403); coordinators and
    # the secretariat create (an empty POST is the form again, 400); changing an activity and
    # its log is for the coordinator of its group and the secretariat (others 403, another
    # alliance's activity or a missing one 404). Deleting a log entry: the coordinator deletes
    # the one of "a-own" (302), so the secretariat, asking after, finds it no more (404); the
    # secretariat deletes the one of "a-other". The areas are the secretariat's. Young people's
    # list: every member, and in a public alliance anyone, logged in or not.
    **{
        name: Declaration(
            alliance_cases(name),
            get=_activities_alliance(
                row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404), OK
            ),
            post={"*": EVERYONE_405},
        )
        for name in ("initiatives:list", "initiatives:calendar")
    },
    "initiatives:create": Declaration(
        alliance_cases("initiatives:create"),
        get=_activities_alliance(
            row(FORBIDDEN, anonymous=LOGIN, coordinator=OK, secretariat=OK, **OUTSIDERS_404), OK
        ),
        post=_activities_alliance(
            row(
                FORBIDDEN,
                anonymous=LOGIN,
                coordinator=Expect(400),
                secretariat=Expect(400),
                **OUTSIDERS_404,
            ),
            Expect(400),
        ),
    ),
    "initiatives:areas": Declaration(
        alliance_cases("initiatives:areas"),
        get=_activities_alliance(
            row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404), OK
        ),
        post=_activities_alliance(
            row(FORBIDDEN, anonymous=LOGIN, secretariat=Expect(400), **OUTSIDERS_404),
            Expect(400),
        ),
    ),
    "initiatives:join": Declaration(
        alliance_cases("initiatives:join"),
        get={
            "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "public": EVERYONE_OK,
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "initiatives:detail": Declaration(
        _activities_cases("initiatives:detail"),
        get={
            "own": row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "other_group": row(OK, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "foreign": row(NOT_FOUND, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "missing": row(NOT_FOUND, anonymous=LOGIN, youth=FORBIDDEN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
        },
        post={"*": EVERYONE_405},
    ),
    **{
        name: Declaration(
            _activities_cases(name, note),
            get=_activities_manage(OK),
            post=_activities_manage(Expect(400)),
        )
        for name, note in (
            ("initiatives:edit", None),
            ("initiatives:log_add", None),
            ("initiatives:log_edit", "matrix log"),
        )
    },
    "initiatives:log_delete": Declaration(
        _activities_cases("initiatives:log_delete", "matrix log to delete"),
        # Every GET comes before the POSTs: the log is there to be shown.
        get=_activities_manage(OK),
        post=_activities_manage(Expect(302), deleted_by_coordinator=True),
    ),
    # --- end activities ---
    # --- map ---
    # The reinforcement map, its cells and its export are for the steering group and the
    # secretariat (view_reinforcement_map); other roles get 403, outsiders 404. A cell's goal is
    # looked up inside the alliance: another alliance's goal, or none, is a 404 (after the
    # capability). Read-only: POST is a 405.
    **{
        name: Declaration(
            alliance_cases(name),
            get={
                "private": row(
                    FORBIDDEN, anonymous=LOGIN, steering=OK, secretariat=OK, **OUTSIDERS_404
                ),
                "public": row(
                    FORBIDDEN, anonymous=LOGIN, steering=OK, secretariat=OK, **OUTSIDERS_404
                ),
                "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
                "missing": row(NOT_FOUND, anonymous=LOGIN),
            },
            post={"*": EVERYONE_405},
        )
        for name in ("initiatives:map", "initiatives:map_export")
    },
    "initiatives:map_cell": Declaration(
        _map_cell_cases,
        get={
            "own": row(FORBIDDEN, anonymous=LOGIN, steering=OK, secretariat=OK, **OUTSIDERS_404),
            "foreign": row(
                FORBIDDEN,
                anonymous=LOGIN,
                steering=NOT_FOUND,
                secretariat=NOT_FOUND,
                **OUTSIDERS_404,
            ),
            "missing": row(
                FORBIDDEN,
                anonymous=LOGIN,
                steering=NOT_FOUND,
                secretariat=NOT_FOUND,
                **OUTSIDERS_404,
            ),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
        },
        post={"*": EVERYONE_405},
    ),
    # --- end map ---
    # --- youth voice ---
    # The portal (/<alliance>/ung/) is open to anyone, logged in or not, member or not; no
    # alliance is a 404. An empty form is a 400. A private link with a wrong token is a 404 for
    # everyone; a valid one opens the input to whoever has it (the first POST erases the one
    # to erase, so everyone after finds nothing). Published inputs are for everyone, one
    # waiting for moderation for no one. "My data" is for any logged-in member of the alliance
    # (anonymous: login; not a member: 404); it is erased in the alliance YOUTH_ERASE. The staff
    # pages (/<alliance>/youth/): adults read (young people 403); an input one may not see
    # (youth_voice.permissions.inputs_visible_to) is a 404: the coordinator and the member see
    # what was sent to "a-own", the steering group also what was sent to "a-other", only the
    # secretariat what waits for moderation. Routing is the secretariat's (and moderators'),
    # answering also the coordinator's of the group. Moderation: the secretariat and the
    # appointed moderators (the public alliance's member); settings, moderators and surveys:
    # the secretariat.
    "youth_voice:portal_home": Declaration(
        _youth_portal_cases("portal_home"), get=_YOUTH_PAGE, post=_youth_page_post(NOT_ALLOWED)
    ),
    "youth_voice:input_create": Declaration(
        _youth_portal_cases("input_create"), get=_YOUTH_PAGE, post=_youth_page_post(Expect(400))
    ),
    "youth_voice:input_thanks": Declaration(
        _youth_portal_cases("input_thanks"),
        # The receipt is shown once, from the session; without one, back to the form.
        get={"private": row(redirect(f"/{PRIVATE}/ung/send/")), "missing": row(NOT_FOUND)},
        post=_youth_page_post(NOT_ALLOWED),
    ),
    "youth_voice:follow": Declaration(
        _youth_portal_cases("follow"), get=_YOUTH_PAGE, post=_youth_page_post(Expect(400))
    ),
    "youth_voice:follow_link": Declaration(
        _youth_token_cases("follow_link", "routed"),
        get={"valid": row(OK), "wrong": row(NOT_FOUND)},
        post=_YOUTH_ALL_405,
    ),
    "youth_voice:follow_consent_withdraw": Declaration(
        _youth_token_cases("follow_consent_withdraw", "contact"),
        get=_YOUTH_ALL_405,
        post={"valid": row(Expect(302)), "wrong": row(NOT_FOUND)},
    ),
    "youth_voice:follow_export": Declaration(
        _youth_token_cases("follow_export", "export"),
        get={"valid": row(OK), "wrong": row(NOT_FOUND)},
        post=_YOUTH_ALL_405,
    ),
    "youth_voice:follow_erase": Declaration(
        _youth_token_cases("follow_erase", "erase"),
        # The GETs, all before the POSTs, show the page; the first POST (the visitor's) erases
        # the input, so the link leads nowhere after it.
        get={"valid": row(OK), "wrong": row(NOT_FOUND)},
        post={"valid": row(NOT_FOUND, anonymous=OK), "wrong": row(NOT_FOUND)},
    ),
    "youth_voice:guardian_confirm": Declaration(
        lambda entry: {"wrong": _youth_url("guardian_confirm", PRIVATE, token="no-such-token")},
        get={"wrong": row(NOT_FOUND)},
        post={"wrong": row(NOT_FOUND)},
    ),
    **{
        f"youth_voice:{name}": Declaration(
            _youth_portal_cases(name), get=_YOUTH_PAGE, post=_youth_page_post(NOT_ALLOWED)
        )
        for name in ("privacy", "published_list", "you_said_we_did", "survey_list")
    },
    "youth_voice:published_detail": Declaration(
        _youth_published_cases("published_detail"),
        get={"published": row(OK), "*": row(NOT_FOUND)},
        post=_YOUTH_ALL_405,
    ),
    "youth_voice:support": Declaration(
        _youth_published_cases("support"),
        get=_YOUTH_ALL_405,
        # Once per person or device: each actor supports once and goes back to the input.
        post={"published": row(Expect(302)), "*": row(NOT_FOUND)},
    ),
    "youth_voice:report": Declaration(
        _youth_published_cases("report"),
        get={"published": row(OK), "*": row(NOT_FOUND)},
        post={"published": row(Expect(400)), "*": row(NOT_FOUND)},
    ),
    "youth_voice:account_create": Declaration(
        _youth_portal_cases("account_create"),
        # Logged in, there is an account already: on to "my data".
        get={
            "private": row(redirect(f"/{PRIVATE}/ung/mine-data/"), anonymous=OK),
            "missing": row(NOT_FOUND),
        },
        post={
            "private": row(redirect(f"/{PRIVATE}/ung/mine-data/"), anonymous=Expect(400)),
            "missing": row(ANY),
        },
    ),
    **{
        f"youth_voice:{name}": Declaration(
            _youth_portal_cases(name),
            get={
                "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
                "missing": row(NOT_FOUND),
            },
            post=_youth_page_post(NOT_ALLOWED),
        )
        for name in ("my_data", "my_data_export")
    },
    "youth_voice:my_data_erase": Declaration(
        lambda entry: {"erase": _youth_url("my_data_erase", YOUTH_ERASE)},
        get={"erase": row(OK, anonymous=LOGIN, **OUTSIDERS_404)},
        # Without an account there is nothing to erase: an anonymous POST is a 404.
        post={"erase": row(OK, anonymous=NOT_FOUND, **OUTSIDERS_404)},
        logs_out=True,
    ),
    # Adding an input by its receipt code: POST only; without a code the form answers 400.
    "youth_voice:my_data_claim": Declaration(
        _youth_portal_cases("my_data_claim"),
        get={"*": row(NOT_ALLOWED)},
        post={
            "private": row(Expect(400), anonymous=LOGIN, **OUTSIDERS_404),
            "missing": row(NOT_FOUND),
        },
    ),
    "youth_voice:my_consent_withdraw": Declaration(
        _youth_consent_cases,
        get=_YOUTH_ALL_405,
        post={
            "own": row(NOT_FOUND, anonymous=LOGIN, youth=redirect(f"/{PRIVATE}/ung/mine-data/")),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "youth_voice:survey_answer": Declaration(
        _youth_survey_cases("survey_answer"),
        get={"open": row(OK), "*": row(NOT_FOUND)},
        post={"open": row(Expect(400)), "*": row(NOT_FOUND)},
    ),
    "youth_voice:survey_thanks": Declaration(
        _youth_survey_cases("survey_thanks"),
        get={"open": row(OK), "*": row(NOT_FOUND)},
        post=_YOUTH_ALL_405,
    ),
    **{
        f"youth_voice:{name}": Declaration(
            _youth_staff_alliance_cases(name),
            get=_youth_staff(_YOUTH_ADULTS),
            post=_YOUTH_ALL_405,
        )
        for name in ("staff_list", "overdue")
    },
    "youth_voice:staff_detail": Declaration(
        _youth_staff_cases("staff_detail"),
        get=_youth_staff_input(own=OK, own_by=(), other_group_by=(), done=OK),
        post=_YOUTH_ALL_405,
    ),
    "youth_voice:route": Declaration(
        _youth_staff_cases("route"),
        get=_YOUTH_ALL_405,
        post=_youth_staff_input(
            own=FORBIDDEN,
            own_by=(SECRETARIAT,),
            other_group_by=(SECRETARIAT,),
            done=Expect(400),
        ),
    ),
    **{
        f"youth_voice:{name}": Declaration(
            _youth_staff_cases(name),
            get=_YOUTH_ALL_405,
            post=_youth_staff_input(
                own=FORBIDDEN,
                own_by=(COORDINATOR, SECRETARIAT),
                other_group_by=(SECRETARIAT,),
                done=Expect(400),
            ),
        )
        for name in ("answer", "agenda_add")
    },
    **{
        f"youth_voice:{name}": Declaration(
            _youth_staff_alliance_cases(name),
            get=_youth_secretariat(OK, public_member=OK),
            post=_YOUTH_ALL_405,
        )
        for name in ("moderation_queue", "panel")
    },
    "youth_voice:moderate": Declaration(
        _youth_moderation_cases("moderate", "pending", "foreign", "other"),
        get={
            "pending": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "foreign": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
        },
        post={
            "pending": row(FORBIDDEN, anonymous=LOGIN, secretariat=Expect(400), **OUTSIDERS_404),
            "foreign": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(400)),
        },
    ),
    "youth_voice:report_resolve": Declaration(
        _youth_moderation_cases("report_resolve", "own_group", "foreign", "other"),
        get=_YOUTH_ALL_405,
        post={
            "own_group": row(FORBIDDEN, anonymous=LOGIN, secretariat=Expect(400), **OUTSIDERS_404),
            "foreign": row(FORBIDDEN, anonymous=LOGIN, secretariat=NOT_FOUND, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(400)),
        },
    ),
    "youth_voice:moderator_add": Declaration(
        _youth_staff_alliance_cases("moderator_add"),
        get=_YOUTH_ALL_405,
        post=_youth_secretariat(Expect(400)),
    ),
    "youth_voice:moderator_remove": Declaration(
        _youth_moderator_pk,
        get=_YOUTH_ALL_405,
        post={"private": row(FORBIDDEN, anonymous=LOGIN, secretariat=Expect(302), **OUTSIDERS_404)},
    ),
    "youth_voice:settings_edit": Declaration(
        _youth_staff_alliance_cases("settings_edit"),
        get=_youth_secretariat(OK),
        post=_youth_secretariat(Expect(400)),
    ),
    "youth_voice:surveys_admin": Declaration(
        _youth_staff_alliance_cases("surveys_admin"),
        get=_youth_secretariat(OK),
        post=_YOUTH_ALL_405,
    ),
    "youth_voice:survey_create": Declaration(
        _youth_staff_alliance_cases("survey_create"),
        get=_youth_secretariat(OK),
        post=_youth_secretariat(Expect(400)),
    ),
    "youth_voice:survey_edit": Declaration(
        _youth_staff_survey_cases("survey_edit"),
        get=_youth_staff_survey(OK),
        post=_youth_staff_survey(Expect(400)),
    ),
    "youth_voice:survey_publish": Declaration(
        _youth_staff_survey_cases("survey_publish"),
        get=_youth_staff_survey(OK),
        # A draft without questions cannot be published: the page with the reasons.
        post=_youth_staff_survey(Expect(400)),
    ),
    "youth_voice:survey_close": Declaration(
        _youth_staff_survey_cases("survey_close"),
        get=_YOUTH_ALL_405,
        post=_youth_staff_survey(redirect(f"/{PRIVATE}/youth/surveys/")),
    ),
    "youth_voice:survey_results": Declaration(
        _youth_staff_survey_cases("survey_results"),
        get=_youth_staff_survey(OK),
        post=_YOUTH_ALL_405,
    ),
    "youth_voice:survey_feed": Declaration(
        _youth_staff_survey_cases("survey_feed"),
        get=_youth_staff_survey(Expect(302)),
        post=_youth_staff_survey(Expect(400)),
    ),
    # --- end youth voice ---
    # --- health check ---
    # Every member (young people too) sees the rounds, answers the open one and reads the
    # results (only the count below 5 answers); the secretariat opens and closes rounds.
    # Not a member, or an inactive one: 404. Another alliance's round: 404. An empty answer
    # is a 400; an answer to a closed round a 409, as is opening while a round is open (the
    # private alliance's; the close POST comes after it in the URL order).
    "backbone:health_check": Declaration(
        alliance_cases("backbone:health_check"),
        get={
            "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "public": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post=_HC_ALL_405,
    ),
    "backbone:health_check_open": Declaration(
        alliance_cases("backbone:health_check_open"),
        get={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=Expect(409), **OUTSIDERS_404),
            "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=Expect(400), **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(400)),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "backbone:health_check_answer": Declaration(
        _hc_round_cases("health_check_answer"),
        get=_hc_round(member=OK, other=OK),
        post=_hc_round(member=Expect(400), other=Expect(409)),
    ),
    "backbone:health_check_results": Declaration(
        _hc_round_cases("health_check_results"),
        get=_hc_round(member=OK, other=OK),
        post=_HC_ALL_405,
    ),
    "backbone:health_check_close": Declaration(
        _hc_round_cases("health_check_close"),
        get=_hc_round_secretariat(private=OK, other=OK),
        post=_hc_round_secretariat(private=Expect(302), other=Expect(302)),
    ),
    # --- end health check ---
    # --- workspace ---
    # The secretariat's workspace: only the secretariat of the alliance reads it; it only reads.
    "backbone:workspace": Declaration(
        alliance_cases("backbone:workspace"),
        get={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    # The overview's line with the number waiting (loaded by htmx): the same answers.
    "backbone:workspace_summary": Declaration(
        alliance_cases("backbone:workspace_summary"),
        get={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    # --- end workspace ---
    # --- reports ---
    # The list and request form: secretariat and steering group; a request without a kind is
    # a 400. A report's page and progress answer 200 to those who may see it. The download:
    # the file (200), the deleted one 410, the failed one goes to its page (302). Retry is
    # POST only and asks for a new report (302 to its page).
    "backbone:reports": Declaration(
        alliance_cases("backbone:reports"),
        get={
            "private": row(OK, **_REPORT_DENIED),
            "public": row(OK, **_REPORT_DENIED),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={
            "private": row(Expect(400), **_REPORT_DENIED),
            "public": row(Expect(400), **_REPORT_DENIED),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(400)),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
    ),
    "backbone:report": Declaration(
        _report_cases(
            "report", ("steering ready", "steering expired", "steering failed", "secretariat ready")
        ),
        get=_report_rows(OK),
        post={"*": EVERYONE_405},
    ),
    "backbone:report_progress": Declaration(
        _report_cases(
            "report_progress",
            ("steering ready", "steering expired", "steering failed", "secretariat ready"),
        ),
        get=_report_rows(OK),
        post={"*": EVERYONE_405},
    ),
    "backbone:report_download": Declaration(
        _report_cases(
            "report_download",
            ("steering ready", "steering expired", "steering failed", "secretariat ready"),
        ),
        get={
            **_report_rows(OK),
            "steering expired": row(Expect(410), **_REPORT_DENIED),
            "steering failed": row(Expect(302), **_REPORT_DENIED),
        },
        post={"*": EVERYONE_405},
    ),
    "backbone:report_retry": Declaration(
        _report_cases("report_retry", ("steering failed", "secretariat ready")),
        get={"*": EVERYONE_405},
        post={
            **_report_rows(Expect(302)),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=Expect(302)),
        },
    ),
    # --- end reports ---
    # --- api ---
    # The schema and the docs are open to anyone (GET; POST 405). The alliance endpoints answer
    # as the page showing the same data (api.permissions), with the session the matrix logs in
    # with (tests/api/ covers the tokens): 401 without login, 404 outside the alliance, 403
    # without the capability; a method an endpoint does not serve is a 405 for those allowed
    # in. An empty data point (POST to data-points/) is a 400 for those who report.
    **{
        f"api:{name}": Declaration(sample, get={"*": EVERYONE_OK}, post={"*": EVERYONE_405})
        for name in ("schema", "docs")
    },
    **{
        f"api:{name}": Declaration(
            _api_list_cases(name),
            get=_api_list(capable, OK),
            post=_api_list(capable, NOT_ALLOWED),
        )
        for name, capable in (
            ("indicator_list", _API_ADULTS),
            ("summary_list", _API_ADULTS),
            ("activity_list", _API_ADULTS),
            ("youth_input_list", _API_EVERYONE),
        )
    },
    "api:datapoint_list": Declaration(
        _api_list_cases("datapoint_list"),
        get=_api_list(_API_REPORTERS, OK),
        post=_api_list(_API_REPORTERS, Expect(400)),
    ),
    **{
        f"api:{name}": Declaration(
            _api_object_cases(name, kind),
            get=_api_object(capable, OK),
            post=_api_object(capable, NOT_ALLOWED, missing=NOT_ALLOWED),
        )
        for name, kind, capable in (
            ("indicator_detail", "indicator", _API_ADULTS),
            ("activity_detail", "activity", _API_ADULTS),
            ("youth_input_detail", "youth_input", _API_EVERYONE),
            ("datapoint_detail", "datapoint", _API_REPORTERS),
        )
    },
    # The API keys page: an empty form is a 400. Revoking: POST only (GET 405 for everyone);
    # the secretariat's own key is revoked (back to the list), anyone else's is a 404.
    "api_tokens:list": Declaration(
        alliance_cases("api_tokens:list"),
        get=_api_token_pages(OK),
        post=_api_token_pages(Expect(400)),
    ),
    "api_tokens:revoke": Declaration(
        _api_revoke_cases,
        get={"*": row(NOT_ALLOWED)},
        post={
            "secretariats_key": row(
                NOT_FOUND,
                anonymous=LOGIN,
                youth=FORBIDDEN,
                secretariat=redirect(f"/{PRIVATE}/api-tokens/"),
            ),
            "missing": row(NOT_FOUND, anonymous=LOGIN, youth=FORBIDDEN),
        },
    ),
    # --- end api ---
    # --- audit ---
    # The security log: read by those who may read the change history (the secretariat).
    "alliance:security_log": Declaration(
        alliance_cases("alliance:security_log"),
        get={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    # --- end audit ---
    # --- Django i18n ------------------------------------------------------------------
    "set_language": Declaration(
        fixed("set_language"),
        # GET changes nothing and goes back; POST sets the language and goes to `next`.
        get={"*": row(redirect("/"))},
        post={"*": row(redirect("/privacy/"))},
        post_data={"language": "en", "next": "/privacy/"},
    ),
    # --- the admin login goes through allauth (secure_admin_login) --------------------
    "admin:login": Declaration(
        sample,
        # Anonymous: to allauth's login, coming back here. Logged in without is_staff:
        # secure_admin_login raises PermissionDenied.
        get={"*": anon_vs_user(LOGIN, FORBIDDEN)},
        post={"*": anon_vs_user(LOGIN, FORBIDDEN)},
    ),
    # admin_view sends a non-staff person from the logout URL to the index (not to login).
    "admin:logout": Declaration(
        sample, get={"*": row(redirect("/admin/"))}, post={"*": row(redirect("/admin/"))}
    ),
    # --- allauth ------------------------------------------------------------------------
    "account_login": Declaration(
        sample,
        get={"*": anon_vs_user(OK, ALLAUTH_USER_HOME)},
        post={"*": anon_vs_user(OK, ALLAUTH_USER_HOME)},  # anonymous: the form with errors
    ),
    "account_logout": Declaration(
        sample,
        get={"*": anon_vs_user(redirect("/"), OK)},  # logged in: the confirmation page
        post={"*": row(redirect("/"))},
        logs_out=True,
    ),
    "account_signup": Declaration(
        sample,
        get={"*": anon_vs_user(OK, ALLAUTH_USER_HOME)},
        post={"*": anon_vs_user(OK, ALLAUTH_USER_HOME)},
    ),
    "account_inactive": Declaration(sample, get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}),
    "account_reauthenticate": Declaration(
        sample, get={"*": anon_vs_user(LOGIN, ANY)}, post={"*": anon_vs_user(LOGIN, ANY)}
    ),
    "account_request_reauthentication_code": Declaration(
        sample, get={"*": anon_vs_user(LOGIN, ANY)}, post={"*": anon_vs_user(LOGIN, ANY)}
    ),
    "account_confirm_reauthentication_code": Declaration(
        sample, get={"*": anon_vs_user(LOGIN, ANY)}, post={"*": anon_vs_user(LOGIN, ANY)}
    ),
    "account_email": Declaration(
        sample,
        get={"*": anon_vs_user(LOGIN, OK)},
        post={"*": anon_vs_user(LOGIN, redirect("/accounts/email/"))},
    ),
    "account_email_verification_sent": Declaration(
        sample, get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}
    ),
    "account_confirm_email": Declaration(sample, get={"*": row(ANY)}, post={"*": row(ANY)}),
    "account_change_password": Declaration(
        sample,
        get={"*": anon_vs_user(LOGIN, OK)},
        post={"*": anon_vs_user(LOGIN, OK)},  # logged in: the form with errors
    ),
    "account_set_password": Declaration(
        sample,
        # These people have a password already: set-password sends them to change-password.
        get={"*": anon_vs_user(LOGIN, redirect("/accounts/password/change/"))},
        post={"*": anon_vs_user(LOGIN, redirect("/accounts/password/change/"))},
    ),
    "account_reset_password": Declaration(
        sample,
        get={"*": EVERYONE_OK},
        post={"*": EVERYONE_OK},  # POST: the form with errors
    ),
    "account_reset_password_done": Declaration(
        sample, get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}
    ),
    "account_reset_password_from_key": Declaration(
        sample, get={"*": row(ANY)}, post={"*": row(ANY)}
    ),
    "account_reset_password_from_key_done": Declaration(
        sample, get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}
    ),
    # Login by a code sent by email (young people's accounts have no password).
    "account_request_login_code": Declaration(
        sample,
        get={"*": anon_vs_user(OK, ALLAUTH_USER_HOME)},
        post={"*": anon_vs_user(OK, ALLAUTH_USER_HOME)},  # anonymous: the form with errors
    ),
    "account_confirm_login_code": Declaration(
        sample,
        # Without a login in progress there is no code to confirm: back to asking for one.
        get={"*": anon_vs_user(redirect("/accounts/login/code/"), ANY)},
        post={"*": anon_vs_user(redirect("/accounts/login/code/"), ANY)},
    ),
    "mfa_index": Declaration(
        sample, get={"*": anon_vs_user(LOGIN, OK)}, post={"*": anon_vs_user(LOGIN, NOT_ALLOWED)}
    ),
    "mfa_authenticate": Declaration(
        sample,
        get={"*": anon_vs_user(redirect("/accounts/login/"), ANY)},
        post={"*": anon_vs_user(redirect("/accounts/login/"), ANY)},
    ),
    **{
        name: Declaration(
            sample, get={"*": anon_vs_user(LOGIN, ANY)}, post={"*": anon_vs_user(LOGIN, ANY)}
        )
        for name in (
            "mfa_reauthenticate",
            "mfa_activate_totp",
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
        )
    },
}

# Every other pattern of the admin (named or not): no actor is staff, so every admin URL
# sends them to the admin login, which (above) sends them on to allauth or answers 403.
ADMIN_RULE = Declaration(sample, get={"*": row(ADMIN_LOGIN)}, post={"*": row(ADMIN_LOGIN)})
RULES: list[tuple[str, Callable[[Entry], bool], Declaration]] = [
    ("every pattern in the admin: namespace", lambda entry: entry.namespace == "admin", ADMIN_RULE),
]


def declaration_for(entry: Entry) -> Declaration | None:
    if entry.name in MATRIX:
        return MATRIX[entry.name]
    for _description, applies, declaration in RULES:
        if applies(entry):
            return declaration
    return None


def undeclared(entries: list[Entry]) -> list[str]:
    return [
        f"URL pattern {entry.key} (/{entry.route}) is not in the authorization matrix: "
        "declare it in the matrix in tests/test_authorization_matrix.py"
        for entry in entries
        if declaration_for(entry) is None
    ]


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_every_url_pattern_is_declared():
    entries = url_patterns()

    assert len(entries) > 0
    assert undeclared(entries) == []
    stale = set(MATRIX) - {entry.name for entry in entries}
    assert stale == set(), f"declared in the matrix but no longer routed: {sorted(stale)}"


def test_an_undeclared_pattern_is_reported_by_name():
    made_up = Entry("made-up/", "made_up:page", "made_up", lambda request: None, ())

    problems = undeclared([*url_patterns(), made_up])

    assert len(problems) == 1
    assert "made_up:page" in problems[0]
    assert "declare it in the matrix" in problems[0]


def test_sample_urls_resolve_to_their_own_pattern():
    for entry in url_patterns():
        if declaration_for(entry).urls is not sample:
            continue
        match = resolve(entry.sample_url())
        if entry.name:
            assert match.view_name == entry.name, entry.key
        else:
            assert match.func is entry.callback, entry.key


def _client_for(user) -> CsrfClient:
    client = CsrfClient()
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class GetRequest:
    """One GET of the sweep and the rows it wrote, pinned to it by the write recorder."""

    url: str
    label: str  # "<pattern>/<case>"
    actor: str
    raised: str | None
    writes: list


@dataclass
class Sweep:
    """What the sweep saw: the answers that were not as declared, and every GET with its writes
    and the tables' checksums before and after the GETs."""

    entries: int
    urls: int
    requests: int
    unexpected: list[str]
    gets: list[GetRequest]
    checksums_before: dict
    checksums_after: dict


_SWEEPS: list[Sweep] = []  # the sweep runs once per process; its two tests read it


def authorization_sweep() -> Sweep:
    """Every actor GETs every URL of the matrix in the world as built, the write recorder
    pinning each write to its GET; then every actor POSTs to every URL, in the same order.
    All GETs come first, so they read the world as built, before any POST changed it."""
    if _SWEEPS:
        return _SWEEPS[0]
    cache.clear()  # allauth's rate limits count in the cache
    world = build_world()
    clients = {actor: _client_for(user) for actor, user in world["users"].items()}
    entries = url_patterns()
    assert undeclared(entries) == []
    requests_to_send = [
        (entry, declaration_for(entry), case, url)
        for entry in entries
        for case, url in declaration_for(entry).urls(entry).items()
    ]
    unexpected: list[str] = []
    gets: list[GetRequest] = []
    requests = 0

    def send(method, entry, declaration, case, url, actor):
        nonlocal requests
        requests += 1
        expected = declaration.expected(method, case, actor)
        client = clients[actor]
        if method == "POST" and declaration.logs_out:
            client = _client_for(world["users"][actor])
        raised = None
        try:
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, declaration.post_data)
        except Exception as exc:  # an exception is an answer we did not expect
            raised = f"raised {type(exc).__name__}: {exc}"
            problem = raised
        else:
            problem = expected.problem(response, url)
        if problem:
            unexpected.append(f"{method} {url} [{entry.key}/{case}] as {actor}: {problem}")
        return raised

    # The write recorder and the checksums need PostgreSQL; elsewhere the GETs go without.
    recorder = WriteRecorder() if connection.vendor == "postgresql" else None
    checksums_before = checksums_after = {}
    if recorder is not None:
        recorder.install()
        checksums_before = table_checksums()
    try:
        for entry, declaration, case, url in requests_to_send:
            for actor in ACTORS:
                raised = send("GET", entry, declaration, case, url, actor)
                writes = recorder.take() if recorder is not None else []
                gets.append(GetRequest(url, f"{entry.key}/{case}", actor, raised, writes))
        if recorder is not None:
            checksums_after = table_checksums()
    finally:
        if recorder is not None:
            recorder.uninstall()
    for entry, declaration, case, url in requests_to_send:
        for actor in ACTORS:
            send("POST", entry, declaration, case, url, actor)
    sweep = Sweep(
        entries=len(entries),
        urls=len(requests_to_send),
        requests=requests,
        unexpected=unexpected,
        gets=gets,
        checksums_before=checksums_before,
        checksums_after=checksums_after,
    )
    _SWEEPS.append(sweep)
    return sweep


# Real requests are not wrapped in a transaction (ATOMIC_REQUESTS is off); /health/ relies on
# that, so the matrix runs without the per-test transaction too. The sweep is shared with
# tests/security/test_no_get_writes.py: the same xdist group runs it once.
@pytest.mark.xdist_group("authorization-sweep")
@pytest.mark.django_db(transaction=True)
def test_authorization_matrix():
    # given the world, when every actor GETs and POSTs every URL
    sweep = authorization_sweep()

    # then
    print(
        f"\nauthorization matrix: {sweep.entries} URL patterns covered, {len(ACTORS)} actors, "
        f"{sweep.requests} requests, {len(sweep.unexpected)} unexpected"
    )
    for line in sweep.unexpected:
        print("  " + line)
    assert sweep.entries > 0
    assert sweep.requests == 2 * sweep.urls * len(ACTORS)
    assert sweep.unexpected == []


@pytest.mark.django_db
def test_admin_opens_for_staff():
    """The admin rule above is about non-staff people: staff get in."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = _client_for(staff)

    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:alliance_alliance_changelist")).status_code == 200
