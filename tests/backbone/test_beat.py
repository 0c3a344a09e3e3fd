"""The beat schedule names only tasks that exist, so a renamed task cannot silently stop."""

import backbone.tasks
import measurement.tasks
import workgroups.tasks
from config.celery import app


def test_every_scheduled_task_is_registered():
    # the modules the worker autodiscovers
    assert backbone.tasks and measurement.tasks and workgroups.tasks
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert scheduled, "the beat schedule is empty"
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)
