"""Placeholder: the routes are fixed; the pages are being built."""

from django.http import Http404


def calendar_settings(request, *args, **kwargs):
    raise Http404


def calendar_reset(request, *args, **kwargs):
    raise Http404


def calendar_feed(request, *args, **kwargs):
    raise Http404


def meeting_ics(request, *args, **kwargs):
    raise Http404
