"""Placeholder views, replaced as the pages are built."""

from django.http import Http404


def staff_list(request, alliance_slug, *args, **kwargs):
    raise Http404


def overdue(request, alliance_slug, *args, **kwargs):
    raise Http404


def staff_detail(request, alliance_slug, *args, **kwargs):
    raise Http404


def route(request, alliance_slug, *args, **kwargs):
    raise Http404


def answer(request, alliance_slug, *args, **kwargs):
    raise Http404


def agenda_add(request, alliance_slug, *args, **kwargs):
    raise Http404
