"""Imports what the api uses at run time, so Python writes bytecode for the standard library modules it needs."""
import alembic.command  # noqa: F401
import alembic.runtime.migration  # noqa: F401
import alembic.script  # noqa: F401
import fastapi  # noqa: F401
import prometheus_client  # noqa: F401
import psycopg  # noqa: F401
import pydantic  # noqa: F401
import redis.asyncio  # noqa: F401
import sqlalchemy.dialects.postgresql.psycopg  # noqa: F401
import sqlalchemy.dialects.sqlite  # noqa: F401
import sqlalchemy.orm  # noqa: F401
import uvicorn  # noqa: F401
import uvicorn.lifespan.on  # noqa: F401
import uvicorn.loops.uvloop  # noqa: F401
import uvicorn.protocols.http.httptools_impl  # noqa: F401
import uvicorn.protocols.websockets.websockets_impl  # noqa: F401
import urllib.request  # noqa: F401,E402  (the HEALTHCHECK runs every 5 s: it should not compile anything)
