"""Services of the alliance app, one module per area. The membership basics are re-exported."""

from .membership import (
    alliance_create,
    focus_area_create,
    membership_deactivate,
    membership_grant,
    organisation_create,
    user_create,
)

__all__ = [
    "alliance_create",
    "focus_area_create",
    "membership_deactivate",
    "membership_grant",
    "organisation_create",
    "user_create",
]
