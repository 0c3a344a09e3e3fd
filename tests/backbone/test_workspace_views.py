"""The workspace page: only the secretariat opens it, it reads as a to-do list in Danish, runs
the same number of queries however many items wait, and the secretariat's overview links to
it with the number waiting."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliance.models import CommitmentStatus, Invitation, Role
from measurement.models import DataPointStatus, Summary, SummaryStatus
from tests.factories import (
    AllianceFactory,
    CommitmentFactory,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import DataPointFactory, IndicatorFactory
from tests.youth_voice.factories_community import youth_input
from workgroups.models import ActionItem
from youth_voice.models import InputReport, InputStatus, Moderation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def workspace_url(alliance) -> str:
    return reverse("backbone:workspace", kwargs={"alliance_slug": alliance.slug})


def text_of(response) -> str:
    """The page's visible text with the whitespace of the markup folded."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def alliance():
    return AllianceFactory(is_public=False)


@pytest.fixture
def secretariat(alliance):
    return MembershipFactory(alliance=alliance, role=Role.SECRETARIAT).user


def fill(alliance, n: int) -> None:
    """`n` items in every queue of the workspace."""
    group = WorkGroupFactory(alliance=alliance)
    owner = UserFactory()
    for number in range(n):
        indicator = IndicatorFactory(alliance=alliance)
        indicator.workgroups.add(group)  # nobody reported it: the group is late
        DataPointFactory(
            indicator=indicator, status=DataPointStatus.SUBMITTED, period=datetime.date(2020, 1, 1)
        )
        Summary.objects.create(
            indicator=indicator,
            period=datetime.date(2025, 1, 1),
            value=Decimal("1"),
            status=SummaryStatus.OFF_TRACK,
            computed_at=timezone.now(),
        )
        youth_input(alliance=alliance, moderation=Moderation.PENDING)
        reported = youth_input(alliance=alliance)
        InputReport.objects.create(input=reported, reason="Grimt", reporter_hash=f"r{number}")
        youth_input(
            alliance=alliance,
            status=InputStatus.ROUTED,
            routed_group=group,
            answer_due=TODAY - datetime.timedelta(days=2),
        )
        youth_input(alliance=alliance, status=InputStatus.CONSIDERING)
        InvitationFactory(alliance=alliance)
        CommitmentFactory(
            organisation=OrganisationFactory(alliance=alliance),
            status=CommitmentStatus.AWAITING_SIGNATURE,
        )
        ActionItem.objects.create(
            group=WorkGroupFactory(alliance=alliance),
            title="Ring til skolen",
            owner=owner,
            deadline=TODAY - datetime.timedelta(days=number + 1),
        )


def test_the_secretariat_sees_the_queues_with_work_first_and_the_empty_ones_as_done(
    client, alliance, secretariat
):
    # given two invitations waiting, the older one sent 12 days ago, and nothing else
    oldest = InvitationFactory(alliance=alliance, full_name="Mette Holm")
    InvitationFactory(alliance=alliance)
    Invitation.objects.filter(pk=oldest.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=12)
    )
    client.force_login(secretariat)

    # when
    response = client.get(workspace_url(alliance))

    # then
    assert response.status_code == 200
    text = text_of(response)
    assert "<h1>Arbejdsbord</h1>" in response.content.decode()
    assert "2 ting venter i 1 kø." in text
    waiting, done = text.split("Venter på dig", 1)[1].split("Intet at gøre", 1)
    assert "Invitationer, der endnu ikke er accepteret" in waiting
    assert "2 venter ældste: 12 dage – Mette Holm" in waiting
    assert "Se de ventende invitationer" in waiting
    assert "Værdier, der venter på godkendelse" in done
    assert "Opgaver over fristen" in done
    assert "Indikatorer, der ikke er på rette vej, uden en nylig beslutning" in done
    assert "inden for de seneste 90 dage" in done  # how "a decision about it" is read


def test_overdue_lines_say_how_far_past_the_deadline_and_link_the_item(
    client, alliance, secretariat
):
    group = WorkGroupFactory(alliance=alliance, name="Byrum")
    late = youth_input(
        alliance=alliance,
        status=InputStatus.ROUTED,
        routed_group=group,
        answer_due=TODAY - datetime.timedelta(days=3),
    )
    client.force_login(secretariat)

    response = client.get(workspace_url(alliance))

    text = text_of(response)
    assert "Ungeinput, hvor fristen for svar er overskredet" in text
    assert "1 venter mest forsinket: 3 dage over fristen" in text
    assert f'href="/{alliance.slug}/youth/{late.pk}/"' in response.content.decode()
    assert f'href="/{alliance.slug}/youth/overdue/"' in response.content.decode()


def test_with_nothing_waiting_the_page_says_so(client, alliance, secretariat):
    client.force_login(secretariat)

    text = text_of(client.get(workspace_url(alliance)))

    assert "Intet venter" in text
    assert "Venter på dig" not in text
    assert text.count("Intet at gøre") == 11  # the heading and the ten queues


def test_another_alliances_items_are_not_counted(client, alliance, secretariat):
    fill(AllianceFactory(), 2)
    client.force_login(secretariat)

    text = text_of(client.get(workspace_url(alliance)))

    assert "Intet venter" in text


@pytest.mark.parametrize("role", [Role.STEERING, Role.COORDINATOR, Role.MEMBER, Role.YOUTH])
def test_roles_other_than_the_secretariat_are_refused(client, alliance, role):
    client.force_login(MembershipFactory(alliance=alliance, role=role).user)

    assert client.get(workspace_url(alliance)).status_code == 403


def test_outsiders_and_visitors_do_not_get_in(client, alliance):
    url = workspace_url(alliance)
    assert client.get(url).status_code == 302  # to the login

    client.force_login(MembershipFactory(role=Role.SECRETARIAT).user)  # of another alliance
    assert client.get(url).status_code == 404

    inactive = MembershipFactory(alliance=alliance, role=Role.SECRETARIAT, is_active=False)
    client.force_login(inactive.user)
    assert client.get(url).status_code == 404


def test_the_page_only_reads(client, alliance, secretariat):
    client.force_login(secretariat)

    assert client.post(workspace_url(alliance)).status_code == 405


def test_the_page_runs_the_same_number_of_queries_however_many_items_wait(client, secretariat):
    few, many = AllianceFactory(), AllianceFactory()
    fill(few, 1)
    fill(many, 6)
    for alliance in (few, many):
        MembershipFactory(alliance=alliance, user=secretariat, role=Role.SECRETARIAT)
    client.force_login(secretariat)
    client.get(workspace_url(few))  # the session and caches warm up

    with CaptureQueriesContext(connection) as with_few:
        small = client.get(workspace_url(few))
    with CaptureQueriesContext(connection) as with_many:
        large = client.get(workspace_url(many))

    assert small.status_code == large.status_code == 200
    assert "Intet at gøre" not in text_of(small)  # every queue had work
    assert "6 venter" in text_of(large)
    assert len(with_few) == len(with_many), [q["sql"][:120] for q in with_many]


def test_the_secretariats_overview_loads_a_link_saying_how_many_things_wait(
    client, alliance, secretariat
):
    InvitationFactory(alliance=alliance)
    youth_input(alliance=alliance, moderation=Moderation.PENDING)
    client.force_login(secretariat)

    # the overview has a plain link, which loads the number after the page (htmx)
    home = client.get(reverse("alliance:home", kwargs={"alliance_slug": alliance.slug}))
    summary_url = reverse("backbone:workspace_summary", kwargs={"alliance_slug": alliance.slug})
    assert f'href="{workspace_url(alliance)}" hx-get="{summary_url}"' in home.content.decode()

    summary = client.get(summary_url)

    assert summary.status_code == 200
    assert text_of(summary) == "Arbejdsbord: 2 ting venter"
    assert f'href="{workspace_url(alliance)}"' in summary.content.decode()


def test_other_overviews_have_no_workspace_line(client, alliance):
    InvitationFactory(alliance=alliance)
    membership = MembershipFactory(alliance=alliance, role=Role.STEERING)
    client.force_login(membership.user)

    home = client.get(reverse("alliance:home", kwargs={"alliance_slug": alliance.slug}))
    summary = client.get(
        reverse("backbone:workspace_summary", kwargs={"alliance_slug": alliance.slug})
    )

    assert home.status_code == 200
    assert workspace_url(alliance) not in home.content.decode()
    assert summary.status_code == 403
