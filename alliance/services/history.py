"""Who made a change, for the audit history (django-simple-history)."""

from __future__ import annotations


def as_actor(instance, user) -> None:
    """Record `user` as the author of the next save of `instance`. Without a user (a command,
    a task) nothing is set, and simple_history falls back to the request's user, if any."""
    if user is not None:
        instance._history_user = user
