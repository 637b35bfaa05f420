"""A pretend RPC client for a whiteboard service.

It is what a generated service client looks like: pure RPC, standard library only, no tracing.
Requests are not sent anywhere; each method sleeps 10–40 ms to simulate the round trip and
returns a dict. ``headers`` is sent with every request, and ``sent`` records each request with the
headers it carried, so you can see what ``instrument()`` adds (``X-Hero-Parent-Span``,
``traceparent``).
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from typing import Any, Dict, List, Tuple


class WhiteboardError(Exception):
    """The service answered with an error."""


class _Backend:
    """The pretend server's state and its methods (shared by the sync and async clients)."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.workspaces: Dict[int, Dict[str, Any]] = {}
        self.boards: Dict[int, Dict[str, Any]] = {}

    def handle(self, method: str, params: Dict[str, Any]) -> Any:
        if method == "workspace_create":
            ws = {"id": next(self._ids), "name": params["name"], "seats": params["seats"], "members": []}
            self.workspaces[ws["id"]] = ws
            return {"id": ws["id"], "name": ws["name"], "seats": ws["seats"]}
        if method == "workspace_get":
            ws = self._workspace(params["workspace_id"])
            return {"id": ws["id"], "name": ws["name"], "seats": ws["seats"], "members": len(ws["members"])}
        if method == "board_create":
            ws = self._workspace(params["workspace_id"])
            board = {"id": next(self._ids), "workspace_id": ws["id"], "title": params["title"], "shared_with": []}
            self.boards[board["id"]] = board
            return dict(board)
        if method == "board_share":
            board = self.boards.get(params["board_id"])
            if board is None:
                raise WhiteboardError("no board %r" % params["board_id"])
            board["shared_with"].append(params["email"])
            return {"board_id": board["id"], "shared_with": list(board["shared_with"])}
        if method == "member_add":
            ws = self._workspace(params["workspace_id"])
            if len(ws["members"]) >= ws["seats"]:
                raise WhiteboardError("workspace %r has no free seat" % ws["name"])
            member = {"email": params["email"], "role": params["role"]}
            ws["members"].append(member)
            return {"workspace_id": ws["id"], **member}
        if method == "member_list":
            return [dict(m) for m in self._workspace(params["workspace_id"])["members"]]
        raise WhiteboardError("unknown method %r" % method)

    def _workspace(self, workspace_id: int) -> Dict[str, Any]:
        ws = self.workspaces.get(workspace_id)
        if ws is None:
            raise WhiteboardError("no workspace %r" % workspace_id)
        return ws


class _Connection:
    """What both clients hold: where the service is, the headers each call sends, what was sent."""

    def __init__(self, url: str = "http://localhost:8787/rpc", latency: Tuple[float, float] = (0.010, 0.040)) -> None:
        self.url = url
        self.headers: Dict[str, str] = {"User-Agent": "whiteboard-client/0.1"}
        self.sent: List[Dict[str, Any]] = []
        self._latency = latency
        self._backend = _Backend()


class WhiteboardClient(_Connection):
    """Synchronous client of the pretend whiteboard service."""

    def _call(self, method: str, **params: Any) -> Any:
        self.sent.append({"method": method, "params": params, "headers": dict(self.headers)})
        time.sleep(random.uniform(*self._latency))
        return self._backend.handle(method, params)

    def workspace_create(self, name: str, seats: int = 3) -> Dict[str, Any]:
        return self._call("workspace_create", name=name, seats=seats)

    def workspace_get(self, workspace_id: int) -> Dict[str, Any]:
        return self._call("workspace_get", workspace_id=workspace_id)

    def board_create(self, workspace_id: int, title: str) -> Dict[str, Any]:
        return self._call("board_create", workspace_id=workspace_id, title=title)

    def board_share(self, board_id: int, email: str) -> Dict[str, Any]:
        return self._call("board_share", board_id=board_id, email=email)

    def member_add(self, workspace_id: int, email: str, role: str = "editor") -> Dict[str, Any]:
        return self._call("member_add", workspace_id=workspace_id, email=email, role=role)

    def member_list(self, workspace_id: int) -> List[Dict[str, Any]]:
        return self._call("member_list", workspace_id=workspace_id)


class AsyncWhiteboardClient(_Connection):
    """The same service, with ``async`` methods."""

    async def _call(self, method: str, **params: Any) -> Any:
        self.sent.append({"method": method, "params": params, "headers": dict(self.headers)})
        await asyncio.sleep(random.uniform(*self._latency))
        return self._backend.handle(method, params)

    async def workspace_create(self, name: str, seats: int = 3) -> Dict[str, Any]:
        return await self._call("workspace_create", name=name, seats=seats)

    async def board_create(self, workspace_id: int, title: str) -> Dict[str, Any]:
        return await self._call("board_create", workspace_id=workspace_id, title=title)

    async def member_add(self, workspace_id: int, email: str, role: str = "editor") -> Dict[str, Any]:
        return await self._call("member_add", workspace_id=workspace_id, email=email, role=role)

    async def member_list(self, workspace_id: int) -> List[Dict[str, Any]]:
        return await self._call("member_list", workspace_id=workspace_id)
