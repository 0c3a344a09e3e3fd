"""Placeholder views, replaced as the pages are built."""

from django.http import Http404


def survey_list(request, alliance_slug, *args, **kwargs):
    raise Http404


def survey_answer(request, alliance_slug, *args, **kwargs):
    raise Http404


def survey_thanks(request, alliance_slug, *args, **kwargs):
    raise Http404


def surveys_admin(request, alliance_slug, *args, **kwargs):
    raise Http404


def survey_create(request, alliance_slug, *args, **kwargs):
    raise Http404


def survey_edit(request, alliance_slug, *args, **kwargs):
    raise Http404


def survey_publish(request, alliance_slug, *args, **kwargs):
    raise Http404


def survey_close(request, alliance_slug, *args, **kwargs):
    raise Http404


def survey_results(request, alliance_slug, *args, **kwargs):
    raise Http404


def survey_feed(request, alliance_slug, *args, **kwargs):
    raise Http404
