"""factory_boy factories for every model. Later issues add theirs here."""

from __future__ import annotations

import factory
from django.utils.text import slugify

from alliance.models import Alliance, FocusArea, Membership, Organisation, Role, Sector, User
from workgroups.models import GroupKind, GroupMember, GroupRole, WorkGroup

TEST_PASSWORD = "A-test-password-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="da_DK")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    name = factory.Sequence(lambda n: f"Alliance {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    municipality = "Kalundborg"
    vision = "All young people have hope and dreams for the future."
    is_public = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    alliance = factory.SubFactory(AllianceFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.CIVIL_SOCIETY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    alliance = factory.SubFactory(AllianceFactory)
    role = Role.MEMBER


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    alliance = factory.SubFactory(AllianceFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Focus area {n}")


class WorkGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkGroup

    alliance = factory.SubFactory(AllianceFactory)
    kind = GroupKind.WORKING
    name = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class GroupMemberFactory(factory.django.DjangoModelFactory):
    """A seat created directly; use workgroups.services.group_member_add to get the object
    permissions a real seat grants."""

    class Meta:
        model = GroupMember

    group = factory.SubFactory(WorkGroupFactory)
    user = factory.SubFactory(UserFactory)
    role = GroupRole.MEMBER


# --- common agenda (goals) ---
class GoalFactory(factory.django.DjangoModelFactory):
    """A goal; pass focus_area (its alliance is taken from it)."""

    class Meta:
        model = "alliance.Goal"

    focus_area = factory.SubFactory(FocusAreaFactory)
    alliance = factory.LazyAttribute(lambda o: o.focus_area.alliance)
    title = factory.Sequence(lambda n: f"Goal {n}")
    target_year = 2030
    position = 1


# --- end common agenda ---


# --- people area: invitations ---------------------------------------------------------------
import datetime  # noqa: E402
import hashlib  # noqa: E402

from django.utils import timezone  # noqa: E402


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation whose link token is `token` (only its sha256 is stored)."""

    class Meta:
        model = "alliance.Invitation"
        exclude = ("token",)

    alliance = factory.SubFactory(AllianceFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    full_name = factory.Faker("name", locale="da_DK")
    role = Role.MEMBER
    token = factory.Sequence(lambda n: f"invitation-token-{n}")
    token_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.token.encode()).hexdigest())
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    send_count = 1


# --- end people area ---


# --- partners and commitments ---------------------------------------------------------------
class CommitmentFactory(factory.django.DjangoModelFactory):
    """A draft commitment of an organisation (its alliance is taken from the organisation).
    Goals: `CommitmentFactory(goals=[goal, ...])`."""

    class Meta:
        model = "alliance.Commitment"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    alliance = factory.LazyAttribute(lambda o: o.organisation.alliance)
    hours_per_year = 100

    @factory.post_generation
    def goals(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.goals.set(extracted)


# --- end partners and commitments ---
