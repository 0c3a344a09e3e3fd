"""Data points through their life: save, submit, approve (superseding), return, undo, correct,
and locked periods; recomputes queued after commit and coalesced per indicator."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from alliance import queue
from alliance.models import Role
from measurement import services
from measurement.models import (
    Aggregation,
    DataPoint,
    DataPointStatus,
    Frequency,
    Summary,
    Unit,
)
from measurement.selectors import can_report, indicators_reportable_by, reporting_organisations
from measurement.services import (
    datapoint_approve,
    datapoint_correct,
    datapoint_return,
    datapoint_save,
    datapoint_submit,
    datapoint_unapprove,
    period_lock,
    period_unlock,
)
from measurement.validators import validate_evidence
from tests.factories import (
    AllianceFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import (
    DimensionFactory,
    DimensionValueFactory,
    IndicatorFactory,
)
from workgroups.models import GroupRole
from workgroups.services import group_member_add

pytestmark = pytest.mark.django_db
Y2025 = datetime.date(2025, 1, 1)


@pytest.fixture
def world():
    alliance = AllianceFactory()
    school = OrganisationFactory(alliance=alliance, name="Skolen")
    club = OrganisationFactory(alliance=alliance, name="Klubben")
    own, other = WorkGroupFactory(alliance=alliance), WorkGroupFactory(alliance=alliance)
    coordinator = UserFactory()
    membership = MembershipFactory(
        user=coordinator, alliance=alliance, role=Role.COORDINATOR, organisation=school
    )
    group_member_add(group=own, user=coordinator, role=GroupRole.COORDINATOR, organisation=school)
    club_person = UserFactory()
    MembershipFactory(user=club_person, alliance=alliance, role=Role.MEMBER)
    group_member_add(group=own, user=club_person, organisation=club)
    secretary = UserFactory()
    MembershipFactory(user=secretary, alliance=alliance, role=Role.SECRETARIAT)
    gender = DimensionFactory(alliance=alliance, name="Køn")
    girls = DimensionValueFactory(dimension=gender, label="Piger")
    indicator = IndicatorFactory(alliance=alliance, name="Aktive unge")
    indicator.workgroups.add(own)
    indicator.dimensions.add(gender)
    foreign = IndicatorFactory(alliance=alliance, name="Andet udvalgs tal")
    foreign.workgroups.add(other)
    return {
        "alliance": alliance,
        "school": school,
        "club": club,
        "coordinator": coordinator,
        "membership": membership,
        "secretary": secretary,
        "girls": girls,
        "indicator": indicator,
        "foreign": foreign,
    }


def _save(world, value="10", **kwargs):
    kwargs.setdefault("indicator", world["indicator"])
    kwargs.setdefault("organisation", world["school"])
    kwargs.setdefault("period", Y2025)
    return datapoint_save(
        user=world["coordinator"],
        membership=world["membership"],
        value=Decimal(value),
        **kwargs,
    )


def test_a_coordinator_reports_only_for_the_indicators_of_groups_they_coordinate(world):
    membership = world["membership"]

    assert list(indicators_reportable_by(membership)) == [world["indicator"]]
    assert can_report(membership, world["indicator"])
    assert not can_report(membership, world["foreign"])
    assert set(reporting_organisations(membership, world["indicator"])) == {
        world["school"],
        world["club"],
    }
    with pytest.raises(PermissionDenied):
        _save(world, indicator=world["foreign"])
    assert not DataPoint.objects.exists()


def test_an_organisation_outside_the_coordinators_groups_is_refused(world):
    stranger = OrganisationFactory(alliance=world["alliance"], name="Fremmed")

    with pytest.raises(ValidationError) as error:
        _save(world, organisation=stranger)

    assert "organisation" in error.value.message_dict


def test_saving_the_same_key_twice_updates_the_draft_instead_of_adding_one(world):
    first = _save(world, "10")
    second = _save(world, "12", breakdown=None)

    assert first.pk == second.pk
    assert DataPoint.objects.get().value == Decimal("12")
    assert second.status == DataPointStatus.DRAFT
    assert second.entered_by == world["coordinator"]


def test_the_database_refuses_two_open_values_for_one_key(world):
    _save(world, "10", breakdown=world["girls"])

    with pytest.raises(IntegrityError), transaction.atomic():
        DataPoint.objects.create(
            indicator=world["indicator"],
            period=Y2025,
            organisation=world["school"],
            breakdown=world["girls"],
            value=Decimal(3),
            status=DataPointStatus.SUBMITTED,
        )


def test_a_submitted_value_is_kept_until_returned(world):
    datapoint = _save(world, "10", submit=True)

    assert _save(world, "10", submit=True).pk == datapoint.pk  # the same file again: no change
    with pytest.raises(ValidationError, match="allerede indsendt"):
        _save(world, "11")
    assert DataPoint.objects.get().value == Decimal("10")


def test_approving_a_correction_supersedes_the_old_value_and_keeps_it(
    world, django_capture_on_commit_callbacks, eager_celery
):
    old = _save(world, "10", submit=True)
    with django_capture_on_commit_callbacks(execute=True):
        datapoint_approve(datapoints=[old], user=world["secretary"])
    assert Summary.objects.get(breakdown=None).value == Decimal("10")

    # the same figure again changes nothing; a new figure is a new data point
    assert _save(world, "10", submit=True) is None
    new = _save(world, "14", submit=True)
    assert new.pk != old.pk
    assert list(DataPoint.objects.current()) == [old]  # a pending correction does not count yet

    with django_capture_on_commit_callbacks(execute=True):
        assert datapoint_approve(datapoints=[new], user=world["secretary"]) == 1

    new.refresh_from_db()
    assert new.supersedes == old
    assert list(DataPoint.objects.current()) == [new]
    assert DataPoint.objects.filter(pk=old.pk, status=DataPointStatus.APPROVED).exists()
    assert Summary.objects.get(breakdown=None).value == Decimal("14")


def test_approve_takes_only_submitted_values(world):
    draft = _save(world, "10")
    submitted = _save(world, "5", organisation=world["club"], submit=True)

    approved = datapoint_approve(datapoints=[draft, submitted], user=world["secretary"])

    assert approved == 1
    draft.refresh_from_db()
    assert draft.status == DataPointStatus.DRAFT


def test_return_needs_a_reason_and_the_reporter_can_resubmit(world):
    datapoint = _save(world, "10", submit=True)
    with pytest.raises(ValidationError):
        datapoint_return(datapoint=datapoint, user=world["secretary"], reason="  ")

    datapoint_return(datapoint=datapoint, user=world["secretary"], reason="Tallet er for højt")
    datapoint.refresh_from_db()
    assert datapoint.status == DataPointStatus.RETURNED
    assert datapoint.return_reason == "Tallet er for højt"

    corrected = _save(world, "9")
    assert corrected.pk == datapoint.pk
    datapoint_submit(datapoint=corrected, user=world["coordinator"])
    corrected.refresh_from_db()
    assert corrected.status == DataPointStatus.SUBMITTED
    assert corrected.return_reason == ""


def test_undoing_an_approval_makes_the_superseded_value_count_again(
    world, django_capture_on_commit_callbacks, eager_celery
):
    old = _save(world, "10", submit=True)
    datapoint_approve(datapoints=[old], user=world["secretary"])
    new = _save(world, "20", submit=True)
    datapoint_approve(datapoints=[new], user=world["secretary"])

    with django_capture_on_commit_callbacks(execute=True):
        datapoint_unapprove(datapoint=new, user=world["secretary"], reason="Fejl i tallet")

    new.refresh_from_db()
    assert new.status == DataPointStatus.RETURNED
    assert new.supersedes is None
    assert list(DataPoint.objects.current()) == [old]
    assert Summary.objects.get(breakdown=None).value == Decimal("10")
    with pytest.raises(ValidationError):
        datapoint_unapprove(datapoint=new, user=world["secretary"], reason="igen")


def test_the_secretariat_corrects_an_approved_value_at_once(world):
    old = _save(world, "10", submit=True)
    datapoint_approve(datapoints=[old], user=world["secretary"])

    correction = datapoint_correct(
        datapoint=old, user=world["secretary"], value=Decimal("11"), approve=True
    )

    assert correction.status == DataPointStatus.APPROVED
    assert correction.supersedes == old
    with pytest.raises(ValidationError):
        datapoint_correct(datapoint=old, user=world["secretary"], value=Decimal("12"))


def test_a_locked_period_refuses_entry_and_approval_until_unlocked(world):
    datapoint = _save(world, "10", submit=True)
    period_lock(alliance=world["alliance"], frequency=Frequency.YEARLY, period=Y2025, user=None)

    with pytest.raises(ValidationError, match="er låst"):
        _save(world, "3", organisation=world["club"])
    with pytest.raises(ValidationError, match="er låst"):
        datapoint_approve(datapoints=[datapoint], user=world["secretary"])
    # another period of the same frequency is open
    assert _save(world, "3", period=datetime.date(2026, 1, 1)) is not None

    assert period_unlock(alliance=world["alliance"], frequency=Frequency.YEARLY, period=Y2025)
    assert datapoint_approve(datapoints=[datapoint], user=world["secretary"]) == 1


def test_figures_are_checked_against_the_indicators_unit(world):
    ratio = IndicatorFactory(
        alliance=world["alliance"], unit=Unit.PERCENT, aggregation=Aggregation.RATIO
    )
    with pytest.raises(ValidationError) as error:
        datapoint_save(
            indicator=ratio,
            user=None,
            organisation=world["school"],
            period=Y2025,
            numerator=Decimal(30),
            denominator=Decimal(20),
        )
    assert "numerator" in error.value.message_dict

    with pytest.raises(ValidationError) as error:
        _save(world, "-1")
    assert "value" in error.value.message_dict

    with pytest.raises(ValidationError) as error:
        _save(world, "1", breakdown=DimensionValueFactory())
    assert "breakdown" in error.value.message_dict
    assert not DataPoint.objects.exists()


def test_burst_of_approvals_queues_one_recompute_per_indicator(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    # the broker takes the tasks, which wait their countdown before a worker starts them
    published = []

    def broker_takes(task, *args, countdown=None, **kwargs):
        published.append((task.name, args, countdown))
        return True

    monkeypatch.setattr(queue, "publish_safely", broker_takes)
    points = [
        _save(world, str(n), organisation=org, period=datetime.date(year, 1, 1), submit=True)
        for n, (org, year) in enumerate(
            [(world["school"], 2023), (world["club"], 2023), (world["school"], 2024)], start=1
        )
    ]

    for point in points:  # three approvals, each its own transaction
        with django_capture_on_commit_callbacks(execute=True):
            datapoint_approve(datapoints=[point], user=world["secretary"])

    delay = services.settings.MEASUREMENT_RECOMPUTE_DELAY_SECONDS
    assert published == [
        ("measurement.tasks.indicator_recompute_task", (world["indicator"].pk,), delay)
    ]

    # when the worker starts it, an approval after that queues one more
    services.recompute_mark_clear(world["indicator"].pk)
    late = _save(world, "7", organisation=world["club"], period=datetime.date(2024, 1, 1))
    datapoint_submit(datapoint=late, user=world["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        datapoint_approve(datapoints=[late], user=world["secretary"])
    assert len(published) == 2


def test_a_recompute_is_not_queued_when_the_transaction_rolls_back(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    published = []
    monkeypatch.setattr(queue, "publish_safely", lambda *a, **k: published.append(a))
    datapoint = _save(world, "10", submit=True)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        datapoint_approve(datapoints=[datapoint], user=world["secretary"])
        raise RuntimeError("the request failed after approving")

    assert published == []
    datapoint.refresh_from_db()
    assert datapoint.status == DataPointStatus.SUBMITTED


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("bevis.pdf", b"%PDF-1.7 ...", None),
        ("tal.csv", "køn;antal\npiger;12\n".encode(), None),
        ("bevis.exe", b"MZ\x90\x00", "Vedhæft en PDF"),
        ("bevis.pdf", b"<html>not a pdf</html>", "passer ikke"),
        ("billede.png", b"\xff\xd8\xff\xe0 jpeg bytes", "passer ikke"),
    ],
)
def test_evidence_files_are_checked_by_type_and_content(name, content, error):
    upload = SimpleUploadedFile(name, content)
    if error is None:
        validate_evidence(upload)
    else:
        with pytest.raises(ValidationError, match=error):
            validate_evidence(upload)


def test_evidence_files_are_bounded_in_size(settings):
    settings.MEASUREMENT_EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="for stor"):
        validate_evidence(SimpleUploadedFile("bevis.pdf", b"%PDF-" + b"x" * 1000))


def test_a_correction_never_overwrites_the_reporters_pending_value(world):
    old = _save(world, "10", submit=True)
    datapoint_approve(datapoints=[old], user=world["secretary"])
    pending = _save(world, "12")

    with pytest.raises(ValidationError):
        datapoint_correct(datapoint=old, user=world["secretary"], value=Decimal("11"))

    pending.refresh_from_db()
    assert pending.value == Decimal("12")
    assert pending.entered_by == world["coordinator"]
