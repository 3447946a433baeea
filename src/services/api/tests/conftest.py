import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from app.config import Settings
from app.main import create_app
from app.realtime import MemoryBroker
from app.schema import MIGRATIONS


def migrate(url: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")


@pytest.fixture
def settings() -> Settings:
    return Settings(database_url="unused", redis_url="unused", version="1.2.3-test", revision="abc123", websocket_ping_seconds=0.2)


@pytest.fixture
def engine(tmp_path):
    url = f"sqlite:///{tmp_path}/api.db"
    migrate(url)
    return create_engine(url)


@pytest.fixture
def client(settings, engine):
    with TestClient(create_app(settings, engine=engine, broker=MemoryBroker())) as client:
        yield client
