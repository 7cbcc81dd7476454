"""Alembic environment: the engine comes from the caller (pipelines.db.migrate) or SCHOOLNEWS_DB."""

from __future__ import annotations

from alembic import context

from pipelines.db import models  # noqa: F401  (registers the tables on Base.metadata)
from pipelines.db.base import Base
from pipelines.db.migrate import include_object
from pipelines.db.session import make_engine

config = context.config
engine = config.attributes.get("engine") or make_engine()

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
    )
    context.run_migrations()
