"""No web page can drive the AWS endpoint (H4): moto sends no CORS headers and refuses requests a browser sent,
except the SPA's own presigned upload from the HTTP gateway's origin."""

from __future__ import annotations

import json
import uuid

from support.cloud import RunningCloud
from support.http import call

EVIL = "http://evil.example"
LIST_TABLES = {"content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.ListTables",
               "authorization": "AWS4-HMAC-SHA256 Credential=test/20261204/us-east-1/dynamodb/aws4_request, "
                                "SignedHeaders=host, Signature=0"}


def _list_tables(cloud: RunningCloud, **extra: str) -> tuple[int, dict, bytes]:
    status, headers, body = call(cloud.aws_url, "POST", "/", b"{}", {**LIST_TABLES, **extra})
    return status, dict(headers), body


def test_a_request_from_a_web_page_is_refused_and_the_same_one_from_a_program_answered(
        sample_cloud: RunningCloud) -> None:
    status, headers, body = _list_tables(sample_cloud, origin=EVIL)
    assert status == 403, body
    assert "eventonight-Table" not in body.decode()
    assert not any(name.lower().startswith("access-control-") for name in headers), headers

    status, headers, body = _list_tables(sample_cloud)
    assert status == 200 and "eventonight-Table" in json.loads(body)["TableNames"]
    assert not any(name.lower().startswith("access-control-") for name in headers), headers  # no CORS at all


def test_a_cors_preflight_gets_no_permission(sample_cloud: RunningCloud) -> None:
    status, headers, _ = call(sample_cloud.aws_url, "OPTIONS", "/", None, {
        "origin": EVIL, "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-amz-target"})

    assert status == 403
    assert not any(name.lower().startswith("access-control-") for name in headers), dict(headers)


def test_a_plain_get_from_a_page_is_refused_by_its_fetch_metadata(sample_cloud: RunningCloud) -> None:
    """An <img> or <script> GET carries no Origin, but every current browser sends Sec-Fetch-Site."""
    s3, bucket = sample_cloud.client("s3"), sample_cloud.deployment.outputs["UploadsBucket"]
    s3.put_object(Bucket=bucket, Key="page-visible.txt", Body=b"private")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "page-visible.txt"})

    assert call(url, "GET", "", None, {"sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors"})[0] == 403
    assert call(url, "GET", "")[:3:2] == (200, b"private")


def test_a_web_page_cannot_invoke_a_function_through_eventonight_invokes_endpoint(sample_cloud: RunningCloud) -> None:
    """A form POST (no preflight) to the endpoint `eventonight invoke` calls would run any function with any
    event; the browser's Origin gets it refused before any worker starts, while the CLI's request runs it."""
    path = "/_eventonight/invoke/" + sample_cloud.function_named("CreateItemFunction")
    event = json.dumps({"routeKey": "GET /sample/items/{itemId}", "pathParameters": {"itemId": "none"}}).encode()

    refused = call(sample_cloud.aws_url, "POST", path, event, {"origin": EVIL, "content-type": "text/plain"})
    answered = call(sample_cloud.aws_url, "POST", path, event, {"content-type": "application/json"})

    assert refused[0] == 403 and b"payload" not in refused[2]
    assert answered[0] == 200 and json.loads(json.loads(answered[2])["payload"])["statusCode"] == 404


def _presigned_upload(cloud: RunningCloud, origin: str) -> tuple[int, bool]:
    """The SPA's upload: a presigned POST form sent by the browser (no-cors) to the bucket. (status, stored?)"""
    s3 = cloud.client("s3")
    bucket, key = cloud.deployment.outputs["UploadsBucket"], f"uploads/{uuid.uuid4()}.txt"
    form = s3.generate_presigned_post(Bucket=bucket, Key=key)
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in form["fields"].items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
                 "Content-Type: text/plain\r\n\r\nhello\r\n".encode())
    parts.append(f"--{boundary}--\r\n".encode())
    status, _, _ = call(form["url"], "POST", "", b"".join(parts), {
        "content-type": f"multipart/form-data; boundary={boundary}", "origin": origin,
        "sec-fetch-site": "same-site", "sec-fetch-mode": "no-cors"})
    stored = s3.list_objects_v2(Bucket=bucket, Prefix=key)["KeyCount"] == 1
    return status, stored


def test_the_spas_presigned_upload_is_accepted_from_the_gateways_origin_only(sample_cloud: RunningCloud) -> None:
    assert _presigned_upload(sample_cloud, EVIL) == (403, False)
    status, stored = _presigned_upload(sample_cloud, sample_cloud.http_url)
    assert status in (200, 204) and stored
