"""The class hub (`python -m game hub`): a group's finished runs pooled, anonymously.

One machine on the school's or museum's network runs it; every device that plays
sends the anonymous summary of each finished run (game.hubclient), under a class
or site code; a dashboard for the projector shows what the group chose.

Modules: `report` checks one incoming summary (shared words with game.stats),
`store` keeps runs (SQLite in WAL mode, behind the small `HubStore` interface),
`app` is the Starlette application (API, dashboard, CSV export, PIN, rate limit),
`cli` starts Uvicorn and prints the address, a QR code and the teacher's PIN.
Needs the optional extra `hub` (starlette, uvicorn, segno); the game does not.
"""
