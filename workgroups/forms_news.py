"""Forms of the news pages: a news item, a comment, the group filter."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import NewsComment, NewsPost, WorkGroup


class NewsFilterForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=WorkGroup.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All news"),
    )

    def __init__(self, *args, groups: QuerySet[WorkGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class NewsPostForm(forms.Form):
    """A news item. The readers are the whole alliance or one of the groups the author may post
    to; the view passes those groups."""

    title = forms.CharField(
        label=_("Title"),
        max_length=NewsPost._meta.get_field("title").max_length,
        widget=forms.TextInput(attrs={"class": "input-width-xl"}),
    )
    body = forms.CharField(
        label=_("Text"),
        help_text=_("Markdown: **bold**, *italic*, lists with a dash, links as [text](https://…)."),
        widget=forms.Textarea(attrs={"rows": 10, "class": "input-width-xl"}),
    )
    group = forms.ModelChoiceField(
        label=_("Who gets the news"),
        queryset=WorkGroup.objects.none(),
        required=False,
        empty_label=_("The whole alliance"),
        help_text=_(
            "News to a group is read by its members, the steering group and the secretariat."
        ),
    )

    def __init__(self, *args, groups: QuerySet[WorkGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()


class NewsCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=NewsComment._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 4, "class": "input-width-xl"}),
    )
