"""The one error type the data layer raises, and how it reads.

A learner or instructor who breaks a data file should see one line that says
which file, which row, which column and which value is wrong, and why.

>>> err = DataError("emg_activation.csv", "pct_mvic", "-3", "is below the minimum 0", row=4)
>>> print(err)
emg_activation.csv, row 4 (line 5), column 'pct_mvic', value '-3': is below the minimum 0
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DataError"]


class DataError(ValueError):
    """A problem in a data file, located by file, row, column and value.

    Parameters
    ----------
    file
        The file's path or name (only the name is shown when the file is in
        the course's own ``data/`` folder).
    column
        The column (or YAML/JSON field) at fault, or ``None`` for whole-file problems.
    value
        The offending value as text, or ``None`` when there is none to show.
    reason
        What is wrong, as a short phrase.
    row
        1-based data row (the header is not counted); for YAML/JSON the 1-based item.
        The message also gives the text line (``row + 1``) for CSV files.
    """

    def __init__(
        self,
        file: str | Path,
        column: str | None,
        value: str | None,
        reason: str,
        *,
        row: int | None = None,
        line: int | None = None,
        item: str | None = None,
    ) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.value = value
        self.reason = reason
        self.item = item
        self.line = line if line is not None else (row + 1 if row is not None else None)
        super().__init__(self._message())

    def _message(self) -> str:
        parts = [self.file]
        if self.item is not None:
            parts.append(self.item)
        if self.row is not None:
            where = f"row {self.row}"
            if self.line is not None and self.item is None:
                where += f" (line {self.line})"
            parts.append(where)
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            parts.append(f"value {shown!r}")
        return ", ".join(parts) + f": {self.reason}"


def show_data_errors_briefly() -> bool:
    """In IPython/Jupyter, show a :class:`DataError` as one readable line, not a traceback.

    Returns whether a handler was installed (``False`` outside IPython).
    ``import glutelab`` calls this, so notebooks need no setup cell.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with Jupyter
        return False
    shell = get_ipython()
    if shell is None:
        return False

    def _handler(
        shell: object, etype: type, value: BaseException, tb: object, tb_offset: object = None
    ) -> None:
        import html
        import sys

        from IPython.display import HTML, display

        message = f"Data problem: {value}"
        box = '<div role="alert" class="glutelab-data-error"><b>⚠ {}</b></div>'
        display(HTML(box.format(html.escape(message))))  # type: ignore[no-untyped-call]
        print(message, file=sys.stderr)

    shell.set_custom_exc((DataError,), _handler)
    return True
