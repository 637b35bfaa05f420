"""A durable flow: plan a workspace rollout, wait for a person to approve it, then roll it out.

The play parks at ``flow.pause`` as ``paused`` (no process waits) until someone answers — from the
editor (the notification's Resume…, or Resume… on the play in the Plays view) or the terminal:

    hero-flows run examples/approval_flow.py --input team=design --input seats=8     # → paused (exit 75)
    hero-flows resume PLAY_ID --input approve=true --input seats=6

The resume runs the flow again from the start as attempt 2 of the same play: the recorded plan and
the pause return what they returned the first time without running again (dashed, "↻ replayed",
in the trace), and the rollout after the answer runs live. Nothing here reads the clock or a random
number outside a recorded effect, so every attempt takes the same path (docs/durable.md).
"""

from typing import Any, Dict, List

from hero_tracing import flow, instrument

from clients.whiteboard_client import WhiteboardClient
from clients.whiteboard_service import whiteboard_url


@flow.step("plan rollout")
def plan_rollout(team: str, seats: int, members: List[str]) -> Dict[str, Any]:
    """What the rollout will create: recorded, so a resume shows the plan that was approved."""
    boards = ["%s kick-off" % team.title(), "%s retro" % team.title()]
    invites = members[:seats]
    return {"workspace": "%s-workspace" % team, "seats": seats, "boards": boards, "invites": invites}


@flow(
    "Approve workspace rollout",
    inputs={
        "team": {"type": str, "description": "the team the workspace is for"},
        "seats": {"type": int, "default": 5, "description": "licensed seats requested"},
        "members": {"type": list, "default": ["ada@example.com", "alan@example.com"], "description": "who to invite"},
    },
    outputs={"workspace_id": int, "boards": int, "invited": int},
    description="Plans a workspace rollout, pauses for an approver to confirm or cut the seats, then creates it",
)
def approve_rollout(inputs: Dict[str, Any]) -> Dict[str, Any]:
    plan = plan_rollout(inputs["team"], inputs["seats"], inputs["members"])

    answer = flow.pause(
        "Approve the rollout of %s: %d seats, %d boards, %d invites?"
        % (plan["workspace"], plan["seats"], len(plan["boards"]), len(plan["invites"])),
        inputs={
            "approve": {"type": bool, "description": "roll it out as planned"},
            "seats": {"type": int, "default": plan["seats"], "description": "seats to license (cut them here)"},
            "note": {"type": str, "default": "", "description": "why, for the audit log"},
        },
        key="approve rollout",
    )
    if not answer["approve"]:
        raise flow.Failed("rollout of %s rejected: %s" % (plan["workspace"], answer["note"] or "no reason given"))

    wb = instrument(WhiteboardClient(whiteboard_url()))
    seats = min(answer["seats"], plan["seats"])
    with flow.step("create workspace", seats=seats):
        ws = wb.workspace_create(name=plan["workspace"], seats=seats)

    with flow.step("create boards"):
        for title in plan["boards"]:
            wb.board_create(ws["id"], title=title)

    with flow.step("invite members"):
        invited = plan["invites"][:seats]
        for email in invited:
            wb.member_add(ws["id"], email)

    return {"workspace_id": ws["id"], "boards": len(plan["boards"]), "invited": len(invited)}


if __name__ == "__main__":
    # Plain python runs no play, so there is nothing to park: flow.pause says how to run it instead.
    try:
        print(approve_rollout({"team": "design", "seats": 3, "members": ["ada@example.com"]}))
    except flow.Failed as failure:
        print("failed:", failure.reason)
