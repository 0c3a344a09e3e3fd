"""Accepting an invitation from the emailed link: /invitation/<token>/ (open to anyone).

An unusable link (unknown, expired, used, withdrawn) gets a friendly page with 404 or 410. A
valid one: a new person sets a password and lands in the alliance; a person with an account
joins with one click once logged in as that account.
"""

from __future__ import annotations

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alliance.forms_people import AcceptInvitationForm
from alliance.services.invitations import (
    InvitationState,
    account_for_invitation,
    invitation_accept_existing_user,
    invitation_accept_new_user,
    invitation_lookup,
)

STATUS_OF = {
    InvitationState.UNKNOWN: 404,
    InvitationState.EXPIRED: 410,
    InvitationState.USED: 410,
    InvitationState.REVOKED: 410,
}
TEMPLATE = "alliance/people/invitation_accept.html"


def _unusable(request: HttpRequest, lookup) -> HttpResponse:
    return render(
        request,
        "alliance/people/invitation_unusable.html",
        {"state": lookup.state.value, "invitation": lookup.invitation},
        status=STATUS_OF[lookup.state],
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    lookup = invitation_lookup(token=token)
    if lookup.state is not InvitationState.VALID:
        return _unusable(request, lookup)
    invitation = lookup.invitation
    account = account_for_invitation(invitation=invitation)
    context = {"invitation": invitation, "invited_alliance": invitation.alliance}

    if request.user.is_authenticated and (account is None or request.user.pk != account.pk):
        # Logged in as someone else: this link is not for them.
        return render(
            request,
            TEMPLATE,
            {**context, "step": "other_account"},
            status=403 if request.method == "POST" else 200,
        )

    if account is None:
        form = AcceptInvitationForm(
            request.POST or None, email=invitation.email, full_name=invitation.full_name
        )
        if request.method == "POST" and form.is_valid():
            try:
                membership = invitation_accept_new_user(
                    invitation=invitation, password=form.cleaned_data["password1"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Welcome to %(alliance)s.") % {"alliance": invitation.alliance.name},
                )
                return perform_login(
                    request,
                    membership.user,
                    redirect_url=invitation.alliance.get_absolute_url(),
                )
        return render(request, TEMPLATE, {**context, "step": "new_account", "form": form})

    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            TEMPLATE,
            {**context, "step": "log_in", "login_next": request.get_full_path()},
        )

    # Logged in as the invited account.
    if request.method == "POST":
        try:
            invitation_accept_existing_user(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(request.get_full_path())
        messages.success(
            request, _("You joined %(alliance)s.") % {"alliance": invitation.alliance.name}
        )
        return redirect(invitation.alliance)
    return render(request, TEMPLATE, {**context, "step": "join"})
