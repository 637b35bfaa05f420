"""Deterministic values that conform to a JSON Schema of an OpenRPC document: what the test server
answers and what the round-trip driver sends. Local ``#/...`` $refs, allOf (merged), oneOf/anyOf
(the first branch), enum, const, arrays, objects with their properties, nullable, the common
formats and bounds. Bounded: past a depth an object keeps its required keys only and an array is
as short as allowed, so recursive schemas end."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

MAX_DEPTH = 6
FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05Z",
    "email": "ada@example.com",
    "uri": "https://example.com/x",
    "url": "https://example.com/x",
    "uuid": "00000000-0000-4000-8000-000000000001",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "hostname": "example.com",
}


def resolve(doc: Dict[str, Any], node: Any, hops: int = 0) -> Any:
    """``node`` with its local $ref chain followed (at most 32 hops)."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and hops < 32:
        ref: str = node["$ref"]
        if not ref.startswith("#"):
            raise ValueError("only local $refs are supported here: %r" % ref)
        target: Any = doc
        for part in [p for p in ref[1:].split("/") if p]:
            part = part.replace("~1", "/").replace("~0", "~")
            target = target[int(part)] if isinstance(target, list) else target[part]
        node, hops = target, hops + 1
    return node


def value_for(doc: Dict[str, Any], schema: Any, name: str = "value", depth: int = 0) -> Any:
    schema = resolve(doc, schema)
    if schema is True or schema is None or schema == {}:
        return name
    if not isinstance(schema, dict):
        raise ValueError("no value satisfies %r" % (schema,))
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    if isinstance(schema.get("allOf"), list):
        return value_for(doc, merge_all_of(doc, schema), name, depth + 1)
    if "not" in schema:
        rest = {k: v for k, v in schema.items() if k != "not"}
        value = value_for(doc, rest, name, depth + 1)
        if not _plainly_matches(doc, schema["not"], value):
            return value
        for other in (name, 1, True, None, [], {}):
            if not _plainly_matches(doc, schema["not"], other):
                return other
        raise ValueError("no value escapes %r" % (schema["not"],))
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return value_for(doc, schema[key][0], name, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds: List[str] = [k for k in kind if k != "null"] or ["null"]
        kind = kinds[0]
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else None
    if kind is None:
        return name
    if kind == "null":
        return None
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return _number(schema, kind == "integer")
    if kind == "string":
        return _string(schema, name)
    if kind == "array":
        count = max(int(schema.get("minItems", 0)), 0 if depth >= MAX_DEPTH else 1)
        if "maxItems" in schema:
            count = min(count, int(schema["maxItems"]))
        items = schema.get("items", {})
        if isinstance(items, list):  # tuple form: one value per position
            return [value_for(doc, s, "%s_%d" % (name, i), depth + 1) for i, s in enumerate(items)]
        return [value_for(doc, items, name, depth + 1) for _ in range(count)]
    if kind == "object":
        props: Dict[str, Any] = schema.get("properties") or {}
        required = schema.get("required") or []
        keys = [k for k in props if depth < MAX_DEPTH or k in required]
        out = {k: value_for(doc, props[k], k, depth + 1) for k in keys}
        for k in required:
            if k not in out:
                out[k] = value_for(doc, schema.get("additionalProperties", {}) if isinstance(schema.get("additionalProperties"), dict) else {}, k, depth + 1)
        return out
    raise ValueError("unknown type %r" % (kind,))


def merge_all_of(doc: Dict[str, Any], schema: Dict[str, Any], hops: int = 0) -> Dict[str, Any]:
    """One schema for an allOf: properties merged, required unioned, other keywords the later's."""
    merged: Dict[str, Any] = {}
    parts = [resolve(doc, s) for s in schema["allOf"]] + [{k: v for k, v in schema.items() if k != "allOf"}]
    for part in parts:
        if not isinstance(part, dict):
            continue
        if isinstance(part.get("allOf"), list) and hops < 16:
            part = merge_all_of(doc, part, hops + 1)
        for key, value in part.items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = list(dict.fromkeys(merged.get("required", []) + list(value)))
            else:
                merged[key] = value
    return merged


_TYPES = {"string": str, "boolean": bool, "array": list, "object": dict, "null": type(None)}


def _plainly_matches(doc: Dict[str, Any], schema: Any, value: Any) -> bool:
    """Whether ``value`` matches ``schema`` as far as its type, enum and const say (enough for a
    ``not`` to steer away from)."""
    schema = resolve(doc, schema)
    if not isinstance(schema, dict):
        return bool(schema)
    if "const" in schema and value != schema["const"]:
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    kinds = schema.get("type")
    if kinds is None:
        return True
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        if kind in ("integer", "number"):
            if isinstance(value, (int, float)) and not isinstance(value, bool) and (kind == "number" or float(value).is_integer()):
                return True
        elif isinstance(value, _TYPES.get(kind, ())) and not (kind != "boolean" and isinstance(value, bool)):
            return True
    return False


def _number(schema: Dict[str, Any], integer: bool) -> Any:
    lo: Optional[float] = schema.get("minimum")
    hi: Optional[float] = schema.get("maximum")
    xlo, xhi = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    value: float = 1 if integer else 1.5
    if isinstance(xlo, (int, float)) and not isinstance(xlo, bool) and value <= xlo:
        value = xlo + 1
    if lo is not None and value < lo:
        value = lo
    if isinstance(xhi, (int, float)) and not isinstance(xhi, bool) and value >= xhi:
        value = xhi - 1
    if hi is not None and value > hi:
        value = hi
    step = schema.get("multipleOf")
    if isinstance(step, (int, float)) and step > 0:
        value = step * max(1, round(value / step))
    return int(value) if integer else float(value)


def _string(schema: Dict[str, Any], name: str) -> str:
    text = FORMATS.get(schema.get("format", ""), name or "s")
    lo, hi = int(schema.get("minLength", 0)), schema.get("maxLength")
    if len(text) < lo:
        text += "x" * (lo - len(text))
    if isinstance(hi, int) and len(text) > hi:
        text = text[:hi]
    return text


def params_for(doc: Dict[str, Any], method: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The method's content descriptors, resolved, each with a ``value``."""
    out = []
    for raw in method.get("params", []):
        param = resolve(doc, raw)
        out.append({**param, "value": value_for(doc, param.get("schema", {}), param["name"])})
    return out
