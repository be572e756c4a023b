"""Cognito: the record of every user changed (username, sub, password, status, attributes, groups, MFA), or its
deletion. A user counts as changed when any of its fields is assigned (a hook on the class) or its groups change.

Sessions are kept too: each refresh token issued, revoked or signed out and each access token moto files (its
token-authorised calls, ChangePassword or VerifyUserAttribute, look it up there), or its removal, is journalled
as the token and its value, so a token issued before a restart still refreshes (or is still refused) after it.
Tokens verify across restarts as the pool's signing key lives in the data dir.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.models import (
    CognitoIdpBackend,
    CognitoIdpUser,
    CognitoIdpUserPool,
    UserStatus,
    cognitoidp_backends,
)

_installed = False
_tracking = False
_dirty: dict[int, tuple[CognitoIdpUser, str, str]] = {}
_tokens: dict[tuple[str, str, str], None] = {}  # (pool id, "refresh_tokens" | "access_tokens", token) changed
_TOKEN_KINDS = ("refresh_tokens", "access_tokens")


class _Tokens(dict):
    """A pool's token dict that notes which tokens changed (a pickled one comes back as one: items first, then
    its pool id, hence the getattr)."""

    def __init__(self, pool_id: str, kind: str, tokens: dict) -> None:
        super().__init__(tokens)
        self.pool_id, self.kind = pool_id, kind

    def _note(self, token: str) -> None:
        if _tracking and getattr(self, "pool_id", None):
            _tokens[(self.pool_id, self.kind, token)] = None

    def __setitem__(self, token: str, value: Any) -> None:
        super().__setitem__(token, value)
        self._note(token)

    def __delitem__(self, token: str) -> None:
        super().__delitem__(token)
        self._note(token)

    def pop(self, token: str, *default: Any) -> Any:
        value = super().pop(token, *default)
        self._note(token)
        return value


def _track_tokens(pool: Any) -> None:
    for kind in _TOKEN_KINDS:
        tokens = getattr(pool, kind, None)
        if tokens is not None and not isinstance(tokens, _Tokens):
            setattr(pool, kind, _Tokens(pool.id, kind, tokens))
_groups: dict[tuple[str, str], None] = {}  # (pool id, group name) created, changed or deleted
_FIELDS = ("id", "username", "password", "status", "enabled", "attributes", "sms_mfa_enabled",
           "software_token_mfa_enabled", "token_verified", "confirmation_code", "preferred_mfa_setting",
           "create_date", "last_modified_date")
# What moto fixes add to a user (moto_fixes.cognito_software_tokens): kept when set, absent from older records.
_ADDED_FIELDS = ("totp_secret", "pending_totp_secret", "totp_last_step")


def start_tracking(on: bool) -> None:
    global _tracking
    _dirty.clear()
    _groups.clear()
    _tokens.clear()
    if on:
        for regions in cognitoidp_backends.values():
            for backend in regions.values():
                for pool in backend.user_pools.values():
                    _track_tokens(pool)
    _tracking = on


def _mark(user: CognitoIdpUser | None) -> None:
    if _tracking and user is not None:
        _dirty[id(user)] = (user, "", "")


def install() -> None:
    global _installed
    if _installed:
        return
    delete_user, add_to_group = CognitoIdpBackend.admin_delete_user, CognitoIdpBackend.admin_add_user_to_group
    remove_from_group, delete_group = (CognitoIdpBackend.admin_remove_user_from_group,
                                       CognitoIdpBackend.delete_group)
    create_group, update_group = CognitoIdpBackend.create_group, CognitoIdpBackend.update_group

    def group_changed(original: Any) -> Any:
        def change_and_mark(self: CognitoIdpBackend, pool_id: str, group_name: str, *args: Any) -> Any:
            try:
                return original(self, pool_id, group_name, *args)
            finally:
                if _tracking:
                    _groups[(pool_id, group_name)] = None

        return change_and_mark
    original_setattr = CognitoIdpUser.__setattr__

    def setattr_and_mark(self: CognitoIdpUser, name: str, value: Any) -> None:
        original_setattr(self, name, value)
        if _tracking:
            _dirty[id(self)] = (self, "", "")

    def user_of(backend: CognitoIdpBackend, pool_id: str, username: str) -> CognitoIdpUser | None:
        pool = backend.user_pools.get(pool_id)
        return pool._get_user(username) if pool is not None else None

    def delete_and_mark(self: CognitoIdpBackend, pool_id: str, username: str) -> None:
        user = user_of(self, pool_id, username)
        try:
            delete_user(self, pool_id, username)
        finally:
            _mark(user)

    def add_and_mark(self: CognitoIdpBackend, pool_id: str, group_name: str, username: str) -> Any:
        try:
            return add_to_group(self, pool_id, group_name, username)
        finally:
            _mark(user_of(self, pool_id, username))

    def remove_and_mark(self: CognitoIdpBackend, pool_id: str, group_name: str, username: str) -> Any:
        try:
            return remove_from_group(self, pool_id, group_name, username)
        finally:
            _mark(user_of(self, pool_id, username))

    def delete_group_and_mark(self: CognitoIdpBackend, pool_id: str, group_name: str) -> None:
        pool = self.user_pools.get(pool_id)
        group = pool.groups.get(group_name) if pool is not None else None
        members = list(group.users) if group is not None else []
        try:
            delete_group(self, pool_id, group_name)
        finally:
            for user in members:
                _mark(user)
            if _tracking:
                _groups[(pool_id, group_name)] = None

    pool_init = CognitoIdpUserPool.__init__

    def init_and_track(self: CognitoIdpUserPool, *args: Any, **kwargs: Any) -> None:
        pool_init(self, *args, **kwargs)
        _track_tokens(self)

    CognitoIdpUserPool.__init__ = init_and_track  # type: ignore[method-assign]
    CognitoIdpUser.__setattr__ = setattr_and_mark  # type: ignore[method-assign]
    CognitoIdpBackend.admin_delete_user = delete_and_mark
    CognitoIdpBackend.admin_add_user_to_group = add_and_mark
    CognitoIdpBackend.admin_remove_user_from_group = remove_and_mark
    CognitoIdpBackend.delete_group = delete_group_and_mark
    CognitoIdpBackend.create_group = group_changed(create_group)
    CognitoIdpBackend.update_group = group_changed(update_group)
    _installed = True


def _where(pool_id: str) -> tuple[str, str] | None:
    for account, regions in cognitoidp_backends.items():
        for region, backend in regions.items():
            if pool_id in backend.user_pools:
                return account, region
    return None


def image(user: CognitoIdpUser) -> dict[str, Any]:
    return {**{name: getattr(user, name) for name in _FIELDS},
            **{name: getattr(user, name) for name in _ADDED_FIELDS if hasattr(user, name)},
            "groups": sorted(g.group_name for g in user.groups)}


_GROUP_FIELDS = ("description", "role_arn", "precedence", "creation_date", "last_modified_date")


def _group_entries() -> list[Any]:
    entries: list[Any] = []
    for pool_id, name in _groups:
        where = _where(pool_id)
        if where is not None:
            group = cognitoidp_backends[where[0]][where[1]].user_pools[pool_id].groups.get(name)
            value = {field: getattr(group, field) for field in _GROUP_FIELDS} if group is not None else None
            entries.append(["cognito.group", *where, pool_id, name, value])
    _groups.clear()
    return entries


def _token_entries() -> list[Any]:
    entries: list[Any] = []
    for pool_id, kind, token in _tokens:
        where = _where(pool_id)
        if where is not None:
            tokens = getattr(cognitoidp_backends[where[0]][where[1]].user_pools[pool_id], kind)
            value = {"value": tokens[token]} if token in tokens else None  # a revoked refresh token's value is None
            entries.append(["cognito.token", *where, pool_id, kind, token, value])
    _tokens.clear()
    return entries


def collect(_journal: Any) -> list[Any]:
    entries: list[Any] = _group_entries() + _token_entries()  # groups before the users, whose records name them
    for user, _, _ in _dirty.values():
        pool_id = getattr(user, "user_pool_id", None)
        where = _where(pool_id) if pool_id else None
        if where is None or not hasattr(user, "last_modified_date"):
            continue  # still being built, or its pool is gone
        pool = cognitoidp_backends[where[0]][where[1]].user_pools[pool_id]
        stored = pool.users.get(user.username) is user
        entries.append(["cognito.user", *where, pool_id, user.username, image(user) if stored else None])
    _dirty.clear()
    return entries


def apply(entry: list[Any], _journal_dir: Any) -> None:
    if entry[0] == "cognito.token":
        _apply_token(*entry[1:])
        return
    kind, account, region, pool_id, username, value = entry
    pool = cognitoidp_backends[account][region].user_pools[pool_id]
    if kind == "cognito.group":
        _apply_group(pool, username, value)
        return
    old = pool.users.pop(username, None)
    for group in pool.groups.values():
        if old is not None:
            group.users.discard(old)
    if value is None:
        return
    user = CognitoIdpUser.__new__(CognitoIdpUser)
    from moto.cognitoidp.utils import flatten_attrs

    for name in _FIELDS:
        object.__setattr__(user, name, value[name])
    object.__setattr__(user, "status", UserStatus(value["status"]))  # moto compares it by identity (`is`)
    for name in _ADDED_FIELDS:
        if name in value:
            object.__setattr__(user, name, value[name])
    object.__setattr__(user, "user_pool_id", pool_id)
    object.__setattr__(user, "attribute_lookup", flatten_attrs(value["attributes"]))
    object.__setattr__(user, "groups", set())
    for name in value["groups"]:
        group = pool.groups.get(name)
        if group is not None:
            group.users.add(user)
            user.groups.add(group)
    pool.users[username] = user


def _apply_group(pool: Any, name: str, value: dict | None) -> None:
    from moto.cognitoidp.models import CognitoIdpGroup

    group = pool.groups.get(name)
    if value is None:
        if group is not None:
            for user in group.users:
                user.groups.discard(group)
            del pool.groups[name]
        return
    if group is None:
        group = pool.groups[name] = CognitoIdpGroup(pool.id, name, value["description"], value["role_arn"],
                                                    value["precedence"])
    for field in _GROUP_FIELDS:
        setattr(group, field, value[field])


def _apply_token(account: str, region: str, pool_id: str, kind: str, token: str, value: dict | None) -> None:
    tokens = getattr(cognitoidp_backends[account][region].user_pools[pool_id], kind)
    if value is None:
        tokens.pop(token, None)
    else:  # moto keeps tuples: (client id, username[, origin jti]), or None for a revoked refresh token
        tokens[token] = tuple(value["value"]) if isinstance(value["value"], list) else value["value"]
