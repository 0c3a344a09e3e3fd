"""Version 1 of the REST API: an alliance's indicators, summaries, activities and published
youth input, and data points reported by coordinators and the secretariat.

Every view resolves the alliance and the person's membership and checks the capability of the
page that shows the same data (api.permissions). Nothing here approves: a data point enters as
submitted, and the secretariat approves it in the platform.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import (
    AuthenticationFailed,
    PermissionDenied,
    Throttled,
    ValidationError,
)
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from measurement.importing import Entry, datapoints_save_all, default_organisation
from measurement.selectors import can_report
from measurement.selectors_dashboard import sees_small_groups
from measurement.services import datapoint_current, datapoint_open

from . import selectors
from .permissions import AllianceCapability
from .queries import (
    MAX_ID,
    ActivityQuery,
    DataPointQuery,
    IndicatorQuery,
    Pagination,
    SummaryQuery,
    YouthInputQuery,
    query_params,
)
from .serializers import (
    ActivitySerializer,
    DataPointCreateSerializer,
    DataPointSerializer,
    IndicatorSerializer,
    SummarySerializer,
    YouthInputSerializer,
)
from .throttling import AnonymousRateThrottle, TokenRateThrottle

ERROR_RESPONSES = {
    400: OpenApiResponse(description="A query parameter or the body is not valid."),
    401: OpenApiResponse(description="No API key (or session), or a key that does not work."),
    403: OpenApiResponse(description="Your role does not give access to this."),
    404: OpenApiResponse(description="No such alliance (or not yours), or no such object in it."),
    429: OpenApiResponse(description="Too many requests: see the Retry-After header."),
}


class TooManyRequests(Throttled):
    """A 429 that says when to try again (also in the Retry-After header)."""

    def __init__(self, wait: float | None):
        seconds = max(1, round(wait or 1))
        detail = ngettext(
            "Too many requests. Try again in %(seconds)s second.",
            "Too many requests. Try again in %(seconds)s seconds.",
            seconds,
        ) % {"seconds": seconds}
        super().__init__(wait=None, detail=detail)
        self.wait = seconds


def activate_request_language(request) -> None:
    """The language of the answer and its error messages: the language cookie when set (as on
    the pages), else the client's Accept-Language when it is a language of the platform, else
    Danish."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in dict(settings.LANGUAGES):
        return
    languages = dict(settings.LANGUAGES)
    for code, _quality in parse_accept_lang_header(
        request.headers.get("Accept-Language", "")[:500]
    ):
        base = code.split("-")[0].lower()
        if base in languages:
            translation.activate(base)
            request.LANGUAGE_CODE = base
            return


class AllianceAPIView(generics.GenericAPIView):
    """The base of every alliance endpoint. `capabilities` maps a method to the capability
    (alliance.permissions) it needs."""

    permission_classes = [AllianceCapability]
    throttle_classes = [TokenRateThrottle, AnonymousRateThrottle]
    renderer_classes = [JSONRenderer]
    pagination_class = Pagination
    capabilities: dict[str, str] = {}
    query_class = None

    def initial(self, request, *args, **kwargs):
        activate_request_language(request)
        self.format_kwarg = self.get_format_suffix(**kwargs)
        request.accepted_renderer, request.accepted_media_type = self.perform_content_negotiation(
            request
        )
        request.version, request.versioning_scheme = self.determine_version(
            request, *args, **kwargs
        )
        self.perform_authentication(request)
        # A person is throttled before the permissions, so probing other alliances or ids
        # counts too. A request without credentials is answered 401 at once; one with a wrong
        # key counted against its IP address already (perform_authentication).
        if request.user.is_authenticated:
            self.check_throttles(request)
        self.check_permissions(request)

    def perform_authentication(self, request):
        try:
            request.user  # noqa: B018 - authenticates
        except AuthenticationFailed:
            # A wrong key counts against the IP address, so keys cannot be guessed quickly.
            throttle = AnonymousRateThrottle()
            if not throttle.allow_request(request, self):
                self.throttled(request, throttle.wait())
            raise

    def throttled(self, request, wait):
        raise TooManyRequests(wait)

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["alliance"] = getattr(self.request, "alliance", None)
        return context

    @property
    def query(self) -> dict:
        if not hasattr(self, "_query"):
            self._query = query_params(self.query_class, self.request) if self.query_class else {}
        return self._query

    def get_object(self):
        if int(self.kwargs["pk"]) > MAX_ID:  # not an id the database could hold
            raise Http404
        return super().get_object()


# ---------------------------------------------------------------------------
# Indicators and summaries (the dashboard's data: view_dashboard)
# ---------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="Indicators",
        tags=["Indicators and summaries"],
        description="The alliance's indicators: definition, unit, frequency, breakdowns.",
        parameters=[IndicatorQuery],
        responses={200: IndicatorSerializer(many=True), **ERROR_RESPONSES},
    )
)
class IndicatorList(AllianceAPIView, generics.ListAPIView):
    capabilities = {"GET": "view_dashboard"}
    serializer_class = IndicatorSerializer
    query_class = IndicatorQuery

    def get_queryset(self):
        return selectors.api_indicators(alliance=self.request.alliance, query=self.query)


@extend_schema_view(
    get=extend_schema(
        summary="One indicator",
        tags=["Indicators and summaries"],
        responses={200: IndicatorSerializer, **ERROR_RESPONSES},
    )
)
class IndicatorDetail(AllianceAPIView, generics.RetrieveAPIView):
    capabilities = {"GET": "view_dashboard"}
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        return selectors.api_indicators(alliance=self.request.alliance, query={})


SUMMARY_EXAMPLE = {
    "id": 812,
    "indicator": 3,
    "period": "2025-01-01",
    "period_code": "2025",
    "period_label": "2025",
    "breakdown": None,
    "value": 71.4,
    "numerator": 1096.0,
    "denominator": 1535.0,
    "respondents": 1535,
    "organisations": 4,
    "target": 75.0,
    "trend": 1.2,
    "status": "at_risk",
    "is_hidden": False,
    "is_small_group": False,
    "is_uncertain": False,
    "computed_at": "2026-11-27T03:00:00+01:00",
}


@extend_schema_view(
    get=extend_schema(
        summary="Summaries",
        tags=["Indicators and summaries"],
        description=(
            "The computed figures the dashboard shows, per indicator, period and breakdown "
            "value (breakdown null: the total). Outside the secretariat a figure from fewer "
            "respondents than the alliance's small-group threshold is hidden: `is_hidden` is "
            "true and value, numerator, denominator, respondents and trend are null."
        ),
        parameters=[SummaryQuery],
        responses={200: SummarySerializer(many=True), **ERROR_RESPONSES},
        examples=[
            OpenApiExample("A total", value=SUMMARY_EXAMPLE, response_only=True),
            OpenApiExample(
                "A hidden small group",
                value={
                    **SUMMARY_EXAMPLE,
                    "breakdown": {"id": 7, "dimension": "Uddannelse", "label": "FGU"},
                    "value": None,
                    "numerator": None,
                    "denominator": None,
                    "respondents": None,
                    "trend": None,
                    "status": "hidden",
                    "is_hidden": True,
                    "is_small_group": True,
                },
                response_only=True,
            ),
        ],
    )
)
class SummaryList(AllianceAPIView, generics.ListAPIView):
    capabilities = {"GET": "view_dashboard"}
    serializer_class = SummarySerializer
    query_class = SummaryQuery

    def get_queryset(self):
        return selectors.api_summaries(alliance=self.request.alliance, query=self.query)

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["sees_small_groups"] = sees_small_groups(getattr(self.request, "membership", None))
        return context


# ---------------------------------------------------------------------------
# Activities (view_activities) and published youth input (view_home)
# ---------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="Activities",
        tags=["Activities"],
        description=(
            "The alliance's activities with their groups, goals and partners. The period filter "
            "keeps activities that run at some time within it."
        ),
        parameters=[ActivityQuery],
        responses={200: ActivitySerializer(many=True), **ERROR_RESPONSES},
    )
)
class ActivityList(AllianceAPIView, generics.ListAPIView):
    capabilities = {"GET": "view_activities"}
    serializer_class = ActivitySerializer
    query_class = ActivityQuery

    def get_queryset(self):
        return selectors.api_activities(alliance=self.request.alliance, query=self.query)


@extend_schema_view(
    get=extend_schema(
        summary="One activity",
        tags=["Activities"],
        responses={200: ActivitySerializer, **ERROR_RESPONSES},
    )
)
class ActivityDetail(AllianceAPIView, generics.RetrieveAPIView):
    capabilities = {"GET": "view_activities"}
    serializer_class = ActivitySerializer

    def get_queryset(self):
        return selectors.api_activities(alliance=self.request.alliance, query={})


@extend_schema_view(
    get=extend_schema(
        summary="Published youth input",
        tags=["Published youth input"],
        description=(
            "Ideas, worries, questions and feedback from young people that moderation "
            "published, with the moderated text only and nothing about who sent them; the "
            "period filter reads the day each was published."
        ),
        parameters=[YouthInputQuery],
        responses={200: YouthInputSerializer(many=True), **ERROR_RESPONSES},
    )
)
class YouthInputList(AllianceAPIView, generics.ListAPIView):
    # Published input is public in the youth portal: every member may read it.
    capabilities = {"GET": "view_home"}
    serializer_class = YouthInputSerializer
    query_class = YouthInputQuery

    def get_queryset(self):
        return selectors.api_youth_inputs(alliance=self.request.alliance, query=self.query)


@extend_schema_view(
    get=extend_schema(
        summary="One published youth input",
        tags=["Published youth input"],
        responses={200: YouthInputSerializer, **ERROR_RESPONSES},
    )
)
class YouthInputDetail(AllianceAPIView, generics.RetrieveAPIView):
    capabilities = {"GET": "view_home"}
    serializer_class = YouthInputSerializer

    def get_queryset(self):
        return selectors.api_youth_inputs(alliance=self.request.alliance, query={})


# ---------------------------------------------------------------------------
# Data points (report_data, and per indicator measurement.selectors.can_report)
# ---------------------------------------------------------------------------


def _service_errors(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if name == "__all__" else name): messages
            for name, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


@extend_schema_view(
    get=extend_schema(
        summary="Data points",
        tags=["Data points"],
        description=(
            "The values you have reported (a coordinator: for the indicators of the groups they "
            "coordinate and the organisations they report for; the secretariat: all), in every "
            "status."
        ),
        parameters=[DataPointQuery],
        responses={200: DataPointSerializer(many=True), **ERROR_RESPONSES},
    ),
    post=extend_schema(
        summary="Report a value",
        tags=["Data points"],
        description=(
            "Report a value for an indicator you may report for. It is submitted to the "
            "secretariat for approval at once; nothing in the API approves. Reporting the same "
            "figures again changes nothing (200); a value that is already submitted with other "
            "figures cannot be changed until the secretariat returns it (400)."
        ),
        request=DataPointCreateSerializer,
        responses={
            201: DataPointSerializer,
            200: DataPointSerializer,
            **ERROR_RESPONSES,
        },
        examples=[
            OpenApiExample(
                "A count for 2025",
                value={"indicator": 3, "period": "2025", "value": 128, "comment": "Fra vores log"},
                request_only=True,
            ),
            OpenApiExample(
                "A share, for one breakdown value",
                value={
                    "indicator": 5,
                    "period": "2025-H2",
                    "organisation": 2,
                    "breakdown": 7,
                    "numerator": 41,
                    "denominator": 60,
                    "respondents": 60,
                },
                request_only=True,
            ),
        ],
    ),
)
class DataPointList(AllianceAPIView, generics.ListAPIView):
    capabilities = {"GET": "report_data", "POST": "report_data"}
    serializer_class = DataPointSerializer
    query_class = DataPointQuery

    def get_queryset(self):
        return selectors.api_datapoints(membership=self.request.membership, query=self.query)

    def post(self, request, *args, **kwargs):
        membership = request.membership
        if not isinstance(request.data, dict):
            raise ValidationError(
                {"non_field_errors": [_("Send one data point as a JSON object.")]}
            )
        unknown = sorted(set(request.data) - set(DataPointCreateSerializer().fields))
        if unknown:
            raise ValidationError(
                {
                    name: [
                        _(
                            "The status cannot be set: a value enters as submitted, and only the "
                            "secretariat approves it, in the platform."
                        )
                        if name == "status"
                        else _("Unknown field.")
                    ]
                    for name in unknown
                }
            )
        serializer = DataPointCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        indicator = data["indicator"]
        if not can_report(membership, indicator):
            raise PermissionDenied(
                _("You cannot report for the indicator %(indicator)s.") % {"indicator": indicator}
            )
        organisation = data["organisation"] or default_organisation(membership, indicator)
        if organisation is None:
            raise ValidationError(
                {"organisation": [_("Choose the organisation the value is reported for.")]}
            )
        entry = Entry(
            number=0,
            indicator=indicator,
            period=data["period"],
            organisation=organisation,
            breakdown=data["breakdown"],
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            respondents=data.get("respondents"),
            comment=data.get("comment", ""),
        )
        result = datapoints_save_all(
            entries=[entry], membership=membership, user=request.user, submit=True
        )
        if result.errors:
            raise ValidationError(_service_errors(result.errors[0].error))
        key = {
            "indicator": indicator,
            "period": data["period"],
            "organisation": organisation,
            "breakdown": data["breakdown"],
        }
        datapoint = datapoint_open(**key) or datapoint_current(**key)
        datapoint = selectors.api_datapoints_for(membership).get(pk=datapoint.pk)
        return Response(
            DataPointSerializer(datapoint, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


@extend_schema_view(
    get=extend_schema(
        summary="One data point",
        tags=["Data points"],
        responses={200: DataPointSerializer, **ERROR_RESPONSES},
    )
)
class DataPointDetail(AllianceAPIView, generics.RetrieveAPIView):
    capabilities = {"GET": "report_data"}
    serializer_class = DataPointSerializer

    def get_queryset(self):
        return selectors.api_datapoints(membership=self.request.membership, query={})
