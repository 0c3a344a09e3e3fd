"""The youth portal's shared pages: other young people's published inputs (support, report),
"you said, we did", and the optional youth account with "My data" (see, export, erase)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.models import Alliance

from . import codes, limits
from .access import youth_portal_view
from .consent_texts import consent_text_current
from .forms_community import AccountCreateForm, ClaimForm, PublishedFilterForm, ReportForm
from .models import Consent, ConsentPurpose, ConsentStatus, LegalBasis
from .selectors_community import (
    has_supported,
    my_consents,
    my_inputs,
    published_input,
    published_inputs,
    you_said_we_did_inputs,
    youth_voice_counts,
)
from .services_account import account_create as account_create_service
from .services_account import account_erase, account_export, account_input_claim
from .services_community import NotPublished, report_create, support_add
from .services_consent import consent_withdraw

PAGE_SIZE = 20


def _limited_message() -> str:
    return _("You have tried many times in a short while. Wait a little and try again.")


def _published_or_404(alliance: Alliance, pk: int):
    youth_input = published_input(alliance=alliance, pk=pk)
    if youth_input is None:
        raise Http404
    return youth_input


def _has_supported(request: HttpRequest, youth_input) -> bool:
    """Whether this person or device supported the input; without an account and before any
    support the device has no key yet, and none is made just for looking."""
    if not request.user.is_authenticated and codes.DEVICE_SESSION_KEY not in request.session:
        return False
    return has_supported(youth_input=youth_input, supporter_hash=codes.device_key(request))


@require_safe
@youth_portal_view
def published_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    form = PublishedFilterForm(request.GET or None, alliance=alliance)
    filters = {}
    if form.is_bound:
        form.is_valid()  # a bad value in one field is dropped, the others still filter
        filters = form.cleaned_data
    sort = filters.get("sort") or PublishedFilterForm.SORT_NEWEST
    inputs = published_inputs(
        alliance=alliance,
        focus_area=filters.get("topic"),
        kind=filters.get("kind") or "",
        sort=sort,
    )
    page = Paginator(inputs, PAGE_SIZE).get_page(request.GET.get("page"))
    query_params = {
        key: request.GET[key] for key in ("topic", "kind", "sort") if request.GET.get(key)
    }
    return render(
        request,
        "youth_voice/portal/published_list.html",
        {
            "alliance": alliance,
            "form": form,
            "page": page,
            "query": urlencode(query_params) + "&" if query_params else "",
            "is_filtered": bool(filters.get("topic") or filters.get("kind")),
        },
    )


def _detail_response(
    request: HttpRequest, alliance: Alliance, youth_input, *, status: int = 200, error: str = ""
) -> HttpResponse:
    return render(
        request,
        "youth_voice/portal/published_detail.html",
        {
            "alliance": alliance,
            "item": youth_input,
            "has_supported": _has_supported(request, youth_input),
            "error": error,
        },
        status=status,
    )


@require_safe
@youth_portal_view
def published_detail(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    return _detail_response(request, alliance, _published_or_404(alliance, pk))


@require_POST
@youth_portal_view
def support(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    youth_input = _published_or_404(alliance, pk)
    if limits.is_limited(request, "support"):
        return _detail_response(
            request, alliance, youth_input, status=429, error=_limited_message()
        )
    try:
        counted = support_add(youth_input=youth_input, supporter_hash=codes.device_key(request))
    except NotPublished:
        raise Http404 from None
    if counted:
        messages.success(request, _("Thank you for your support."))
    else:
        messages.info(request, _("You have already supported this."))
    return redirect("youth_voice:published_detail", alliance_slug=alliance.slug, pk=pk)


@youth_portal_view
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    youth_input = _published_or_404(alliance, pk)
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    error = ""
    if request.method == "POST":
        if limits.is_limited(request, "report"):
            status, error = 429, _limited_message()
        elif form.is_valid():
            try:
                recorded = report_create(
                    youth_input=youth_input,
                    reporter_hash=codes.device_key(request),
                    reason=form.cleaned_data["reason"],
                )
            except NotPublished:
                raise Http404 from None
            if recorded:
                messages.success(
                    request, _("Thank you for telling us. The moderators will look at it.")
                )
            else:
                messages.info(request, _("You have already reported this."))
            return redirect("youth_voice:published_detail", alliance_slug=alliance.slug, pk=pk)
        else:
            status = 400
    return render(
        request,
        "youth_voice/portal/report_form.html",
        {"alliance": alliance, "item": youth_input, "form": form, "error": error},
        status=status,
    )


def _login_code_url(alliance: Alliance) -> str:
    """Logging in with an emailed code, and then on to "My data"."""
    next_url = reverse("youth_voice:my_data", kwargs={"alliance_slug": alliance.slug})
    return f"{reverse('account_request_login_code')}?{urlencode({'next': next_url})}"


@require_safe
@youth_portal_view
def you_said_we_did(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    page = Paginator(you_said_we_did_inputs(alliance=alliance), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "youth_voice/portal/you_said_we_did.html",
        {
            "alliance": alliance,
            "page": page,
            "counts": youth_voice_counts(alliance=alliance, settings=request.youth_settings),
        },
    )


@youth_portal_view
def account_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("youth_voice:my_data", alliance_slug=alliance.slug)
    settings = request.youth_settings
    asks_age = settings.legal_basis == LegalBasis.CONSENT
    consent_text = consent_text_current(
        purpose=ConsentPurpose.ACCOUNT, legal_basis=settings.legal_basis
    )
    form = AccountCreateForm(
        request.POST if request.method == "POST" else None,
        consent_age=settings.consent_age,
        asks_age=asks_age,
        consent_text=consent_text.text,
    )
    status = 200
    error = ""
    if request.method == "POST":
        if limits.is_limited(request, "account"):
            status, error = 429, _limited_message()
        elif form.is_valid():
            data = form.cleaned_data
            account_create_service(
                alliance=alliance,
                email=data["email"],
                below_consent_age=data["below_consent_age"],
                guardian_email=data["guardian_email"],
            )
            # The same page whether the address was new or not: it must not tell.
            return render(
                request,
                "youth_voice/portal/account_created.html",
                {
                    "alliance": alliance,
                    "needs_guardian": data["below_consent_age"],
                    "login_url": _login_code_url(alliance),
                },
            )
        else:
            status = 400
    return render(
        request,
        "youth_voice/portal/account_create.html",
        {
            "alliance": alliance,
            "form": form,
            "error": error,
            "consent_age": settings.consent_age,
            "consent_version": consent_text.version,
            "login_url": _login_code_url(alliance),
        },
        status=status,
    )


def _member_or_login(request: HttpRequest, alliance: Alliance) -> HttpResponse | None:
    """Send an anonymous person to log in; a person without a membership here gets a 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.membership is None:
        raise Http404
    return None


@require_safe
@youth_portal_view
def my_data(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    if (response := _member_or_login(request, alliance)) is not None:
        return response
    consents = list(my_consents(user=request.user, alliance=alliance))
    return render(
        request,
        "youth_voice/portal/my_data.html",
        {
            "alliance": alliance,
            "inputs": my_inputs(user=request.user, alliance=alliance),
            "consents": consents,
            "active_statuses": (ConsentStatus.GIVEN, ConsentStatus.AWAITING_GUARDIAN),
            "claim_form": ClaimForm(),
        },
    )


@require_POST
@youth_portal_view
def my_data_claim(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Keep an input sent without the account with it, by its receipt code. A wrong code and
    another account's code get the same answer."""
    if (response := _member_or_login(request, alliance)) is not None:
        return response
    form = ClaimForm(request.POST)
    status = 400
    if form.is_valid():
        code = codes.normalise_code(form.cleaned_data["code"])
        if limits.is_limited(request, "follow", code=code):
            form.add_error("code", _limited_message())
            status = 429
        elif account_input_claim(user=request.user, alliance=alliance, code=code) is not None:
            messages.success(request, _("The input is now kept with your account."))
            return redirect("youth_voice:my_data", alliance_slug=alliance.slug)
        else:
            form.add_error("code", _("We could not find an input with that code that you can add."))
    return render(
        request,
        "youth_voice/portal/my_data.html",
        {
            "alliance": alliance,
            "inputs": my_inputs(user=request.user, alliance=alliance),
            "consents": list(my_consents(user=request.user, alliance=alliance)),
            "active_statuses": (ConsentStatus.GIVEN, ConsentStatus.AWAITING_GUARDIAN),
            "claim_form": form,
        },
        status=status,
    )


@require_safe
@youth_portal_view
def my_data_export(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    if (response := _member_or_login(request, alliance)) is not None:
        return response
    if limits.is_limited(request, "data"):
        return HttpResponse(_limited_message(), status=429, content_type="text/plain")
    data = account_export(request.user, alliance)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mine-data-{alliance.slug}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@youth_portal_view
@require_http_methods(["GET", "POST"])
def my_data_erase(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    if request.method == "POST" and not request.user.is_authenticated:
        raise Http404
    if (response := _member_or_login(request, alliance)) is not None:
        return response
    if request.method != "POST":
        return render(
            request,
            "youth_voice/portal/my_data_erase.html",
            {
                "alliance": alliance,
                "erased": None,
                "input_count": my_inputs(user=request.user, alliance=alliance).count(),
            },
        )
    if limits.is_limited(request, "data"):
        return render(
            request,
            "youth_voice/portal/my_data_erase.html",
            {"alliance": alliance, "erased": None, "error": _limited_message()},
            status=429,
        )
    erased = account_erase(request.user, alliance)
    logout(request)
    return render(
        request, "youth_voice/portal/my_data_erase.html", {"alliance": alliance, "erased": erased}
    )


@require_POST
@youth_portal_view
def my_consent_withdraw(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    if (response := _member_or_login(request, alliance)) is not None:
        return response
    consent = get_object_or_404(Consent, pk=pk, alliance=alliance, user=request.user)
    if consent.purpose == ConsentPurpose.ACCOUNT:
        # Without the consent there is no account: erasing it is the way to withdraw.
        return redirect("youth_voice:my_data_erase", alliance_slug=alliance.slug)
    consent_withdraw(consent)
    messages.success(request, _("Your consent is withdrawn."))
    return redirect("youth_voice:my_data", alliance_slug=alliance.slug)
