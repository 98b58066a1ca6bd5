${header}
<#noparse>
"""Fills the EMR request templates of templates.py with a job group's values.

Pure Python on purpose: this module must not mention the scheduler by name, so that its
DAG-file heuristic never parses it as a DAG file.
"""

from __future__ import annotations

import json
import re

from jinja2 import pass_context

_PLACEHOLDER = re.compile(r"\$\{([a-z_][a-z0-9_]*)\}")
_INSTANCE_TYPE = re.compile(r"[a-z][a-z0-9-]*\.[a-z0-9]+")


class Verbatim:
    """A string that must reach EMR exactly as written.

    Templated operator fields render every string with Jinja and, with native rendering,
    literal-evaluate the result ("200" would become the integer 200). fill() turns a Verbatim
    into the literal() wrapper it is given, which is passed through untouched.
    """

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Verbatim({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Verbatim) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)


def fill(template, values, overrides=None, literal=None):
    """A deep copy of template with overrides merged in and "${name}" strings replaced by values[name].

    A placeholder is replaced by its value as is (an int stays an int, a list stays a list);
    only whole-string placeholders exist. Verbatim values become literal(value).
    """
    if overrides:
        template = merge(template, overrides)
    return _fill(template, values, literal)


def _fill(node, values, literal):
    if isinstance(node, dict):
        return {key: _fill(value, values, literal) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, values, literal) for value in node]
    if isinstance(node, Verbatim):
        return node.value if literal is None else literal(node.value)
    if isinstance(node, str):
        match = _PLACEHOLDER.fullmatch(node)
        if match:
            if match.group(1) not in values:
                raise KeyError(f"no value for placeholder {node}")
            return _fill(values[match.group(1)], {}, literal)
    return node


def merge(base, overrides):
    """base with overrides merged in: mappings key by key, other values replaced, None deletes."""
    merged = dict(base)
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def knob_reader(variable, defaults):
    """The "knob" Jinja macro: defaults[key], or the value of key in the JSON Variable when set.

    Runs when a task renders its fields, never at parse time. A malformed Variable fails the
    task with a message that names the Variable and the key.
    """

    @pass_context
    def knob(context, key):
        default = defaults[key]
        raw = context["var"]["value"].get(variable, None)
        if raw is None or str(raw).strip() == "":
            return default
        try:
            overrides = json.loads(raw)
        except ValueError as error:
            raise ValueError(
                f"Variable {variable!r} is not valid JSON ({error}); "
                f"expected an object such as {json.dumps(defaults)}"
            ) from None
        if not isinstance(overrides, dict):
            raise ValueError(f"Variable {variable!r} must be a JSON object, got {raw!r}")
        value = overrides.get(key, default)
        if isinstance(default, bool) or not isinstance(default, int):
            # An instance type such as m5.xlarge; the shape also keeps native rendering from
            # evaluating the value into something else ("None", "[1]").
            if not isinstance(value, str) or not _INSTANCE_TYPE.fullmatch(value):
                raise ValueError(f"Variable {variable!r}: {key} must be an instance type like m5.xlarge, got {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"Variable {variable!r}: {key} must be a whole number, got {value!r}")
        return value

    return knob


@pass_context
def text(context, source):
    """The "text" Jinja macro: renders source as text and keeps it a string.

    Native rendering would turn "{{ ds_nodash }}" into the integer 20240101; returning the
    repr makes the final literal evaluation give back exactly the rendered text.
    """
    template = context.environment.from_string(source)
    # Share the task's context instead of copying it: a copy would touch (and warn about) every
    # deprecated context key.
    shared = template.new_context(context.parent, shared=True, locals=context.vars)
    return repr("".join(str(part) for part in template.root_render_func(shared)))
</#noparse>
