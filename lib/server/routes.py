"""Custom routes of the app server (`st.App(..., routes=ROUTES)`): the calendar feed."""

from __future__ import annotations

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lib.calendar_feed.serve import answer


async def calendar_feed(request: Request) -> Response:
    query = {key: request.query_params.getlist(key) for key in request.query_params}
    # Reading the sheet blocks: off the event loop, so the app's sessions keep flowing.
    result = await anyio.to_thread.run_sync(answer, query)
    headers = {"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"}
    if result.status == 200:
        headers["Content-Disposition"] = 'inline; filename="joint-production-deadlines.ics"'
    return Response(result.body, result.status, headers=headers, media_type=result.content_type)


ROUTES = [Route("/api/calendar.ics", calendar_feed, methods=["GET", "HEAD"])]
