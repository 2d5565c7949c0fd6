"""Users, roles and the acting user."""

from __future__ import annotations

import getpass
import os

from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.models import Role, User

_ARTICLE = {Role.TRANSLATOR: "a", Role.REVIEWER: "a", Role.PUBLISHER: "a", Role.ADMIN: "an"}


def acting_user_name(explicit: str | None = None) -> str:
    """The acting user's name: `--user`, else `TMTOOL_USER`, else the OS login name."""
    name = explicit or os.environ.get("TMTOOL_USER")
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
    return name.strip()


def parse_roles(text: str) -> list[Role]:
    """Parse a comma-separated role list, refusing unknown roles."""
    roles: list[Role] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            roles.append(Role(part))
        except ValueError:
            known = ", ".join(r.value for r in Role)
            raise TmtoolError(f"{part!r} is not a role; roles are {known}.") from None
    if not roles:
        raise TmtoolError("name at least one role.")
    return roles


def add_user(session: Session, *, name: str, roles: list[Role]) -> User:
    """Add a user with the given roles."""
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise TmtoolError(
            f"{name!r} is not a usable user name (no spaces, at most 100 characters)."
        )
    with session.begin():
        if session.exec(select(User).where(User.name == name)).first():
            raise TmtoolError(f"{name} is a user already.")
        user = User(name=name, roles=",".join(r.value for r in roles))
        session.add(user)
    return user


def list_users(session: Session) -> list[User]:
    """Every user, by name."""
    with session.begin():
        return list(session.exec(select(User).order_by(User.name)))


def set_roles(session: Session, *, name: str, roles: list[Role], user_name: str) -> None:
    """Replace a user's roles (admins only), keeping at least one admin in the workspace.

    The admins are locked first (`FOR UPDATE` on PostgreSQL) and counted again after the
    change, so two admins demoting each other at the same moment cannot both succeed.

    Args:
        session: a session without an open transaction.
        name: the user whose roles change.
        roles: the new roles (at least one).
        user_name: the acting user, who must be an admin.

    Raises:
        TmtoolError: no roles, the actor is not an admin, an unknown user, or the change
            would leave the workspace without an admin.
    """
    if not roles:
        raise TmtoolError("name at least one role.")
    wanted = set(roles)
    with session.begin():
        # Lock the admins before checking anything, so that the checks see settled roles.
        list(
            session.exec(
                select(User).where(col(User.roles).contains(Role.ADMIN.value)).with_for_update()
            )
        )
        actor = get_user(session, user_name)
        require_role(actor, "changing roles", Role.ADMIN)
        user = get_user(session, name)
        user.roles = ",".join(r.value for r in Role if r in wanted)
        session.add(user)
        session.flush()
        roles_now = session.exec(
            select(User.roles).where(col(User.roles).contains(Role.ADMIN.value))
        ).all()
        if not any(Role.ADMIN.value in r.split(",") for r in roles_now):
            raise TmtoolError(
                f"{name} is the last admin; make another user an admin before taking the role away."
            )


def get_user(session: Session, name: str) -> User:
    """The user called `name`, or a clear error."""
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise TmtoolError(
            f"{name} is not a user of this workspace; an admin can add them with "
            f"`tmtool user add {name} --role translator`."
        )
    return user


def require_role(user: User, action: str, *allowed: Role) -> None:
    """Refuse unless the user holds one of `allowed`; admins hold every role.

    Args:
        user: the acting user.
        action: the action as a gerund for the message, e.g. "approving".
        allowed: roles that may do it, the usual one first.
    """
    roles = user.role_set
    if Role.ADMIN in roles or roles.intersection(allowed):
        return
    held = sorted(r.value for r in roles)
    who = f"{_ARTICLE[Role(held[0])]} {' and '.join(held)}" if held else "without a role"
    raise TmtoolError(f"{user.name} is {who}; {action} needs the {allowed[0].value} role.")
