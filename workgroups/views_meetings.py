"""Placeholder: the routes are fixed; the pages are being built."""

from django.http import Http404


def meeting_create(request, *args, **kwargs):
    raise Http404


def meeting_detail(request, *args, **kwargs):
    raise Http404


def meeting_edit(request, *args, **kwargs):
    raise Http404


def meeting_cancel(request, *args, **kwargs):
    raise Http404


def agenda_edit(request, *args, **kwargs):
    raise Http404


def agenda_item_edit(request, *args, **kwargs):
    raise Http404


def agenda_item_remove(request, *args, **kwargs):
    raise Http404


def attachment_upload(request, *args, **kwargs):
    raise Http404


def attachment_download(request, *args, **kwargs):
    raise Http404


def attachment_remove(request, *args, **kwargs):
    raise Http404


def agenda_publish(request, *args, **kwargs):
    raise Http404


def minutes_edit(request, *args, **kwargs):
    raise Http404


def minutes_publish(request, *args, **kwargs):
    raise Http404


def minutes_correct(request, *args, **kwargs):
    raise Http404


def decision_add(request, *args, **kwargs):
    raise Http404


def action_item_add(request, *args, **kwargs):
    raise Http404
