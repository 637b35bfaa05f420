"""A flow that fails cleanly: `flow.Failed("reason")` in its second step. The step and the play end
`failed` with that reason as their error, and no traceback.
"""

from typing import Any, Dict

from hero_tracing import flow

from clients.whiteboard_client import WhiteboardClient
from clients.whiteboard_service import whiteboard_url


@flow(
    "Onboard member",
    inputs={"email": str, "seats": {"type": int, "default": 1}},
    description="Adds a member to a new workspace, unless it has no free seat",
)
def onboard_member(inputs: Dict[str, Any]) -> Dict[str, Any]:
    wb = WhiteboardClient(whiteboard_url())

    with flow.step("create workspace"):
        ws = wb.workspace_create(name="onboarding", seats=inputs["seats"])
        wb.member_add(ws["id"], "owner@example.com", role="owner")

    with flow.step("check seats", seats=inputs["seats"]):
        used = len(wb.member_list(ws["id"]))
        if used >= inputs["seats"]:
            raise flow.Failed(
                "workspace 'onboarding' has no free seat for %s (%d of %d used)" % (inputs["email"], used, inputs["seats"])
            )

    with flow.step("add member"):
        wb.member_add(ws["id"], inputs["email"])
    return {"workspace_id": ws["id"]}


if __name__ == "__main__":
    try:
        print(onboard_member({"email": "ada@example.com", "seats": 1}))
    except flow.Failed as failure:
        print("failed:", failure.reason)
