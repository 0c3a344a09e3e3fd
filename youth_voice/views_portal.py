"""The youth portal's anonymous pages (/<alliance>/ung/): the start page, sending input, the
receipt, following an input by its code or private link, its data (export, erase, consent),
the parent's or guardian's consent and the privacy notice.

Every page that takes a code or token answers a wrong, malformed, foreign or erased one with
the same 404 page, so nobody can tell from the outside whether a code exists.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance.models import Alliance

from . import services_consent, services_input
from .access import youth_portal_view
from .codes import link_token, new_receipt_code, normalise_code
from .consent_texts import consent_text_of
from .forms_portal import FollowForm, InputForm, band_is_below
from .limits import is_limited
from .models import ConsentStatus, ErasureRecord, LegalBasis, Moderation
from .selectors_portal import (
    activity_is_joinable,
    input_by_code,
    input_by_token,
    input_consents,
    input_timeline,
)

# The receipt code waits for the thank-you page in a signed cookie of that page alone: it is
# never stored on the server (only its keyed hash is), and no session is made for it.
RECEIPT_COOKIE = "ung_kvittering"
RECEIPT_COOKIE_SALT = "youth_voice.receipt"
RECEIPT_COOKIE_AGE = 60 * 10


def _thanks_url(alliance: Alliance) -> str:
    return reverse("youth_voice:input_thanks", kwargs={"alliance_slug": alliance.slug})


def _to_receipt(alliance: Alliance, code: str) -> HttpResponse:
    """The redirect to the thank-you page, carrying the code for it alone."""
    url = _thanks_url(alliance)
    response = redirect(url)
    response.set_signed_cookie(
        RECEIPT_COOKIE,
        code,
        salt=RECEIPT_COOKIE_SALT,
        max_age=RECEIPT_COOKIE_AGE,
        path=url,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _follow_url(alliance: Alliance, token: str) -> str:
    return reverse(
        "youth_voice:follow_link", kwargs={"alliance_slug": alliance.slug, "token": token}
    )


def _not_found(request: HttpRequest) -> HttpResponse:
    """The one answer for every code or link that leads to no input."""
    return render(
        request,
        "youth_voice/portal/follow.html",
        {"form": FollowForm(), "not_found": True},
        status=404,
    )


def _limited(request: HttpRequest) -> HttpResponse:
    return render(request, "youth_voice/portal/limited.html", status=429)


# --- start ----------------------------------------------------------------------------------


@youth_portal_view
@require_GET
def portal_home(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return render(request, "youth_voice/portal/home.html")


# --- sending input --------------------------------------------------------------------------


@youth_portal_view
@require_http_methods(["GET", "POST"])
def input_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    portal = request.youth_settings
    if request.method != "POST":
        form = InputForm(alliance=alliance, portal=portal)
        return render(request, "youth_voice/portal/input_form.html", {"form": form})
    form = InputForm(request.POST, alliance=alliance, portal=portal)
    if form.is_spam:
        # A bot: the usual thank-you, nothing saved.
        return _to_receipt(alliance, new_receipt_code())
    if not form.is_valid():
        form.drop_empty_choices()
        return render(request, "youth_voice/portal/input_form.html", {"form": form}, status=400)
    # Only a send that would be saved counts: a young person's mistake costs none of the five.
    if is_limited(request, "input"):
        form.drop_empty_choices()
        return render(
            request,
            "youth_voice/portal/input_form.html",
            {"form": form, "limited": True},
            status=429,
        )
    data = form.cleaned_data
    below = (
        data["below"]
        if portal.legal_basis == LegalBasis.CONSENT
        else band_is_below(data.get("age_band", ""), portal.consent_age)
    )
    _input, code = services_input.input_submit(
        alliance=alliance,
        kind=data["kind"],
        text=data["text"],
        focus_area=data.get("focus_area"),
        activity=data.get("activity"),
        area=data.get("area"),
        age_band=data.get("age_band", ""),
        user=request.user if request.membership is not None else None,
        contact_email=data["email"] if data.get("wants_reply") else "",
        below_consent_age=below,
        guardian_email=data.get("guardian_email", ""),
    )
    return _to_receipt(alliance, code)


@youth_portal_view
@require_GET
def input_thanks(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The receipt, shown once: its cookie is deleted as the page is shown."""
    code = request.get_signed_cookie(
        RECEIPT_COOKIE, default="", salt=RECEIPT_COOKIE_SALT, max_age=RECEIPT_COOKIE_AGE
    )
    code = normalise_code(code)
    if not code:
        response = redirect("youth_voice:input_create", alliance_slug=alliance.slug)
    else:
        link = request.build_absolute_uri(_follow_url(alliance, link_token(code)))
        response = render(request, "youth_voice/portal/thanks.html", {"code": code, "link": link})
        response["Cache-Control"] = "no-store"
    if RECEIPT_COOKIE in request.COOKIES:
        response.delete_cookie(RECEIPT_COOKIE, path=_thanks_url(alliance), samesite="Lax")
    return response


# --- following ------------------------------------------------------------------------------


@youth_portal_view
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    if request.method != "POST":
        return render(request, "youth_voice/portal/follow.html", {"form": FollowForm()})
    form = FollowForm(request.POST)
    code = normalise_code(request.POST.get("code", "")[:100])
    if is_limited(request, "follow", code=code):
        return _limited(request)
    if not form.is_valid():
        return render(request, "youth_voice/portal/follow.html", {"form": form}, status=400)
    youth_input = input_by_code(alliance=alliance, code=code) if code else None
    if youth_input is None:
        return _not_found(request)
    return redirect("youth_voice:follow_link", alliance_slug=alliance.slug, token=link_token(code))


def _input_for_token(request: HttpRequest, alliance: Alliance, token: str):
    """The input of a private link; counts a miss against the follow limit."""
    youth_input = input_by_token(alliance=alliance, token=token)
    if youth_input is None:
        is_limited(request, "follow")
    return youth_input


@youth_portal_view
@require_GET
def follow_link(request: HttpRequest, alliance: Alliance, token: str) -> HttpResponse:
    youth_input = _input_for_token(request, alliance, token)
    if youth_input is None:
        return _not_found(request)
    consents = [
        {
            "consent": consent,
            "text": consent_text_of(
                purpose=consent.purpose,
                legal_basis=consent.legal_basis,
                version=consent.text_version,
            ),
            "can_withdraw": consent.status
            in (ConsentStatus.GIVEN, ConsentStatus.AWAITING_GUARDIAN),
        }
        for consent in input_consents(youth_input)
    ]
    led_to = youth_input.led_to_activity
    response = render(
        request,
        "youth_voice/portal/follow_detail.html",
        {
            "input": youth_input,
            "token": token,
            "timeline": input_timeline(youth_input),
            "is_published": youth_input.moderation == Moderation.PUBLISHED,
            "decision": youth_input.decision,
            "led_to": led_to,
            "led_to_joinable": activity_is_joinable(led_to),
            "consents": consents,
            "has_contact": hasattr(youth_input, "contact"),
        },
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@youth_portal_view
@require_POST
def follow_consent_withdraw(request: HttpRequest, alliance: Alliance, token: str) -> HttpResponse:
    """Withdraw the input's consents and delete its contact details now."""
    if is_limited(request, "data", code=token[:64]):
        return _limited(request)
    youth_input = _input_for_token(request, alliance, token)
    if youth_input is None:
        return _not_found(request)
    for consent in input_consents(youth_input):
        services_consent.consent_withdraw(consent)
    return redirect(_follow_url(alliance, token) + "#consent")


@youth_portal_view
@require_GET
def follow_export(request: HttpRequest, alliance: Alliance, token: str) -> HttpResponse:
    """Everything stored about the input, as a JSON download."""
    if is_limited(request, "data", code=token[:64]):
        return _limited(request)
    youth_input = _input_for_token(request, alliance, token)
    if youth_input is None:
        return _not_found(request)
    data = {
        "alliance": alliance.name,
        "exported_at": timezone.now().isoformat(),
        "input": services_input.input_export(youth_input),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mit-input.json"'
    response["Cache-Control"] = "no-store"
    return response


@youth_portal_view
@require_http_methods(["GET", "POST"])
def follow_erase(request: HttpRequest, alliance: Alliance, token: str) -> HttpResponse:
    """GET asks to confirm; POST erases the input and all that belongs to it."""
    if request.method == "POST" and is_limited(request, "data", code=token[:64]):
        return _limited(request)
    youth_input = _input_for_token(request, alliance, token)
    if youth_input is None:
        return _not_found(request)
    if request.method != "POST":
        return render(
            request,
            "youth_voice/portal/erase_confirm.html",
            {"input": youth_input, "token": token},
        )
    services_input.input_erase(youth_input, via=ErasureRecord.Via.RECEIPT)
    return render(request, "youth_voice/portal/erase_confirm.html", {"erased": True})


# --- the parent's or guardian's consent -------------------------------------------------------


@youth_portal_view
@require_http_methods(["GET", "POST"])
def guardian_confirm(request: HttpRequest, alliance: Alliance, token: str) -> HttpResponse:
    if request.method == "POST" and is_limited(request, "guardian"):
        return _limited(request)
    guardian_request = services_consent.guardian_request_for(token)
    if guardian_request is None or guardian_request.consent.alliance_id != alliance.pk:
        if request.method == "POST":
            is_limited(request, "guardian")
        return render(
            request, "youth_voice/portal/guardian_confirm.html", {"not_found": True}, status=404
        )
    consent = guardian_request.consent
    if request.method != "POST":
        return render(
            request,
            "youth_voice/portal/guardian_confirm.html",
            {
                "consent": consent,
                "text": consent_text_of(
                    purpose=consent.purpose,
                    legal_basis=consent.legal_basis,
                    version=consent.text_version,
                ),
                "expires_at": guardian_request.expires_at,
                "age": request.youth_settings.consent_age,
                "token": token,
            },
        )
    if request.POST.get("answer") == "give":
        services_consent.guardian_confirm(token)
        outcome = "given"
    else:
        services_consent.guardian_refuse(token)
        outcome = "refused"
    return render(
        request,
        "youth_voice/portal/guardian_confirm.html",
        {"outcome": outcome, "consent": consent},
    )


# --- privacy --------------------------------------------------------------------------------


@youth_portal_view
@require_GET
def privacy(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return render(
        request,
        "youth_voice/portal/privacy.html",
        {"is_consent": request.youth_settings.legal_basis == LegalBasis.CONSENT},
    )
