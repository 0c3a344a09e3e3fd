"""Moderation of young people's input, for the secretariat and the moderators it appoints: the
queue, one input (publish, keep private or hide, with personal data masked), reports, the youth
panel page with the moderators, and the portal's settings.

Every page is for moderators only (youth_voice.permissions.can_moderate, else 403); appointing
moderators and the settings are the secretariat's (manage_youth_portal). Inputs are looked up
within the alliance, so another alliance's input is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance
from alliance.permissions import has_capability
from alliance.views.responses import add_service_errors

from . import pii, services_moderation
from .forms_moderation import (
    ModerateForm,
    ModeratorAddForm,
    PortalSettingsForm,
    ReportResolveForm,
)
from .models import InputKind, Moderation, Moderator, YouthInput
from .permissions import can_moderate
from .selectors_moderation import (
    input_for_moderation,
    moderation_queue_page,
    moderator_candidates,
    moderators_list,
    names_for,
    queue_filters_from,
    queue_topics,
    reported_inputs,
    steering_youth_share,
    youth_panels,
)
from .selectors_settings import portal_settings
from .services_moderation import ModerationAction


def _url(name: str, alliance: Alliance, **kwargs) -> str:
    return reverse(f"youth_voice:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _require_moderator(request: HttpRequest) -> None:
    if not can_moderate(request.user, request.membership):
        raise PermissionDenied


def _can_manage(request: HttpRequest) -> bool:
    return has_capability(request.membership, "manage_youth_portal")


@require_safe
@alliance_view("view_home")
def moderation_queue(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The inputs waiting for moderation (oldest first, personal data masked in the excerpts)
    and the published inputs that young people reported."""
    _require_moderator(request)
    filters = queue_filters_from(request.GET, alliance=alliance)
    page = moderation_queue_page(
        alliance=alliance, filters=filters, page_number=request.GET.get("page")
    )
    return render(
        request,
        "youth_voice/staff/moderation_queue.html",
        {
            "page_obj": page,
            "inputs": page.object_list,
            "filters": filters,
            "kinds": InputKind.choices,
            "topics": queue_topics(alliance=alliance),
            "reported": reported_inputs(alliance=alliance),
            "can_manage": _can_manage(request),
        },
    )


def _moderate_page(
    request: HttpRequest,
    youth_input: YouthInput,
    *,
    names: list[str],
    form: ModerateForm,
    report_form: ReportResolveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    findings = pii.find_personal_data(youth_input.text, names=names)
    return render(
        request,
        "youth_voice/staff/moderate.html",
        {
            "youth_input": youth_input,
            "findings": findings,
            "pieces": pii.highlight(youth_input.text, findings),
            "remaining_findings": form.remaining_findings,
            "form": form,
            "report_form": report_form or ReportResolveForm(prefix="report"),
            "open_reports": youth_input.open_reports,
        },
        status=status,
    )


def _initial_text(youth_input: YouthInput, names: list[str]) -> str:
    """The text to start from: what was shown before, or the young person's text masked."""
    if youth_input.moderation != Moderation.PENDING and youth_input.published_text:
        return youth_input.published_text
    return pii.mask(youth_input.text, names=names)[0]


_DONE_MESSAGES = {
    ModerationAction.PUBLISH: gettext_lazy("The input is published with the text you approved."),
    ModerationAction.PRIVATE: gettext_lazy("The input is kept private. The staff can read it."),
    ModerationAction.HIDE: gettext_lazy("The input is hidden. The young person sees the reason."),
}


@require_http_methods(["GET", "POST"])
@alliance_view("view_home")
def moderate(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """One input: the original text with the personal data found marked, the text to show
    (masked), and publish, keep private or hide."""
    _require_moderator(request)
    youth_input = input_for_moderation(alliance=alliance, pk=pk)
    names = names_for(alliance)
    if request.method != "POST":
        form = ModerateForm(
            names=names,
            initial={"text": _initial_text(youth_input, names), "reason": youth_input.hide_reason},
        )
        return _moderate_page(request, youth_input, names=names, form=form)
    form = ModerateForm(request.POST, names=names)
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            services_moderation.input_moderate(
                youth_input=youth_input,
                action=action,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _DONE_MESSAGES[ModerationAction(action)])
            return redirect(_url("moderation_queue", alliance))
    return _moderate_page(request, youth_input, names=names, form=form, status=400)


@require_POST
@alliance_view("view_home")
def report_resolve(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Resolve a published input's reports: keep it published, or hide it with a reason."""
    _require_moderator(request)
    youth_input = input_for_moderation(alliance=alliance, pk=pk)
    form = ReportResolveForm(request.POST, prefix="report")
    if form.is_valid():
        hide = form.cleaned_data["action"] == "hide"
        try:
            services_moderation.reports_resolve(
                youth_input=youth_input,
                by=request.user,
                hide=hide,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The input is hidden and the reports are resolved.")
                if hide
                else _("The input stays published and the reports are resolved."),
            )
            return redirect(_url("moderation_queue", alliance))
    names = names_for(alliance)
    moderate_form = ModerateForm(
        names=names,
        initial={"text": _initial_text(youth_input, names), "reason": youth_input.hide_reason},
    )
    return _moderate_page(
        request, youth_input, names=names, form=moderate_form, report_form=form, status=400
    )


def _panel_page(
    request: HttpRequest,
    alliance: Alliance,
    *,
    add_form: ModeratorAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = _can_manage(request)
    if can_manage and add_form is None:
        add_form = ModeratorAddForm(candidates=moderator_candidates(alliance=alliance))
    return render(
        request,
        "youth_voice/staff/panel.html",
        {
            "panels": youth_panels(alliance=alliance),
            "steering": steering_youth_share(alliance=alliance),
            "moderators": moderators_list(alliance=alliance),
            "add_form": add_form,
            "can_manage": can_manage,
            "can_view_groups": has_capability(request.membership, "view_groups"),
        },
        status=status,
    )


@require_safe
@alliance_view("view_home")
def panel(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The youth panel, the steering group's youth share and the moderators."""
    _require_moderator(request)
    return _panel_page(request, alliance)


@require_POST
@alliance_view("manage_youth_portal")
def moderator_add(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The secretariat appoints an active member of the alliance as a moderator."""
    form = ModeratorAddForm(request.POST, candidates=moderator_candidates(alliance=alliance))
    if form.is_valid():
        user = form.cleaned_data["user"]
        try:
            services_moderation.moderator_add(alliance=alliance, user=user, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s can now moderate young people's input.")
                % {"person": user.get_full_name()},
            )
            return redirect(_url("panel", alliance))
    return _panel_page(request, alliance, add_form=form, status=400)


@require_POST
@alliance_view("manage_youth_portal")
def moderator_remove(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The secretariat takes the moderator role away from a person."""
    moderator = get_object_or_404(
        Moderator.objects.select_related("user"), alliance=alliance, pk=pk
    )
    person = moderator.user.get_full_name()
    services_moderation.moderator_remove(moderator=moderator)
    messages.success(request, _("%(person)s is no longer a moderator.") % {"person": person})
    return redirect(_url("panel", alliance))


@require_http_methods(["GET", "POST"])
@alliance_view("manage_youth_portal")
def settings_edit(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The secretariat sets the portal's rules: open or closed, legal basis, consent age,
    how long contact details are kept, days to answer and who is responsible for the data."""
    current = portal_settings(alliance)
    form = PortalSettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            # The form has validated against a copy: apply the changes through the service.
            fresh = portal_settings(alliance)
            try:
                changed = services_moderation.portal_settings_update(
                    portal_settings=fresh, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if changed:
                    messages.success(
                        request,
                        _("The settings were saved. Changed: %(changed)s.")
                        % {"changed": ", ".join(str(form.fields[name].label) for name in changed)},
                    )
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect(_url("settings_edit", alliance))
        return render(request, "youth_voice/staff/settings.html", {"form": form}, status=400)
    return render(request, "youth_voice/staff/settings.html", {"form": form})
