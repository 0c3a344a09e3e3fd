"""Placeholder views, replaced as the pages are built."""

from django.http import Http404


def moderation_queue(request, alliance_slug, *args, **kwargs):
    raise Http404


def moderate(request, alliance_slug, *args, **kwargs):
    raise Http404


def report_resolve(request, alliance_slug, *args, **kwargs):
    raise Http404


def panel(request, alliance_slug, *args, **kwargs):
    raise Http404


def moderator_add(request, alliance_slug, *args, **kwargs):
    raise Http404


def moderator_remove(request, alliance_slug, *args, **kwargs):
    raise Http404


def settings_edit(request, alliance_slug, *args, **kwargs):
    raise Http404
