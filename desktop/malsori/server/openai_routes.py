"""OpenAI's audio API: ``/v1/audio/transcriptions``, ``/v1/audio/translations``, ``/v1/models``.

Fields, answers, streaming and errors as OpenAI's API has them, so the official
clients, curl and other apps that speak this API work unchanged.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

router = APIRouter(prefix="/v1")


@router.get("/models", summary="The models this server can transcribe with")
async def list_models(request: Request) -> dict[str, Any]:
    runner = request.app.state.runner
    created = int(runner.started_at)
    return {"object": "list",
            "data": [{"id": name, "object": "model", "created": created, "owned_by": "malsori"}
                     for name in runner.models()]}
