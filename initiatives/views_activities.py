"""Placeholder: the routes are fixed; the pages are being built."""

from django.http import Http404


def activity_list(request, *args, **kwargs):
    raise Http404


def activity_create(request, *args, **kwargs):
    raise Http404


def activity_calendar(request, *args, **kwargs):
    raise Http404


def activity_join_list(request, *args, **kwargs):
    raise Http404


def area_list(request, *args, **kwargs):
    raise Http404


def activity_detail(request, *args, **kwargs):
    raise Http404


def activity_edit(request, *args, **kwargs):
    raise Http404


def log_add(request, *args, **kwargs):
    raise Http404


def log_edit(request, *args, **kwargs):
    raise Http404


def log_delete(request, *args, **kwargs):
    raise Http404
