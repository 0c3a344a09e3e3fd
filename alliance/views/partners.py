"""The partner register and each partner's commitment (partnerskabsaftale): read, edit, send for
signature, sign.

Every partner page is routed under `view_partners` so that a partner is looked up within the
alliance first (another alliance's partner is a 404 for everyone); the finer capability is then
checked against the known partner (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import alliance_view
from alliance.forms_partners import CommitmentForm, PartnerForm, SectorFilterForm, SignForm
from alliance.models import Alliance, CommitmentStatus, Organisation
from alliance.permissions import has_capability
from alliance.selectors_partners import (
    can_view_commitments,
    commitment_of,
    commitments_awaiting_signature_of,
    partner_get,
    partner_list,
    signature_get,
    signature_list,
)
from alliance.services.partners import (
    ORGANISATION_FIELDS,
    commitment_create,
    commitment_fingerprint,
    commitment_send_for_signature,
    commitment_sign,
    commitment_update,
    partner_create,
    partner_update,
)
from alliance.views.responses import add_service_errors


def _partner_or_404(request: HttpRequest, alliance: Alliance, pk: int) -> Organisation:
    partner = partner_get(alliance=alliance, membership=request.membership, pk=pk)
    if partner is None:
        raise Http404
    return partner


def _require_manage(request: HttpRequest) -> None:
    if not has_capability(request.membership, "manage_partners"):
        raise PermissionDenied


def _detail_url(alliance: Alliance, partner: Organisation) -> str:
    return reverse(
        "alliance:partner_detail", kwargs={"alliance_slug": alliance.slug, "pk": partner.pk}
    )


def _data(request: HttpRequest):
    """The POST data to bind a form to; None on GET. (An empty POST is still a submission.)"""
    return request.POST if request.method == "POST" else None


@require_safe
@alliance_view("view_partners")
def partners(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The partner register by sector, with each commitment's status and contribution."""
    filter_form = SectorFilterForm(request.GET or None)
    sector = filter_form.cleaned_data["sector"] if filter_form.is_valid() else None
    return render(
        request,
        "alliance/partners/list.html",
        {
            "filter_form": filter_form,
            "sector": sector,
            "groups": partner_list(alliance=alliance, membership=request.membership, sector=sector),
            "can_view_commitments": can_view_commitments(request.membership),
            "can_manage": has_capability(request.membership, "manage_partners"),
            "awaiting_mine": commitments_awaiting_signature_of(
                user=request.user, alliance=alliance
            ),
        },
    )


@require_safe
@alliance_view("view_partners")
def partner_detail(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """One partner: its details, its commitment, its goals, who signs, every signed version."""
    partner = _partner_or_404(request, alliance, pk)
    return _render_detail(request, alliance, partner)


def _render_detail(
    request: HttpRequest,
    alliance: Alliance,
    partner: Organisation,
    *,
    sign_form: SignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    commitment = commitment_of(partner)
    is_representative = commitment is not None and commitment.representative_id == request.user.pk
    show_commitment = commitment is not None and (
        can_view_commitments(request.membership) or is_representative
    )
    signatures = signature_list(commitment=commitment) if show_commitment else []
    can_sign = is_representative and commitment.status == CommitmentStatus.AWAITING_SIGNATURE
    if can_sign and sign_form is None:
        sign_form = SignForm(
            organisation=partner, initial={"fingerprint": commitment_fingerprint(commitment)}
        )
    return render(
        request,
        "alliance/partners/detail.html",
        {
            "partner": partner,
            "commitment": commitment if show_commitment else None,
            "signatures": signatures,
            "changed_after_signing": bool(
                show_commitment
                and commitment.status == CommitmentStatus.AWAITING_SIGNATURE
                and signatures
            ),
            "can_view_commitments": can_view_commitments(request.membership),
            "can_manage": has_capability(request.membership, "manage_partners"),
            "is_representative": is_representative,
            "sign_form": sign_form if can_sign else None,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_partners")
def partner_create_view(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The secretariat adds a partner organisation."""
    form = PartnerForm(_data(request), alliance=alliance, instance=Organisation(alliance=alliance))
    if request.method == "POST" and form.is_valid():
        try:
            partner = partner_create(alliance=alliance, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The partner was added."))
            return redirect(_detail_url(alliance, partner))
    return render(request, "alliance/partners/partner_form.html", {"form": form, "partner": None})


@require_http_methods(["GET", "POST"])
@alliance_view("view_partners")
def partner_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The secretariat changes a partner organisation's details."""
    partner = _partner_or_404(request, alliance, pk)
    _require_manage(request)
    # Bind to a copy so that a rejected form leaves the page's heading and links unchanged.
    original_name = partner.name
    form = PartnerForm(_data(request), alliance=alliance, instance=partner)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ORGANISATION_FIELDS}
        partner.refresh_from_db()
        try:
            partner_update(organisation=partner, user=request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The partner's details were saved."))
            return redirect(_detail_url(alliance, partner))
    partner.name = original_name
    return render(
        request, "alliance/partners/partner_form.html", {"form": form, "partner": partner}
    )


@require_http_methods(["GET", "POST"])
@alliance_view("view_partners")
def commitment_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The secretariat writes a partner's commitment (a draft at first)."""
    partner = _partner_or_404(request, alliance, pk)
    _require_manage(request)
    commitment = commitment_of(partner)
    form = CommitmentForm(
        _data(request),
        organisation=partner,
        initial=CommitmentForm.initial_for(commitment),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if commitment is None:
                commitment_create(organisation=partner, user=request.user, **form.cleaned_data)
                messages.success(request, _("The commitment was saved as a draft."))
            else:
                was_signed = commitment.status == CommitmentStatus.SIGNED
                commitment = commitment_update(
                    commitment=commitment, user=request.user, **form.cleaned_data
                )
                if was_signed and commitment.status == CommitmentStatus.AWAITING_SIGNATURE:
                    messages.warning(
                        request,
                        _(
                            "The commitment was changed after it was signed. It now waits for a "
                            "new signature; the signed text of the earlier version is kept."
                        ),
                    )
                else:
                    messages.success(request, _("The commitment was saved."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_detail_url(alliance, partner))
    return render(
        request,
        "alliance/partners/commitment_form.html",
        {"form": form, "partner": partner, "commitment": commitment},
    )


@require_POST
@alliance_view("view_partners")
def commitment_send(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The secretariat sends a draft commitment to its representative for signature."""
    partner = _partner_or_404(request, alliance, pk)
    _require_manage(request)
    commitment = commitment_of(partner)
    if commitment is None:
        messages.error(request, _("Write the commitment before sending it for signature."))
        return redirect(_detail_url(alliance, partner))
    try:
        commitment_send_for_signature(commitment=commitment, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("The commitment was sent to %(name)s for signature.")
            % {"name": commitment.representative.get_full_name()},
        )
    return redirect(_detail_url(alliance, partner))


@require_POST
@alliance_view("view_partners")
def commitment_sign_view(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The representative signs the commitment with their own login."""
    partner = _partner_or_404(request, alliance, pk)
    commitment = commitment_of(partner)
    if commitment is None or commitment.representative_id != request.user.pk:
        raise PermissionDenied
    if commitment.status != CommitmentStatus.AWAITING_SIGNATURE:
        messages.error(request, _("This commitment is not waiting for a signature."))
        return redirect(_detail_url(alliance, partner))
    form = SignForm(request.POST, organisation=partner)
    if form.is_valid():
        try:
            commitment_sign(
                commitment=commitment,
                user=request.user,
                fingerprint=form.cleaned_data["fingerprint"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Thank you. The commitment is signed."))
        return redirect(_detail_url(alliance, partner))
    return _render_detail(request, alliance, partner, sign_form=form, status=400)


@require_safe
@alliance_view("view_partners")
def signature_detail(
    request: HttpRequest, alliance: Alliance, pk: int, version: int
) -> HttpResponse:
    """The exact text a representative signed, for one version of a commitment."""
    partner = _partner_or_404(request, alliance, pk)
    commitment = commitment_of(partner)
    is_representative = commitment is not None and commitment.representative_id == request.user.pk
    if not (can_view_commitments(request.membership) or is_representative):
        raise PermissionDenied
    signature = signature_get(commitment=commitment, version=version) if commitment else None
    if signature is None:
        raise Http404
    return render(
        request,
        "alliance/partners/signature.html",
        {"partner": partner, "commitment": commitment, "signature": signature},
    )
