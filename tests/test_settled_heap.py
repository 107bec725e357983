"""An explorer freezes the objects alive when the first one is made (widgets.settled).

Checked in a fresh interpreter, where nothing has been frozen yet: the first explorer
collects the garbage there is, then freezes what survives; a second explorer does neither,
and garbage made later is still collected.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import gc, json, weakref
    import matplotlib
    matplotlib.use("Agg")
    from glutelab.exercises_widget import exercise_explorer
    from glutelab.anatomy_widget import anatomy_explorer

    class Node:
        pass

    def cycle():
        a, b = Node(), Node()
        a.other, b.other = b, a
        return weakref.ref(a)

    collections = []
    gc.callbacks.append(lambda phase, info: phase == "stop" and collections.append(info))
    before = gc.get_freeze_count()
    old = cycle()
    gc.disable()  # only the explorer's own collection may free the old cycle
    exercise_explorer()
    freed_by_first = old() is None
    frozen = gc.get_freeze_count()
    count = len(collections)
    anatomy_explorer()
    second_collected = len(collections) - count
    gc.enable()
    late = cycle()
    gc.collect()
    print(json.dumps({
        "before": before, "frozen": frozen, "freed_by_first": freed_by_first,
        "second_collected": second_collected, "late_freed": late() is None,
    }))
    """
)


def test_the_first_explorer_collects_then_freezes_and_later_garbage_is_still_collected() -> None:
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, check=True
    )
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["before"] == 0
    assert found["freed_by_first"] is True  # it collected before freezing
    assert found["frozen"] > 100_000  # modules, tables, fonts and widgets
    assert found["second_collected"] == 0  # the second explorer did not collect again
    assert found["late_freed"] is True
