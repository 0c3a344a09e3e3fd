"""Reads of API tokens: a person's tokens in one alliance, and the token (with the membership
it acts for) that a request presents."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from alliance.models import Alliance, Membership, Role, User
from alliance.permissions import has_capability
from initiatives.models import Activity, ActivityMeasure
from initiatives.selectors import activity_list
from measurement.models import DataPoint, Indicator, Summary
from measurement.selectors import indicators_reportable_by, reporting_organisations
from measurement.selectors_dashboard import indicator_for_dashboard
from youth_voice.models import YouthInput

from .models import ApiToken
from .services import TOKEN_START, token_hash

# A token longer than this is not one of ours; it is refused before it is hashed.
TOKEN_MAX_LENGTH = 200


def api_tokens_of(*, user: User, alliance: Alliance) -> QuerySet[ApiToken]:
    """The person's tokens in the alliance, working ones first, newest first."""
    return ApiToken.objects.filter(user=user, alliance=alliance).order_by(
        F("revoked_at").desc(nulls_first=True), "-created_at", "-pk"
    )


def api_token_rows(*, user: User, alliance: Alliance) -> list[ApiToken]:
    """`api_tokens_of` for the keys page: each with `role_label` and `is_expired`."""
    now = timezone.now()
    tokens = list(api_tokens_of(user=user, alliance=alliance))
    for token in tokens:
        token.role_label = Role(token.role).label if token.role in Role.values else token.role
        token.is_expired = token.expires_at is not None and token.expires_at <= now
    return tokens


def api_token_get(*, user: User, alliance: Alliance, pk: int) -> ApiToken | None:
    """One of the person's own tokens in the alliance (anyone else's is not found)."""
    return ApiToken.objects.filter(user=user, alliance=alliance, pk=pk).first()


def api_token_working(raw: str) -> ApiToken | None:
    """The token a request presents, if it works: known, not revoked, not expired, and its
    person still an active member of its alliance with the role the token was made with (and
    that role may use the API). The token gets `membership`, the membership it acts for."""
    if not raw or len(raw) > TOKEN_MAX_LENGTH or not raw.startswith(TOKEN_START):
        return None
    token = (
        ApiToken.objects.select_related("user", "alliance")
        .filter(key_hash=token_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return None
    membership = (
        Membership.objects.active()
        .select_related("organisation")
        .filter(user_id=token.user_id, alliance_id=token.alliance_id, role=token.role)
        .first()
    )
    if membership is None or not has_capability(membership, "use_api"):
        return None
    token.membership = membership
    return token


def api_datapoints_for(membership: Membership) -> QuerySet[DataPoint]:
    """The data points a person reads back through the API: those of the indicators they may
    report for, and, outside the secretariat, of the organisations they report for (the same
    values the reporting pages show them)."""
    datapoints = DataPoint.objects.filter(
        indicator__in=indicators_reportable_by(membership).values("pk")
    )
    if not has_capability(membership, "approve_data"):
        datapoints = datapoints.filter(
            organisation__in=reporting_organisations(membership).values("pk")
        )
    return datapoints.select_related("indicator", "organisation", "breakdown__dimension")


# ---------------------------------------------------------------------------
# The alliance's data, filtered by the validated query string (api.queries)
# ---------------------------------------------------------------------------


def api_indicators(*, alliance: Alliance, query: dict) -> QuerySet[Indicator]:
    """The alliance's indicators with what their definition names, in code order."""
    indicators = indicator_for_dashboard(alliance=alliance)
    if query.get("code"):
        indicators = indicators.filter(code=query["code"])
    if query.get("workgroup"):
        indicators = indicators.filter(workgroups=query["workgroup"])
    return indicators.order_by("code", "name", "pk")


def api_summaries(*, alliance: Alliance, query: dict) -> QuerySet[Summary]:
    """The alliance's summaries, per indicator, period and breakdown value (the total first).
    Small groups are hidden where they are shown (api.serializers.SummarySerializer)."""
    summaries = Summary.objects.filter(indicator__alliance=alliance).select_related(
        "indicator", "breakdown__dimension"
    )
    if query.get("indicator"):
        summaries = summaries.filter(indicator_id=query["indicator"])
    if query.get("period_from"):
        summaries = summaries.filter(period__gte=query["period_from"])
    if query.get("period_to"):
        summaries = summaries.filter(period__lte=query["period_to"])
    breakdown = query.get("breakdown")
    if breakdown == "total":
        summaries = summaries.filter(breakdown__isnull=True)
    elif breakdown:
        summaries = summaries.filter(breakdown_id=int(breakdown))
    return summaries.order_by(
        "indicator__code",
        "indicator__name",
        "indicator_id",
        "period",
        F("breakdown_id").asc(nulls_first=True),
        "pk",
    )


def api_activities(*, alliance: Alliance, query: dict) -> QuerySet[Activity]:
    """The alliance's activities; a period filter keeps those that run at some time within it
    (an activity without dates is always kept)."""
    activities = activity_list(alliance=alliance).prefetch_related("goal_links__goal")
    if query.get("workgroup"):
        activities = activities.filter(group_id=query["workgroup"])
    if query.get("status"):
        activities = activities.filter(status=query["status"])
    if query.get("indicator"):
        activities = activities.filter(
            pk__in=ActivityMeasure.objects.filter(indicator_id=query["indicator"]).values(
                "activity_id"
            )
        )
    if query.get("period_from"):
        activities = activities.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=query["period_from"])
        )
    if query.get("period_to"):
        activities = activities.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=query["period_to"])
        )
    return activities.order_by("title", "pk")


def api_youth_inputs(*, alliance: Alliance, query: dict) -> QuerySet[YouthInput]:
    """The alliance's published youth input (only moderation=published), newest first; the
    period filter reads the day it was published."""
    inputs = (
        YouthInput.objects.published()
        .filter(alliance=alliance)
        .select_related("focus_area", "area", "decision")
    )
    if query.get("kind"):
        inputs = inputs.filter(kind=query["kind"])
    if query.get("focus_area"):
        inputs = inputs.filter(focus_area_id=query["focus_area"])
    if query.get("period_from"):
        inputs = inputs.filter(published_at__date__gte=query["period_from"])
    if query.get("period_to"):
        inputs = inputs.filter(published_at__date__lte=query["period_to"])
    return inputs.order_by(F("published_at").desc(nulls_last=True), "-pk")


def api_datapoints(*, membership: Membership, query: dict) -> QuerySet[DataPoint]:
    """`api_datapoints_for` filtered, by indicator, period and breakdown value (total first)."""
    datapoints = api_datapoints_for(membership)
    if query.get("indicator"):
        datapoints = datapoints.filter(indicator_id=query["indicator"])
    if query.get("status"):
        datapoints = datapoints.filter(status=query["status"])
    if query.get("period_from"):
        datapoints = datapoints.filter(period__gte=query["period_from"])
    if query.get("period_to"):
        datapoints = datapoints.filter(period__lte=query["period_to"])
    return datapoints.order_by(
        "indicator_id", "period", "organisation_id", F("breakdown_id").asc(nulls_first=True), "pk"
    )
