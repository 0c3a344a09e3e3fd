"""Pages of the alliance app: landing, the chooser, the role homes, the people register."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from alliance.models import Role, Sector
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from workgroups.models import GroupKind, GroupRole
from workgroups.services import group_member_add

pytestmark = pytest.mark.django_db

HOME_TEMPLATE = {
    Role.SECRETARIAT: "alliance/home_secretariat.html",
    Role.STEERING: "alliance/home_steering.html",
    Role.COORDINATOR: "alliance/home_coordinator.html",
    Role.MEMBER: "alliance/home_member.html",
    Role.YOUTH: "alliance/home_youth.html",
}
HOME_HEADING = {
    Role.SECRETARIAT: "Secretariat overview",
    Role.STEERING: "Steering group overview",
    Role.COORDINATOR: "Coordinator overview",
    Role.MEMBER: "Member overview",
    Role.YOUTH: "Your data",
}


@pytest.fixture
def english(client):
    """The client reads the pages in English (the language cookie the switcher sets)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def _home_url(alliance) -> str:
    return reverse("alliance:home", kwargs={"alliance_slug": alliance.slug})


# landing


def test_landing_lists_only_public_alliances(english):
    AllianceFactory(name="Kalundborg for unge", is_public=True)
    AllianceFactory(name="Hemmelig alliance", is_public=False)

    response = english.get(reverse("landing"))

    assert response.status_code == 200
    assert "alliance/landing.html" in _template_names(response)
    content = response.content.decode()
    assert "Kalundborg for unge" in content
    assert "Hemmelig alliance" not in content


def test_landing_escapes_an_alliance_name(english):
    AllianceFactory(name='<script>alert("x")</script>', slug="script-alliance", is_public=True)

    response = english.get(reverse("landing"))

    content = response.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert '<script>alert("x")' not in content


# /home/


def test_home_sends_anonymous_to_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == reverse("account_login")
    assert parse_qs(target.query)["next"] == ["/home/"]


def test_home_sends_a_member_of_one_alliance_to_it(client):
    membership = MembershipFactory(role=Role.MEMBER)
    client.force_login(membership.user)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == _home_url(membership.alliance)


def test_home_shows_a_chooser_to_a_member_of_two_alliances(english):
    user = UserFactory()
    MembershipFactory(user=user, alliance__name="Første alliance", role=Role.MEMBER)
    MembershipFactory(user=user, alliance__name="Anden alliance", role=Role.STEERING)
    MembershipFactory(user=user, alliance__name="Forladt alliance", is_active=False)
    english.force_login(user)

    response = english.get(reverse("home"))

    assert response.status_code == 200
    assert "alliance/choose.html" in _template_names(response)
    content = response.content.decode()
    assert "Første alliance" in content
    assert "Anden alliance" in content
    assert "Forladt alliance" not in content


def test_home_tells_a_person_without_alliances_so(english):
    english.force_login(UserFactory())

    response = english.get(reverse("home"))

    assert response.status_code == 200
    assert "You are not a member of any alliance yet." in response.content.decode()


# the alliance home


@pytest.mark.parametrize("role", list(Role))
def test_alliance_home_renders_the_template_of_the_role(english, role):
    membership = MembershipFactory(
        role=role, alliance__is_public=False, user__full_name="Sara Holm"
    )
    group = WorkGroupFactory(alliance=membership.alliance, name="Trivsel i skolen")
    group_member_add(group=group, user=membership.user)
    english.force_login(membership.user)

    response = english.get(_home_url(membership.alliance))

    assert response.status_code == 200
    names = _template_names(response)
    assert HOME_TEMPLATE[role] in names
    assert [name for name in names if name.startswith("alliance/home_")] == [HOME_TEMPLATE[role]]
    content = response.content.decode()
    assert HOME_HEADING[role] in content
    assert "Trivsel i skolen" in content  # their group, on every role's home
    if role == Role.SECRETARIAT:
        assert "People by role" in content
    else:
        assert "People by role" not in content
    if role == Role.YOUTH:
        assert "Hi Sara!" in content


def test_a_public_alliance_home_shows_the_public_page_to_visitors(english):
    alliance = AllianceFactory(name="Åben alliance", is_public=True)
    OrganisationFactory(
        alliance=alliance,
        name="Idrætsforeningen",
        sector=Sector.SPORTS_LEISURE,
        is_listed_publicly=True,
    )

    response = english.get(_home_url(alliance))

    assert response.status_code == 200
    assert "alliance/home_public.html" in _template_names(response)
    content = response.content.decode()
    assert "Åben alliance" in content
    assert "Idrætsforeningen" in content
    assert "Log in as a partner or young person" in content


def test_the_steering_home_warns_when_the_youth_share_is_below_the_minimum(english):
    membership = MembershipFactory(role=Role.STEERING, alliance__youth_share_minimum=25)
    steering = WorkGroupFactory(alliance=membership.alliance, kind=GroupKind.STEERING)
    group_member_add(group=steering, user=membership.user, role=GroupRole.CHAIR)
    english.force_login(membership.user)

    response = english.get(_home_url(membership.alliance))

    content = response.content.decode()
    assert "The steering group" in content
    assert "1 seat, of which 0 is held by young people (0 %)." in content
    assert "The youth share is below the alliance" in content


# the people register


def test_the_people_page_lists_the_members_for_the_secretariat(english):
    secretariat = MembershipFactory(role=Role.SECRETARIAT)
    alliance = secretariat.alliance
    MembershipFactory(alliance=alliance, role=Role.YOUTH, user__email="ung@example.org")
    MembershipFactory(
        alliance=alliance, role=Role.MEMBER, user__email="gone@example.org", is_active=False
    )
    MembershipFactory(role=Role.MEMBER, user__email="elsewhere@example.org")
    english.force_login(secretariat.user)

    response = english.get(reverse("alliance:people", kwargs={"alliance_slug": alliance.slug}))

    assert response.status_code == 200
    assert "alliance/people.html" in _template_names(response)
    content = response.content.decode()
    assert secretariat.user.email in content
    assert "ung@example.org" in content
    assert "gone@example.org" in content
    assert "Deactivated" in content
    assert "elsewhere@example.org" not in content


@pytest.mark.parametrize("role", [Role.STEERING, Role.COORDINATOR, Role.MEMBER, Role.YOUTH])
def test_the_people_page_is_forbidden_to_other_roles(client, role):
    membership = MembershipFactory(role=role)
    client.force_login(membership.user)

    response = client.get(
        reverse("alliance:people", kwargs={"alliance_slug": membership.alliance.slug})
    )

    assert response.status_code == 403


# query counts of the alliance home

# The query budget of the alliance home per role (None: a visitor), measured at 4, 12, 9, 8,
# 8, 8 with a little headroom. What matters as much is that it does not grow with the data.
MAX_HOME_QUERIES = {
    None: 5,
    Role.SECRETARIAT: 14,
    Role.STEERING: 11,
    Role.COORDINATOR: 10,
    Role.MEMBER: 10,
    Role.YOUTH: 10,
}


def _populated_alliance(*, user, role, groups: int):
    """An alliance where `user` has `role` and sits in `groups` groups with other members."""
    alliance = AllianceFactory(is_public=True)
    MembershipFactory(user=user, alliance=alliance, role=role)
    organisations = [
        OrganisationFactory(alliance=alliance, sector=sector) for sector in list(Sector)[:4]
    ]
    steering = WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING)
    for index in range(groups):
        area = FocusAreaFactory(alliance=alliance)
        group = WorkGroupFactory(alliance=alliance)
        group.focus_areas.add(area)
        group.lead_organisations.add(organisations[index % len(organisations)])
        group_member_add(group=group, user=user)
        for _ in range(1):
            other = MembershipFactory(alliance=alliance, role=Role.MEMBER).user
            group_member_add(
                group=group, user=other, organisation=organisations[index % len(organisations)]
            )
            group_member_add(
                group=steering,
                user=other,
                organisation=organisations[index % len(organisations)],
                is_youth_representative=index % 2 == 0,
            )
    return alliance


@pytest.mark.parametrize("role", [None, *Role])
def test_alliance_home_queries_are_bounded_and_do_not_grow(
    client, django_assert_max_num_queries, role
):
    # given: the same person in a small and a large alliance (a visitor when role is None)
    user = UserFactory()
    small = _populated_alliance(user=user, role=role or Role.MEMBER, groups=3)
    large = _populated_alliance(user=user, role=role or Role.MEMBER, groups=30)
    if role is not None:
        client.force_login(user)
    client.get(_home_url(small))  # warm the per-process caches (content types)

    # when
    with django_assert_max_num_queries(MAX_HOME_QUERIES[role]) as small_queries:
        small_response = client.get(_home_url(small))
    with django_assert_max_num_queries(MAX_HOME_QUERIES[role]) as large_queries:
        large_response = client.get(_home_url(large))

    # then
    assert small_response.status_code == large_response.status_code == 200
    expected = "alliance/home_public.html" if role is None else HOME_TEMPLATE[role]
    assert expected in _template_names(large_response)
    assert len(large_queries) == len(small_queries), [q["sql"] for q in large_queries]


def test_member_home_shows_the_published_vision_not_the_working_copy(client):
    from alliance.services.agenda import agenda_publish

    # given a published agenda, then an unpublished edit of the vision
    membership = MembershipFactory(role=Role.MEMBER)
    alliance = membership.alliance
    alliance.vision = "Den vedtagne vision."
    alliance.save()
    agenda_publish(alliance=alliance, published_by=None, note="Vedtaget.")
    alliance.vision = "Et udkast, ingen har vedtaget."
    alliance.save()
    client.force_login(membership.user)

    # when the member opens the alliance home
    page = client.get(alliance.get_absolute_url()).content.decode()

    # then they read what was agreed, not the draft
    assert "Den vedtagne vision." in page
    assert "Et udkast, ingen har vedtaget." not in page
