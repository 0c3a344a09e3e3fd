"""A person's API keys for one alliance, under /<alliance-slug>/api-tokens/: make one (shown
once, never again), see when each was last used, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from alliance.access import alliance_view
from alliance.models import Alliance

from . import selectors, services
from .forms import ApiTokenForm

NEW_TOKEN_SESSION_KEY = "api_token_new"  # noqa: S105  # nosec B105 - a session key, not a secret


def _page(request: HttpRequest, alliance: Alliance, form: ApiTokenForm, *, new=None, status=200):
    return render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "new_token": new,
            "tokens": selectors.api_token_rows(user=request.user, alliance=alliance),
            "docs_url": reverse("api:docs"),
            "api_base": request.build_absolute_uri(
                reverse("api:indicator_list", kwargs={"alliance_slug": alliance.slug})
            ).removesuffix("indicators/"),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@alliance_view("use_api")
def token_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The person's keys and the form to make one. A new key is handed to the next page through
    the session and taken out of it there, so it is shown once (a reload does not show it again
    nor make another key)."""
    if request.method != "POST":
        new = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
        return _page(request, alliance, ApiTokenForm(), new=new)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, alliance, form, status=400)
    try:
        new = services.api_token_create(
            membership=request.membership,
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _page(request, alliance, form, status=400)
    request.session[NEW_TOKEN_SESSION_KEY] = {"name": new.token.name, "raw": new.raw}
    return redirect("api_tokens:list", alliance_slug=alliance.slug)


@require_POST
@alliance_view("use_api")
def token_revoke(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Revoke one of one's own keys (anyone else's is a 404)."""
    token = selectors.api_token_get(user=request.user, alliance=alliance, pk=pk)
    if token is None:
        raise Http404
    services.api_token_revoke(token=token, user=request.user)
    messages.success(
        request, _("The key “%(name)s” is revoked and no longer works.") % {"name": token.name}
    )
    return redirect("api_tokens:list", alliance_slug=alliance.slug)
