"""GET /interactions/openapi.json: the interactions API described from its handlers' models (OpenAPI 3.1)."""

from __future__ import annotations

from kernel import http

from . import (
    create_review,
    delete_review,
    follow_user,
    get_user_review,
    get_user_summary,
    has_liked,
    has_participated,
    is_following,
    like_event,
    list_event_likes,
    list_event_participants,
    list_event_reviews,
    list_followers,
    list_following,
    list_organization_reviews,
    list_participations,
    list_user_likes,
    list_user_reviews,
    organization_review_statistics,
    remove_follows,
    unfollow_user,
    unlike_event,
    update_review,
)

ROUTERS = [like_event.router, unlike_event.router, list_event_likes.router, create_review.router,
           update_review.router, delete_review.router, list_event_reviews.router, list_event_participants.router,
           list_organization_reviews.router, organization_review_statistics.router, follow_user.router,
           unfollow_user.router, list_following.router, list_followers.router, is_following.router,
           get_user_summary.router, remove_follows.router, list_user_likes.router, has_liked.router,
           list_user_reviews.router, get_user_review.router, list_participations.router, has_participated.router]

handler = http.entrypoint(http.create_app("interactions", *ROUTERS))
