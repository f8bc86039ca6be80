"""Where the worker found the outbox's task before it moved to `intake.outbox`.

Task rows name their task by import path, so rows enqueued before a deploy that moved it still
say `intake.tasks.send_delivery`; this name keeps them runnable. New code imports the task from
`intake.outbox`.
"""

from intake.outbox import send_delivery  # noqa: F401
