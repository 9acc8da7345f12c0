"""The SMS gateway interface: one HTTP POST per text to the gateway the operator
configures (docs/operator-guide.md), nothing at all when none is configured.

    POST GONGHUI_SMS_URL
    Authorization: Bearer GONGHUI_SMS_KEY
    Content-Type: application/json
    {"to": "13800000000", "text": "…", "ref": "r123"}

A 2xx answer means the gateway took the text (its JSON "id", if any, is not needed);
a 4xx means it never will (a bad number): failed at once; a 5xx, a timeout or a refused
connection is tried again, up to GONGHUI_SMS_RETRIES times with a growing pause.
Texts go out no faster than GONGHUI_SMS_RATE a second (gateways throttle and bill by
the burst). The phone is decrypted only here, for the request, and never logged.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger("gonghui.sms")

MAX_TEXT = 300  # characters sent: the title and the start of the text


def configured() -> bool:
    return bool(getattr(settings, "GONGHUI_SMS_URL", ""))


@dataclass
class Outcome:
    ok: bool
    retry: bool  # worth trying again (5xx, timeout, no connection)
    error: str = ""


def send_one(phone: str, text: str, ref: str) -> Outcome:
    """One attempt: POST the text to the gateway."""
    payload = json.dumps({"to": phone, "text": text[:MAX_TEXT], "ref": ref}).encode()
    request = urllib.request.Request(
        settings.GONGHUI_SMS_URL,
        data=payload,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.GONGHUI_SMS_KEY}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.GONGHUI_SMS_TIMEOUT) as answer:
            answer.read(1000)
            return Outcome(ok=True, retry=False)
    except urllib.error.HTTPError as e:
        return Outcome(ok=False, retry=e.code >= 500 or e.code == 429, error=f"HTTP {e.code}")
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        return Outcome(ok=False, retry=True, error=type(e).__name__)


class RateLimiter:
    """At most `rate` calls a second, by spacing them evenly."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next_at = 0.0

    def wait(self) -> None:
        now = time.monotonic()
        if now < self.next_at:
            time.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval


def send_with_retries(phone: str, text: str, ref: str, limiter: RateLimiter) -> tuple[Outcome, int]:
    """Send, retrying what may pass later; returns the last outcome and the attempts made."""
    retries = max(0, int(settings.GONGHUI_SMS_RETRIES))
    attempts = 0
    while True:
        limiter.wait()
        attempts += 1
        outcome = send_one(phone, text, ref)
        if outcome.ok or not outcome.retry or attempts > retries:
            if not outcome.ok:
                logger.warning("sms %s failed after %s attempts: %s", ref, attempts, outcome.error)
            return outcome, attempts
        time.sleep(settings.GONGHUI_SMS_BACKOFF * attempts)
