"""A widget's starting view drawn as plain HTML, from the widget state a notebook run saves.

When a notebook is executed, the kernel's widget models (the charts' HTML, the drop-downs'
choices, the sliders' values) are stored in the notebook's metadata. A static page has no
kernel to talk to, so each explorer is drawn from that state: the HTML a widget shows, and
each control as a line "Muscle: gluteus maximus". Buttons are left out (nothing to press),
hidden parts stay hidden. Works for any ipywidgets composition, no list of explorers needed.

>>> state = {
...     "a": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_b", "IPY_MODEL_c"]}},
...     "b": {"model_name": "DropdownModel",
...           "state": {"description": "Muscle", "_options_labels": ["max", "med"], "index": 1}},
...     "c": {"model_name": "HTMLModel", "state": {"value": "<p>chart</p>"}},
... }
>>> drawn = draw("a", state)
>>> drawn.startswith('<div class="glutelab-static-box">')
True
>>> print(drawn[drawn.index("<p"):drawn.index("</div>")])
<p class="glutelab-static-control"><span>Muscle:</span> med</p><p>chart</p>
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

__all__ = ["draw", "output_html"]

PREFIX = "IPY_MODEL_"
BOXES = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel", "StackModel"}
TITLED = {"AccordionModel", "TabModel"}
HTML_MODELS = {"HTMLModel", "HTMLMathModel"}
SELECTIONS = {
    "DropdownModel",
    "SelectModel",
    "RadioButtonsModel",
    "ToggleButtonsModel",
    "SelectionSliderModel",
    "ComboboxModel",
}
SKIPPED = {"ButtonModel", "LayoutModel", "ButtonStyleModel", "DescriptionStyleModel"}


def _control(description: str, value: str) -> str:
    label = f"<span>{html.escape(description.rstrip(':'))}:</span> " if description else ""
    return f'<p class="glutelab-static-control">{label}{html.escape(value)}</p>'


def _hidden(state: Mapping[str, Any], models: Mapping[str, Any]) -> bool:
    layout = str(state.get("layout", "")).removeprefix(PREFIX)
    layout_state = models.get(layout, {}).get("state", {})
    return bool(layout_state.get("display") == "none" or layout_state.get("visibility") == "hidden")


def output_html(output: Mapping[str, Any]) -> str:
    """One stored notebook output (of an ``Output`` widget) as HTML."""
    if output.get("output_type") == "stream":
        return f"<pre>{html.escape(str(output.get('text', '')))}</pre>"
    data = output.get("data", {})
    if "text/html" in data:
        text = data["text/html"]
        return "".join(text) if isinstance(text, list) else str(text)
    if "image/png" in data:
        alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
        return f'<img src="data:image/png;base64,{data["image/png"]}" alt="{html.escape(alt)}"/>'
    if "text/plain" in data:
        text = data["text/plain"]
        return f"<pre>{html.escape(''.join(text) if isinstance(text, list) else str(text))}</pre>"
    return ""


def _selection(state: Mapping[str, Any]) -> str:
    labels = list(state.get("_options_labels", []))
    index = state.get("index")
    if isinstance(index, int) and 0 <= index < len(labels):
        return str(labels[index])
    return str(state.get("value") or "(none chosen)")


def _image(model: Mapping[str, Any], state: Mapping[str, Any]) -> str:
    buffers = {tuple(b["path"]): b["data"] for b in model.get("buffers", [])}
    data = buffers.get(("value",), "")
    if not data:
        return ""
    kind = html.escape(str(state.get("format", "png")))
    alt = html.escape(str(state.get("description", "") or state.get("_alt", "")))
    return f'<img src="data:image/{kind};base64,{data}" alt="{alt}"/>'


def draw(model_id: str, models: Mapping[str, Any]) -> str:
    """The widget ``model_id`` and everything inside it, as HTML (no script, no controls)."""
    model = models.get(model_id.removeprefix(PREFIX))
    if model is None:
        return ""
    name, state = str(model.get("model_name", "")), model.get("state", {})
    if name in SKIPPED or _hidden(state, models):
        return ""
    description = str(state.get("description", ""))
    children = [str(c) for c in state.get("children", [])]
    if name in BOXES:
        inner = "".join(draw(child, models) for child in children)
        return f'<div class="glutelab-static-box">{inner}</div>' if inner else ""
    if name in TITLED:
        titles = list(state.get("titles", []))
        parts = []
        for i, child in enumerate(children):
            title = html.escape(str(titles[i])) if i < len(titles) and titles[i] else ""
            heading = f'<p class="glutelab-static-title">{title}</p>' if title else ""
            parts.append(heading + draw(child, models))
        return f'<div class="glutelab-static-box">{"".join(parts)}</div>'
    if name in HTML_MODELS:
        return str(state.get("value", ""))
    if name == "LabelModel":
        return f"<p>{html.escape(str(state.get('value', '')))}</p>"
    if name in SELECTIONS:
        return _control(description, _selection(state))
    if name == "SelectMultipleModel":
        labels = list(state.get("_options_labels", []))
        chosen = [str(labels[i]) for i in state.get("index", []) if 0 <= i < len(labels)]
        return _control(description, ", ".join(chosen) or "(none chosen)")
    if name in {"CheckboxModel", "ToggleButtonModel"}:
        return _control(description, "yes" if state.get("value") else "no")
    if name.endswith("RangeSliderModel"):
        low, high = state.get("value", [None, None])
        return _control(description, f"{low} to {high}")
    if name.endswith("SliderModel"):
        return _control(description, str(state.get("value", "")))
    if name.endswith(("TextModel", "TextareaModel")):
        return _control(description, str(state.get("value", "")) or "(empty)")
    if name == "ImageModel":
        return _image(model, state)
    if name == "OutputModel":
        return "".join(output_html(o) for o in state.get("outputs", []))
    return ""


def state_models(widget_state: Mapping[str, Any]) -> dict[str, Any]:
    """The ``state`` mapping of a notebook's ``application/vnd.jupyter.widget-state+json``."""
    return dict(widget_state.get("state", {}))


def decode(body: str) -> dict[str, Any]:
    """Parse the widget-state JSON MyST-NB keeps (``<\\/script>`` escaped) into models."""
    import json

    return state_models(json.loads(body.replace("<\\/script>", "</script>")))
