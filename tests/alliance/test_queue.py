"""The outbox: work queued by a request is recorded with the change and published once the
broker takes it; nothing is lost while the broker is away, nothing is published twice by the
sweep."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from alliance import queue
from alliance.models import PendingTask
from alliance.tasks import security_events_ip_expire_task
from backbone.tasks import worker_heartbeat_record_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(monkeypatch):
    """The broker as the code sees it: it takes tasks unless told it is down."""
    state = {"down": False, "sent": []}

    def apply(task, args, kwargs, countdown):
        if state["down"]:
            raise ConnectionError("Redis is down")
        state["sent"].append((task.name, tuple(args), countdown))

    monkeypatch.setattr(queue, "_apply", apply)
    return state


def _age(seconds: int) -> None:
    PendingTask.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=seconds))


def test_a_task_is_recorded_with_the_change_and_deleted_once_published(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue.enqueue_on_commit(worker_heartbeat_record_task)
        assert PendingTask.objects.count() == 1  # in the same transaction as the change

    assert broker["sent"] == [("backbone.tasks.worker_heartbeat_record_task", (), None)]
    assert not PendingTask.objects.exists()


def test_a_rolled_back_change_leaves_no_task(broker, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue.enqueue_on_commit(worker_heartbeat_record_task)
        raise RuntimeError("the request failed")

    assert broker["sent"] == []
    assert not PendingTask.objects.exists()


def test_while_the_broker_is_down_tasks_wait_and_the_sweep_publishes_them(
    broker, django_capture_on_commit_callbacks
):
    broker["down"] = True
    with django_capture_on_commit_callbacks(execute=True):
        queue.enqueue_on_commit(worker_heartbeat_record_task)
    with django_capture_on_commit_callbacks(execute=True):
        queue.enqueue_on_commit(security_events_ip_expire_task)
    assert PendingTask.objects.count() == 2
    # the first failure pauses publishing: the second request did not wait for the broker
    assert queue._broker_paused()

    _age(60)
    assert queue.pending_tasks_publish() == 0  # still down: nothing lost
    assert PendingTask.objects.count() == 2
    assert PendingTask.objects.first().attempts == 1

    broker["down"] = False
    assert queue.pending_tasks_publish() == 2
    assert [name for name, _, _ in broker["sent"]] == [
        "backbone.tasks.worker_heartbeat_record_task",
        "alliance.tasks.security_events_ip_expire_task",
    ]
    assert not PendingTask.objects.exists()
    assert queue.pending_tasks_publish() == 0  # published once


def test_the_sweep_leaves_a_fresh_row_to_its_request_and_merges_equal_work(broker):
    # three recomputes of one indicator and one of another wait (their requests' publishes
    # never ran: the broker was down)
    for key in ("k:1", "k:1", "k:1", "k:2"):
        queue.enqueue_on_commit(worker_heartbeat_record_task, countdown=3, coalesce_key=key)

    assert queue.pending_tasks_publish() == 0  # too young: its request may still publish it
    _age(60)
    assert queue.pending_tasks_publish() == 2  # one per key
    assert len(broker["sent"]) == 2
    assert not PendingTask.objects.exists()


def test_a_task_with_personal_arguments_is_published_with_them_hidden_from_logs(monkeypatch):
    from youth_voice.tasks_routing import input_status_email_send_task

    sent = {}

    def apply_async(**options):
        sent.update(options)

    monkeypatch.setattr(input_status_email_send_task, "apply_async", apply_async)
    monkeypatch.setitem(input_status_email_send_task.app.conf, "task_always_eager", False)

    assert queue.publish_safely(input_status_email_send_task, 1, "ung@example.org")
    assert sent["args"] == (1, "ung@example.org")  # the task still gets them
    assert "ung@example.org" not in sent["argsrepr"] + sent["kwargsrepr"]
