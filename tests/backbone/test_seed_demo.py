import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.urls import reverse
from guardian.shortcuts import get_perms

from alliance.models import Alliance, Membership, Role, Sector, User
from backbone import demo_data
from workgroups.models import GroupKind, GroupMember, GroupRole, WorkGroup

pytestmark = pytest.mark.django_db

EXPECTED_ROLES = {
    "secretariat@example.org": Role.SECRETARIAT,
    "steering@example.org": Role.STEERING,
    "coordinator@example.org": Role.COORDINATOR,
    "member@example.org": Role.MEMBER,
    "youth@example.org": Role.YOUTH,
}


def seed() -> Alliance:
    call_command("seed_demo", allow_demo_users=True, quiet=True)
    return Alliance.objects.get(slug="kalundborg")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def seat_of(email: str, group_slug: str) -> GroupMember:
    return GroupMember.objects.get(user__email=email, group__slug=group_slug)


def test_seed_creates_the_demo_alliance():
    alliance = seed()

    assert alliance.is_demo
    assert alliance.is_public
    assert alliance.municipality == "Kalundborg"
    assert alliance.vision == (
        "Alle unge i Kalundborg Kommune har håb og drømme for fremtiden – "
        "og lige gode muligheder for et sundt ungeliv."
    )
    assert alliance.tagline


def test_seed_creates_five_focus_areas():
    alliance = seed()

    assert list(alliance.focus_areas.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    assert all(area.description for area in alliance.focus_areas.all())


def test_seed_covers_every_partner_sector():
    alliance = seed()

    sectors = set(alliance.organisations.values_list("sector", flat=True))
    assert sectors >= set(Sector.values) - {Sector.OTHER}
    assert 20 <= alliance.organisations.count() <= 30
    assert alliance.organisations.get(name="Kalundborg Kommune").cvr == "29189374"


def test_seed_creates_the_steering_group_with_13_seats_and_a_quarter_youth():
    alliance = seed()

    steering = WorkGroup.objects.get(alliance=alliance, kind=GroupKind.STEERING)
    seats = list(steering.members.all())
    youth = [seat for seat in seats if seat.is_youth_representative]
    assert steering.name == "Styregruppen"
    assert len(seats) == 13
    assert 100 * len(youth) / len(seats) >= alliance.youth_share_minimum >= 25
    assert {seat.role for seat in seats if seat.role != GroupRole.MEMBER} == {
        GroupRole.CHAIR,
        GroupRole.VICE_CHAIR,
    }
    assert all(seat.term_start and seat.term_end for seat in seats)


def test_seed_creates_seven_working_groups_and_the_youth_panel():
    alliance = seed()

    working = WorkGroup.objects.filter(alliance=alliance, kind=GroupKind.WORKING)
    panel = WorkGroup.objects.get(alliance=alliance, kind=GroupKind.YOUTH_PANEL)
    assert sorted(group.name[0] for group in working) == list("ABCDEFG")
    assert panel.name == "Ungepanelet"
    for group in working:
        assert group.purpose
        assert group.focus_areas.exists()
        assert group.lead_organisations.exists()
        assert group.members.filter(role=GroupRole.COORDINATOR).count() == 1
        assert group.members.count() >= 3
    assert panel.members.filter(is_youth_representative=True).count() >= 5


def test_seed_grants_object_permissions_through_the_seats():
    seed()

    coordinator = User.objects.get(email="coordinator@example.org")
    member = User.objects.get(email="member@example.org")
    group_a = WorkGroup.objects.get(slug="a-faellesskaber-mod-ensomhed")
    assert "manage_workgroup" in get_perms(coordinator, group_a)
    assert "contribute_workgroup" in get_perms(member, group_a)
    assert "manage_workgroup" not in get_perms(member, group_a)


@pytest.mark.parametrize("email", EXPECTED_ROLES)
def test_each_demo_login_can_authenticate_and_has_its_role(email):
    alliance = seed()

    user = authenticate(email=email, password=demo_data.DEMO_PASSWORD)

    assert user is not None
    membership = Membership.objects.active().get(user=user, alliance=alliance)
    assert membership.role == EXPECTED_ROLES[email]
    address = EmailAddress.objects.get(user=user)
    assert address.email == email
    assert address.verified
    assert address.primary


def test_demo_login_passes_allauth_login_with_mandatory_verification(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    seed()

    response = client.post(
        reverse("account_login"),
        {"login": "steering@example.org", "password": demo_data.DEMO_PASSWORD},
    )

    assert response.status_code == 302
    assert "confirm-email" not in response.url
    assert "_auth_user_id" in client.session


def test_demo_logins_sit_in_their_groups():
    seed()

    assert seat_of("steering@example.org", "styregruppen").role == GroupRole.CHAIR
    assert (
        seat_of("coordinator@example.org", "a-faellesskaber-mod-ensomhed").role
        == GroupRole.COORDINATOR
    )
    assert seat_of("member@example.org", "a-faellesskaber-mod-ensomhed").role == GroupRole.MEMBER
    assert seat_of("member@example.org", "c-aktiv-fritid-for-alle").role == GroupRole.MEMBER
    assert seat_of("youth@example.org", "ungepanelet").is_youth_representative
    assert seat_of("youth@example.org", "styregruppen").is_youth_representative


def test_demo_people_other_than_the_logins_cannot_log_in():
    alliance = seed()

    others = User.objects.filter(memberships__alliance=alliance).exclude(email__in=EXPECTED_ROLES)
    assert others.count() >= 25
    for user in others:
        assert not user.has_usable_password()
        assert user.email.endswith("@demo.example.org")
        assert authenticate(email=user.email, password=demo_data.DEMO_PASSWORD) is None
    assert not EmailAddress.objects.filter(user__in=others).exists()


def test_running_it_twice_changes_no_row_count():
    seed()
    before = row_counts()

    seed()

    assert row_counts() == before


def test_running_it_again_restores_the_demo_password():
    seed()
    user = User.objects.get(email="member@example.org")
    user.set_password("Someone-changed-it-2026")
    user.save()

    seed()

    assert authenticate(email="member@example.org", password=demo_data.DEMO_PASSWORD)


def test_without_debug_or_flag_it_refuses_and_writes_nothing(settings):
    settings.DEBUG = False
    before = row_counts()

    with pytest.raises(CommandError, match="--allow-demo-users"):
        call_command("seed_demo", quiet=True)

    assert row_counts() == before
    assert not Alliance.objects.exists()


def test_with_debug_it_runs_without_the_flag(settings):
    settings.DEBUG = True

    call_command("seed_demo", quiet=True)

    assert Alliance.objects.filter(slug="kalundborg").exists()


def test_it_prints_the_url_and_the_five_logins(capsys):
    call_command("seed_demo", allow_demo_users=True)

    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in out
    assert demo_data.DEMO_PASSWORD in out
    for email in EXPECTED_ROLES:
        assert email in out


def test_seed_publishes_the_agenda_twice_with_the_equity_goal_added():
    alliance = seed()
    versions = list(alliance.agenda_versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].vision == demo_data.VISION_V1
    assert versions[1].vision == demo_data.ALLIANCE["vision"]
    titles = [[goal["title"] for goal in v.goals] for v in versions]
    equity_goal = "Færre ensomme unge på erhvervsuddannelserne og FGU"
    assert equity_goal not in titles[0]
    assert equity_goal in titles[1]
    assert len(titles[1]) == len(demo_data.GOALS)
    assert all(v.published_by.email == "secretariat@example.org" for v in versions)


def test_only_partners_that_agreed_are_listed_publicly():
    alliance = seed()
    listed = set(
        alliance.organisations.filter(is_listed_publicly=True).values_list("name", flat=True)
    )
    assert listed == set(demo_data.LISTED_PUBLICLY)


def test_seed_gives_partners_commitments_some_signed_one_waiting():
    alliance = seed()
    commitments = {
        c.organisation.name: c for c in alliance.commitments.select_related("organisation")
    }
    assert len(commitments) == len(demo_data.COMMITMENTS)
    waiting = commitments[demo_data.KOMMUNE]
    assert waiting.status == "awaiting_signature"
    assert waiting.representative.email == "steering@example.org"
    assert not waiting.signatures.exists()
    signed = [c for c in commitments.values() if c.status == "signed"]
    assert len(signed) == len(demo_data.COMMITMENTS) - 1
    for commitment in signed:
        signature = commitment.signatures.get()
        assert signature.signed_by == commitment.representative
