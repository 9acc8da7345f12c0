"""What the tree tells the capabilities built on it, which orgs may not import.

`org_moved` is sent inside org_move's transaction, after every path of the subtree is
rewritten: `org` (at its new place), `old_path`, `new_path`. A receiver that starts
background work queues it with `transaction.on_commit`, so a move that rolls back
starts nothing (reports.tasks recounts the roll-ups of the federations it left and
joined).
"""

from django.dispatch import Signal

org_moved = Signal()
