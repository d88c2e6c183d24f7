"""A job queued under a task's earlier path still finds its task (the queue stores paths)."""

from __future__ import annotations

import pytest
from django.utils.module_loading import import_string

from ttw_safeguarding.records import checkpoints, notifications, reports


@pytest.mark.parametrize(
    ("path", "task"),
    [
        ("ttw_safeguarding.tasks.generate_written_report", reports.generate_written_report),
        ("ttw_safeguarding.tasks.send_email", notifications.send_email),
        ("ttw_safeguarding.tasks.take_checkpoint", checkpoints.take_checkpoint),
    ],
)
def test_an_earlier_task_path_names_the_same_task(path: str, task: object) -> None:
    assert import_string(path) is task
