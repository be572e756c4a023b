"""Logouts survive a restart of the embedded cloud: what the fixes remember is saved with moto's state."""

from __future__ import annotations

from pathlib import Path

from botocore.exceptions import ClientError
from embedded_cloud import persistence
from embedded_cloud.moto_server import backend_lock
from moto.cognitoidp.models import cognitoidp_backends

# moto raises NotImplementedError inside the operation: the embedded AWS endpoint (keep-alive since 507b851)
# drops the connection instead of answering moto's HTML 500
UNIMPLEMENTED = "RevokeToken is not implemented"


def _live_pool(pool_id: str) -> object:
    with backend_lock():
        return cognitoidp_backends["123456789012"]["us-east-1"].user_pools[pool_id]


def test_revoked_tokens_stay_revoked_after_saving_and_restoring_moto(moto, platform_pool, error_of,
                                                                     tmp_path: Path) -> None:
    moto.expect_defect(UNIMPLEMENTED, raises=ClientError)
    platform_pool.register("alice")
    revoked, kept = platform_pool.log_in("alice"), platform_pool.log_in("alice")
    platform_pool.register("bob")
    bob = platform_pool.log_in("bob")
    platform_pool.cognito.revoke_token(Token=revoked["RefreshToken"], ClientId=platform_pool.client_id)
    platform_pool.cognito.global_sign_out(AccessToken=bob["AccessToken"])

    before = _live_pool(platform_pool.id)

    persistence.save(tmp_path, {})
    persistence.load(tmp_path)

    assert _live_pool(platform_pool.id) is not before  # moto now serves the restored copy

    for login in (revoked, bob):
        assert error_of(platform_pool.cognito.get_user, AccessToken=login["AccessToken"]) == (
            "NotAuthorizedException", "Access Token has been revoked")
        assert error_of(platform_pool.refresh, login["RefreshToken"]) == (
            "NotAuthorizedException", "Refresh Token has been revoked")
    assert platform_pool.cognito.get_user(AccessToken=kept["AccessToken"])["Username"] == "alice"
