"""A WebSocket lives no longer than the login that opened it: logout, a password change and the account's deletion
close the user's sockets (those of the ended logins only), over the real WebSocket endpoint. Expiry is tested on
a cloud whose tokens live seconds (tests/e2e/limits)."""

from __future__ import annotations

import pytest
from notifications_e2e import Socket, Table, socket_url
from support.platform import Platform, User
from support.polling import eventually
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

NEW_PASSWORD = "brand-new-pass-2!"


def another_login(platform: Platform, user: User, password: str | None = None) -> User:
    response = platform.request("POST", "/users/login", {"username": user.username,
                                                         "password": password or user.password})
    assert response.status == 200, response.raw
    return User(user.id, user.username, user.email, user.role, response.json["accessToken"],
                response.json["refreshToken"], password or user.password)


def test_logout_closes_the_sockets_of_that_login_only(platform: Platform) -> None:
    laptop = platform.register("member")
    phone = another_login(platform, laptop)
    with Socket(platform, laptop) as laptop_tab, Socket(platform, laptop) as second_tab, \
            Socket(platform, phone) as phone_tab:
        assert platform.request("POST", "/users/logout", {"refreshToken": laptop.refresh_token}).status == 204
        laptop_tab.wait_closed()
        second_tab.wait_closed()
        assert phone_tab.is_open()
        phone_tab.send({"action": "ping"})
        assert phone_tab.wait_for("pong")
    eventually(lambda: Table(platform).connections_of(laptop.id) == [], what="the closed connections forgotten")


def test_a_password_change_closes_every_socket_of_the_account(platform: Platform) -> None:
    laptop = platform.register("member")
    phone = another_login(platform, laptop)
    with Socket(platform, laptop) as laptop_tab, Socket(platform, phone) as phone_tab:
        response = platform.request("PUT", f"/users/{laptop.id}/password", {
            "currentPassword": laptop.password, "newPassword": NEW_PASSWORD, "confirmPassword": NEW_PASSWORD},
            user=laptop)
        assert response.status == 204, response.raw
        afterwards = another_login(platform, laptop, NEW_PASSWORD)
        with Socket(platform, afterwards) as new_tab:
            laptop_tab.wait_closed()
            phone_tab.wait_closed()
            assert new_tab.is_open()  # a login with the new password keeps its socket
            new_tab.send({"action": "ping"})
            assert new_tab.wait_for("pong")
    with pytest.raises(InvalidStatus) as refused, connect(socket_url(platform, phone.access_token), open_timeout=20):
        pass
    assert refused.value.response.status_code == 401


def test_deleting_the_account_closes_its_sockets(platform: Platform) -> None:
    user = platform.register("member")
    phone = another_login(platform, user)
    with Socket(platform, user) as tab, Socket(platform, phone) as phone_tab:
        assert platform.request("DELETE", f"/users/{user.id}", user=user).status == 204
        tab.wait_closed()
        phone_tab.wait_closed()
    eventually(lambda: Table(platform).connections_of(user.id) == [], what="the closed connections forgotten")
