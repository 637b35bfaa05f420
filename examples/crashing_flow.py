"""A flow that crashes: an ordinary exception (a KeyError) in a step. The step and the play end
`failed`, and their error is the formatted traceback.
"""

from typing import Any, Dict

from hero_tracing import flow

PRICES = {"basic": 5, "team": 12}


@flow("Quote plan", inputs={"plan": {"type": str, "default": "enterprise"}, "seats": {"type": int, "default": 10}})
def quote_plan(inputs: Dict[str, Any]) -> Dict[str, Any]:
    with flow.step("load price list"):
        prices = dict(PRICES)

    with flow.step("price", plan=inputs["plan"]):
        total = prices[inputs["plan"]] * inputs["seats"]  # KeyError for an unknown plan

    return {"total": total}


if __name__ == "__main__":
    print(quote_plan({"plan": "enterprise", "seats": 10}))
