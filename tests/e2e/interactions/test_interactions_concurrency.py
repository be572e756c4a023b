"""Twenty users like and unlike the same event at the same moment: every like is counted once, every unlike
once, and the count equals the likes that are listed (the counter moves in the transaction of each row).

Why 20 (it was 50; most of the CPU is registering them): their 30 requests released at once are three times the
10 invocations a function runs at once (embedded_cloud.lambda_runtime's max_concurrency_per_function), so the
counter is raced on by every running invocation from the first request to the last; the 10 likes kept still
list over two pages of 7."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from interactions_world import World, all_pages
from support.platform import Platform, User

USERS = 20


def test_twenty_users_liking_and_unliking_at_once_leave_the_count_equal_to_the_likes(platform: Platform,
                                                                                    world: World) -> None:
    organization = world.user("organization")
    event_id = world.event(organization.id)
    with ThreadPoolExecutor(8) as pool:
        users = list(pool.map(lambda _: world.user(), range(USERS)))
    keepers = {user.id for index, user in enumerate(users) if index % 2}  # the others unlike again
    start = threading.Barrier(USERS + len(keepers))
    outcomes: Counter[tuple[str, int]] = Counter()
    lock = threading.Lock()

    def record(what: str, status: int) -> None:
        with lock:
            outcomes[(what, status)] += 1

    def like(user: User) -> None:
        start.wait()
        record("like", platform.request("POST", f"/interactions/events/{event_id}/likes", user=user).status)

    def like_then_unlike(user: User) -> None:
        like(user)
        record("unlike", platform.request("DELETE", f"/interactions/events/{event_id}/likes/{user.id}",
                                          user=user).status)

    with ThreadPoolExecutor(USERS + len(keepers)) as pool:
        # a keeper sends its like twice at once (a double click): exactly one of the two counts
        jobs = [pool.submit(like, user) for user in users if user.id in keepers for _ in range(2)]
        jobs += [pool.submit(like_then_unlike, user) for user in users if user.id not in keepers]
        for job in jobs:
            job.result()

    assert outcomes == {("like", 201): USERS, ("like", 409): len(keepers), ("unlike", 204): USERS - len(keepers)}
    listed = [item["userId"] for item in all_pages(platform, f"/interactions/events/{event_id}/likes", limit=7)]
    assert sorted(listed) == sorted(keepers)
    total = platform.request("GET", f"/interactions/events/{event_id}/likes").json["totalLikes"]
    assert total == len(listed) == len(keepers)
