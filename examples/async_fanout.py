"""An async flow that fans out: one step per member, run concurrently with asyncio.gather. Each
step span, and the rpc span under it, attaches to the step that was open where the task was
created ("add members"), because the open span lives in a context variable.
"""

import asyncio
from typing import Any, Dict, List

from hero_tracing import flow, instrument

from clients.whiteboard_client import AsyncWhiteboardClient, MemberAdded
from clients.whiteboard_service import whiteboard_url


@flow(
    "Fan out invites",
    inputs={
        "team": {"type": str, "default": "platform"},
        "emails": {"type": list, "default": ["ada@example.com", "alan@example.com", "grace@example.com", "linus@example.com"]},
    },
    outputs={"workspace_id": int, "members": list},
    description="Creates a workspace and adds its members concurrently",
)
async def fan_out_invites(inputs: Dict[str, Any]) -> Dict[str, Any]:
    wb = instrument(AsyncWhiteboardClient(whiteboard_url()))

    async with flow.step("create workspace"):
        ws = await wb.workspace_create(name=inputs["team"], seats=len(inputs["emails"]))

    async def invite(email: str) -> MemberAdded:
        async with flow.step("invite " + email, email=email):
            return await wb.member_add(ws["id"], email)

    with flow.step("add members", count=len(inputs["emails"])):
        added: List[MemberAdded] = await asyncio.gather(*(invite(e) for e in inputs["emails"]))

    return {"workspace_id": ws["id"], "members": [m["email"] for m in added]}


if __name__ == "__main__":
    print(asyncio.run(fan_out_invites({"team": "platform", "emails": ["ada@example.com", "alan@example.com"]})))
