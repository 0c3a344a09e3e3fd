"""Placeholder views, replaced as the pages are built."""

from django.http import Http404


def published_list(request, alliance_slug, *args, **kwargs):
    raise Http404


def published_detail(request, alliance_slug, *args, **kwargs):
    raise Http404


def support(request, alliance_slug, *args, **kwargs):
    raise Http404


def report(request, alliance_slug, *args, **kwargs):
    raise Http404


def you_said_we_did(request, alliance_slug, *args, **kwargs):
    raise Http404


def account_create(request, alliance_slug, *args, **kwargs):
    raise Http404


def my_data(request, alliance_slug, *args, **kwargs):
    raise Http404


def my_data_export(request, alliance_slug, *args, **kwargs):
    raise Http404


def my_data_erase(request, alliance_slug, *args, **kwargs):
    raise Http404


def my_consent_withdraw(request, alliance_slug, *args, **kwargs):
    raise Http404
