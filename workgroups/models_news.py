"""News: updates posted to the whole alliance or to one group, and members' comments.

Imported at the end of workgroups/models.py. The text is Markdown, rendered and sanitised by
alliance.markdown when shown; it is stored as written."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NewsPostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_withdrawn=False)


class NewsPost(models.Model):
    """An update from the secretariat or a coordinator. Without a group it goes to everyone
    in the alliance; with one, to the people who may see that group."""

    alliance = models.ForeignKey(
        "alliance.Alliance",
        on_delete=models.CASCADE,
        related_name="news_posts",
        verbose_name=_("alliance"),
    )
    group = models.ForeignKey(
        "workgroups.WorkGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="news_posts",
        verbose_name=_("group"),
        help_text=_("Empty: the news goes to the whole alliance."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_posts",
        verbose_name=_("author"),
    )
    published_at = models.DateTimeField(_("published"), db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)

    history = HistoricalRecords()
    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["alliance", "-published_at"], name="news_alliance_time")]

    def __str__(self) -> str:
        return self.title


class NewsComment(models.Model):
    """A member's comment on a news item."""

    post = models.ForeignKey(
        NewsPost, on_delete=models.CASCADE, related_name="comments", verbose_name=_("news item")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    is_removed = models.BooleanField(_("removed"), default=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["post", "created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:80]
