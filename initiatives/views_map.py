"""Placeholder: the routes are fixed; the pages are being built."""

from django.http import Http404


def reinforcement_map_page(request, *args, **kwargs):
    raise Http404


def map_cell(request, *args, **kwargs):
    raise Http404


def map_export(request, *args, **kwargs):
    raise Http404
