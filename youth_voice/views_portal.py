"""Placeholder views, replaced as the pages are built."""

from django.http import Http404


def portal_home(request, alliance_slug, *args, **kwargs):
    raise Http404


def input_create(request, alliance_slug, *args, **kwargs):
    raise Http404


def input_thanks(request, alliance_slug, *args, **kwargs):
    raise Http404


def follow(request, alliance_slug, *args, **kwargs):
    raise Http404


def follow_link(request, alliance_slug, *args, **kwargs):
    raise Http404


def follow_consent_withdraw(request, alliance_slug, *args, **kwargs):
    raise Http404


def follow_export(request, alliance_slug, *args, **kwargs):
    raise Http404


def follow_erase(request, alliance_slug, *args, **kwargs):
    raise Http404


def guardian_confirm(request, alliance_slug, *args, **kwargs):
    raise Http404


def privacy(request, alliance_slug, *args, **kwargs):
    raise Http404
