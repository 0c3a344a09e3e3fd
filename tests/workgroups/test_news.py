"""News: services, who reads what, the pages, Markdown that cannot run anything, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from alliance.models import Membership, Role
from tests.factories import AllianceFactory, MembershipFactory, UserFactory, WorkGroupFactory
from workgroups.models import GroupRole, NewsComment, NewsPost
from workgroups.selectors_news import news_since, news_visible_to
from workgroups.services import group_member_add
from workgroups.services_news import (
    news_comment_add,
    news_comment_remove,
    news_post_create,
    news_post_update,
    news_post_withdraw,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """An alliance with a group (coordinator, member, youth member), another group, the
    secretariat, a steering member, an outsider member and another alliance's person."""
    alliance = AllianceFactory(slug="news-alliance")
    group = WorkGroupFactory(alliance=alliance, slug="trivsel", name="Trivsel")
    other_group = WorkGroupFactory(alliance=alliance, slug="fritid", name="Fritid")
    people = {}
    for key, role in (
        ("secretariat", Role.SECRETARIAT),
        ("steering", Role.STEERING),
        ("coordinator", Role.COORDINATOR),
        ("other_coordinator", Role.COORDINATOR),
        ("member", Role.MEMBER),
        ("outsider", Role.MEMBER),
        ("youth", Role.YOUTH),
    ):
        user = UserFactory(email=f"{key}@example.org", full_name=key.title())
        MembershipFactory(user=user, alliance=alliance, role=role)
        people[key] = user
    group_member_add(group=group, user=people["coordinator"], role=GroupRole.COORDINATOR)
    group_member_add(group=group, user=people["member"])
    group_member_add(group=group, user=people["youth"], is_youth_representative=True)
    group_member_add(
        group=other_group, user=people["other_coordinator"], role=GroupRole.COORDINATOR
    )
    group_member_add(group=other_group, user=people["outsider"])
    return {"alliance": alliance, "group": group, "other_group": other_group, **people}


def _membership(world, key):
    return Membership.objects.get(user=world[key], alliance=world["alliance"])


def _visible(world, key):
    return set(
        news_visible_to(
            user=world[key], membership=_membership(world, key), alliance=world["alliance"]
        ).values_list("title", flat=True)
    )


def _url(name, world, **kwargs):
    return reverse(f"workgroups:{name}", kwargs={"alliance_slug": world["alliance"].slug, **kwargs})


def _english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# ---------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------


def test_news_is_created_updated_and_withdrawn(world):
    post = news_post_create(
        alliance=world["alliance"], author=world["secretariat"], title=" Nyt ", body="Tekst"
    )

    assert post.title == "Nyt"
    assert post.group is None
    assert post.published_at <= timezone.now()

    news_post_update(
        post=post, user=world["secretariat"], title="Nyt 2", body="Mere", group=world["group"]
    )
    post.refresh_from_db()
    assert (post.title, post.body, post.group) == ("Nyt 2", "Mere", world["group"])

    news_post_withdraw(post=post, user=world["secretariat"])
    news_post_withdraw(post=post, user=world["secretariat"])  # again: nothing changes
    post.refresh_from_db()
    assert post.is_withdrawn
    assert post.history.count() == 3


def test_news_to_another_alliances_group_is_refused(world):
    foreign = WorkGroupFactory()

    with translation.override("en"), pytest.raises(ValidationError) as error:
        news_post_create(
            alliance=world["alliance"], author=None, title="Nyt", body="Tekst", group=foreign
        )

    assert "another alliance" in str(error.value)
    assert not NewsPost.objects.exists()


def test_news_needs_a_title_and_a_text(world):
    with pytest.raises(ValidationError) as error:
        news_post_create(alliance=world["alliance"], author=None, title=" ", body="")

    assert set(error.value.error_dict) == {"title", "body"}


def test_comments_are_added_and_removed_but_stay_in_the_thread(world):
    post = news_post_create(alliance=world["alliance"], author=None, title="Nyt", body="Tekst")
    comment = news_comment_add(post=post, author=world["member"], body=" Godt! ")
    assert comment.body == "Godt!"

    news_comment_remove(comment=comment, user=world["secretariat"])

    comment.refresh_from_db()
    assert comment.is_removed
    assert comment.body == ""
    assert NewsComment.objects.filter(post=post).count() == 1


def test_no_comment_on_withdrawn_news(world):
    post = news_post_create(alliance=world["alliance"], author=None, title="Nyt", body="Tekst")
    news_post_withdraw(post=post, user=None)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        news_comment_add(post=post, author=world["member"], body="Hej")

    assert "withdrawn" in str(error.value)


# ---------------------------------------------------------------------------
# Who reads what
# ---------------------------------------------------------------------------


def test_alliance_news_for_everyone_group_news_for_those_who_see_the_group(world):
    news_post_create(alliance=world["alliance"], author=None, title="Til alle", body="x")
    news_post_create(
        alliance=world["alliance"], author=None, title="Til Trivsel", body="x", group=world["group"]
    )
    withdrawn = news_post_create(
        alliance=world["alliance"], author=None, title="Trukket tilbage", body="x"
    )
    news_post_withdraw(post=withdrawn, user=None)
    news_post_create(alliance=AllianceFactory(), author=None, title="Anden alliance", body="x")

    everything = {"Til alle", "Til Trivsel"}
    assert _visible(world, "member") == everything
    assert _visible(world, "youth") == everything
    assert _visible(world, "coordinator") == everything
    assert _visible(world, "steering") == everything
    assert _visible(world, "secretariat") == everything
    assert _visible(world, "outsider") == {"Til alle"}
    assert _visible(world, "other_coordinator") == {"Til alle"}


def test_a_deactivated_membership_reads_no_news(world):
    news_post_create(alliance=world["alliance"], author=None, title="Til alle", body="x")
    membership = _membership(world, "member")
    membership.is_active = False
    membership.save()

    assert not news_visible_to(
        user=world["member"], membership=membership, alliance=world["alliance"]
    ).exists()


def test_news_since_is_what_others_posted_after_the_date(world):
    now = timezone.now()
    alliance = world["alliance"]
    news_post_create(
        alliance=alliance,
        author=world["secretariat"],
        title="Gammel",
        body="x",
        published_at=now - datetime.timedelta(days=10),
    )
    news_post_create(alliance=alliance, author=world["secretariat"], title="Ny", body="x")
    news_post_create(alliance=alliance, author=world["member"], title="Min egen", body="x")
    news_post_create(
        alliance=alliance,
        author=world["coordinator"],
        title="Fritid",
        body="x",
        group=world["other_group"],
    )

    since = now - datetime.timedelta(days=7)
    titles = [
        post.title for post in news_since(user=world["member"], alliance=alliance, since=since)
    ]

    assert titles == ["Ny"]


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def test_the_secretariat_posts_markdown_that_is_rendered_safely(client, world):
    _english(client, world["secretariat"])
    body = (
        "Det er **vigtigt**. Læs [mere](https://example.org/mere).\n\n"
        "<script>alert('x')</script>\n\n"
        "<img src=x onerror=alert(1)>\n\n"
        "[klik](javascript:alert(1))"
    )

    response = client.post(_url("news_create", world), {"title": "Nyhed", "body": body})

    post = NewsPost.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("news_detail", world, pk=post.pk)
    assert post.body == body  # stored as written
    page = client.get(response["Location"]).content.decode()
    assert "<strong>vigtigt</strong>" in page
    assert '<a href="https://example.org/mere" rel="noopener noreferrer">mere</a>' in page
    assert "<script>alert" not in page
    assert "onerror" not in page
    assert "javascript:" not in page
    assert "The news was published." in page


def test_a_coordinator_posts_to_the_alliance_or_their_own_group_only(client, world):
    _english(client, world["coordinator"])

    own = client.post(
        _url("news_create", world),
        {"title": "Til gruppen", "body": "x", "group": world["group"].pk},
    )
    other = client.post(
        _url("news_create", world),
        {"title": "Til en anden gruppe", "body": "x", "group": world["other_group"].pk},
    )
    everyone = client.post(_url("news_create", world), {"title": "Til alle", "body": "x"})

    assert own.status_code == 302
    assert other.status_code == 400  # the group is not one of the choices
    assert everyone.status_code == 302
    assert set(NewsPost.objects.values_list("title", flat=True)) == {"Til gruppen", "Til alle"}


def test_members_and_young_people_do_not_post(client, world):
    for key in ("member", "youth", "steering"):
        client.force_login(world[key])
        assert client.get(_url("news_create", world)).status_code == 403
        assert (
            client.post(_url("news_create", world), {"title": "x", "body": "x"}).status_code == 403
        )
    assert not NewsPost.objects.exists()


def test_bad_input_shows_the_form_again_with_what_was_typed(client, world):
    _english(client, world["secretariat"])

    response = client.post(_url("news_create", world), {"title": "", "body": "Min lange tekst"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Min lange tekst" in page
    assert "This field is required." in page
    assert not NewsPost.objects.exists()


def test_the_author_or_the_secretariat_edits_and_withdraws(client, world):
    post = news_post_create(
        alliance=world["alliance"], author=world["coordinator"], title="Nyt", body="x"
    )
    for key in ("member", "other_coordinator", "steering"):
        client.force_login(world[key])
        assert client.get(_url("news_edit", world, pk=post.pk)).status_code == 403
        assert client.post(_url("news_withdraw", world, pk=post.pk)).status_code == 403

    client.force_login(world["coordinator"])
    response = client.post(_url("news_edit", world, pk=post.pk), {"title": "Rettet", "body": "y"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Rettet"

    client.force_login(world["secretariat"])
    response = client.post(_url("news_withdraw", world, pk=post.pk))
    assert response["Location"] == _url("news", world)
    assert client.get(_url("news_detail", world, pk=post.pk)).status_code == 404


def test_group_news_is_a_404_for_people_who_do_not_see_the_group(client, world):
    post = news_post_create(
        alliance=world["alliance"], author=None, title="Nyt", body="x", group=world["group"]
    )

    client.force_login(world["outsider"])
    assert client.get(_url("news_detail", world, pk=post.pk)).status_code == 404
    assert (
        client.post(_url("news_comment_add", world, pk=post.pk), {"body": "x"}).status_code == 404
    )
    client.force_login(world["steering"])
    assert client.get(_url("news_detail", world, pk=post.pk)).status_code == 200


def test_adults_comment_young_people_read(client, world):
    post = news_post_create(alliance=world["alliance"], author=None, title="Nyt", body="x")

    _english(client, world["member"])
    response = client.post(_url("news_comment_add", world, pk=post.pk), {"body": "Godt nyt"})
    assert response.status_code == 302
    assert "Godt nyt" in client.get(_url("news_detail", world, pk=post.pk)).content.decode()

    client.force_login(world["youth"])
    page = client.get(_url("news_detail", world, pk=post.pk))
    assert page.status_code == 200
    assert "Add the comment" not in page.content.decode()
    assert (
        client.post(_url("news_comment_add", world, pk=post.pk), {"body": "x"}).status_code == 403
    )
    assert NewsComment.objects.count() == 1


def test_an_empty_comment_is_refused_with_status_400(client, world):
    post = news_post_create(alliance=world["alliance"], author=None, title="Nyt", body="x")
    _english(client, world["member"])

    response = client.post(_url("news_comment_add", world, pk=post.pk), {"body": "   "})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not NewsComment.objects.exists()


def test_the_author_or_the_secretariat_removes_a_comment(client, world):
    post = news_post_create(alliance=world["alliance"], author=None, title="Nyt", body="x")
    first = news_comment_add(post=post, author=world["member"], body="Første")
    second = news_comment_add(post=post, author=world["member"], body="Anden")

    client.force_login(world["coordinator"])
    url = _url("news_comment_remove", world, pk=post.pk, comment_pk=first.pk)
    assert client.post(url).status_code == 403

    _english(client, world["member"])
    assert client.post(url).status_code == 302
    client.force_login(world["secretariat"])
    url = _url("news_comment_remove", world, pk=post.pk, comment_pk=second.pk)
    assert client.post(url).status_code == 302

    page = client.get(_url("news_detail", world, pk=post.pk)).content.decode()
    assert page.count("The comment has been removed") == 2
    assert "Første" not in page
    assert "Anden" not in page


def test_the_list_is_newest_first_filtered_by_group_and_paginated(client, world):
    now = timezone.now()
    for number in range(12):
        news_post_create(
            alliance=world["alliance"],
            author=world["secretariat"],
            title=f"Nyhed {number:02d}",
            body="x",
            published_at=now - datetime.timedelta(hours=number),
        )
    news_post_create(
        alliance=world["alliance"], author=None, title="Kun Trivsel", body="x", group=world["group"]
    )
    client.force_login(world["member"])

    first = client.get(_url("news", world))
    second = client.get(_url("news", world) + "?page=2")
    group = client.get(_url("news", world) + "?group=trivsel")

    titles = [post.title for post in first.context["page"].object_list]
    assert titles[:3] == ["Kun Trivsel", "Nyhed 00", "Nyhed 01"]
    assert len(titles) == 10
    assert [post.title for post in second.context["page"].object_list] == [
        "Nyhed 09",
        "Nyhed 10",
        "Nyhed 11",
    ]
    assert [post.title for post in group.context["page"].object_list] == ["Kun Trivsel"]


def _fill(world, posts: int, comments: int) -> NewsPost:
    last = None
    for number in range(posts):
        group = world["group"] if (posts - number) % 2 else None  # the last one: the group's
        last = news_post_create(
            alliance=world["alliance"],
            author=world["coordinator"],
            title=f"Nyhed {number}",
            body=f"**Tekst** {number}",
            group=group,
        )
        for _ in range(comments):
            news_comment_add(post=last, author=world["member"], body="Kommentar")
    return last


@pytest.mark.parametrize("name", ["news", "news_detail"])
def test_pages_run_a_fixed_number_of_queries(client, world, name):
    client.force_login(world["member"])

    def count(posts: int, comments: int) -> int:
        NewsPost.objects.all().delete()
        post = _fill(world, posts, comments)
        url = _url(name, world, **({"pk": post.pk} if name == "news_detail" else {}))
        client.get(url)  # the session is loaded once per client
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(2, 2) == count(25, 25)
