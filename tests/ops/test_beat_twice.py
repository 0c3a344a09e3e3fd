"""Beat started twice: the scheduled tasks run at the same time from two threads (each with its
own database connection, as two workers would) and once more afterwards, and leave what one run
leaves.

On the seeded demo: the nightly recompute keeps exactly one summary per indicator, period and
breakdown value, with the values of a single run; the weekly digest creates one delivery per
person, alliance and week and sends one email per person."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections

from backbone.models import DigestDelivery
from backbone.tasks import digest_send_weekly_task
from measurement.aggregation import _COMPARED
from measurement.models import Summary
from measurement.tasks import summaries_recompute_all_task

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.fixture
def demo():
    """The seeded demo, committed, so the threads' own connections see it."""
    call_command("seed_demo", allow_demo_users=True, quiet=True)


def _run(task):
    """Run a scheduled task as beat publishes it (eager here); return its result."""
    result = task.delay()
    assert result.successful()
    return result.result


def _in_two_threads(task) -> list:
    """Run the task from two threads released at the same moment; return both results. Each
    thread uses its own database connection and closes it when done."""
    start = threading.Barrier(2)
    results: list = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            results.append(_run(task))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors
    return results


def _summaries() -> list[tuple]:
    """Every stored summary row by its key and values (not its id or computed_at)."""
    rows = Summary.objects.values_list("indicator", "period", "breakdown", *_COMPARED)
    return sorted(rows, key=repr)


def _duplicates(rows: list[tuple]) -> list[tuple]:
    keys = Counter(row[:3] for row in rows)
    return [key for key, count in keys.items() if count > 1]


def test_the_nightly_recompute_started_twice_leaves_the_summaries_of_one_run(demo, eager_celery):
    # given: what one run from scratch stores
    Summary.objects.all().delete()
    _run(summaries_recompute_all_task)
    once = _summaries()
    assert len(once) > 100, "the demo has summaries"
    assert not _duplicates(once)
    Summary.objects.all().delete()

    # when: two beats start it at the same moment, on an empty summary table
    _in_two_threads(summaries_recompute_all_task)

    # then: both runs succeeded, and the rows are those of one run, none twice
    twice = _summaries()
    assert not _duplicates(twice)
    assert twice == once

    # and a third run, after them, changes nothing
    _run(summaries_recompute_all_task)
    assert _summaries() == once


def _deliveries() -> list[tuple]:
    return sorted(DigestDelivery.objects.values_list("user", "alliance", "week"))


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_weekly_digest_started_twice_sends_one_email_per_person(demo, eager_celery):
    # given: the demo, whose people have news this week
    mail.outbox = []

    # when: two beats start it at the same moment
    queued = _in_two_threads(digest_send_weekly_task)

    # then: between them they queued each digest once: one per person, alliance and week,
    # each sent, and each person got one email
    deliveries = _deliveries()
    assert len(deliveries) > 5, "the demo's people have news"
    assert sum(queued) == len(deliveries)
    assert len(set(deliveries)) == len(deliveries)
    assert not DigestDelivery.objects.filter(sent_at__isnull=True).exists()
    recipients = _recipients()
    assert len(recipients) == len(deliveries)
    assert recipients == sorted(set(recipients))

    # and a third run, later the same week, queues and sends nothing more
    assert _run(digest_send_weekly_task) == 0
    assert _deliveries() == deliveries
    assert _recipients() == recipients
