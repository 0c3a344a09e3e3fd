"""`manage.py seed_demo`: create or update the demo alliance and its five demo logins.

The content lives in `backbone/demo_data.py`. Every row is found by its natural key (slug,
organisation name, focus area number, group slug, email), so running the command again
updates the demo instead of duplicating it. Everything happens in one transaction.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone

from alliance.models import Alliance, Commitment, FocusArea, Organisation, Role, User
from alliance.services import membership_grant, user_create
from alliance.services.agenda import agenda_publish, agenda_texts_update, goal_add
from alliance.services.partners import (
    commitment_create,
    commitment_send_for_signature,
    commitment_sign,
)
from backbone import demo_data
from backbone.demo_healthcheck import seed_health_check
from backbone.demo_initiatives import seed_initiatives
from backbone.demo_measurement import seed_measurement
from backbone.demo_workgroups import seed_workgroups
from backbone.demo_youth import seed_youth
from backbone.demo_youth_surveys import seed_youth_surveys
from workgroups.models import WorkGroup
from workgroups.services import group_member_add


class Command(BaseCommand):
    help = "Create or update the demo alliance (Ung & Sund Kalundborg) and its five demo logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-demo-users",
            action="store_true",
            help="Create the five demo logins, whose password is published, although DEBUG is "
            "off. Only for a deployment that exists to show the demo.",
        )
        parser.add_argument("--quiet", action="store_true", help="Print nothing on success.")

    def handle(self, *args, allow_demo_users: bool = False, quiet: bool = False, **options):
        if not (settings.DEBUG or allow_demo_users):
            raise CommandError(
                "seed_demo creates five logins with a published password. It runs only with "
                "DEBUG=true, or with --allow-demo-users on a deployment meant for demos. "
                "Nothing was written."
            )
        alliance = seed_demo()
        if not quiet:
            self._print_logins(alliance)

    def _print_logins(self, alliance: Alliance) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo alliance “{alliance.name}” is ready: {alliance.organisations.count()} "
                f"organisations, {alliance.focus_areas.count()} focus areas, "
                f"{alliance.groups.count()} groups, {alliance.memberships.count()} people."
            )
        )
        self.stdout.write(f"\nOpen {demo_data.DEMO_URL} and log in as one of these:\n")
        for key, email in demo_data.DEMO_LOGINS.items():
            person = demo_data.PEOPLE[key]
            role = Role(person["role"]).label
            self.stdout.write(f"  {email:<26} {role:<28} {person['full_name']}")
        self.stdout.write(f"\nPassword for all five: {demo_data.DEMO_PASSWORD}\n")


@transaction.atomic
def seed_demo() -> Alliance:
    """Create or update the demo alliance with its organisations, people and groups."""
    alliance = _upsert(
        Alliance, lookup={"slug": demo_data.ALLIANCE["slug"]}, values=demo_data.ALLIANCE
    )
    focus_areas = {
        spec["position"]: _upsert(
            FocusArea,
            lookup={"alliance": alliance, "position": spec["position"]},
            values={"title": spec["title"], "description": spec["description"]},
        )
        for spec in demo_data.FOCUS_AREAS
    }
    organisations = {
        spec["name"]: _upsert(
            Organisation,
            lookup={"alliance": alliance, "name": spec["name"]},
            values={
                "sector": spec["sector"],
                "cvr": spec.get("cvr", ""),
                "website": spec.get("website", ""),
                "is_listed_publicly": spec["name"] in demo_data.LISTED_PUBLICLY,
            },
        )
        for spec in demo_data.ORGANISATIONS
    }
    people = {}
    for key, spec in demo_data.PEOPLE.items():
        login_email = demo_data.DEMO_LOGINS.get(key)
        user = _person(
            email=login_email or demo_data.demo_email(spec["full_name"]),
            full_name=spec["full_name"],
            password=demo_data.DEMO_PASSWORD if login_email else None,
        )
        if login_email:
            _verified_primary_email(user=user)
        membership_grant(
            user=user,
            alliance=alliance,
            role=spec["role"],
            organisation=organisations.get(spec["organisation"]),
        )
        people[key] = user
    for spec in demo_data.GROUPS:
        group = _upsert(
            WorkGroup,
            lookup={"alliance": alliance, "slug": spec["slug"]},
            values={
                "kind": spec["kind"],
                "name": spec["name"],
                "purpose": spec["purpose"],
                "is_archived": False,
            },
        )
        group.focus_areas.set([focus_areas[position] for position in spec["focus_areas"]])
        group.lead_organisations.set([organisations[name] for name in spec["lead_organisations"]])
        for seat in spec["seats"]:
            group_member_add(
                group=group,
                user=people[seat["person"]],
                role=seat["role"],
                organisation=organisations.get(demo_data.PEOPLE[seat["person"]]["organisation"]),
                is_youth_representative=seat["is_youth_representative"],
                is_voting=seat["is_voting"],
                term_start=seat["term_start"],
                term_end=seat["term_end"],
            )
    _seed_agenda(alliance=alliance, focus_areas=focus_areas, author=people["lars"])
    _seed_commitments(alliance=alliance, organisations=organisations, people=people)
    seed_measurement(
        alliance=alliance, organisations=organisations, people=people, focus_areas=focus_areas
    )
    seed_workgroups(alliance=alliance, people=people)
    seed_initiatives(alliance=alliance, organisations=organisations, people=people)
    seed_youth(alliance, now=timezone.now())
    seed_youth_surveys(alliance, now=timezone.now())
    seed_health_check(alliance, now=timezone.now())
    return alliance


def _seed_commitments(*, alliance: Alliance, organisations: dict, people: dict) -> None:
    """Partners' commitments: most signed by their representative, Kalundborg Kommune's
    waiting for the chair's signature. A partner that already has one is left as it is."""
    goals = list(alliance.goals.order_by("focus_area__position", "position", "id"))
    by_title = {goal.title: goal for goal in goals}
    ordered = [by_title[spec["title"]] for spec in demo_data.GOALS]
    secretariat = people["lars"]
    for spec in demo_data.COMMITMENTS:
        organisation = organisations[spec["organisation"]]
        if Commitment.objects.filter(organisation=organisation).exists():
            continue
        chosen = goals if spec["goals"] == "all" else [ordered[n - 1] for n in spec["goals"]]
        representative = people[spec["representative"]]
        commitment = commitment_create(
            organisation=organisation,
            user=secretariat,
            hours_per_year=spec.get("hours_per_year"),
            money_dkk=spec.get("money_dkk"),
            venues=spec.get("venues", ""),
            data=spec.get("data", ""),
            activities=spec.get("activities", ""),
            goals=chosen,
            representative=representative,
        )
        commitment_send_for_signature(commitment=commitment, user=secretariat)
        if spec["sign"]:
            commitment_sign(commitment=commitment, user=representative)


def _seed_agenda(*, alliance: Alliance, focus_areas: dict, author: User) -> None:
    """The common agenda with its goals, published twice: version 1 without the equity goal
    and with the first vision, version 2 as it stands. Only when no version exists yet."""
    if alliance.agenda_versions.exists():
        return
    final_vision = alliance.vision
    texts = {
        "problem_understanding": demo_data.PROBLEM_UNDERSTANDING,
        "guiding_principles": demo_data.GUIDING_PRINCIPLES,
        "updated_by": author,
    }
    agenda_texts_update(alliance=alliance, vision=demo_data.VISION_V1, **texts)
    for version, note in enumerate(demo_data.AGENDA_VERSION_NOTES, start=1):
        for goal in demo_data.GOALS:
            if (goal["title"] in demo_data.GOALS_V1) == (version == 1):
                goal_add(
                    alliance=alliance,
                    focus_area=focus_areas[goal["focus_area"]],
                    title=goal["title"],
                    description=goal["description"],
                    target_year=goal["target_year"],
                    added_by=author,
                )
        agenda_publish(alliance=alliance, published_by=author, note=note)
        alliance.refresh_from_db()
        if version == 1:
            agenda_texts_update(alliance=alliance, vision=final_vision, **texts)


def _upsert(model: type[models.Model], *, lookup: dict[str, Any], values: dict[str, Any]):
    """The row with these natural-key values, created or updated to hold `values`."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    if obj.pk is not None and all(getattr(obj, f) == v for f, v in values.items()):
        return obj  # unchanged: no write, no entry in the audit history
    for field, value in values.items():
        setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    return obj


def _person(*, email: str, full_name: str, password: str | None) -> User:
    """A demo person; with no password, one who cannot log in (also when they existed)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        return user_create(email=email, full_name=full_name, password=password)
    user.full_name = full_name
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save(update_fields=["full_name", "password"])
    return user


def _verified_primary_email(*, user: User) -> None:
    """Let a demo login in under mandatory email verification."""
    EmailAddress.objects.filter(user=user).exclude(email=user.email).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
