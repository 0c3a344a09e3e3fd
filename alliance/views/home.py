"""The landing page, the chooser after login, an alliance's home by role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from alliance.access import alliance_view
from alliance.models import Alliance, Role
from alliance.permissions import capabilities_of
from alliance.security import mfa_enabled_for
from alliance.selectors import (
    alliance_list_public,
    membership_list_for_user,
    organisation_list,
    role_counts,
    sector_counts,
)
from alliance.selectors_agenda import agenda_public
from alliance.selectors_people import steering_warnings_visible_to
from workgroups.selectors import (
    steering_composition,
    workgroup_list_for_member,
    workgroup_list_visible_to,
)


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    """The public alliances of this deployment, and the person's own if logged in."""
    return render(
        request,
        "alliance/landing.html",
        {
            "public_alliances": alliance_list_public(),
            "my_memberships": membership_list_for_user(user=request.user),
        },
    )


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a person lands after login: their alliance, or a choice between several."""
    memberships = list(membership_list_for_user(user=request.user))
    if len(memberships) == 1:
        return redirect(memberships[0].alliance)
    return render(request, "alliance/choose.html", {"memberships": memberships})


HOME_TEMPLATES = {
    Role.SECRETARIAT: "alliance/home_secretariat.html",
    Role.STEERING: "alliance/home_steering.html",
    Role.COORDINATOR: "alliance/home_coordinator.html",
    Role.MEMBER: "alliance/home_member.html",
    Role.YOUTH: "alliance/home_youth.html",
}


@require_safe
@alliance_view("view_home", allow_public=True)
def alliance_home(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The alliance's home: the public page for visitors, a role's own overview for members."""
    membership = request.membership
    context = {
        "organisations": organisation_list(alliance=alliance),
    }
    if membership is None:
        return render(request, "alliance/home_public.html", context)
    context["capabilities"] = capabilities_of(membership)
    # Members read the agenda as it was last published, like the public and the agenda page.
    published = agenda_public(alliance=alliance)
    context["published_agenda"] = published
    context["focus_areas"] = published.focus_areas if published else []
    context["my_groups"] = workgroup_list_for_member(user=request.user, alliance=alliance)
    if membership.role in (Role.SECRETARIAT, Role.STEERING):
        steering = steering_composition(alliance=alliance)
        context["steering"] = steering
        context["show_steering_warnings"] = steering_warnings_visible_to(
            user=request.user, membership=membership, composition=steering
        )
    if membership.role == Role.SECRETARIAT:
        context.update(
            role_counts=role_counts(alliance=alliance),
            sector_counts=sector_counts(alliance=alliance),
            groups=workgroup_list_visible_to(user=request.user, membership=membership),
            mfa_enabled=mfa_enabled_for(request.user),
        )
    elif membership.role == Role.STEERING:
        context["groups"] = workgroup_list_visible_to(user=request.user, membership=membership)
    return render(request, HOME_TEMPLATES[membership.role], context)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice: what the platform stores about whom, why, for how long."""
    return render(request, "alliance/privacy.html")
