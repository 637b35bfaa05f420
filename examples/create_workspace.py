"""Tier 3: steps plus RPC tracing, the end-to-end sample.

One @flow, three steps, one instrumented client making six calls: a play of this flow has ten
spans — the flow's root, the three steps, and under them six `rpc:whiteboard.<method>`
spans whose tags hold each call's arguments and result.

    hero-flows run examples/create_workspace.py --input name=acme --input seats=5
    PYTHONPATH=runtime/python python3 examples/create_workspace.py      (no runtime: no spans)
"""

from typing import Any, Dict

from hero_tracing import flow, instrument

from clients.whiteboard_client import WhiteboardClient
from clients.whiteboard_service import whiteboard_url


@flow(
    "Create workspace",
    inputs={
        "name": {"type": str, "description": "workspace name"},
        "seats": {"type": "int", "default": 3, "description": "licensed seats"},
    },
    outputs={"workspace_id": int},
    description="Creates a whiteboard workspace with a kick-off board and its first members",
)
def create_workspace(inputs: Dict[str, Any]) -> Dict[str, Any]:
    wb = instrument(WhiteboardClient(whiteboard_url()))

    with flow.step("create workspace", name=inputs["name"]):
        ws = wb.workspace_create(name=inputs["name"], seats=inputs["seats"])
        wb.workspace_get(ws["id"])

    with flow.step("create board"):
        board = wb.board_create(ws["id"], title="Kick-off")
        wb.board_share(board["id"], "team@example.com")

    with flow.step("add members"):
        wb.member_add(ws["id"], "ada@example.com", role="owner")
        wb.member_add(ws["id"], "alan@example.com")

    return {"workspace_id": ws["id"]}


if __name__ == "__main__":
    print(create_workspace({"name": "acme", "seats": 3}))
