"""Managed online endpoints and their deployments: the ARM resources both targets print, and the az ml
files and summary the docs write beside them. Every decision about endpoints is made here or in
analysis/endpoints.py.
"""

from __future__ import annotations

import re
from typing import Any

from amlgen.analysis.decisions import name_of
from amlgen.analysis.endpoints import (
    ACCESS,
    AUTH_MODES,
    DEPLOYMENT_SCHEMA,
    ENDPOINT_SCHEMA,
    arm_blocker,
    egress_disabled,
    legacy_mode,
)
from amlgen.arm.build import LOCATION, SYSTEM_ASSIGNED, TAGS
from amlgen.arm.deployment import (
    CliDocument,
    DeploymentSummary,
    EndpointSummary,
    LocalPath,
    OnlineEndpointDocs,
)
from amlgen.arm.model import ImmutableSetting, Join, Param, Ref, Resource, Value
from amlgen.azure.private_link import WORKSPACE_GROUP
from amlgen.intent.endpoints import OnlineDeployment, OnlineEndpoint
from amlgen.intent.model import Intent
from amlgen.plan.assets import asset_id

MODULE = "online_endpoints"
TRAFFIC_MODULE = "online_endpoint_traffic"
ENDPOINT_TYPE = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"
DEPLOYMENT_TYPE = f"{ENDPOINT_TYPE}/deployments"
WORKSPACE_GUID = Ref("workspace", "properties.workspaceId")

# Network isolation with managed online endpoints, Appendix: per deployment with egress disabled, to these services.
AZURE_PRIVATE_ENDPOINTS = ("workspace", "blob storage", "container registry")
_LEGACY_PES = ("Azure creates three private endpoints for this deployment, outside this template: to the "
               "workspace, its blob storage and its container registry (Network isolation with managed online "
               "endpoints: Appendix).")
_IMMUTABLE = "egress_public_network_access cannot be changed after creation: a change needs a new deployment (AML502)."


def _key(*parts: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", "_".join(parts).lower()).strip("_")
    return key if key[:1].isalpha() else f"r_{key}"


def _deployment_properties(intent: Intent, deployment: OnlineDeployment) -> dict[str, Value]:
    properties: dict[str, Value] = {"endpointComputeType": "Managed",
                                    "model": asset_id(intent, deployment.model, "models")}
    code = deployment.code
    if code is not None:
        configuration: dict[str, Value] = {}
        if code.asset is not None:
            configuration["codeId"] = asset_id(intent, code.asset, "codes")
        if code.scoring_script is not None:
            configuration["scoringScript"] = code.scoring_script
        if configuration:
            properties["codeConfiguration"] = configuration
    if deployment.environment is not None:
        properties["environmentId"] = asset_id(intent, deployment.environment, "environments")
    properties["instanceType"] = deployment.instance_type
    properties["scaleSettings"] = {"scaleType": "Default"}
    flag = deployment.egress_public_network_access
    if flag is not None and legacy_mode(intent):
        properties["egressPublicNetworkAccess"] = ACCESS[flag]
    return properties


def _deployment_comments(intent: Intent, deployment: OnlineDeployment) -> tuple[str, ...]:
    flag = deployment.egress_public_network_access
    if flag is None or not legacy_mode(intent):
        return ()
    return (_IMMUTABLE, _LEGACY_PES) if flag == "disabled" else (_IMMUTABLE,)


def _traffic(endpoint: OnlineEndpoint) -> dict[str, Value]:
    """Traffic must add up to 100, so the template sets it only when it creates every deployment that
    takes some."""
    shares = [(d.name, d.traffic) for d in endpoint.deployments if d.traffic is not None]
    if all(arm_blocker(d) is None for d in endpoint.deployments if d.traffic is not None):
        return {name: share for name, share in shares if share is not None}
    return {}


def _endpoint_comments(endpoint: OnlineEndpoint) -> tuple[str, ...]:
    comments = []
    if endpoint.public_network_access == "disabled":
        comments.append("Public network access is disabled: scoring requests arrive only through the workspace's "
                        "private endpoint (Network isolation with managed online endpoints: Secure inbound scoring "
                        "requests).")
    cli_only = [d.name for d in endpoint.deployments if arm_blocker(d) is not None]
    if cli_only:
        comments.append(f"Created with az ml, not here (AML517): {', '.join(cli_only)}; see "
                        f"endpoints/{endpoint.name}/.")
    if any(d.traffic is not None for d in endpoint.deployments) and not _traffic(endpoint):
        comments.append("Traffic is set with az ml once those deployments exist (see endpoint.yml).")
    return tuple(comments)


def endpoint_resources(intent: Intent, network_ready: tuple[str, ...] = ()) -> tuple[Resource, ...]:
    """Endpoints, their deployments and their traffic. A deployment runs in the workspace's managed network,
    so it waits for network_ready (the network provisioned and every outbound rule in place)."""
    resources: list[Resource] = []
    patches: list[Resource] = []
    for endpoint in intent.endpoints:
        key = _key(endpoint.name)
        properties: dict[str, Value] = {"authMode": AUTH_MODES[endpoint.auth_mode],
                                        "publicNetworkAccess": ACCESS[endpoint.public_network_access]}
        traffic = _traffic(endpoint)
        handed_over = ("properties", "tags") if traffic else ()
        comments = _endpoint_comments(endpoint)
        if traffic:
            comments += ("Created once, without traffic (it can name only deployments that exist). From then on its "
                         "traffic resource deploys the endpoint's settings with the traffic, so a redeployment never "
                         "sends the endpoint without it: that would set every deployment's share to 0.",)
        resources.append(Resource(
            key=f"{key}_endpoint", type=ENDPOINT_TYPE, name=endpoint.name, module=MODULE,
            title=f"online endpoint {endpoint.name}",
            label=f"online_endpoint_{key}", parent="workspace", location=LOCATION, tags=TAGS,
            identity=dict(SYSTEM_ASSIGNED), properties=properties, comments=comments, creation_only=handed_over))
        deployments = []
        for deployment in endpoint.deployments:
            if arm_blocker(deployment) is not None:
                continue
            deployments.append(Resource(
                key=f"{_key(endpoint.name, deployment.name)}_deployment", type=DEPLOYMENT_TYPE,
                title=f"online deployment {endpoint.name}/{deployment.name}", name=deployment.name,
                module=MODULE, label=f"online_deployment_{_key(endpoint.name, deployment.name)}",
                parent=f"{key}_endpoint", location=LOCATION, tags=TAGS,
                sku={"name": "Default", "capacity": deployment.instance_count},
                properties=_deployment_properties(intent, deployment),
                depends_on=tuple(k for k in network_ready if k != "workspace"),
                comments=_deployment_comments(intent, deployment)))
        resources += deployments
        if traffic:
            patches.append(Resource(
                key=f"{key}_endpoint_traffic", type=ENDPOINT_TYPE, name=endpoint.name, module=TRAFFIC_MODULE,
                title=f"traffic of online endpoint {endpoint.name}",
                label=f"online_endpoint_traffic_{key}", parent="workspace", location=LOCATION, tags=TAGS,
                identity=dict(SYSTEM_ASSIGNED), properties={**properties, "traffic": dict(traffic)},
                depends_on=tuple(d.key for d in deployments), update_of=f"{key}_endpoint",
                comments=("The endpoint with its traffic, once the deployments exist (traffic can name only those). "
                          "It carries every setting of the endpoint, so every deployment of it keeps the traffic.",)))
    return (*resources, *patches)


def inference_record() -> Value:
    """The wildcard A record Network isolation with managed online endpoints asks for: '*.<workspace
    GUID>.inference.<region>' in the api zone."""
    return Join(("*.", WORKSPACE_GUID, ".inference.", Param("location")))


def dns_notes(intent: Intent) -> tuple[str, ...]:
    """How the endpoints' names resolve, next to them in the code and in the endpoint summary."""
    if intent.inbound.private_endpoint is None and intent.inbound.existing_private_endpoint is None:
        return ()
    zone = WORKSPACE_GROUP.zones[0].name(intent.cloud)
    lines = [f"Online endpoints share the workspace's private endpoint. Their names resolve through the wildcard "
             f"A record *.<workspace GUID>.inference.{intent.location} in {zone} (Network isolation with managed "
             f"online endpoints).",
             "The GUID is the workspace's workspaceId property (azurerm: workspace_id), known only after "
             "creation: see the workspace_guid output."]
    if intent.inbound.private_endpoint is not None and intent.dns.zones != "none":
        lines.append("The private DNS zone group on the workspace private endpoint makes Azure write this record; "
                     "nothing to add by hand.")
    else:
        lines.append("Records are managed by hand here: add the record named by the inference_dns_record output, "
                     "pointing at the workspace private endpoint's IP for that name (az network private-endpoint "
                     "show --query customDnsConfigs).")
    return tuple(lines)


def _deployment_yaml(intent: Intent, endpoint: OnlineEndpoint, deployment: OnlineDeployment) -> CliDocument:
    body: list[tuple[str, Any]] = [("name", deployment.name), ("endpoint_name", endpoint.name),
                                   ("model", deployment.model)]
    code = deployment.code
    if code is not None:
        code_yaml: list[tuple[str, Any]] = [("code", LocalPath(code.path) if code.path is not None else code.asset)]
        if code.scoring_script is not None:
            code_yaml.append(("scoring_script", code.scoring_script))
        body.append(("code_configuration", tuple(code_yaml)))
    if deployment.environment is not None:
        body.append(("environment", deployment.environment))
    elif deployment.image is not None:
        body.append(("environment", (("image", deployment.image),)))
    body += [("instance_type", deployment.instance_type), ("instance_count", deployment.instance_count)]
    comments = list(_deployment_comments(intent, deployment))
    flag = deployment.egress_public_network_access
    if flag is not None and legacy_mode(intent):
        body.append(("egress_public_network_access", flag))
    blocker = arm_blocker(deployment)
    if blocker is not None:
        comments.append(f"Not in the Bicep or Terraform output: {blocker} (AML517).")
    path = f"endpoints/{endpoint.name}/deployment-{deployment.name}.yml"
    return CliDocument(path, DEPLOYMENT_SCHEMA, f"az ml online-deployment create -f {path}{_where(intent)}",
                       tuple(body), tuple(comments))


def _where(intent: Intent) -> str:
    """The -g and -w every az ml command takes: the resource group is the module's input, the workspace the
    one this module names."""
    return f" -g <resource-group> -w {name_of(intent, 'workspace')}"


def _endpoint_yaml(intent: Intent, endpoint: OnlineEndpoint) -> CliDocument:
    path = f"endpoints/{endpoint.name}/endpoint.yml"
    comments: list[str] = []
    shares = [(d.name, d.traffic) for d in endpoint.deployments if d.traffic is not None]
    if shares:
        comments += ["Traffic is set once the deployments exist:",
                     f"  az ml online-endpoint update --name {endpoint.name}{_where(intent)} --traffic \""
                     + " ".join(f"{n}={t}" for n, t in shares) + '"']
    body = (("name", endpoint.name), ("auth_mode", endpoint.auth_mode),
            ("public_network_access", endpoint.public_network_access))
    return CliDocument(path, ENDPOINT_SCHEMA, f"az ml online-endpoint create -f {path}{_where(intent)}", body,
                       tuple(comments))


def _outbound(intent: Intent, deployment: OnlineDeployment) -> str:
    flag = deployment.egress_public_network_access
    if not legacy_mode(intent):
        return f"workspace managed network ({intent.workspace.managed_network.isolation_mode})"
    if flag == "disabled":
        return "legacy: egress disabled, private endpoints to the workspace's resources only"
    return "legacy: public outbound (egress enabled)" if flag else "legacy: public outbound (flag unset)"


def endpoint_docs(intent: Intent) -> OnlineEndpointDocs | None:
    if not intent.endpoints:
        return None
    documents: list[CliDocument] = []
    endpoints, deployments = [], []
    for endpoint in intent.endpoints:
        documents.append(_endpoint_yaml(intent, endpoint))
        documents += [_deployment_yaml(intent, endpoint, d) for d in endpoint.deployments]
        endpoints.append(EndpointSummary(endpoint.name, endpoint.auth_mode,
                                         "workspace private endpoint only" if endpoint.public_network_access
                                         == "disabled" else "public internet",
                                         tuple(d.path for d in documents if d.path.startswith(
                                             f"endpoints/{endpoint.name}/"))))
        deployments += [DeploymentSummary(
            endpoint.name, d.name, "template" if arm_blocker(d) is None else "az ml only",
            f"{d.instance_type} x {d.instance_count}", _outbound(intent, d),
            AZURE_PRIVATE_ENDPOINTS if egress_disabled(intent, d) else ()) for d in endpoint.deployments]
    legacy = None
    if any(d.azure_private_endpoints for d in deployments):
        legacy = ("For each deployment with `egress_public_network_access: disabled`, Azure creates one private "
                  "endpoint to the workspace, one to its blob storage and one to its container registry (Network "
                  "isolation with managed online endpoints: Appendix). They appear under each resource's private "
                  "endpoint connections, not in this template.")
    return OnlineEndpointDocs(tuple(documents), tuple(endpoints), tuple(deployments), dns_notes(intent), legacy)


def egress_settings(intent: Intent) -> tuple[ImmutableSetting, ...]:
    """Network isolation with managed online endpoints, Appendix: a legacy deployment's egress flag cannot be changed
    once it exists."""
    settings = []
    for e, endpoint in enumerate(intent.endpoints):
        for d, deployment in enumerate(endpoint.deployments):
            flag = deployment.egress_public_network_access
            if flag is None or not legacy_mode(intent):
                continue
            settings.append(ImmutableSetting(
                key=f"deployment.{endpoint.name}.{deployment.name}.egress_public_network_access",
                label=f"Egress public network access of deployment {endpoint.name}/{deployment.name}",
                value=flag,
                reason=("Once a deployment exists its egress_public_network_access flag cannot be updated; "
                        "changing it means a new deployment (AML502)."),
                intent_path=("endpoints", e, "deployments", d, "egress_public_network_access"),
            ))
    return tuple(settings)


def has_inference_dns(intent: Intent) -> bool:
    """Whether the endpoints' wildcard record is explained (and its name output): only where clients reach
    them through a workspace private endpoint."""
    return bool(intent.endpoints) and (intent.inbound.private_endpoint is not None
                                       or intent.inbound.existing_private_endpoint is not None)
