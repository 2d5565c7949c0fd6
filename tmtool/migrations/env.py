"""Alembic environment: migrations run on the engine tmtool hands over."""

from alembic import context
from sqlalchemy import Engine
from sqlmodel import SQLModel

import tmtool.models  # noqa: F401  (registers the tables on SQLModel.metadata)

engine: Engine = context.config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
