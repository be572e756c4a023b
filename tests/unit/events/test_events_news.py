"""What other contexts tell an event, decided by its domain without AWS: a ticket type's price (newest news wins,
tombstones, the price range from the live types), a like (newest wins, the count moves only when the user's
like changes), an order's tickets (once per order), a poster (newest wins, none once completed) and the
organizer's name (newest wins, none once the organizer is deleted)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from events.domain import (
    COMPLETED,
    PUBLISHED,
    Event,
    Like,
    Noted,
    OrderCount,
    TicketTypePrice,
    liked,
    sold,
    with_creator_name,
    with_poster,
    with_ticket_type,
)

T1, T2, T3 = "2026-12-05T10:00:01.000Z", "2026-12-05T10:00:02.000Z", "2026-12-05T10:00:03.000Z"
EVENT = Event(id="e1", status=PUBLISHED, created_at=datetime(2026, 12, 1, tzinfo=UTC), creator_id="org1",
              poster="default.png")


def price(type_id: str, amount: int, at: str, deleted: bool = False) -> TicketTypePrice:
    return TicketTypePrice(type_id, amount, "EUR", at, deleted)


# --- ticket types ----------------------------------------------------------------------------------------------


def test_a_new_ticket_type_joins_the_price_range_and_is_kept_where_nothing_was():
    news = price("dear", 3000, T2)
    transition = with_ticket_type(EVENT, news, [price("cheap", 1500, T1)])
    after = transition.after
    assert (after.prices, after.currency, after.is_free) == ((1500, 3000), "EUR", False)
    assert transition.noted == Noted(news, over=None)
    assert (transition.before, transition.caused) == (EVENT, ())


def test_a_newer_price_replaces_the_type_it_updates_on_the_condition_of_the_one_read():
    transition = with_ticket_type(EVENT, price("dear", 2500, T3), [price("cheap", 1500, T1), price("dear", 3000, T2)])
    assert transition.after.prices == (1500, 2500)
    assert transition.noted.over == T2


def test_news_as_old_as_what_the_event_knows_of_the_type_changes_nothing():
    known = [price("dear", 3000, T2)]
    assert with_ticket_type(EVENT, price("dear", 9999, T1), known) is None  # late
    assert with_ticket_type(EVENT, price("dear", 3000, T2), known) is None  # the same fact again


def test_a_creation_older_than_the_types_deletion_does_not_bring_it_back():
    assert with_ticket_type(EVENT, price("dear", 3000, T1), [price("dear", 0, T2, deleted=True)]) is None


def test_the_last_type_deleted_makes_the_event_free_again_and_leaves_a_tombstone():
    priced = replace(EVENT, prices=(1500,), currency="EUR")
    news = price("cheap", 0, T2, deleted=True)
    transition = with_ticket_type(priced, news, [price("cheap", 1500, T1), price("gone", 500, T1, deleted=True)])
    assert (transition.after.prices, transition.after.currency, transition.after.is_free) == ((), None, True)
    assert transition.noted == Noted(news, over=T1)


def test_a_type_whose_price_stays_still_rewrites_the_event_so_two_types_changing_at_once_race_on_it():
    priced = replace(EVENT, prices=(1000,), currency="EUR")
    transition = with_ticket_type(priced, price("a", 1000, T2, deleted=True), [price("a", 1000, T1),
                                                                                 price("b", 1000, T1)])
    assert transition.after.prices == (1000,)
    assert not transition.noted.alone


# --- likes ----------------------------------------------------------------------------------------------------


def test_a_first_like_counts_and_an_unlike_takes_it_back():
    news = Like("u1", True, T1)
    like = liked(EVENT, news, None)
    assert (like.after.likes, like.noted) == (1, Noted(news, over=None))
    unlike = liked(like.after, Like("u1", False, T2), news)
    assert (unlike.after.likes, unlike.noted.over, unlike.noted.alone) == (0, T1, False)


def test_a_like_of_a_user_who_likes_it_already_is_kept_alone_without_counting():
    counted = replace(EVENT, likes=1)
    transition = liked(counted, Like("u1", True, T2), Like("u1", True, T1))
    assert (transition.after, transition.noted.alone, transition.noted.over) == (counted, True, T1)


def test_an_unlike_never_takes_the_count_below_zero():
    assert liked(EVENT, Like("u1", False, T2), Like("u1", True, T1)).after.likes == 0


def test_like_news_as_old_as_what_the_event_knows_changes_nothing():
    known = Like("u1", True, T2)
    assert liked(EVENT, Like("u1", False, T1), known) is None  # a late unlike
    assert liked(EVENT, Like("u1", True, T2), known) is None  # the same like again


# --- orders -----------------------------------------------------------------------------------------------------


def test_an_order_sells_its_tickets_once():
    order = OrderCount("ord1", 3)
    transition = sold(replace(EVENT, tickets_sold=2), order, counted=False)
    assert (transition.after.tickets_sold, transition.noted) == (5, Noted(order, over=None))
    assert sold(EVENT, order, counted=True) is None


# --- posters ----------------------------------------------------------------------------------------------------


def test_a_newer_poster_wins_and_an_older_or_the_same_one_changes_nothing():
    transition = with_poster(replace(EVENT, poster_at=T1), "http://x/new.png", T2)
    assert (transition.after.poster, transition.after.poster_at, transition.noted) == ("http://x/new.png", T2, None)
    assert with_poster(replace(EVENT, poster_at=T2), "http://x/old.png", T1) is None
    assert with_poster(replace(EVENT, poster_at=T2), "http://x/new.png", T2) is None


def test_a_completed_event_gets_no_poster():
    assert with_poster(replace(EVENT, status=COMPLETED), "http://x/new.png", T2) is None


# --- the organizer's name ------------------------------------------------------------------------------------


def test_an_event_never_told_its_organizers_name_takes_the_first_it_is_told():
    transition = with_creator_name(EVENT, "Blue Club", T1)
    assert (transition.after.creator_name, transition.after.creator_name_at, transition.caused) == \
        ("Blue Club", T1, ())


def test_the_newest_name_wins_and_the_same_name_told_again_or_late_changes_nothing():
    named = with_creator_name(EVENT, "Blue Note", T2).after
    assert with_creator_name(named, "Blue Club", T1) is None  # older, late
    assert with_creator_name(named, "Blue Note", T2) is None  # the same fact again
    renamed = with_creator_name(named, "Blue Note Milano", T3).after
    assert (renamed.creator_name, renamed.creator_name_at) == ("Blue Note Milano", T3)


def test_a_newer_message_with_the_same_name_still_moves_the_time_so_an_older_rename_cannot_win_after_it():
    told_again = with_creator_name(with_creator_name(EVENT, "Blue Note", T1).after, "Blue Note", T3).after
    assert told_again.creator_name_at == T3
    assert with_creator_name(told_again, "Blue Club", T2) is None


def test_a_deleted_organizer_leaves_no_name_that_an_older_update_could_bring_back():
    gone = with_creator_name(with_creator_name(EVENT, "Blue Note", T1).after, None, T2).after
    assert (gone.creator_name, gone.creator_name_at) == (None, T2)
    assert with_creator_name(gone, "Blue Note", T1) is None
    assert with_creator_name(EVENT, "", T1).after.creator_name is None  # an empty name is none to show
