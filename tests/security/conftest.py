"""Fixtures of the security tests."""

from tests.security.db_writes import write_recorder

__all__ = ["write_recorder"]
