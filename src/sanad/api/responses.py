from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _

from sanad.api.errors import ApiError


def json_response(body: Any, *, status: int) -> JsonResponse:
    return JsonResponse(body, status=status, safe=False)


def not_found() -> ApiError:
    # The same answer whether the object does not exist or belongs to another organisation.
    return ApiError(404, "not_found", _("No such object for this token."))
