"""Every API error as `{"field": ["message", ...]}`; `detail` names the request as a whole."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from diagrams import limits, services

# What a client is told to wait when it has as many jobs running as allowed: about one render.
JOBS_IN_FLIGHT_RETRY_AFTER = 10


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(f"The request body is larger than {limit:,} bytes.")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class QuotaReached(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "quota"


class TooManyJobs(exceptions.APIException):
    """429 with Retry-After (DRF sends it for any error with `wait`), like the rate limits."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "too_many_jobs"
    wait = JOBS_IN_FLIGHT_RETRY_AFTER


def service_error(field: str, error: DjangoValidationError) -> exceptions.APIException:
    """A service's refusal: 409 when the diagram's state forbids it, 429 when the user has as
    many jobs running as allowed, 403 past a storage quota, else a 400 naming the field.

    A refusal of the title rather than of the code names `title`.
    """
    codes = {item.code for item in error.error_list}
    if limits.TOO_MANY_JOBS in codes:
        return TooManyJobs({"detail": error.messages})
    if limits.QUOTA in codes:
        return QuotaReached({"detail": error.messages})
    if services.CONFLICT in codes:
        return Conflict({"detail": error.messages})
    if services.TITLE in codes:
        field = "title"
    return exceptions.ValidationError({field: error.messages})


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = service_error("detail", exc)
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _as_field_lists(response.data)
    return response


def _as_field_lists(data) -> dict:
    if isinstance(data, list):
        return {"detail": [str(item) for item in data]}
    if not isinstance(data, dict):
        return {"detail": [str(data)]}
    return {
        str(field): messages if isinstance(messages, list | dict) else [str(messages)]
        for field, messages in data.items()
    }
