"""A flow made of other flows, by name, with `flow.invoke`: "Create workspace"
(`create_workspace.py`) runs in-process — its steps nest under this play's `subflow` span — and
"Invite team" (`tier2_steps.py`) runs as a child play (`spawn=True`): its own process and its own
play in the store, linked to this one through the subflow span's `child_play_id` tag.

    hero-flows run examples/onboarding.py                      (the defaults: team acme, 3 seats)
    hero-flows list                                            (the child play shows its parent)
    PYTHONPATH=runtime/python python3 examples/onboarding.py   (no runtime: both run in-process)
"""

from typing import Any, Dict

from hero_tracing import flow


@flow(
    "Onboard team",
    inputs={
        "team": {"type": str, "default": "acme", "description": "the team's name, also its workspace's"},
        "seats": {"type": "int", "default": 3, "description": "licensed seats"},
    },
    outputs={"workspace_id": int, "invited": int},
    description="Creates a team's workspace, then invites its members in a child play",
)
def onboard_team(inputs: Dict[str, Any]) -> Dict[str, Any]:
    with flow.step("set up workspace", team=inputs["team"]):
        workspace = flow.invoke("Create workspace", name=inputs["team"], seats=inputs["seats"])

    with flow.step("invite members"):
        invites = flow.invoke("Invite team", spawn=True, team=inputs["team"])

    return {"workspace_id": workspace["workspace_id"], "invited": invites["invited"]}


if __name__ == "__main__":
    print(onboard_team({"team": "acme", "seats": 3}))
