"""What the alliance's views answer with: URLs inside an alliance, and a service's validation
errors placed on the form that was submitted."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliance.models import Alliance


def alliance_url(name: str, alliance: Alliance, **kwargs) -> str:
    """The URL of an `alliance:` route of this alliance."""
    return reverse(f"alliance:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields where it has them."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
