"""Settings from the environment. Passwords come from files (compose secrets), never from variables."""
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote


def _read_secret(name: str) -> str | None:
    path = os.environ.get(f"{name}_FILE")
    return Path(path).read_text().strip() if path else None


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str
    version: str
    revision: str
    websocket_ping_seconds: float

    @staticmethod
    def from_environment() -> "Settings":
        url = os.environ.get("DATABASE_URL")
        if not url:
            password = _read_secret("DATABASE_PASSWORD") or ""
            url = "postgresql+psycopg://{user}:{password}@{host}:{port}/{name}".format(
                user=quote(os.environ.get("DATABASE_USER", "pazpaz")),
                password=quote(password),
                host=os.environ.get("DATABASE_HOST", "postgres"),
                port=os.environ.get("DATABASE_PORT", "5432"),
                name=os.environ.get("DATABASE_NAME", "pazpaz"),
            )
        return Settings(
            database_url=url,
            redis_url=os.environ.get("REDIS_URL", "redis://redis:6379/0"),
            version=os.environ.get("APP_VERSION", "0.0.0-local"),
            revision=os.environ.get("APP_REVISION", "unknown"),
            websocket_ping_seconds=float(os.environ.get("WEBSOCKET_PING_SECONDS", "20")),
        )
