"""A person's notifications, their email choices, and unsubscribing from an email's link."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from alliance.access import alliance_view
from alliance.forms_notifications import EmailLanguageForm
from alliance.models import Alliance, EmailOptOut, Notification
from alliance.services.notifications import (
    NOTIFICATION_KINDS,
    email_language_set,
    email_opt_outs_of,
    email_preferences_set,
    email_unsubscribe,
    notification_kind_label,
    notification_mark_read,
    unsubscribe_token_read,
)

PAGE_SIZE = 25


def _list_url(alliance: Alliance) -> str:
    return reverse("alliance:notifications", kwargs={"alliance_slug": alliance.slug})


@require_http_methods(["GET", "HEAD"])
@alliance_view("view_home")
def notifications(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The person's notifications in this alliance, newest first."""
    rows = Notification.objects.filter(user=request.user, alliance=alliance)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "alliance/notifications/list.html",
        {"page": page, "items": list(page.object_list)},
    )


@require_POST
@alliance_view("view_home")
def notification_read(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Mark one of the person's notifications as read."""
    get_object_or_404(Notification, pk=pk, user=request.user, alliance=alliance)
    notification_mark_read(user=request.user, alliance=alliance, pk=pk)
    messages.success(request, _("The notification is marked as read."))
    return redirect(_list_url(alliance))


@require_POST
@alliance_view("view_home")
def notifications_read_all(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Mark every notification of the person in this alliance as read."""
    notification_mark_read(user=request.user, alliance=alliance)
    messages.success(request, _("All notifications are marked as read."))
    return redirect(_list_url(alliance))


@require_http_methods(["GET", "HEAD", "POST"])
@alliance_view("view_home")
def notification_preferences(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The person chooses which notification emails they want from this alliance, and the
    language of their emails."""
    kinds = [EmailOptOut.ALL, *NOTIFICATION_KINDS]
    if request.method == "POST":
        wanted = set(request.POST.getlist("wanted"))
        form = EmailLanguageForm(request.POST)
        if form.is_valid():
            email_preferences_set(
                user=request.user,
                alliance=alliance,
                switched_off=[kind for kind in kinds if kind not in wanted],
            )
            email_language_set(user=request.user, language=form.cleaned_data["language"])
            messages.success(request, _("Your email choices are saved."))
            return redirect(
                reverse(
                    "alliance:notification_preferences", kwargs={"alliance_slug": alliance.slug}
                )
            )
        off = {kind for kind in kinds if kind not in wanted}
        status = 400
    else:
        form = EmailLanguageForm(initial={"language": request.user.language})
        off = email_opt_outs_of(user=request.user, alliance=alliance)
        status = 200
    choices = [
        {"code": kind, "label": notification_kind_label(kind), "wanted": kind not in off}
        for kind in NOTIFICATION_KINDS
    ]
    return render(
        request,
        "alliance/notifications/preferences.html",
        {"choices": choices, "all_wanted": EmailOptOut.ALL not in off, "form": form},
        status=status,
    )


# No login: the signed token is the permission. No CSRF token either: mail programs unsubscribe
# with one POST (RFC 8058 List-Unsubscribe-Post), and a forged POST needs the secret token.
# GET only shows the confirmation, because mail scanners open links.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def notification_unsubscribe(request: HttpRequest, alliance_slug: str, token: str) -> HttpResponse:
    """Switch off one kind of email (or all) for the person the link was sent to."""
    alliance = Alliance.objects.filter(slug=alliance_slug).first()
    found = unsubscribe_token_read(token=token, alliance=alliance) if alliance else None
    if found is None:
        return render(
            request,
            "alliance/notifications/unsubscribe_invalid.html",
            {"alliance": alliance},
            status=400,
        )
    user, kind = found
    context = {
        "alliance": alliance,
        "kind_label": notification_kind_label(kind),
        "is_all": kind == EmailOptOut.ALL,
    }
    if request.method == "POST":
        email_unsubscribe(user=user, alliance=alliance, kind=kind)
        return render(request, "alliance/notifications/unsubscribe_done.html", context)
    return render(request, "alliance/notifications/unsubscribe.html", context)
