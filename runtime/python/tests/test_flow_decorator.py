"""@flow: metadata, field-spec normalisation, errors at decoration, the registry."""

from __future__ import annotations

import asyncio
import os
import unittest
from typing import Any

from hero_tracing import _flow
from hero_tracing import Failed, FlowInfo, flow


class FlowDecoratorTest(unittest.TestCase):
    def test_returns_the_original_function_with_metadata(self) -> None:
        def fn(inputs: Any) -> Any:
            return {"doubled": inputs["n"] * 2}

        decorated = flow("Double", inputs={"n": int}, outputs={"doubled": int}, description="twice n")(fn)
        self.assertIs(decorated, fn)
        self.assertEqual(fn({"n": 21}), {"doubled": 42})
        info = fn.__hero_flow__  # type: ignore[attr-defined]
        self.assertIsInstance(info, FlowInfo)
        self.assertEqual(info.name, "Double")
        self.assertEqual(info.inputs, {"n": {"type": "int", "required": True}})
        self.assertEqual(info.outputs, {"doubled": {"type": "int", "required": True}})
        self.assertEqual(info.description, "twice n")
        self.assertEqual(info.source_file, os.path.abspath(__file__))
        self.assertEqual(info.source_line, fn.__code__.co_firstlineno)
        self.assertEqual(info["name"], "Double")
        self.assertEqual(info.to_dict()["inputs"], {"n": {"type": "int", "required": True}})

    def test_name_keyword_and_defaults(self) -> None:
        @flow(name="Keyword named")
        def fn(inputs: Any) -> None:
            return None

        info = fn.__hero_flow__  # type: ignore[attr-defined]
        self.assertEqual(info.name, "Keyword named")
        self.assertIsNone(info.inputs)
        self.assertIsNone(info.outputs)
        self.assertEqual(info.description, "")

    def test_field_spec_forms_are_normalised(self) -> None:
        @flow(
            "Specs",
            inputs={
                "a": str,
                "b": "int",
                "c": float,
                "d": "bool",
                "e": list,
                "f": "dict",
                "g": "any",
                "h": Any,
                "i": {"type": int, "default": 3, "description": "seats"},
                "j": {"type": "str", "required": False},
                "k": {"type": "list", "default": [], "required": True},
            },
        )
        def fn(inputs: Any) -> None:
            return None

        ins = fn.__hero_flow__.inputs  # type: ignore[attr-defined]
        self.assertEqual(
            ins,
            {
                "a": {"type": "str", "required": True},
                "b": {"type": "int", "required": True},
                "c": {"type": "float", "required": True},
                "d": {"type": "bool", "required": True},
                "e": {"type": "list", "required": True},
                "f": {"type": "dict", "required": True},
                "g": {"type": "any", "required": True},
                "h": {"type": "any", "required": True},
                "i": {"type": "int", "default": 3, "description": "seats", "required": False},
                "j": {"type": "str", "required": False},
                "k": {"type": "list", "default": [], "required": True},
            },
        )

    def test_malformed_specs_raise_type_error_at_decoration(self) -> None:
        cases = [
            ({"n": "integer"}, "@flow('X'): input 'n' has unknown type 'integer'"),
            ({"n": tuple}, "@flow('X'): input 'n' has unknown type 'tuple'"),
            ({"n": {"default": 3}}, "@flow('X'): input 'n' needs a 'type'"),
            ({"n": {"type": "int", "dflt": 3}}, "@flow('X'): input 'n' has unknown key 'dflt'"),
            ({"n": {"type": "int", "required": "yes"}}, "'required' must be True or False"),
            ({"n": {"type": "int", "description": 3}}, "'description' must be a string"),
            ({"": int}, "input names must be non-empty strings"),
            (["n"], "inputs must be a dict"),
        ]
        for spec, message in cases:
            with self.subTest(spec=spec):
                with self.assertRaises(TypeError) as ctx:
                    flow("X", inputs=spec)  # type: ignore[arg-type]
                self.assertIn(message, str(ctx.exception))
        with self.assertRaises(TypeError) as ctx:
            flow("X", outputs={"r": "number"})
        self.assertIn("@flow('X'): output 'r' has unknown type 'number'", str(ctx.exception))

    def test_missing_or_bad_name(self) -> None:
        def fn(inputs: Any) -> None:
            return None

        with self.assertRaisesRegex(TypeError, "needs a name"):
            flow(fn)  # type: ignore[arg-type]
        with self.assertRaisesRegex(TypeError, "must be a string"):
            flow(3)  # type: ignore[arg-type]
        with self.assertRaisesRegex(TypeError, "must not be empty"):
            flow("  ")
        with self.assertRaisesRegex(TypeError, "must decorate a function"):
            flow("Not a function")(42)  # type: ignore[type-var]

    def test_registry_and_async_flows(self) -> None:
        @flow("Registry async")
        async def fn(inputs: Any) -> int:
            await asyncio.sleep(0)
            return 7

        self.assertIs(_flow._REGISTRY["Registry async"], fn)
        self.assertIn(fn, _flow._ALL_FLOWS)
        self.assertEqual(asyncio.run(fn({})), 7)

    def test_flow_failed_is_exported_both_ways(self) -> None:
        self.assertIs(flow.Failed, Failed)
        err = flow.Failed("no seats left")
        self.assertEqual(err.reason, "no seats left")
        self.assertEqual(str(err), "no seats left")
        self.assertIsInstance(err, Exception)


if __name__ == "__main__":
    unittest.main()
