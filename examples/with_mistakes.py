"""A flow file with two mistakes, for the editor's inline diagnostics: the invoke target is a
near-miss of "Create workspace" (`invoke-unknown-flow`, with a quick fix), and the `seats` input
declares a type the SDK does not know (`flow-fields-invalid`). Fix both and the file is clean.

    hero-flows check examples/with_mistakes.py
"""

from typing import Any, Dict

from hero_tracing import flow


@flow(
    "Set up team",
    inputs={"team": str, "seats": {"type": "integr", "default": 5}},
    description="Creates a workspace for a team through the Create workspace flow",
)
def set_up_team(inputs: Dict[str, Any]) -> Dict[str, Any]:
    with flow.step("create workspace", team=inputs["team"]):
        return flow.invoke("Create worksapce", name=inputs["team"], seats=inputs["seats"])
