"""The people pages: the secretariat's register and invitations, the directory, the steering
group and the audit history. Thin views over `alliance.services` and the selectors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import alliance_view
from alliance.forms_people import (
    DirectoryListingForm,
    InvitationForm,
    MembershipForm,
    SteeringSeatForm,
)
from alliance.models import Alliance, Invitation
from alliance.permissions import capabilities_of
from alliance.selectors_people import (
    HISTORY_KIND_KEYS,
    HISTORY_KINDS,
    directory_list,
    history_page,
    invitation_list_pending,
    membership_for_admin,
    membership_list_for_admin,
    steering_warnings_visible_to,
)
from alliance.services.invitations import (
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from alliance.services.people import (
    membership_restore_access,
    membership_revoke_access,
    membership_set_directory_listing,
    membership_update,
)
from alliance.views.responses import add_service_errors, alliance_url
from workgroups.models import GroupMember
from workgroups.selectors import steering_composition, steering_group_for
from workgroups.services import steering_group_create, steering_seat_end, steering_seat_save


def _link_builder(request: HttpRequest):
    return lambda token: request.build_absolute_uri(
        reverse("invitation_accept", kwargs={"token": token})
    )


def _first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else str(error)


# --- the register and invitations ----------------------------------------------------------


@require_safe
@alliance_view("manage_people")
def people(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The secretariat's register: everyone with a membership, and pending invitations."""
    return render(
        request,
        "alliance/people.html",
        {
            "memberships": membership_list_for_admin(alliance=alliance),
            "invitations": invitation_list_pending(alliance=alliance),
            "my_membership_id": request.membership.pk,
        },
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_people")
def invite(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Invite a person by email with a role and an organisation."""
    form = InvitationForm(request.POST or None, alliance=alliance)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(
                alliance=alliance,
                invited_by=request.user,
                link_for=_link_builder(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The invitation was sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect(alliance_url("people", alliance))
    return render(
        request,
        "alliance/people/invite.html",
        {"form": form, "invitation_days": getattr(settings, "ALLIANCE_INVITATION_DAYS", 14)},
    )


def _pending_invitation(alliance: Alliance, pk: int) -> Invitation:
    invitation = Invitation.objects.filter(alliance=alliance, pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


@require_POST
@alliance_view("manage_people")
def invitation_resend_view(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Send an invitation again with a new link; the old link stops working."""
    invitation = _pending_invitation(alliance, pk)
    try:
        invitation_resend(invitation=invitation, link_for=_link_builder(request))
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(
            request,
            _("The invitation was sent again to %(email)s. The earlier link no longer works.")
            % {"email": invitation.email},
        )
    return redirect(alliance_url("people", alliance))


@require_POST
@alliance_view("manage_people")
def invitation_revoke_view(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Withdraw a pending invitation."""
    invitation = _pending_invitation(alliance, pk)
    try:
        invitation_revoke(invitation=invitation)
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email},
        )
    return redirect(alliance_url("people", alliance))


def _membership(alliance: Alliance, pk: int):
    membership = membership_for_admin(alliance=alliance, pk=pk)
    if membership is None:
        raise Http404
    return membership


@require_http_methods(["GET", "POST"])
@alliance_view("manage_people")
def membership_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Change a person's role and organisation."""
    membership = _membership(alliance, pk)
    form = MembershipForm(
        request.POST or None,
        alliance=alliance,
        initial={"role": membership.role, "organisation": membership.organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership_update(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s's role and organisation were saved.")
                % {"name": membership.user.get_full_name()},
            )
            return redirect(alliance_url("people", alliance))
    return render(request, "alliance/people/edit.html", {"form": form, "membership": membership})


@require_POST
@alliance_view("manage_people")
def membership_deactivate(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """End a person's access; their history and group seats stay."""
    membership = _membership(alliance, pk)
    try:
        membership_revoke_access(membership=membership)
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(
            request,
            _("%(name)s was deactivated and no longer has access to the alliance.")
            % {"name": membership.user.get_full_name()},
        )
    return redirect(alliance_url("people", alliance))


@require_POST
@alliance_view("manage_people")
def membership_reactivate(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Give a deactivated person their access back, with the role they had."""
    membership = _membership(alliance, pk)
    membership_restore_access(membership=membership)
    messages.success(
        request,
        _("%(name)s was reactivated.") % {"name": membership.user.get_full_name()},
    )
    return redirect(alliance_url("people", alliance))


# --- the directory -------------------------------------------------------------------------


@require_safe
@alliance_view("view_directory")
def directory(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The people of the alliance who agreed to be listed (the secretariat sees everyone)."""
    return render(
        request,
        "alliance/people/directory.html",
        {
            "people": directory_list(alliance=alliance, viewer=request.membership),
            "is_secretariat": "manage_people" in capabilities_of(request.membership),
            "my_membership": request.membership,
        },
    )


@require_POST
@alliance_view("view_directory")
def directory_listing(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The logged-in person's own consent to be shown in the directory."""
    form = DirectoryListingForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    is_listed = form.cleaned_data.get("is_listed", False)
    membership_set_directory_listing(membership=request.membership, is_listed=is_listed)
    if is_listed:
        messages.success(request, _("You are now shown in the directory."))
    else:
        messages.success(request, _("You are no longer shown in the directory."))
    return redirect(alliance_url("directory", alliance))


# --- the steering group --------------------------------------------------------------------


@require_safe
@alliance_view("view_steering")
def steering(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The steering group's seats and composition; warnings for the secretariat and chairs."""
    composition = steering_composition(alliance=alliance)
    capabilities = capabilities_of(request.membership)
    return render(
        request,
        "alliance/steering/steering.html",
        {
            "steering": composition,
            "can_manage": "manage_steering" in capabilities,
            "show_warnings": steering_warnings_visible_to(
                user=request.user, membership=request.membership, composition=composition
            ),
        },
    )


@require_POST
@alliance_view("manage_steering")
def steering_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Create the alliance's steering group (once)."""
    existed = steering_group_for(alliance=alliance) is not None
    steering_group_create(alliance=alliance)
    if existed:
        messages.info(request, _("The alliance already has a steering group."))
    else:
        messages.success(request, _("The steering group was created. Add its seats."))
    return redirect(alliance_url("steering", alliance))


def _steering_group_or_404(alliance: Alliance):
    group = steering_group_for(alliance=alliance)
    if group is None:
        raise Http404
    return group


def _seat_form_view(request: HttpRequest, alliance: Alliance, seat: GroupMember | None):
    group = _steering_group_or_404(alliance) if seat is None else seat.group
    form = SteeringSeatForm(request.POST or None, alliance=alliance, seat=seat)
    if request.method == "POST" and form.is_valid():
        try:
            saved = steering_seat_save(group=group, seat=seat, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The seat of %(name)s was saved.") % {"name": saved.user.get_full_name()},
            )
            return redirect(alliance_url("steering", alliance))
    return render(
        request, "alliance/steering/seat_form.html", {"form": form, "seat": seat, "group": group}
    )


def _seat(alliance: Alliance, pk: int) -> GroupMember:
    seat = (
        GroupMember.objects.filter(pk=pk, group__alliance=alliance, group__kind="steering")
        .select_related("group", "user", "organisation")
        .first()
    )
    if seat is None:
        raise Http404
    return seat


@require_http_methods(["GET", "POST"])
@alliance_view("manage_steering")
def steering_seat_new(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Add a seat to the steering group."""
    return _seat_form_view(request, alliance, None)


@require_http_methods(["GET", "POST"])
@alliance_view("manage_steering")
def steering_seat_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Change a seat of the steering group."""
    return _seat_form_view(request, alliance, _seat(alliance, pk))


@require_POST
@alliance_view("manage_steering")
def steering_seat_end_view(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """End a seat's term today; the seat stays listed with its end date."""
    seat = _seat(alliance, pk)
    steering_seat_end(seat=seat)
    messages.success(
        request,
        _("The term of %(name)s has ended (last day %(date)s).")
        % {
            "name": seat.user.get_full_name(),
            "date": date_format(seat.term_end, "SHORT_DATE_FORMAT"),
        },
    )
    return redirect(alliance_url("steering", alliance))


# --- the audit history ---------------------------------------------------------------------


@require_safe
@alliance_view("view_history")
def history(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Who changed what in the agenda, partners, memberships, invitations and seats."""
    kind = request.GET.get("kind") or None
    if kind not in HISTORY_KIND_KEYS:
        kind = None
    page = history_page(alliance=alliance, kind=kind, page=request.GET.get("page") or 1)
    return render(
        request,
        "alliance/people/history.html",
        {
            "page_obj": page,
            "kinds": HISTORY_KINDS,
            "kind": kind,
            "query": f"kind={kind}&" if kind else "",
        },
    )
