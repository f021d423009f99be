"""Application Insights, workspace-based, with the Log Analytics workspace behind it."""

from __future__ import annotations

from amlgen.arm.build import LOCATION, TAGS
from amlgen.arm.model import Ref, Resource
from amlgen.azure.names import NAME_RULES
from amlgen.azure.roles import CONTRIBUTOR
from amlgen.kinds.associated.base import MODULE, AssociatedKind, AssociatedSpec, KindFacts, NamePart

RETENTION_DAYS = 90


class ApplicationInsights(AssociatedSpec):
    pass


NAME = NamePart("application_insights_name", "Application Insights component", NAME_RULES["application_insights"],
                lambda prefix: f"appi-{prefix}")
LOG_ANALYTICS = NamePart("log_analytics_workspace_name", "Log Analytics workspace behind Application Insights",
                         NAME_RULES["log_analytics_workspace"], lambda prefix: f"log-{prefix}", explicit=False)


def lower(spec: ApplicationInsights, facts: KindFacts) -> tuple[Resource, ...]:
    logs = Resource(
        key="log_analytics_workspace",
        title="Log Analytics workspace",
        type="Microsoft.OperationalInsights/workspaces",
        name=LOG_ANALYTICS.param(),
        module=MODULE,
        location=LOCATION,
        tags=TAGS,
        properties={"sku": {"name": "PerGB2018"}, "retentionInDays": RETENTION_DAYS},
    )
    insights = Resource(
        key="application_insights",
        title=KIND.label,
        type=KIND.arm_type,
        name=NAME.param(),
        module=MODULE,
        location=LOCATION,
        tags=TAGS,
        kind="web",
        properties={"Application_Type": "web", "WorkspaceResourceId": Ref(logs.key)},
        comments=("Workspace-based Application Insights (classic components are retired). Ingestion stays "
                  "public: private ingestion needs an Azure Monitor Private Link Scope, which amlgen does not "
                  "create.",),
    )
    return logs, insights


KIND: AssociatedKind[ApplicationInsights] = AssociatedKind(
    key="application_insights",
    order=40,
    label="Application Insights component",
    title="Application Insights",
    arm_type="Microsoft.Insights/components",
    spec=ApplicationInsights,
    workspace_property="applicationInsights",
    names=(NAME, LOG_ANALYTICS),
    lower=lower,
    identity_roles=(CONTRIBUTOR,),
    description="Telemetry of the workspace's online endpoints and jobs.",
)
