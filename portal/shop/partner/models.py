"""Oscar's partner models, unchanged: the fork exists for ``strategy.py``.

The fork has its own migrations, copied from Oscar's under the same names, so
a database migrated with Oscar's keeps its history and a field added here
gets its migration in this repository.
"""

from oscar.apps.partner.models import *  # noqa: F403
