"""Tier 2: a flow with step-level tracing. Each `with flow.step(...)` block is one span; the RPC
calls inside are opaque (the client is not instrumented). Shows typed inputs with defaults and
descriptions, tags and logs.

Run it as a play from the editor (the ▶ above @flow) or with `hero-flows run examples/tier2_steps.py
--input team=design`; or plainly: `PYTHONPATH=runtime/python python3 examples/tier2_steps.py`.
"""

from typing import Any, Dict

from hero_tracing import flow

from clients.whiteboard_client import WhiteboardClient
from clients.whiteboard_service import whiteboard_url


@flow(
    "Invite team",
    inputs={
        "team": {"type": str, "description": "the team's name, also the workspace name"},
        "emails": {
            "type": list,
            "default": ["ada@example.com", "grace@example.com"],
            "description": "who to invite",
        },
        "role": {"type": "str", "default": "editor", "description": "role of every invitee"},
        "dry_run": {"type": bool, "default": False, "description": "validate only, invite nobody"},
    },
    outputs={"workspace_id": int, "invited": int},
    description="Creates a workspace for a team and invites its members",
)
def invite_team(inputs: Dict[str, Any]) -> Dict[str, Any]:
    wb = WhiteboardClient(whiteboard_url())
    emails = [e.strip().lower() for e in inputs["emails"]]

    with flow.step("validate", invitees=len(emails)):
        bad = [e for e in emails if "@" not in e]
        if bad:
            raise flow.Failed("not an e-mail address: %s" % ", ".join(bad))
        flow.current_span.log("%d addresses look fine" % len(emails))

    with flow.step("create workspace", team=inputs["team"]) as step:
        ws = wb.workspace_create(name=inputs["team"], seats=len(emails) + 1)
        step.tag(workspace_id=ws["id"])

    invited = 0
    with flow.step("invite", role=inputs["role"], dry_run=inputs["dry_run"]):
        for email in emails:
            if inputs["dry_run"]:
                flow.current_span.log("would invite " + email)
                continue
            wb.member_add(ws["id"], email, role=inputs["role"])
            invited += 1
            flow.current_span.log("invited " + email)
        flow.current_span.tag(invited=invited)

    return {"workspace_id": ws["id"], "invited": invited}


if __name__ == "__main__":
    print(invite_team({"team": "design", "emails": ["ada@example.com", "grace@example.com"], "role": "editor", "dry_run": False}))
