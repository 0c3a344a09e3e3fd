"""The texts a young person (or their parent or guardian) agrees to, with their versions.

A consent records the version of the text that was shown. When a text changes, give it a new
version and keep the old one here, so that every recorded consent can still be read as it was
shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import ConsentPurpose, LegalBasis


@dataclass(frozen=True)
class ConsentText:
    version: str
    text: object  # a lazy translation


TEXTS: dict[tuple[str, str], dict[str, ConsentText]] = {
    (ConsentPurpose.CONTACT, LegalBasis.CONSENT): {
        "contact-1": ConsentText(
            "contact-1",
            _(
                "I agree that the alliance keeps my email address to answer this input. It is "
                "used for nothing else, and it is deleted when my input is closed, or after the "
                "retention period at the latest. I can withdraw my consent at any time."
            ),
        ),
    },
    (ConsentPurpose.CONTACT, LegalBasis.PUBLIC_TASK): {
        "contact-task-1": ConsentText(
            "contact-task-1",
            _(
                "I want an answer by email. The alliance keeps my email address only to answer "
                "this input, and deletes it when my input is closed, or after the retention "
                "period at the latest. I can have it deleted at any time."
            ),
        ),
    },
    (ConsentPurpose.ACCOUNT, LegalBasis.CONSENT): {
        "account-1": ConsentText(
            "account-1",
            _(
                "I agree that the alliance keeps an account with my email address, so I can see "
                "all my inputs in one place. I can withdraw my consent and delete the account at "
                "any time."
            ),
        ),
    },
    (ConsentPurpose.ACCOUNT, LegalBasis.PUBLIC_TASK): {
        "account-task-1": ConsentText(
            "account-task-1",
            _(
                "I want an account with my email address, so I can see all my inputs in one "
                "place. I can delete the account at any time."
            ),
        ),
    },
}

# The version shown now for each purpose and legal basis.
CURRENT: dict[tuple[str, str], str] = {
    (ConsentPurpose.CONTACT, LegalBasis.CONSENT): "contact-1",
    (ConsentPurpose.CONTACT, LegalBasis.PUBLIC_TASK): "contact-task-1",
    (ConsentPurpose.ACCOUNT, LegalBasis.CONSENT): "account-1",
    (ConsentPurpose.ACCOUNT, LegalBasis.PUBLIC_TASK): "account-task-1",
}


def consent_text_current(*, purpose: str, legal_basis: str) -> ConsentText:
    """The text shown now for the purpose under the legal basis."""
    key = (purpose, legal_basis)
    return TEXTS[key][CURRENT[key]]


def consent_text_of(*, purpose: str, legal_basis: str, version: str) -> ConsentText | None:
    """The text of a recorded consent, as it was shown; None for an unknown version."""
    return TEXTS.get((purpose, legal_basis), {}).get(version)
