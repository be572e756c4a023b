"""Accounts in the SPA with the local mailbox open in another tab, as a developer would: a new member registers,
verifies the e-mail address with the mailed code, buys a ticket and finds the confirmation with its PDF in the
mailbox; a member who forgot the password resets it with the mailed code, and the session they had stops working;
a member turns on two-factor sign-in from the settings and logs in with the app's code, then with a backup code."""

from __future__ import annotations

import re
import time
import uuid

import pyotp
from browser_e2e import assert_accessible, log_in, open_signed_in, pay_at_stripe, published_event, ticket_type, unique
from playwright.sync_api import Browser, Page, expect
from support.platform import PASSWORD, Platform, User
from support.totp import early_in_a_step

NEW_PASSWORD = "Brand-new!42"


def _code_from_mailbox(page: Page, platform: Platform, email: str, count: int = 1) -> str:
    """Opens the mailbox page in a new tab, the newest code e-mail to `email`, and reads the code off it."""
    platform.mailbox.wait_for(to=email, subject_contains="code", count=count)  # delivered (no reloading the page)
    mailbox = page.context.new_page()
    mailbox.goto(f"{platform.cloud.mailbox_url}/?to={email}")
    subject = re.compile(r"EvenToNight: your (verification|password reset) code")  # the account's language: en
    mailbox.get_by_role("link", name=subject).first.click()
    expect(mailbox.get_by_role("heading", level=1)).to_have_text(subject)
    code = re.search(r" is ([0-9]{6})\.", mailbox.content()).group(1)  # type: ignore[union-attr]
    mailbox.close()
    return code


def test_a_new_member_verifies_the_address_from_the_mailbox_and_buys_a_ticket(
        page: Page, platform: Platform, organization: User) -> None:
    event = published_event(platform, organization, unique("Verified"), ["Concert"])
    ticket_type(platform, organization, event["eventId"], "STANDARD", 1500, 50)
    username = f"spa{uuid.uuid4().hex[:10]}"
    email = f"{username}@example.com"

    page.goto("/en/register")
    page.get_by_label("Username").fill(username)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    banner = page.get_by_test_id("verify-banner")
    expect(banner).to_contain_text("Verify your e-mail address to buy tickets")
    assert_accessible(page)
    banner.get_by_role("link", name="Verify now").click()
    expect(page.get_by_text(f"We e-mailed a six-digit code to {email}")).to_be_visible()
    page.get_by_label("Code from the e-mail").fill("000000" if (code := _code_from_mailbox(
        page, platform, email)) != "000000" else "111111")
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("incorrect")
    page.get_by_label("Code from the e-mail").fill(code)
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/?$"))  # verified, and home
    expect(banner).to_have_count(0)

    page.goto(f"/en/events/{event['eventId']}")
    expect(page.get_by_test_id("tickets")).to_contain_text("50 left", timeout=60_000)
    page.get_by_role("link", name="Buy tickets").click()
    page.get_by_label("Quantity of STANDARD").fill("1")
    page.get_by_role("button", name="Go to payment").click()
    pay_at_stripe(page, email, "€15.00")
    expect(page.get_by_role("heading", level=1, name=event["title"])).to_be_visible()

    confirmation = platform.mailbox.wait_for(to=email, subject_contains=event["title"], timeout=90)
    assert confirmation["attachments"] and confirmation["attachments"][0]["contentType"] == "application/pdf"
    assert platform.mailbox.attachment(confirmation["id"], 0).startswith(b"%PDF")


def test_a_member_resets_a_forgotten_password_from_the_mailbox_and_the_old_session_ends(
        chromium: Browser, page: Page, platform: Platform) -> None:
    member = platform.register(verified=True)
    old_session = chromium.new_context(base_url=platform.url, locale="en-US").new_page()
    log_in(old_session, member.username, member.password)

    page.goto("/en/login")
    page.get_by_role("link", name="Forgot your password?").click()
    # the login page has a "Username or e-mail" field too: fill the reset page's once it has replaced it
    expect(page.get_by_role("heading", level=1, name="Reset your password")).to_be_visible()
    page.get_by_label("Username or e-mail").fill(member.email)
    assert_accessible(page)
    page.get_by_role("button", name="Send the code").click()
    expect(page.get_by_text("a code is on its way")).to_be_visible()
    expect(page.get_by_label("Username or e-mail")).to_have_value(member.email)
    code = _code_from_mailbox(page, platform, member.email, count=2)  # its verification's code came first
    page.get_by_label("Code from the e-mail").fill(code)
    page.get_by_label("New password").fill("short")
    page.get_by_label("Confirm password").fill("short")
    page.get_by_role("button", name="Reset password").click()
    expect(page.get_by_text("at least one digit")).to_be_visible()
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Reset password").click()
    expect(page.get_by_text("Your password is reset")).to_be_visible()
    assert_accessible(page)
    log_in(page, member.username, NEW_PASSWORD)

    assert platform.request("GET", f"/users/{member.id}", user=member).status == 401
    old_session.reload()  # its refresh token is revoked: the SPA forgets the session
    expect(old_session.get_by_role("link", name="Log in")).to_be_visible()
    assert platform.request("POST", "/users/login", {"username": member.username, "password": PASSWORD}).status \
        == 401
    old_session.context.close()


def test_a_member_turns_on_two_factor_sign_in_logs_in_with_the_app_then_a_backup_code_and_turns_it_off(
        page: Page, platform: Platform) -> None:
    member = platform.register(verified=True)
    open_signed_in(page, platform, member, "/en/settings#password")
    two_factor = page.get_by_test_id("two-factor")
    two_factor.get_by_role("button", name="Set up two-factor sign-in").click()
    expect(two_factor.get_by_role("img", name="QR code for the authenticator app")).to_be_visible()
    secret = two_factor.get_by_test_id("totp-secret").inner_text()
    early_in_a_step()
    two_factor.get_by_label("Code from the app").fill(_code(secret, -1))  # the app a step behind: the login
    # takes this step's code and the backup-code login the next one's (Cognito takes each code once)
    two_factor.get_by_role("button", name="Turn on").click()
    expect(two_factor.get_by_text("Two-factor sign-in is on.")).to_be_visible()
    backup = two_factor.get_by_test_id("backup-codes").get_by_role("listitem").all_inner_texts()
    assert len(backup) == 10
    assert_accessible(page)
    page.get_by_role("button", name="Log out").click()

    page.goto("/en/login")
    page.get_by_label("Username or e-mail").fill(member.username)
    page.get_by_label("Password").fill(member.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Enter the code your authenticator app shows.")).to_be_visible()
    page.get_by_label("Code from the app").fill(_code(secret))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    page.goto("/en/login")
    page.get_by_label("Username or e-mail").fill(member.username)
    page.get_by_label("Password").fill(member.password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Lost the app? Use a backup code").click()
    page.get_by_label("Backup code").fill(backup[0])
    assert_accessible(page)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto("/en/settings#password")  # and turns it off with the password and another backup code
    two_factor = page.get_by_test_id("two-factor")
    expect(two_factor.get_by_text("Two-factor sign-in is on.")).to_be_visible()
    two_factor.get_by_label("Password").fill(member.password)
    two_factor.get_by_label("Code of the app, or a backup code").fill(backup[1])
    assert_accessible(page)
    two_factor.get_by_role("button", name="Turn off").click()
    expect(two_factor.get_by_text("Two-factor sign-in is off.")).to_be_visible()
    expect(two_factor.get_by_role("button", name="Set up two-factor sign-in")).to_be_visible()
    assert platform.request("POST", "/users/login", {"username": member.username,
                                                     "password": member.password}).status == 200


def test_a_member_changes_the_e_mail_address_with_the_code_sent_to_the_new_one(page: Page, platform: Platform) -> None:
    member = platform.register(verified=True)
    new = f"moved{uuid.uuid4().hex[:10]}@example.com"
    open_signed_in(page, platform, member, "/en/settings#password")
    section = page.get_by_test_id("email-change")
    expect(section.get_by_text(f"Your address is {member.email}.")).to_be_visible()
    section.get_by_label("New e-mail address").fill(new)
    section.get_by_label("Password").fill(member.password)
    section.get_by_role("button", name="Send a code to the new address").click()
    expect(section.get_by_text(f"We e-mailed a code to {new}.")).to_be_visible()
    mail = platform.mailbox.wait_for(to=new, subject_contains="new e-mail address")
    section.get_by_label("Code from the e-mail").fill(re.search(r"\b([0-9]{6})\b", mail["text"]).group(1))  # type: ignore[union-attr]
    assert_accessible(page)
    section.get_by_role("button", name="Change the address").click()
    expect(section.get_by_text(f"Your e-mail address is now {new}.")).to_be_visible()

    assert platform.mailbox.wait_for(to=member.email, subject_contains="address was changed")
    assert platform.request("POST", "/users/login", {"username": new, "password": member.password}).status == 200


def _code(secret: str, steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + steps * 30)
