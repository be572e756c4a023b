"""Stripe's webhooks, verified with the official SDK, recorded by event id."""

import os

import stripe
from sample_common import TABLE, dynamodb, response


def handler(event, context):
    try:
        received = stripe.Webhook.construct_event(event.get("body", ""), event["headers"].get("stripe-signature", ""),
                                                  os.environ["STRIPE_WEBHOOK_SECRET"])
    except (ValueError, stripe.SignatureVerificationError):
        return response(400, {"message": "bad signature"})
    session = received["data"]["object"].to_dict()
    dynamodb().put_item(TableName=TABLE, Item={
        "PK": {"S": f"STRIPE#{session.get('client_reference_id') or session['id']}"}, "SK": {"S": received["id"]},
        "type": {"S": received["type"]}})
    return response(200, {"received": True})
