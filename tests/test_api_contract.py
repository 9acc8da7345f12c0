"""The OpenAPI document is the API's contract (issue 22, item 2): schemathesis generates
requests from it for every operation, on the tiny demo province (a record of each kind), as province staff (a
bearer token) and as a member, and each answer must be one the document declares:

- never a server error;
- only statuses the operation declares, errors in the {code, message, fields} body;
- a request the schema allows is not refused for a reason the schema could have said
  (422, or a 400/409 other than the justified refusals below).

Bounded in time: MAX_EXAMPLES per operation and persona (a member gets one request on a
staff route, which answers 404 at once), a fixed seed (hypothesis's derandomize), no
shrinking. About 2,200 requests; measured 2026-12-01 on a shared two-core machine at load
11: 340 s for the demo, 464 s for the requests (so far from the 3-minute goal there; not
measured on an idle machine). A failure lists every problem found, with one request each.
"""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

# Generated requests per operation and persona: positive ones (the schema allows them),
# then negative ones (it does not: they must be refused with a 4xx, never a 500).
MAX_EXAMPLES = {"positive": 4, "negative": 1}

# Refusals of a request the schema allows that no schema could prevent, each with why.
# Keyed by the error's code: the reason lies in what is stored (a record's state, a role,
# a rule across two inputs or against today), not in the request's shape.
JUSTIFIED_REFUSALS: dict[str, str] = {
    # The record is no longer in the state the action needs.
    "decided": "the request or transfer was already decided",
    "already_done": "the record already went through this step",
    "wrong_step": "the record waits at another step of its review",
    "case_closed": "the case is closed",
    "not_released": "the sending union has not released the transfer yet",
    "has_payments": "payments were made to this person: the list keeps them",
    # Who the caller is: their role, organization or membership.
    "forbidden": "the caller may see the record but not act on it (their role or union)",
    "not_member": "the caller is not a union member",
    "not_handler": "only the case's worker or handler may do this",
    "not_reviewer": "another level of the federation does this step",
    "own_item": "one may not select what one put forward oneself",
    "no_consent": "the person has not consented to this processing",
    # Stored facts an input is checked against.
    "invalid_id": "an ID number's check digit (GB 11643) is not a pattern",
    "out_of_range": "the place lies outside China (a polygon, not a range)",
    "outside_place": "the date lies outside the group's stay, which is stored",
    "closed": "the campaign is closed",
    "conflict": "the record changed state first (checked, solved)",
    "wrong_status": "the nomination or objection is past this step",
    "competitions_wrong_step": "the review is past this step",
    "innovation_wrong_step": "the result is past this step",
    "competitions_same_person": "maker and checker must be two people",
    "innovation_same_person": "maker and checker must be two people",
    "already_placed": "the seeker was placed already",
    "open_application": "the member has an open application of this kind",
    "letter_answered": "the letter's reply is on file already",
    "mediation_closed": "the mediation is closed",
    "not_covered": "the member has no cover of this kind for that year",
    "claim_decided": "the claim was already approved, rejected or paid",
    "insufficient": "the fund holds less than the payout (a stored balance)",
    "already_in": "the screening's result is on file already",
    "session_held": "the congress session is recorded as held already",
    "offer_answered": "the collective offer's answer is on file already",
    "no_seeker": "the caller has no job-seeker record yet (registered on /jobs/ first)",
    "duplicate": "the period is declared, or the rebate or budget item is on file, already",
    "own_entry": "maker and checker must be two people",
}
# Generic `invalid` refusals of a field: rules between inputs or against stored records.
JUSTIFIED_FIELDS: dict[str, str] = {
    "date_to": "the end of a period before its start",
    "end": "the end of a period before its start",
    "due_on": "a deadline before the visit it follows",
    "reason": "required when the decision is to reject",
    "owner_id": "the organization's level (county and above) is stored, not in the id",
    "union_id": "the caller's writing role at that union is stored",
    "school_year": "a school year within the last eight years, counted from today",
    "hours": "opening hours follow a small grammar (周一至周五 08:00-18:00)",
    "income": "at least one of several optional inputs",
    "employer": "required for some kinds of case",
    "hospital": "required for medical aid, the kind of the application",
    "child_name": "required for school aid, the kind of the application",
    "place": "required for an event on site, the event's mode",
    "seeker_id": "a seeker on file in the caller's subtree; required for some kinds of service",
    "enterprise_id": "an enterprise on file kept by a union under the given one",
    "competition_id": "events by trade belong to a skills contest: the contest's kind is stored",
    "cadre_id": "a cadre of the seeker's union or above: the cadre's place is stored",
    "parent": "the kind of parent a kind of union may have: the parent's kind is stored",
    "credit_code": "a unified social credit code's check character (GB 32100) is computed",
    "year": "an assessment year not before the year the unit was named (stored)",
    "name": "a studio member is a member on file or a typed name: the name is required without one",
    "period": "a quarterly payer declares quarters 1–4: the payer's cycle is stored",
    "payroll": "a correction changes the payroll on file (stored)",
    "spent_on": "not after today",
    # A day against today or against the record's own days: JSON Schema has no date bounds.
    "held_on": "not after today",
    "incurred_on": "not after today",
    "reviewed_on": "not after today",
    "on": "between the day the letter was sent (stored) and today",
    # A multipart part's content: what the file is (its bytes, its size), not its shape.
    "upload": "a PDF, JPG or PNG file, by its name's extension and its first bytes",
    "file": "a JPEG or PNG photo, by its first bytes",
    "documents": "each a PDF, JPEG or PNG file, by its first bytes",
}

# Found by this test and not fixed yet (issue 22, item 2): the schema allows what the code
# refuses. Each is (operation, field): move the rule into the schema, then delete the line.
STILL_OPEN: set[tuple[str, str]] = set()

# Multipart requests go over real HTTP (a live server), the others to the WSGI app.
# Werkzeug's encoder, which schemathesis's WSGI transport uses, writes an empty file part
# without the line break before the next boundary, so Django reads no file and answers 422
# "required" (the two cases this test had open: an empty photo, an empty item of a claim's
# documents). requests (urllib3) encodes the same case correctly, as any client does: the
# server then refuses the file for what it is (JUSTIFIED_FIELDS' "file", "documents").

PERSONAS = ("province", "member")


@pytest.fixture
def demo(transactional_db, settings):
    """The tiny demo province; a transactional test, so the database is emptied after."""
    settings.ALLOWED_HOSTS = ["*"]
    from gonghui.orgs.models import Region
    from gonghui.orgs.regions import region_rows

    if not Region.objects.exists():
        Region.objects.bulk_create(region_rows(Region))
    call_command("demo", scale="tiny", stdout=StringIO())


def _problem(label: str, response, positive: bool, declared: set[str]) -> str | None:
    status = response.status_code
    if status >= 500:
        return "server error"
    if str(status) not in declared:
        return f"undocumented status {status}"
    if status < 400:
        return None
    try:
        body = response.json()
    except ValueError:
        return f"{status} without the error body"
    if not (isinstance(body, dict) and {"code", "message", "fields"} <= set(body)):
        return f"{status} without the error body"
    if positive and status in (400, 409, 422):
        fields = set(body["fields"])
        if status != 422 and (
            body["code"] in JUSTIFIED_REFUSALS or (fields and fields <= set(JUSTIFIED_FIELDS))
        ):
            return None
        if fields and all((label, f) in STILL_OPEN for f in fields):
            return None
        return f"schema-valid request refused: {status} {body['code']} {sorted(fields)}"
    return None


@pytest.mark.one_db
def test_every_answer_is_one_the_document_declares(demo, client, live_server):
    from hypothesis import HealthCheck, Phase, given, settings

    from gonghui.accounts.models import User
    from gonghui.accounts.services import token_create

    tokens = {
        name: token_create(actor=User.objects.get(username=name), name="contract test")
        for name in PERSONAS
    }
    spec = client.get(
        "/api/v1/openapi.json", headers={"authorization": f"Bearer {tokens['province']}"}
    ).json()
    schema = schemathesis.openapi.from_dict(spec)
    app = get_wsgi_application()
    throttles = caches["default"]
    problems: dict[tuple[str, str], str] = {}
    started, calls = time.monotonic(), 0

    def check(operation, persona, mode, examples):
        declared = set(operation.definition.raw["responses"])
        label = f"{operation.method.upper()} {operation.path}"
        content = operation.definition.raw.get("requestBody", {}).get("content", {})
        transport = (
            {"base_url": live_server.url} if "multipart/form-data" in content else {"app": app}
        )
        headers = {"Authorization": f"Bearer {tokens[persona]}", "Accept-Language": "en"}
        strategy = operation.as_strategy(generation_mode=schemathesis.GenerationMode(mode))

        @settings(
            max_examples=examples,
            derandomize=True,  # the same requests on every run
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],  # no shrinking: every problem is kept
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case):
            nonlocal calls
            calls += 1
            throttles.clear()  # every request comes from one address
            response = case.call(headers=headers, **transport)
            problem = _problem(label, response, mode == "positive", declared)
            if problem and (label, problem) not in problems:
                problems[(label, problem)] = (
                    f"{persona}: path={case.path_parameters} query={case.query} "
                    f"body={case.body!r:.300} -> {response.text[:300]}"
                )

        run()

    for result in schema.get_all_operations():
        operation = result.ok()
        staff_only = {"StaffTokenAuth": []} in operation.definition.raw.get("security", [])
        for persona in PERSONAS:
            for mode, n in MAX_EXAMPLES.items():
                # A member meets a staff route's 404 at once: one request shows it.
                check(operation, persona, mode, 1 if staff_only and persona == "member" else n)

    elapsed = time.monotonic() - started
    report = "\n".join(
        f"{label}: {problem}\n    {examples[0]}"
        for (label, problem), examples in sorted(problems.items())
    )
    print(f"{calls} requests in {elapsed:.0f} s")
    assert not problems, f"{len(problems)} problems in {calls} requests:\n{report}"
