"""The alliance_view decorator: login, 404, 403, and what it puts on the request."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from alliance.access import alliance_view, membership_for
from alliance.models import Role
from tests.factories import AllianceFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

seen: list = []


def _view(request, alliance):
    seen.append((request.alliance, request.membership, alliance))
    return HttpResponse("the view ran")


people_view = alliance_view("view_people")(_view)
home_view = alliance_view("view_home", allow_public=True)(_view)
private_home_view = alliance_view("view_home")(_view)
any_member_view = alliance_view(None)(_view)


@pytest.fixture(autouse=True)
def _clear_seen():
    seen.clear()


def _request(user=None, path="/somewhere/?x=1"):
    request = RequestFactory().get(path)
    request.user = user if user is not None else AnonymousUser()
    return request


def _assert_login_redirect(response, path):
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/accounts/login/"
    assert parse_qs(target.query)["next"] == [path]


def test_anonymous_is_sent_to_login_for_a_private_alliance():
    alliance = AllianceFactory(is_public=False)

    response = home_view(_request(), alliance_slug=alliance.slug)

    _assert_login_redirect(response, "/somewhere/?x=1")
    assert seen == []


def test_anonymous_is_sent_to_login_for_an_unknown_alliance():
    # The same answer as for a private alliance: nothing says whether the address exists.
    response = home_view(_request(), alliance_slug="no-such-alliance")

    _assert_login_redirect(response, "/somewhere/?x=1")


def test_anonymous_reads_a_public_alliance_when_the_view_allows_it():
    alliance = AllianceFactory(is_public=True)

    response = home_view(_request(), alliance_slug=alliance.slug)

    assert response.status_code == 200
    assert seen == [(alliance, None, alliance)]


def test_anonymous_is_sent_to_login_for_a_public_alliance_when_the_view_is_not_public():
    alliance = AllianceFactory(is_public=True)

    response = private_home_view(_request(), alliance_slug=alliance.slug)

    _assert_login_redirect(response, "/somewhere/?x=1")


def test_a_non_member_gets_404():
    alliance = AllianceFactory(is_public=False)
    MembershipFactory(role=Role.SECRETARIAT)  # of another alliance

    with pytest.raises(Http404):
        home_view(_request(UserFactory()), alliance_slug=alliance.slug)
    assert seen == []


def test_a_logged_in_person_gets_404_for_an_unknown_alliance():
    with pytest.raises(Http404):
        home_view(_request(UserFactory()), alliance_slug="no-such-alliance")


def test_a_non_member_reads_a_public_alliance_as_a_visitor():
    alliance = AllianceFactory(is_public=True)
    user = UserFactory()

    home_view(_request(user), alliance_slug=alliance.slug)

    assert seen == [(alliance, None, alliance)]


def test_a_non_member_gets_404_for_a_non_public_view_of_a_public_alliance():
    alliance = AllianceFactory(is_public=True)

    with pytest.raises(Http404):
        people_view(_request(UserFactory()), alliance_slug=alliance.slug)


def test_a_member_without_the_capability_gets_403():
    membership = MembershipFactory(role=Role.MEMBER, alliance__is_public=False)

    with pytest.raises(PermissionDenied):
        people_view(_request(membership.user), alliance_slug=membership.alliance.slug)
    assert seen == []


def test_a_member_with_the_capability_gets_the_view_with_alliance_and_membership_set():
    membership = MembershipFactory(role=Role.SECRETARIAT, alliance__is_public=False)
    request = _request(membership.user)

    response = people_view(request, alliance_slug=membership.alliance.slug)

    assert response.status_code == 200
    assert request.alliance == membership.alliance
    assert request.membership == membership
    assert seen == [(membership.alliance, membership, membership.alliance)]


@pytest.mark.parametrize("role", Role.values)
def test_no_capability_lets_every_member_in(role):
    membership = MembershipFactory(role=role, alliance__is_public=False)

    any_member_view(_request(membership.user), alliance_slug=membership.alliance.slug)

    assert seen == [(membership.alliance, membership, membership.alliance)]


def test_a_deactivated_membership_gets_404():
    membership = MembershipFactory(
        role=Role.SECRETARIAT, is_active=False, alliance__is_public=False
    )

    with pytest.raises(Http404):
        people_view(_request(membership.user), alliance_slug=membership.alliance.slug)


def test_a_deactivated_user_gets_404():
    membership = MembershipFactory(role=Role.SECRETARIAT, alliance__is_public=False)
    membership.user.is_active = False
    membership.user.save()

    with pytest.raises(Http404):
        people_view(_request(membership.user), alliance_slug=membership.alliance.slug)


def test_a_deactivated_member_of_a_public_alliance_reads_it_as_a_visitor():
    membership = MembershipFactory(role=Role.SECRETARIAT, is_active=False, alliance__is_public=True)
    request = _request(membership.user)

    home_view(request, alliance_slug=membership.alliance.slug)

    assert request.membership is None
    assert seen == [(membership.alliance, None, membership.alliance)]


def test_the_decorator_records_what_it_requires():
    assert people_view.alliance_capability == "view_people"
    assert people_view.alliance_allow_public is False
    assert home_view.alliance_allow_public is True


def test_membership_for_finds_only_the_active_membership_of_that_alliance():
    membership = MembershipFactory(role=Role.MEMBER)
    elsewhere = AllianceFactory()

    assert membership_for(user=membership.user, alliance=membership.alliance) == membership
    assert membership_for(user=membership.user, alliance=elsewhere) is None
    assert membership_for(user=AnonymousUser(), alliance=membership.alliance) is None
