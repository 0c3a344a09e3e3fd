"""Who may read, post, change and comment on news. Group checks go through
workgroups.permissions, so only that module and the selectors call django-guardian."""

from __future__ import annotations

from alliance.models import Membership
from alliance.permissions import has_capability

from .models import NewsComment, NewsPost, WorkGroup
from .permissions import can_manage_workgroup, can_view_workgroup


def _active_in(membership: Membership | None, alliance_id: int) -> bool:
    return membership is not None and membership.is_active and membership.alliance_id == alliance_id


def can_view_news_post(user, membership: Membership | None, post: NewsPost) -> bool:
    """Everyone in the alliance reads alliance-wide news; a group's news is for the people who
    may see the group. Withdrawn news is shown to nobody."""
    if post.is_withdrawn or not _active_in(membership, post.alliance_id):
        return False
    if not has_capability(membership, "view_news"):
        return False
    return post.group_id is None or can_view_workgroup(user, membership, post.group)


def can_post_news(user, membership: Membership | None, group: WorkGroup | None) -> bool:
    """The secretariat posts to the alliance or any group; a coordinator to the alliance or to
    a group they manage."""
    if not has_capability(membership, "post_news"):
        return False
    if group is None:
        return True
    return not group.is_archived and can_manage_workgroup(user, membership, group)


def can_edit_news_post(user, membership: Membership | None, post: NewsPost) -> bool:
    """The author (while they may still post) or the secretariat changes or withdraws news."""
    if post.is_withdrawn or not _active_in(membership, post.alliance_id):
        return False
    if has_capability(membership, "administer_alliance"):
        return True
    return post.author_id == user.pk and has_capability(membership, "post_news")


def can_comment_news_post(user, membership: Membership | None, post: NewsPost) -> bool:
    """Adults who may read the news comment on it."""
    return has_capability(membership, "comment_news") and can_view_news_post(user, membership, post)


def can_remove_news_comment(user, membership: Membership | None, comment: NewsComment) -> bool:
    """The comment's author or the secretariat removes a comment (again: nothing changes)."""
    if not can_view_news_post(user, membership, comment.post):
        return False
    return comment.author_id == user.pk or has_capability(membership, "administer_alliance")
