"""Placeholder: the routes are fixed; the pages are being built."""

from django.http import Http404


def my_work(request, *args, **kwargs):
    raise Http404


def action_item_done(request, *args, **kwargs):
    raise Http404


def decisions(request, *args, **kwargs):
    raise Http404
