"""The users table (single-table design): profiles, uniqueness guards and search terms, with PynamoDB.

    PK=USER#<id>          SK=PROFILE        the user's account and profile
    PK=USERNAME#<lower>   SK=GUARD          one per username  } registration fails if either exists
    PK=EMAIL#<lower>      SK=GUARD          one per e-mail    }
    PK=USER#<id>          SK=TERM#USERNAME  search term, GSI1: SEARCH#<role> / <username lower>#<id>
    PK=USER#<id>          SK=TERM#NAME      search term for the name, only while it differs from the username
Every change commits with its outbox item in one transaction.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from kernel import outbox, unit_of_work
from kernel.table import ContextTable
from pynamodb.attributes import BooleanAttribute, ListAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.transactions import TransactWrite

from .domain import Settings

PRODUCER = "users"


class UserItem(ContextTable):
    id = UnicodeAttribute()
    role = UnicodeAttribute()
    username = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    avatar = UnicodeAttribute()
    darkMode = BooleanAttribute(default=False)
    language = UnicodeAttribute(default="en")
    createdAt = UnicodeAttribute()
    bio = UnicodeAttribute(null=True)
    gender = UnicodeAttribute(null=True)
    birthDate = UnicodeAttribute(null=True)
    interests = ListAttribute(of=UnicodeAttribute, null=True)
    contacts = ListAttribute(of=UnicodeAttribute, null=True)


class GuardItem(ContextTable):
    userId = UnicodeAttribute()


class SearchIndex(GlobalSecondaryIndex["SearchTerm"]):
    class Meta:
        index_name = "SearchIndex"
        projection = AllProjection()

    GSI1PK = UnicodeAttribute(hash_key=True)
    GSI1SK = UnicodeAttribute(range_key=True)


class SearchTerm(ContextTable):
    GSI1PK = UnicodeAttribute()
    GSI1SK = UnicodeAttribute()
    kind = UnicodeAttribute()  # "username" or "name"
    usernameLower = UnicodeAttribute()
    id = UnicodeAttribute()
    role = UnicodeAttribute()
    username = UnicodeAttribute()
    name = UnicodeAttribute()
    avatar = UnicodeAttribute()
    bio = UnicodeAttribute(null=True)
    by_term = SearchIndex()


def _key(user_id: str) -> str:
    return f"USER#{user_id}"


def _guards(user: UserItem) -> list[GuardItem]:
    return [GuardItem(f"USERNAME#{user.username.lower()}", "GUARD", userId=user.id),
            GuardItem(f"EMAIL#{user.email.lower()}", "GUARD", userId=user.id)]


def _terms(user: UserItem) -> list[SearchTerm]:
    terms = [("username", user.username)]
    if user.name.lower() != user.username.lower():
        terms.append(("name", user.name))
    return [SearchTerm(_key(user.id), f"TERM#{kind.upper()}", GSI1PK=f"SEARCH#{user.role}",
                       GSI1SK=f"{term.lower()}#{user.id}", kind=kind, usernameLower=user.username.lower(),
                       id=user.id, role=user.role, username=user.username, name=user.name, avatar=user.avatar,
                       bio=user.bio) for kind, term in terms]


def _transaction() -> TransactWrite:
    return unit_of_work.transaction()


def public_payload(user: UserItem) -> dict[str, Any]:
    """user.created / user.updated payload (reference §3.2 less the e-mail: no consumer reads it, and personal data
    stays out of the bus and its archive), optional fields left out when absent."""
    payload = {"id": user.id, "username": user.username, "name": user.name,
               "avatar": user.avatar, "language": user.language, "role": user.role, "bio": user.bio,
               "interests": user.interests or None}
    return {k: v for k, v in payload.items() if v is not None}


def username_for_email(email: str) -> str | None:
    """The username of the account registered with this e-mail (case-insensitive), or None."""
    try:
        user_id = GuardItem.get(f"EMAIL#{email.lower()}", "GUARD").userId
    except GuardItem.DoesNotExist:
        return None
    user = get(user_id)
    return user.username if user else None


def get(user_id: str) -> UserItem | None:
    try:
        return UserItem.get(_key(user_id), "PROFILE", consistent_read=True)
    except UserItem.DoesNotExist:
        return None


def create(user: UserItem) -> dict[str, Any]:
    """Profile, guards, search terms and `user.created`, all or nothing (a taken name fails the guards)."""
    with _transaction() as tx:
        tx.save(user, condition=UserItem.PK.does_not_exist())
        for guard in _guards(user):
            tx.save(guard, condition=GuardItem.PK.does_not_exist())
        for term in _terms(user):
            tx.save(term)
        return outbox.add(tx, "user.created", PRODUCER, public_payload(user))


def replace_settings(user: UserItem, settings: Settings) -> dict[str, Any]:
    values = asdict(settings)
    user.darkMode, user.language, user.name = values["dark_mode"], values["language"], values["name"]
    user.gender, user.birthDate, user.bio = values["gender"], values["birth_date"], values["bio"]
    user.interests, user.contacts = values["interests"] or None, values["contacts"] or None
    return _save_profile(user)


def set_avatar(user: UserItem, url: str) -> dict[str, Any]:
    user.avatar = url
    return _save_profile(user)


def _save_profile(user: UserItem) -> dict[str, Any]:
    with _transaction() as tx:
        tx.save(user, condition=UserItem.PK.exists())
        terms = _terms(user)
        for term in terms:
            tx.save(term)
        if len(terms) == 1:  # the name equals the username again: its own term goes
            tx.delete(SearchTerm(_key(user.id), "TERM#NAME"))
        return outbox.add(tx, "user.updated", PRODUCER, public_payload(user))


def delete(user: UserItem) -> dict[str, Any]:
    with _transaction() as tx:
        tx.delete(user, condition=UserItem.PK.exists())
        for guard in _guards(user):
            tx.delete(guard)
        for kind in ("USERNAME", "NAME"):
            tx.delete(SearchTerm(_key(user.id), f"TERM#{kind}"))
        return outbox.add(tx, "user.deleted", PRODUCER, {"id": user.id})


def search(role: str, prefix: str, limit: int, start_key: dict | None) -> list[SearchTerm]:
    """Up to `limit` of a role's users whose username or name starts with `prefix`, each user once, after the
    index key `start_key`.

    A name term is skipped when the username matches too (that user is found by its username term)."""
    condition = SearchTerm.GSI1SK.startswith(prefix) if prefix else None
    if prefix:
        duplicate = (SearchTerm.kind == "name") & SearchTerm.usernameLower.startswith(prefix)
        filter_condition = ~duplicate
    else:
        filter_condition = SearchTerm.kind == "username"
    return list(SearchTerm.by_term.query(f"SEARCH#{role}", range_key_condition=condition,
                                         filter_condition=filter_condition, limit=limit,
                                         last_evaluated_key=start_key, page_size=limit))


def index_key(term: SearchTerm) -> dict[str, Any]:
    """Where a search continues after this term (its key in the table and in the index)."""
    return {"PK": {"S": term.PK}, "SK": {"S": term.SK}, "GSI1PK": {"S": term.GSI1PK}, "GSI1SK": {"S": term.GSI1SK}}
