"""GET /ticketing/openapi.json: the ticketing API described from its handlers' models (OpenAPI 3.1)."""

from __future__ import annotations

from kernel import http

from . import (
    cancel_checkout,
    cancel_order,
    create_checkout,
    create_promo_code,
    create_ticket_type,
    decide_refund_request,
    delete_ticket_type,
    disable_promo_code,
    export_attendees,
    get_calendar_feed,
    get_checkins,
    get_feed_calendar,
    get_holder_event_pdf,
    get_order,
    get_order_pdf,
    get_refund_policy,
    get_refund_request,
    get_ticket,
    get_ticket_pdf,
    get_ticket_type,
    grant_door_staff,
    issue_calendar_feed,
    join_waiting_list,
    leave_waiting_list,
    list_attendees,
    list_door_duties,
    list_door_staff,
    list_holder_events,
    list_holder_orders,
    list_holder_tickets,
    list_promo_codes,
    list_refund_requests,
    list_ticket_types,
    list_waiting_entries,
    open_order_checkout,
    put_refund_policy,
    request_refund,
    revoke_calendar_feed,
    revoke_door_staff,
    transfer_ticket,
    update_ticket_type,
    verify_ticket,
)

ROUTERS = [create_ticket_type.router, list_ticket_types.router, get_ticket_type.router, update_ticket_type.router,
           delete_ticket_type.router, create_checkout.router, get_order.router, cancel_order.router,
           cancel_checkout.router]
WAITING = [join_waiting_list.router, leave_waiting_list.router, list_waiting_entries.router,
           open_order_checkout.router]
REFUNDS = [put_refund_policy.router, get_refund_policy.router, request_refund.router, get_refund_request.router,
           list_refund_requests.router, decide_refund_request.router]
TICKETS = [get_ticket.router, get_ticket_pdf.router, get_order_pdf.router, get_holder_event_pdf.router,
           list_holder_tickets.router, list_holder_orders.router, list_holder_events.router, transfer_ticket.router,
           verify_ticket.router]
FEEDS = [get_calendar_feed.router, issue_calendar_feed.router, revoke_calendar_feed.router,
         get_feed_calendar.router]
PROMOS = [create_promo_code.router, list_promo_codes.router, disable_promo_code.router]
DOOR = [list_door_staff.router, grant_door_staff.router, revoke_door_staff.router, list_door_duties.router,
        list_attendees.router, export_attendees.router, get_checkins.router]

handler = http.entrypoint(http.create_app("ticketing", *ROUTERS, *TICKETS, *WAITING, *REFUNDS, *PROMOS, *DOOR, *FEEDS))
