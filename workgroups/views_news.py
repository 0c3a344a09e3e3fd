"""News: the list (newest first, by group, paginated), one item with its comments, posting,
changing and withdrawing news, adding and removing comments.

Every page is routed under `view_news`; news is looked up among what the person may read (news
of a group the person may not see, or withdrawn news, is a 404), then the finer rule is checked
(403)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance
from alliance.permissions import has_capability
from alliance.views.responses import add_service_errors

from . import services_news
from .forms_news import NewsCommentForm, NewsFilterForm, NewsPostForm
from .models import NewsPost, WorkGroup
from .permissions_news import (
    can_comment_news_post,
    can_edit_news_post,
    can_post_news,
    can_remove_news_comment,
)
from .selectors_news import (
    news_comments,
    news_group_choices,
    news_post_get,
    news_postable_groups,
    news_visible_to,
)
from .services_news import news_post_create, news_post_update, news_post_withdraw

NEWS_PER_PAGE = 10


def _url(name: str, alliance: Alliance, **kwargs) -> str:
    return reverse(f"workgroups:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _post_or_404(request: HttpRequest, alliance: Alliance, pk: int) -> NewsPost:
    post = news_post_get(user=request.user, membership=request.membership, alliance=alliance, pk=pk)
    if post is None:
        raise Http404
    return post


@require_safe
@alliance_view("view_news")
def news_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The news the person may read, newest first, optionally of one group."""
    user, membership = request.user, request.membership
    filter_form = NewsFilterForm(
        request.GET or None,
        groups=news_group_choices(user=user, membership=membership, alliance=alliance),
    )
    group = filter_form.cleaned_data["group"] if filter_form.is_valid() else None
    posts = news_visible_to(user=user, membership=membership, alliance=alliance, group=group)
    page = Paginator(posts, NEWS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({"group": group.slug}) + "&" if group else ""
    return render(
        request,
        "workgroups/news/list.html",
        {
            "filter_form": filter_form,
            "group": group,
            "page": page,
            "query": query,
            "can_post": has_capability(membership, "post_news"),
        },
    )


@require_safe
@alliance_view("view_news")
def news_detail(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """One news item with its comments and, for adults, the comment form."""
    post = _post_or_404(request, alliance, pk)
    return _render_detail(request, alliance, post)


def _render_detail(
    request: HttpRequest,
    alliance: Alliance,
    post: NewsPost,
    *,
    comment_form: NewsCommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user, membership = request.user, request.membership
    can_comment = can_comment_news_post(user, membership, post)
    is_secretariat = has_capability(membership, "administer_alliance")
    comments = list(news_comments(post=post))
    for comment in comments:
        # The same rule as can_remove_news_comment, without a query per comment.
        comment.can_remove = not comment.is_removed and (
            comment.author_id == user.pk or is_secretariat
        )
    return render(
        request,
        "workgroups/news/detail.html",
        {
            "post": post,
            "comments": comments,
            "can_edit": can_edit_news_post(user, membership, post),
            "comment_form": (comment_form or NewsCommentForm()) if can_comment else None,
        },
        status=status,
    )


def _postable_groups(request: HttpRequest, alliance: Alliance, post: NewsPost | None = None):
    groups = news_postable_groups(
        user=request.user, membership=request.membership, alliance=alliance
    )
    if post is not None and post.group_id is not None:
        # A post keeps its group when edited by the secretariat or an author who no longer
        # manages that group.
        groups = WorkGroup.objects.filter(pk__in=groups.values("pk")) | WorkGroup.objects.filter(
            pk=post.group_id
        )
        groups = groups.order_by("kind", "name")
    return groups


def _render_form(request: HttpRequest, form: NewsPostForm, *, post: NewsPost | None):
    status = 400 if request.method == "POST" else 200  # a POST that gets here was refused
    return render(request, "workgroups/news/form.html", {"form": form, "post": post}, status=status)


@require_http_methods(["GET", "POST"])
@alliance_view("post_news")
def news_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The secretariat or a coordinator posts news to the alliance or one group."""
    form = NewsPostForm(
        request.POST if request.method == "POST" else None,
        groups=_postable_groups(request, alliance),
    )
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data["group"]
        if not can_post_news(request.user, request.membership, group):
            raise PermissionDenied
        try:
            post = news_post_create(
                alliance=alliance,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                group=group,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The news was published."))
            return redirect(_url("news_detail", alliance, pk=post.pk))
    return _render_form(request, form, post=None)


@require_http_methods(["GET", "POST"])
@alliance_view("view_news")
def news_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The author or the secretariat changes news."""
    post = _post_or_404(request, alliance, pk)
    if not can_edit_news_post(request.user, request.membership, post):
        raise PermissionDenied
    initial = {"title": post.title, "body": post.body, "group": post.group_id}
    form = NewsPostForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        groups=_postable_groups(request, alliance, post),
    )
    if request.method == "POST":
        if form.is_valid():
            group = form.cleaned_data["group"]
            moved = group is not None and group.pk != post.group_id
            if moved and not can_post_news(request.user, request.membership, group):
                raise PermissionDenied
            try:
                news_post_update(
                    post=post,
                    user=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    group=group,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The news was saved."))
                return redirect(_url("news_detail", alliance, pk=post.pk))
        post.refresh_from_db()  # the heading and links show the saved news
    return _render_form(request, form, post=post)


@require_POST
@alliance_view("view_news")
def news_withdraw(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The author or the secretariat withdraws news; it disappears from the lists."""
    post = _post_or_404(request, alliance, pk)
    if not can_edit_news_post(request.user, request.membership, post):
        raise PermissionDenied
    news_post_withdraw(post=post, user=request.user)
    messages.success(request, _("The news was withdrawn."))
    return redirect(_url("news", alliance))


@require_POST
@alliance_view("view_news")
def news_comment_add(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """An adult who may read the news comments on it."""
    post = _post_or_404(request, alliance, pk)
    if not can_comment_news_post(request.user, request.membership, post):
        raise PermissionDenied
    form = NewsCommentForm(request.POST)
    if form.is_valid():
        try:
            services_news.news_comment_add(
                post=post, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(_url("news_detail", alliance, pk=post.pk) + "#comments")
    return _render_detail(request, alliance, post, comment_form=form, status=400)


@require_POST
@alliance_view("view_news")
def news_comment_remove(
    request: HttpRequest, alliance: Alliance, pk: int, comment_pk: int
) -> HttpResponse:
    """The comment's author or the secretariat removes a comment."""
    post = _post_or_404(request, alliance, pk)
    comment = post.comments.filter(pk=comment_pk).first()
    if comment is None:
        raise Http404
    comment.post = post
    if not can_remove_news_comment(request.user, request.membership, comment):
        raise PermissionDenied
    services_news.news_comment_remove(comment=comment, user=request.user)
    messages.success(request, _("The comment was removed."))
    return redirect(_url("news_detail", alliance, pk=post.pk) + "#comments")
