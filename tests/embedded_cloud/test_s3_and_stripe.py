"""S3 notifications reach functions; the Stripe emulator's signed webhooks reach the template's webhook route."""

from __future__ import annotations

import urllib.parse
import urllib.request
import uuid

import stripe
from support.cloud import RunningCloud
from support.http import call
from support.polling import eventually


def _items(cloud: RunningCloud, pk: str) -> list:
    return cloud.client("dynamodb").query(TableName="eventonight-Table", KeyConditionExpression="PK = :pk",
                                          ExpressionAttributeValues={":pk": {"S": pk}})["Items"]


def test_an_object_created_in_a_bucket_notifies_its_function_through_the_prefix_filter(
        sample_cloud: RunningCloud) -> None:
    s3, bucket = sample_cloud.client("s3"), sample_cloud.deployment.outputs["UploadsBucket"]
    ignored, key = f"elsewhere/{uuid.uuid4()}.txt", f"incoming/{uuid.uuid4()}.txt"
    s3.put_object(Bucket=bucket, Key=ignored, Body=b"x")
    s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    uploads = eventually(lambda: _items(sample_cloud, f"UPLOAD#{key}"), what="the S3 notification")
    assert uploads[0]["event"]["S"].startswith("ObjectCreated")
    assert _items(sample_cloud, f"UPLOAD#{ignored}") == []  # delivered in order: the first one was filtered


def test_a_paid_checkout_sends_a_signed_webhook_to_the_templates_route(sample_cloud: RunningCloud) -> None:
    client = stripe.StripeClient("sk_test_sample", base_addresses={"api": sample_cloud.stripe_url})
    reference = str(uuid.uuid4())
    session = client.v1.checkout.sessions.create(params={
        "mode": "payment", "client_reference_id": reference,
        "success_url": f"{sample_cloud.http_url}/paid", "cancel_url": f"{sample_cloud.http_url}/cancelled",
        "line_items": [{"quantity": 2, "price_data": {"currency": "usd", "unit_amount": 1500,
                                                      "product_data": {"name": "Ticket"}}}]})
    form = urllib.parse.urlencode({"card_number": "4242 4242 4242 4242"}).encode()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(session.url, data=form, timeout=30)
        raise AssertionError("paying should redirect to success_url")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 303
        assert redirect.headers["Location"].startswith(f"{sample_cloud.http_url}/paid")

    received = eventually(lambda: [i for i in _items(sample_cloud, f"STRIPE#{reference}")
                                   if i["type"]["S"] == "checkout.session.completed"], what="the webhook")
    assert received[0]["SK"]["S"].startswith("evt_")


def test_a_forged_webhook_is_refused(sample_cloud: RunningCloud) -> None:
    status, _, _ = call(sample_cloud.http_url, "POST", "/sample/stripe/webhook", {"type": "checkout.session.completed"},
                        {"stripe-signature": "t=1,v1=forged"})
    assert status == 400
