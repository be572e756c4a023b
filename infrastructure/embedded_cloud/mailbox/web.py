"""The mailbox's page and JSON API (aiohttp), on its own port on loopback only: it shows every code and link the
platform e-mails, so it is never opened to the network, like the AWS endpoint and the Stripe emulator.

    GET    /                                       the page: the newest 200 messages (?to= filters)
    GET    /messages/{id}                          one message: headers, text part, HTML part (sandboxed frame)
    GET    /api/messages?to=ADDRESS                JSON: {"messages": [summary...]}, newest first
    GET    /api/messages/{id}                      JSON: summary + headers, text, html, attachments [{index, ...}]
    GET    /api/messages/{id}/html                 the HTML part, sandboxed (no scripts, nothing fetched)
    GET    /api/messages/{id}/attachments/{index}  an attachment's bytes, as a download
    DELETE /api/messages?to=ADDRESS                delete every message to ADDRESS: {"deleted": n}
"""

from __future__ import annotations

import asyncio
import html
from urllib.parse import quote

from aiohttp import web

from .store import MAILBOX, Mail, remove_durably

PAGE_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src data:; "
               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
PAGE_LIMIT = 200  # the page shows the newest; the JSON API lists them all
HTML_PART_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = ("body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;width:100%}"
         "td,th{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #ddd}pre{white-space:pre-wrap;"
         "background:#f6f6f6;padding:.8rem}iframe{width:100%;height:28rem;border:1px solid #ccc}")


def mailbox_app() -> web.Application:
    app = web.Application()
    app.add_routes([
        web.get("/", page), web.get("/messages/{id}", message_page),
        web.get("/api/messages", list_messages), web.delete("/api/messages", delete_messages),
        web.get("/api/messages/{id}", get_message), web.get("/api/messages/{id}/html", html_part),
        web.get("/api/messages/{id}/attachments/{index}", attachment),
    ])
    return app


def _found(request: web.Request) -> Mail:
    mail = MAILBOX.get(request.match_info["id"])
    if mail is None:
        raise web.HTTPNotFound(text='{"message": "no such message"}', content_type="application/json")
    return mail


async def list_messages(request: web.Request) -> web.Response:
    return web.json_response({"messages": [m.summary() for m in MAILBOX.messages(request.query.get("to"))]})


async def get_message(request: web.Request) -> web.Response:
    return web.json_response(_found(request).details())


async def delete_messages(request: web.Request) -> web.Response:
    to = request.query.get("to", "").strip()
    if not to:  # deleting everyone's mail would break the other tests sharing the platform
        return web.json_response({"message": "give ?to=ADDRESS: only one recipient's messages are deleted"},
                                 status=400)
    ids = [m.id for m in MAILBOX.messages(to)]
    await asyncio.get_running_loop().run_in_executor(None, remove_durably, ids)  # journalled: off the loop
    return web.json_response({"deleted": len(ids)})


async def html_part(request: web.Request) -> web.Response:
    body = _found(request).details()["html"]
    if body is None:
        raise web.HTTPNotFound(text='{"message": "no HTML part"}', content_type="application/json")
    return web.Response(text=body, content_type="text/html", headers={"Content-Security-Policy": HTML_PART_POLICY})


async def attachment(request: web.Request) -> web.Response:
    try:
        found = _found(request).attachment(int(request.match_info["index"]))
    except ValueError:
        found = None
    if found is None:
        raise web.HTTPNotFound(text='{"message": "no such attachment"}', content_type="application/json")
    filename, content_type, data = found
    return web.Response(body=data, content_type=content_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
        "X-Content-Type-Options": "nosniff"})


def _page(title: str, body: str) -> web.Response:
    text = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{body}</body></html>")
    return web.Response(text=text, content_type="text/html", headers={"Content-Security-Policy": PAGE_POLICY})


async def page(request: web.Request) -> web.Response:
    to = request.query.get("to")
    rows = "".join(
        f"<tr><td>{html.escape(s['receivedAt'])}</td><td>{html.escape(', '.join(s['to']))}</td>"
        f"<td><a href='messages/{quote(s['id'])}'>{html.escape(s['subject'] or '(no subject)')}</a></td>"
        f"<td>{s['attachments'] or ''}</td></tr>"
        for s in (m.summary() for m in MAILBOX.messages(to)[:PAGE_LIMIT]))
    heading = f"Mailbox of {html.escape(to)}" if to else "Mailbox: every message the platform sent"
    return _page("Mailbox", f"<h1>{heading}</h1><form><input name='to' placeholder='recipient' "
                 f"value='{html.escape(to or '')}'> <button>Filter</button></form><table><tr><th>Received</th>"
                 f"<th>To</th><th>Subject</th><th>Attachments</th></tr>{rows}</table>"
                 f"<p>JSON: <a href='api/messages'>api/messages</a></p>")


async def message_page(request: web.Request) -> web.Response:
    mail = _found(request)
    details = mail.details()
    quoted = quote(mail.id)
    headers = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                      for k, v in details["headers"].items())
    files = "".join(f"<li><a href='../api/messages/{quoted}/attachments/{a['index']}'>"
                    f"{html.escape(a['filename'])}</a> ({html.escape(a['contentType'])}, {a['size']} bytes)</li>"
                    for a in details["attachments"])
    parts = [f"<p><a href='../'>All messages</a></p><h1>{html.escape(details['subject'])}</h1>"
             f"<table>{headers}</table>"]
    if details["html"] is not None:
        parts.append(f"<h2>HTML</h2><iframe sandbox src='../api/messages/{quoted}/html'></iframe>")
    if details["text"] is not None:
        parts.append(f"<h2>Text</h2><pre>{html.escape(details['text'])}</pre>")
    if files:
        parts.append(f"<h2>Attachments</h2><ul>{files}</ul>")
    return _page(details["subject"], "".join(parts))
