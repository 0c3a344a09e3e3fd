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
