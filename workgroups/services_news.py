"""Changes to news and comments. Each function is one transaction and raises ValidationError
with a message for the user. Who may do what is the caller's check, through
workgroups.permissions_news. News is never deleted: it is withdrawn, and a removed comment
stays in the thread as a removed comment."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from alliance.models import Alliance
from alliance.services.history import as_actor

from .models import NewsComment, NewsPost, WorkGroup


def _refuse_foreign_group(*, alliance_id: int, group: WorkGroup | None) -> None:
    if group is not None and group.alliance_id != alliance_id:
        raise ValidationError({"group": gettext("The group belongs to another alliance.")})


def _refuse_withdrawn(post: NewsPost) -> None:
    if post.is_withdrawn:
        raise ValidationError(gettext("The news item has been withdrawn."))


@transaction.atomic
def news_post_create(
    *,
    alliance: Alliance,
    author,
    title: str,
    body: str,
    group: WorkGroup | None = None,
    published_at: datetime.datetime | None = None,
) -> NewsPost:
    """Publish news to the whole alliance (no group) or to one group's readers."""
    _refuse_foreign_group(alliance_id=alliance.pk, group=group)
    post = NewsPost(
        alliance=alliance,
        group=group,
        title=title.strip(),
        body=body.strip(),
        author=author,
        published_at=published_at or timezone.now(),
    )
    post.full_clean()
    as_actor(post, author)
    post.save()
    return post


@transaction.atomic
def news_post_update(
    *, post: NewsPost, user, title: str, body: str, group: WorkGroup | None = None
) -> NewsPost:
    """Change the title, text or readers of news. The publication time stays."""
    _refuse_withdrawn(post)
    _refuse_foreign_group(alliance_id=post.alliance_id, group=group)
    post.title = title.strip()
    post.body = body.strip()
    post.group = group
    post.full_clean()
    as_actor(post, user)
    post.save(update_fields=["title", "body", "group", "updated_at"])
    return post


@transaction.atomic
def news_post_withdraw(*, post: NewsPost, user) -> NewsPost:
    """Take news down; it disappears from every list. Withdrawing again changes nothing."""
    if post.is_withdrawn:
        return post
    post.is_withdrawn = True
    as_actor(post, user)
    post.save(update_fields=["is_withdrawn", "updated_at"])
    return post


@transaction.atomic
def news_comment_add(*, post: NewsPost, author, body: str) -> NewsComment:
    """Add a comment under news that is still published."""
    _refuse_withdrawn(post)
    comment = NewsComment(post=post, author=author, body=body.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def news_comment_remove(*, comment: NewsComment, user) -> NewsComment:
    """Remove a comment's text; the thread shows that a comment was removed."""
    if comment.is_removed:
        return comment
    comment.is_removed = True
    comment.body = ""  # the text is gone, not hidden: it may be what had to be removed
    comment.save(update_fields=["is_removed", "body"])
    return comment
