"""Access-matrix rows of the API's URLs as the web sees them (a session, no token), and of the token pages.

The API authenticates organisation tokens only: a signed-in session gets 401 like an anonymous visitor
(tests/test_api_access.py runs every operation with a token of every role). The schema and its documentation
are public. Only the administrator manages tokens; creating one asks for the password again (302).
"""

from __future__ import annotations

import uuid

from tests.matrix_rows import Row, only

NO_TOKEN = 401
REFERRAL = lambda cast: {"referral_id": cast.referral.pk}  # noqa: E731
CRIMINAL_CASE = lambda cast: {"reference": cast.criminal_case.reference}  # noqa: E731

API_ROWS: dict[str, Row] = {
    "api:openapi-json": Row(default=200),
    "api:openapi-view": Row(default=200),
    "api:api-root": Row(default=404),  # nothing at /api/ itself: the operations are under /api/v1/
    "api:contact_create": Row(method="post", default=NO_TOKEN),
    "api:contact_detail": Row(kwargs=lambda cast: {"reference": cast.contact.reference}, default=NO_TOKEN),
    "api:case_list": Row(default=NO_TOKEN),
    "api:case_create": Row(method="post", default=NO_TOKEN),
    "api:case_detail": Row(kwargs=lambda cast: {"reference": cast.case_a.reference}, default=NO_TOKEN),
    "api:criminal_case_create": Row(method="post", default=NO_TOKEN),
    "api:criminal_case_detail": Row(kwargs=CRIMINAL_CASE, default=NO_TOKEN),
    # PATCH: the matrix's client sends the method as a row says; a session gets 401 before any body is read.
    "api:criminal_case_update": Row(method="patch", kwargs=CRIMINAL_CASE, default=NO_TOKEN),
    "api:referral_inbox": Row(default=NO_TOKEN),
    "api:referral_accept": Row(method="post", kwargs=REFERRAL, default=NO_TOKEN),
    "api:referral_decline": Row(method="post", kwargs=REFERRAL, default=NO_TOKEN),
    "api:table_list": Row(default=NO_TOKEN),
    "api:table_detail": Row(kwargs=lambda cast: {"code": "victims"}, default=NO_TOKEN),
    "api:tier_history": Row(kwargs=lambda cast: {"iso3": "MAR"}, default=NO_TOKEN),
    "api_tokens:list": Row(expected=only({"admin": 200})),
    "api_tokens:create": Row(expected=only({"admin": 302})),
    # An unknown token: the administrator is sent back to the list with the error; everyone else refused.
    "api_tokens:revoke": Row(
        method="post", kwargs=lambda cast: {"token_id": uuid.UUID(int=7)}, expected=only({"admin": 302})
    ),
}
