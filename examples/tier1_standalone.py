"""Tier 1: a plain script. No hero_tracing, no spans, just RPC.

    python3 examples/tier1_standalone.py
"""

from clients.whiteboard_client import WhiteboardClient
from clients.whiteboard_service import whiteboard_url


def main() -> None:
    wb = WhiteboardClient(whiteboard_url())
    ws = wb.workspace_create(name="scratch", seats=2)
    board = wb.board_create(ws["id"], title="Ideas")
    wb.member_add(ws["id"], "ada@example.com", role="owner")
    print("workspace", ws["id"], "board", board["id"], "members", wb.member_list(ws["id"]))


if __name__ == "__main__":
    main()
