"""The HTTP gateway: routes from the template, payload format 2.0, responses, CORS, limits, failures."""

from __future__ import annotations

import json

from support.cloud import RunningCloud
from support.http import call
from support.polling import eventually


def test_a_request_reaches_a_function_that_writes_dynamodb(sample_cloud: RunningCloud) -> None:
    status, _, body = call(sample_cloud.http_url, "POST", "/sample/items", {"name": "lamp"})
    assert status == 201
    created = json.loads(body)
    assert created["greeting"] == "hello"  # a template parameter's default, through the function's environment

    item = sample_cloud.client("dynamodb").get_item(
        TableName="eventonight-Table", Key={"PK": {"S": f"ITEM#{created['id']}"}, "SK": {"S": "ITEM"}})["Item"]
    assert item["name"] == {"S": "lamp"}
    status, _, body = call(sample_cloud.http_url, "GET", f"/sample/items/{created['id']}")
    assert (status, json.loads(body)["name"]) == (200, "lamp")


def test_payload_format_2_carries_path_query_cookies_headers_and_binary_bodies(sample_cloud: RunningCloud) -> None:
    status, headers, body = call(sample_cloud.http_url, "PUT", "/sample/echo/a/b/c?x=1&x=2&y=z", b"\x00\xff",
                                 {"content-type": "application/octet-stream", "x-test": "yes",
                                  "cookie": "one=1; two=2"})
    echoed = json.loads(body)
    assert status == 200
    assert echoed["method"] == "PUT"
    assert echoed["pathParameters"] == {"proxy": "a/b/c"}
    assert echoed["query"] == {"x": "1,2", "y": "z"}
    assert echoed["cookies"] == ["one=1", "two=2"]
    assert echoed["isBase64Encoded"] is True and echoed["body"] == "00ff"
    assert echoed["header"] == "yes"
    assert echoed["function"] == "eventonight-CreateItemFunction"
    assert headers.get_all("Set-Cookie") == ["seen=yes; Path=/"]


def test_text_bodies_arrive_as_text(sample_cloud: RunningCloud) -> None:
    _, _, body = call(sample_cloud.http_url, "POST", "/sample/echo/x", {"a": "é"})
    echoed = json.loads(body)
    assert echoed["isBase64Encoded"] is False and json.loads(echoed["body"]) == {"a": "é"}


def test_unknown_routes_and_methods_are_404(sample_cloud: RunningCloud) -> None:
    assert call(sample_cloud.http_url, "GET", "/sample/nothing-here")[0] == 404
    status, _, body = call(sample_cloud.http_url, "DELETE", "/sample/items")
    assert status == 404 and json.loads(body) == {"message": "Not Found"}


def test_cors_preflight_and_allowed_origin(sample_cloud: RunningCloud) -> None:
    status, headers, _ = call(sample_cloud.http_url, "OPTIONS", "/sample/items", headers={
        "Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST"})
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert headers["Access-Control-Max-Age"] == "600"

    _, headers, _ = call(sample_cloud.http_url, "GET", "/sample/items/x", headers={"Origin": "http://localhost:5173"})
    assert headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    _, headers, _ = call(sample_cloud.http_url, "GET", "/sample/items/x", headers={"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers


def test_bodies_over_6_mb_are_refused_with_413(sample_cloud: RunningCloud) -> None:
    status, _, _ = call(sample_cloud.http_url, "POST", "/sample/echo/big", b"x" * (6 * 1024 * 1024 + 1),
                        {"content-type": "application/octet-stream"})
    assert status == 413


def test_a_timed_out_function_and_a_crashed_one_are_500_while_others_keep_answering(
        sample_cloud: RunningCloud, function_logs) -> None:
    assert call(sample_cloud.http_url, "GET", "/sample/slow")[0] == 500
    # the line is printed before the 500 goes out, and read from the cloud's output by another thread
    eventually(lambda: any("Task timed out after 1.00 seconds" in line
                           for line in function_logs.of("eventonight-SlowFunction")), what="the timeout's log line")
    assert call(sample_cloud.http_url, "GET", "/sample/crash")[0] == 500
    assert call(sample_cloud.http_url, "GET", "/sample/items/unknown")[0] == 404
    # and the crashed function gets a fresh worker next time
    assert call(sample_cloud.http_url, "GET", "/sample/crash")[0] == 500


def test_an_integration_slower_than_the_route_timeout_is_504(sample_cloud: RunningCloud) -> None:
    status, _, body = call(sample_cloud.http_url, "GET", "/sample/gateway-timeout")
    assert status == 504 and json.loads(body) == {"message": "Gateway Timeout"}


def test_function_logs_are_prefixed_with_function_name_and_request_id(sample_cloud: RunningCloud,
                                                                      function_logs) -> None:
    call(sample_cloud.http_url, "POST", "/sample/items", {"name": "logged"})
    eventually(lambda: any("relayed" in line for line in function_logs.of("eventonight-RelayFunction")),
               what="the relay's log line")
    relay_lines = [line for line in function_logs.of("eventonight-RelayFunction") if "relayed" in line]
    request_id = relay_lines[0].split()[1].rstrip("]")
    prefix = f"[eventonight-RelayFunction {request_id}]"
    # The function's log file has Lambda's lines around the invocation; the terminal only what the function said.

    def invocation_logged() -> list[str] | None:
        lines = [line for line in sample_cloud.log_file_lines("eventonight-RelayFunction") if line.startswith(prefix)]
        return lines if any(" REPORT RequestId: " in line for line in lines) else None

    logged = eventually(invocation_logged, what="the relay's invocation in its log file")
    assert logged[0] == f"{prefix} START RequestId: {request_id} Version: $LATEST"
    assert f"{prefix} END RequestId: {request_id}" in logged
    assert any(line.startswith(f"{prefix} REPORT RequestId: {request_id}\tDuration: ") for line in logged)
    assert any("relayed" in line for line in logged)
    shown = [line for line in function_logs.of("eventonight-RelayFunction") if line.startswith(prefix)]
    assert shown and not any(" RequestId: " in line for line in shown), shown
