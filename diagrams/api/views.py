"""REST API views: check the request's shape, call a service or selector, answer JSON.

Every view needs a logged-in user (token or session) and sees only that user's diagrams:
someone else's diagram is a 404, like a missing one. Jobs are never waited for: writes answer
202 with the diagram, whose URL the client polls.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, content_negotiation_class, throttle_classes
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from diagrams import downloads, selectors, services
from diagrams.api.errors import service_error
from diagrams.api.serializers import (
    MAX_PAGE_SIZE,
    CodeSerializer,
    DiagramDetailSerializer,
    DiagramFilterSerializer,
    DiagramPageSerializer,
    DiagramSerializer,
    ErrorSerializer,
    RefineSerializer,
    RenderSerializer,
    SubmitSerializer,
    VersionSerializer,
)
from diagrams.api.throttles import RenderThrottle, SubmitThrottle
from diagrams.models import Diagram

ERROR_MEANINGS = {
    400: "The request is not valid; each field's messages say why.",
    401: "No valid token (or session) was sent.",
    403: "A session request without its CSRF token, or a storage quota is full.",
    404: "No such diagram among yours.",
    413: "The request body is too large.",
    409: "The diagram's state forbids this now, e.g. the model is still writing it.",
    415: "The body is not JSON.",
    429: (
        "Too many requests, or too many of your jobs running at once; `Retry-After` says how"
        " many seconds to wait."
    ),
}
TAGS = ["diagrams"]


def _errors(*codes: int) -> dict:
    codes = (401, 403, *codes)
    return {
        code: OpenApiResponse(ErrorSerializer, description=ERROR_MEANINGS[code]) for code in codes
    }


WRITE_ERRORS = (400, 413, 415, 429)
ACCEPTED = OpenApiResponse(
    DiagramSerializer, description="Accepted: the job is queued; poll the URL in `Location`."
)


class DiagramPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class FileNegotiation(DefaultContentNegotiation):
    """Files answer in their own type whatever Accept says; only their errors are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _accepted(request: Request, diagram: Diagram) -> Response:
    # What the row holds now, not the object the service returned: a worker may have moved it.
    diagram.refresh_from_db()
    data = DiagramSerializer(diagram, context={"request": request}).data
    return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


def _filtered(request: Request, filters: dict) -> QuerySet:
    diagrams = selectors.diagram_list(
        user=request.user, query=filters.get("q") or None, status=filters.get("status")
    )
    if "type" in filters:
        diagrams = diagrams.filter(diagram_type=filters["type"])
    if "created_after" in filters:
        diagrams = diagrams.filter(created_at__gte=filters["created_after"])
    if "created_before" in filters:
        diagrams = diagrams.filter(created_at__lt=filters["created_before"])
    return diagrams


@extend_schema(
    methods=["GET"],
    operation_id="diagrams_list",
    summary="List your diagrams, newest first",
    parameters=[DiagramFilterSerializer],
    responses={200: DiagramPageSerializer, **_errors(400, 404)},
    tags=TAGS,
)
@extend_schema(
    methods=["POST"],
    operation_id="diagrams_submit",
    summary="Submit a scenario; the model writes the diagram in the background",
    request=SubmitSerializer,
    responses={202: ACCEPTED, **_errors(*WRITE_ERRORS)},
    tags=TAGS,
)
@api_view(["GET", "POST"])
@throttle_classes([SubmitThrottle])
def diagram_list(request: Request) -> Response:
    if request.method == "POST":
        data = _valid(SubmitSerializer, request.data)
        try:
            diagram = services.diagram_submit(
                user=request.user, text=data["scenario"], requested_type=data["type"]
            )
        except ValidationError as error:
            raise service_error("scenario", error) from None
        return _accepted(request, diagram)

    filters = _valid(DiagramFilterSerializer, request.query_params)
    paginator = DiagramPagination()
    page = paginator.paginate_queryset(_filtered(request, filters), request)
    data = DiagramSerializer(page, many=True, context={"request": request}).data
    return paginator.get_paginated_response(data)


@extend_schema(
    methods=["GET"],
    operation_id="diagrams_retrieve",
    summary="A diagram: status, code, error, attempts, timings, links and what it leaves out",
    responses={200: DiagramDetailSerializer, **_errors(404)},
    tags=TAGS,
)
@extend_schema(
    methods=["DELETE"],
    operation_id="diagrams_delete",
    summary="Delete a diagram with its versions and images",
    responses={204: OpenApiResponse(description="Deleted."), **_errors(404)},
    tags=TAGS,
)
@api_view(["GET", "DELETE"])
def diagram_detail(request: Request, pk: int) -> Response:
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    if request.method == "DELETE":
        services.diagram_delete(user=request.user, diagram=diagram)
        return Response(status=status.HTTP_204_NO_CONTENT)
    return Response(DiagramDetailSerializer(diagram, context={"request": request}).data)


@extend_schema(
    methods=["PUT"],
    operation_id="diagrams_code_replace",
    summary="Replace the code and render it again (no model call)",
    request=CodeSerializer,
    responses={202: ACCEPTED, **_errors(404, 409, *WRITE_ERRORS)},
    tags=TAGS,
)
@extend_schema(
    methods=["PATCH"],
    operation_id="diagrams_code_update",
    summary="Same as PUT: the code is the only field",
    request=CodeSerializer,
    responses={202: ACCEPTED, **_errors(404, 409, *WRITE_ERRORS)},
    tags=TAGS,
)
@api_view(["PUT", "PATCH"])
@throttle_classes([RenderThrottle])
def diagram_code(request: Request, pk: int) -> Response:
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    data = _valid(CodeSerializer, request.data)
    try:
        diagram = services.diagram_update_code(
            user=request.user, diagram=diagram, code=data["code"]
        )
    except ValidationError as error:
        raise service_error("code", error) from None
    return _accepted(request, selectors.diagram_get(user=request.user, pk=diagram.pk))


@extend_schema(
    operation_id="diagrams_refine",
    summary="Ask the model for a change in words; it writes a new version in the background",
    request=RefineSerializer,
    responses={202: ACCEPTED, **_errors(404, 409, *WRITE_ERRORS)},
    tags=TAGS,
)
@api_view(["POST"])
@throttle_classes([SubmitThrottle])
def diagram_refine(request: Request, pk: int) -> Response:
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    data = _valid(RefineSerializer, request.data)
    try:
        diagram = services.diagram_refine(
            user=request.user, diagram=diagram, request=data["request"]
        )
    except ValidationError as error:
        raise service_error("request", error) from None
    return _accepted(request, selectors.diagram_get(user=request.user, pk=diagram.pk))


@extend_schema(
    operation_id="diagrams_retry",
    summary="Run a failed diagram's failed step again: its generation, or its render",
    request=None,
    responses={202: ACCEPTED, **_errors(404, 409, 429)},
    tags=TAGS,
)
@api_view(["POST"])
@throttle_classes([RenderThrottle])
def diagram_retry(request: Request, pk: int) -> Response:
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    try:
        diagram = services.diagram_retry(user=request.user, diagram=diagram)
    except ValidationError as error:
        raise service_error("detail", error) from None
    return _accepted(request, selectors.diagram_get(user=request.user, pk=diagram.pk))


@extend_schema(
    operation_id="diagrams_versions",
    summary="The diagram's versions, newest first",
    responses={200: VersionSerializer(many=True), **_errors(404)},
    tags=TAGS,
)
@api_view(["GET"])
def diagram_versions(request: Request, pk: int) -> Response:
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    versions = selectors.diagram_versions(user=request.user, diagram=diagram)
    return Response(VersionSerializer(versions, many=True).data)


@extend_schema(
    operation_id="renders_create",
    summary="Render PlantUML code you already have, as a new diagram (no model call)",
    request=RenderSerializer,
    responses={202: ACCEPTED, **_errors(*WRITE_ERRORS)},
    tags=["renders"],
)
@api_view(["POST"])
@throttle_classes([RenderThrottle])
def render_create(request: Request) -> Response:
    data = _valid(RenderSerializer, request.data)
    try:
        diagram = services.diagram_submit_code(
            user=request.user, code=data["code"], title=data["title"]
        )
    except ValidationError as error:
        raise service_error("code", error) from None
    return _accepted(request, selectors.diagram_get(user=request.user, pk=diagram.pk))


# --- Files, each at its own URL with an ETag ---------------------------------------------------


def _file_schema(fmt: str, media_type: str, body, summary: str):
    return extend_schema(
        operation_id=f"diagrams_{fmt}",
        summary=summary,
        parameters=[
            OpenApiParameter(
                "download", OpenApiTypes.STR, description="Any value: send as an attachment."
            )
        ],
        responses={
            (200, media_type): OpenApiResponse(body, description="The file, with an ETag."),
            304: OpenApiResponse(description="Not modified since the ETag in If-None-Match."),
            **{(code, "application/json"): r for code, r in _errors(404).items()},
        },
        tags=TAGS,
    )


def _file(request: Request, pk: int, fmt: str) -> HttpResponseBase:
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    return downloads.diagram_file_response(request, diagram=diagram, fmt=fmt)


@_file_schema("png", "image/png", OpenApiTypes.BINARY, "The diagram as PNG, once it is done")
@api_view(["GET"])
@content_negotiation_class(FileNegotiation)
def diagram_png(request: Request, pk: int) -> HttpResponseBase:
    return _file(request, pk, "png")


@_file_schema("svg", "image/svg+xml", OpenApiTypes.STR, "The diagram as SVG, once it is done")
@api_view(["GET"])
@content_negotiation_class(FileNegotiation)
def diagram_svg(request: Request, pk: int) -> HttpResponseBase:
    return _file(request, pk, "svg")


@_file_schema("puml", "text/plain", OpenApiTypes.STR, "The diagram's PlantUML code")
@api_view(["GET"])
@content_negotiation_class(FileNegotiation)
def diagram_puml(request: Request, pk: int) -> HttpResponseBase:
    return _file(request, pk, "puml")


@csrf_exempt  # Nothing is done: a wrong URL is a 404 whatever the method.
def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": ["No such API endpoint."]}, status=404)
