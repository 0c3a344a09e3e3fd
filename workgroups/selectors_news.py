"""Reads about news, scoped to what the reader may see, at a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from alliance.models import Alliance, Membership
from alliance.permissions import has_capability

from .models import NewsComment, NewsPost, WorkGroup


def _readable_groups(*, user, membership: Membership, alliance: Alliance) -> QuerySet[WorkGroup]:
    groups = WorkGroup.objects.filter(alliance=alliance)
    if has_capability(membership, "view_all_groups"):
        return groups
    return get_objects_for_user(
        user, "workgroups.view_workgroup", klass=groups, accept_global_perms=False
    )


def news_visible_to(
    *, user, membership: Membership | None, alliance: Alliance, group: WorkGroup | None = None
) -> QuerySet[NewsPost]:
    """Published news the person may read, newest first: alliance-wide news for every member,
    a group's news for the people who may see the group (its members, the steering group and
    the secretariat). With `group`, only that group's news. One query, with the group, the
    author and the number of comments that are not removed."""
    if (
        membership is None
        or not membership.is_active
        or membership.alliance_id != alliance.pk
        or not has_capability(membership, "view_news")
    ):
        return NewsPost.objects.none()
    readable = _readable_groups(user=user, membership=membership, alliance=alliance)
    posts = NewsPost.objects.published().filter(alliance=alliance)
    posts = posts.filter(Q(group__isnull=True) | Q(group__in=readable.values("pk")))
    if group is not None:
        posts = posts.filter(group=group)
    return (
        posts.select_related("group", "author")
        .annotate(comment_count=Count("comments", filter=Q(comments__is_removed=False)))
        .order_by("-published_at", "-pk")
    )


def news_post_get(
    *, user, membership: Membership | None, alliance: Alliance, pk: int
) -> NewsPost | None:
    """One news item the person may read, or None (also for withdrawn news)."""
    posts = news_visible_to(user=user, membership=membership, alliance=alliance)
    return posts.filter(pk=pk).first()


def news_comments(*, post: NewsPost) -> QuerySet[NewsComment]:
    """The comments of news, oldest first, removed ones included (shown as removed)."""
    return post.comments.select_related("author").order_by("created_at", "pk")


def news_group_choices(
    *, user, membership: Membership | None, alliance: Alliance
) -> QuerySet[WorkGroup]:
    """The groups whose news the person may filter by."""
    if membership is None or not membership.is_active:
        return WorkGroup.objects.none()
    return _readable_groups(user=user, membership=membership, alliance=alliance).order_by(
        "kind", "name"
    )


def news_since(
    *,
    user,
    alliance: Alliance,
    since: datetime.datetime,
    membership: Membership | None = None,
) -> QuerySet[NewsPost]:
    """For a digest: the news the person may read, published after `since` by someone else,
    newest first. Without `membership`, the person's active membership of the alliance is
    looked up. One query (two without `membership`)."""
    if membership is None:
        membership = Membership.objects.active().filter(user=user, alliance=alliance).first()
    posts = news_visible_to(user=user, membership=membership, alliance=alliance)
    return posts.filter(published_at__gt=since).exclude(author=user)


def news_postable_groups(
    *, user, membership: Membership | None, alliance: Alliance
) -> QuerySet[WorkGroup]:
    """The active groups the person may post news to: every group for the secretariat, the
    groups a coordinator manages. (Everyone who may post may post to the whole alliance.)"""
    if not has_capability(membership, "post_news") or membership.alliance_id != alliance.pk:
        return WorkGroup.objects.none()
    groups = WorkGroup.objects.active().filter(alliance=alliance).order_by("kind", "name")
    if has_capability(membership, "administer_alliance"):
        return groups
    return get_objects_for_user(
        user, "workgroups.manage_workgroup", klass=groups, accept_global_perms=False
    )
