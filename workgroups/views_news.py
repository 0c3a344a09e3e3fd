"""Placeholder: the routes are fixed; the pages are being built."""

from django.http import Http404


def news_list(request, *args, **kwargs):
    raise Http404


def news_create(request, *args, **kwargs):
    raise Http404


def news_detail(request, *args, **kwargs):
    raise Http404


def news_edit(request, *args, **kwargs):
    raise Http404


def news_withdraw(request, *args, **kwargs):
    raise Http404


def news_comment_add(request, *args, **kwargs):
    raise Http404


def news_comment_remove(request, *args, **kwargs):
    raise Http404
