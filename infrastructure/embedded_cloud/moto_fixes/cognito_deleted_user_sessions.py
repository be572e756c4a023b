"""AdminDeleteUser ends the deleted user's sessions, as in Cognito.

moto 5.2.5 deletes the user but keeps its tokens filed under its username: refreshing one of its refresh
tokens then fails with HTTP 500 (moto looks the user up and finds none), and once somebody registers the same
username again, the deleted account's refresh tokens issue tokens for the new account and its access tokens
read the new account with GetUser. Cognito's tokens belong to the account, not to its name. Here deletion
revokes the user's refresh tokens (REFRESH_TOKEN_AUTH answers NotAuthorizedException) and detaches its access
tokens from the name, so that GetUser keeps answering UserNotFoundException "User does not exist.", which is
what moto answers for them until a namesake arrives.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool

from .cognito_fix_support import MethodFix

_fix = MethodFix()


def _deleted_name(username: str) -> str:
    # Usernames never contain white space, so no user can ever be found under this name.
    return f"{username} (deleted)"


@_fix.replaces(CognitoIdpBackend, "admin_delete_user")
def admin_delete_user(original: Any, self: CognitoIdpBackend, user_pool_id: str, username: str) -> None:
    pool: CognitoIdpUserPool = self.describe_user_pool(user_pool_id)
    user = self.admin_get_user(user_pool_id, username)
    # Tokens are filed under the name the user signed in with: find them while that name still finds the user.
    refresh_tokens = [token for token, issued in pool.refresh_tokens.items()
                      if issued is not None and pool._get_user(issued[1]) is user]
    access_tokens = [token for token, (_, name) in pool.access_tokens.items() if pool._get_user(name) is user]
    id_tokens = [token for token, (_, name) in pool.id_tokens.items() if pool._get_user(name) is user]
    original(self, user_pool_id, username)
    for token in refresh_tokens:
        pool.refresh_tokens[token] = None
    for token in access_tokens:
        client_id, name = pool.access_tokens[token]
        pool.access_tokens[token] = (client_id, _deleted_name(name))
    for token in id_tokens:
        del pool.id_tokens[token]


install, uninstall = _fix.install, _fix.uninstall
