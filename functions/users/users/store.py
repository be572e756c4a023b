"""The users table (single-table design): profiles, uniqueness guards and search terms, with PynamoDB.

    PK=USER#<id>          SK=PROFILE        the user's account and profile (`version`: optimistic locking)
    PK=USERNAME#<lower>   SK=GUARD          one per username  } registration fails if either exists
    PK=EMAIL#<lower>      SK=GUARD          one per e-mail    }
    PK=USER#<id>          SK=TERM#USERNAME  search term, GSI1: SEARCH#<role> / <username lower>#<id>
    PK=USER#<id>          SK=TERM#NAME      search term for the name, only while it differs from the username
    PK=USER#<id>          SK=EMAIL-CHANGE   a change of address waiting for its code (users.email_change)
A `User` (domain.py) is written with its search terms and the domain events it recorded in one transaction
(kernel.unit_of_work); a change reads the profile, lets the aggregate decide and writes it back only if nobody
wrote it meanwhile (its version), reading again otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel import unit_of_work
from kernel.errors import DomainError
from kernel.table import ContextTable
from pynamodb.attributes import BooleanAttribute, ListAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from .domain import EmailInUse, EmailTaken, User, UsernameTaken, UserNotFound
from .email_change import Waiting

PRODUCER = "users"
TERM_KINDS = ("username", "name")


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
    avatarAt = UnicodeAttribute(null=True)
    emailVerified = BooleanAttribute(null=True)
    twoFactor = BooleanAttribute(null=True)
    version = VersionAttribute(null=True)  # profiles written before it have none: the first save adds it


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


def _user(item: UserItem) -> User:
    return User(id=item.id, role=item.role, username=item.username, email=item.email, name=item.name,
                avatar=item.avatar, created_at=item.createdAt, dark_mode=bool(item.darkMode),
                language=item.language, bio=item.bio, gender=item.gender, birth_date=item.birthDate,
                interests=list(item.interests or []), contacts=list(item.contacts or []), avatar_at=item.avatarAt,
                email_verified=bool(item.emailVerified), two_factor=bool(item.twoFactor))


def _item(user: User, version: int | None) -> UserItem:
    item = UserItem(_key(user.id), "PROFILE", id=user.id, role=user.role, username=user.username,
                    email=user.email, name=user.name, avatar=user.avatar, darkMode=user.dark_mode,
                    language=user.language, createdAt=user.created_at, bio=user.bio, gender=user.gender,
                    birthDate=user.birth_date, interests=user.interests or None, contacts=user.contacts or None,
                    avatarAt=user.avatar_at, emailVerified=user.email_verified or None,
                    twoFactor=user.two_factor or None)
    if version is not None:  # the version read: the write is conditional on it
        item.version = version
    return item


def _guards(user: User) -> list[tuple[GuardItem, DomainError]]:
    return [(GuardItem(f"USERNAME#{user.username.lower()}", "GUARD", userId=user.id), UsernameTaken()),
            (GuardItem(f"EMAIL#{user.email.lower()}", "GUARD", userId=user.id), EmailTaken())]


def _terms(user: User) -> list[SearchTerm]:
    return [SearchTerm(_key(user.id), f"TERM#{kind.upper()}", GSI1PK=f"SEARCH#{user.role}",
                       GSI1SK=f"{term.lower()}#{user.id}", kind=kind, usernameLower=user.username.lower(),
                       id=user.id, role=user.role, username=user.username, name=user.name, avatar=user.avatar,
                       bio=user.bio) for kind, term in user.search_terms().items()]


def _publish(unit: unit_of_work.Unit, user: User) -> None:
    for event_type, payload in user.events:
        unit.publish(event_type, payload)


def _profile(user_id: str) -> UserItem | None:
    try:
        return UserItem.get(_key(user_id), "PROFILE", consistent_read=True)
    except UserItem.DoesNotExist:
        return None


def get(user_id: str) -> User | None:
    item = _profile(user_id)
    return _user(item) if item else None


def holder_of_email(email: str) -> str | None:
    """The id of the user registered with this e-mail (case-insensitive), or None."""
    try:
        return GuardItem.get(f"EMAIL#{email.lower()}", "GUARD", consistent_read=True).userId
    except GuardItem.DoesNotExist:
        return None


def username_for_email(email: str) -> str | None:
    """The username of the account registered with this e-mail (case-insensitive), or None."""
    try:
        user_id = GuardItem.get(f"EMAIL#{email.lower()}", "GUARD").userId
    except GuardItem.DoesNotExist:
        return None
    user = get(user_id)
    return user.username if user else None


def add(user: User) -> None:
    """A registered user: profile, guards, search terms and `user.created`, all or nothing (UsernameTaken or
    EmailTaken when a guard exists)."""
    def write(unit: unit_of_work.Unit) -> None:
        unit.save(_item(user, None), condition=UserItem.PK.does_not_exist())
        for guard, taken in _guards(user):
            unit.save(guard, condition=GuardItem.PK.does_not_exist(), failure=taken)
        for term in _terms(user):
            unit.save(term)
        _publish(unit, user)

    unit_of_work.commit(PRODUCER, write)
    user.events.clear()


class _Unchanged(Exception):
    def __init__(self, user: User) -> None:
        self.user = user


def change(user_id: str, decide: Callable[[User], Any]) -> User:
    """The user as `decide` leaves it, written with its events unless it recorded none (UserNotFound when there
    is no profile). A write that lost a race with another reads again and decides again."""
    def write(unit: unit_of_work.Unit) -> User:
        item = _profile(user_id)
        if item is None:
            raise UserNotFound()
        user = _user(item)
        decide(user)
        if not user.events:
            raise _Unchanged(user)  # nothing to write: leave the transaction empty
        unit.save(_item(user, item.version), condition=UserItem.PK.exists())  # and the version read
        terms = _terms(user)
        for term in terms:
            unit.save(term)
        if len(terms) == 1:  # the name equals the username again: its own term goes
            unit.delete(SearchTerm(_key(user.id), "TERM#NAME"))
        _publish(unit, user)
        return user

    try:
        user = unit_of_work.commit(PRODUCER, write, retry_stale=True)
    except _Unchanged as unchanged:
        return unchanged.user
    user.events.clear()
    return user


def mark_email_verified(user_id: str) -> None:
    """The profile shows the address as verified (UserNotFound without a profile). Only the owner's view reads
    it and nobody else is told: other contexts read the `verified` group in the access token."""
    _set_flag(user_id, UserItem.emailVerified, True)


def mark_two_factor(user_id: str, on: bool) -> None:
    """The profile shows whether two-factor sign-in is on (the owner's view; others read the token's group)."""
    _set_flag(user_id, UserItem.twoFactor, on)


def _set_flag(user_id: str, flag: BooleanAttribute, on: bool) -> None:
    from pynamodb.exceptions import UpdateError

    for _ in range(5):  # pynamodb conditions the update on the version read: a lost race reads again
        item = _profile(user_id)
        if item is None:
            raise UserNotFound()
        if bool(getattr(item, flag.attr_name)) == on:
            return
        try:
            item.update(actions=[flag.set(True) if on else flag.remove()])
            return
        except UpdateError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
    raise unit_of_work.Stale()


def change_email(user_id: str, waiting: Waiting) -> None:
    """The profile takes the new, verified address and its guard (EmailInUse when another user holds it), the old
    address's guard goes, and the waiting change is marked applied - all or nothing. Nobody else is told:
    addresses stay off the bus, and the contexts that mail read them from Cognito."""
    from .email_change import EmailChangeItem, key

    def write(unit: unit_of_work.Unit) -> None:
        item = _profile(user_id)
        if item is None:
            raise UserNotFound()
        user = _user(item)
        previous = user.email
        user.change_email(waiting.email)
        unit.save(_item(user, item.version), condition=UserItem.PK.exists())  # and the version read
        if previous.lower() != user.email.lower():
            unit.delete(GuardItem(f"EMAIL#{previous.lower()}", "GUARD"))
            unit.save(GuardItem(f"EMAIL#{user.email.lower()}", "GUARD", userId=user.id),
                      condition=GuardItem.PK.does_not_exist(), failure=EmailInUse())
        unit.update(key(user_id), actions=[EmailChangeItem.applied.set(True)],
                    condition=EmailChangeItem.codeHash == waiting.code_hash)  # not replaced meanwhile

    unit_of_work.commit(PRODUCER, write, retry_stale=True)


def remove(user_id: str, with_it: Callable[[unit_of_work.Unit], None]) -> bool:
    """The profile, its guards and terms go with `user.deleted`, and `with_it` writes in the same transaction
    (the tokens' deny-list entry) even when there is no profile (False: never made, or already gone)."""
    def write(unit: unit_of_work.Unit) -> bool:
        with_it(unit)
        item = _profile(user_id)
        if item is None:
            return False
        user = _user(item)
        user.delete()
        unit.delete(item, condition=UserItem.PK.exists())  # and the version read
        for guard, _ in _guards(user):
            unit.delete(guard)
        for kind in TERM_KINDS:
            unit.delete(SearchTerm(_key(user.id), f"TERM#{kind.upper()}"))
        _publish(unit, user)
        return True

    return unit_of_work.commit(PRODUCER, write, retry_stale=True)


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
