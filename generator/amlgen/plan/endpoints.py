"""Plan for managed online endpoints and deployments: every decision about them is made here.

Shared with amlgen.rules.endpoints, so the rules and the output agree on what is legacy mode, what
ARM can express, and where an asset lives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from amlgen.intent.endpoints import OnlineDeployment, OnlineEndpoint
from amlgen.intent.model import Intent

AUTH_MODES = {"key": "Key", "aml_token": "AMLToken", "aad_token": "AADToken"}
ACCESS = {"enabled": "Enabled", "disabled": "Disabled"}
ENDPOINT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json"
DEPLOYMENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json"
INFERENCE_ZONE = "privatelink.api.azureml.ms"

_NAME = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,254}"
_WORKSPACE_ASSET = re.compile(rf"azureml:({_NAME}):([A-Za-z0-9_.-]+)")
_REGISTRY_ASSET = re.compile(rf"azureml://registries/({_NAME})/(models|environments|codes)/({_NAME})/versions/"
                             r"([A-Za-z0-9_.-]+)")


@dataclass(frozen=True)
class Asset:
    registry: str | None  # None: an asset of this workspace
    kind: str  # models | environments | codes
    name: str
    version: str


def parse_asset(value: str, kind: str) -> Asset | None:
    """A workspace asset ('azureml:<name>:<version>') or a registry asset ID, or None if malformed."""
    match = _WORKSPACE_ASSET.fullmatch(value)
    if match:
        return Asset(None, kind, match.group(1), match.group(2))
    match = _REGISTRY_ASSET.fullmatch(value)
    if match and match.group(2) == kind:
        return Asset(match.group(1), kind, match.group(3), match.group(4))
    return None


def legacy_mode(intent: Intent) -> bool:
    """Per-deployment egress isolation applies only when the workspace has no managed network."""
    return intent.workspace.managed_network.isolation_mode == "disabled"


def egress_disabled(intent: Intent, deployment: OnlineDeployment) -> bool:
    return legacy_mode(intent) and deployment.egress_public_network_access == "disabled"


def public_outbound(intent: Intent, deployment: OnlineDeployment) -> bool:
    """Legacy mode with the flag enabled or unset (the service's default is enabled)."""
    return legacy_mode(intent) and deployment.egress_public_network_access != "disabled"


def pulls_from_mcr(deployment: OnlineDeployment) -> str | None:
    """Why the deployment's image comes from mcr.microsoft.com, or None."""
    if deployment.image is not None:
        host = deployment.image.split("/", 1)[0].lower()
        return f"image {deployment.image} is on mcr.microsoft.com" if host == "mcr.microsoft.com" else None
    if deployment.environment is None:
        return "no environment or image is given (MLflow no-code deployment), so a curated MCR image is used"
    asset = parse_asset(deployment.environment, "environments")
    if asset is not None and (asset.registry == "azureml" or asset.name.startswith("AzureML-")):
        return f"environment {deployment.environment} is a curated environment built on MCR images"
    return None


def arm_blocker(deployment: OnlineDeployment) -> str | None:
    """Why ARM (Bicep, Terraform) cannot create this deployment, or None when it can."""
    if deployment.code is not None and deployment.code.path is not None:
        return f"its code is the local folder {deployment.code.path}, which only the CLI uploads"
    if deployment.image is not None:
        return "its image needs an environment that only the CLI registers"
    return None


# --- the plan -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkspaceChild:
    """An ARM ID below the workspace ('<workspace id>/models/<n>/versions/<v>'); targets spell the prefix."""

    suffix: str


@dataclass(frozen=True)
class Deployment:
    key: str  # identifier-safe, unique across all endpoints
    name: str
    in_template: bool  # False: az ml only (AML517)
    sku_capacity: int
    properties: tuple[tuple[str, Any], ...]  # ARM properties in output order; values may be WorkspaceChild
    comments: tuple[str, ...]  # why-comments above the resource
    yaml_file: str  # endpoints/<endpoint>/deployment-<name>.yml
    yaml: tuple[tuple[str, Any], ...]  # CLI v2 keys in output order; nested values are tuples of pairs
    yaml_comments: tuple[str, ...]
    outbound: str  # how the deployment reaches resources, for the summary
    azure_private_endpoints: tuple[str, ...]  # private endpoints Azure creates for it, outside the template

    @property
    def created_by(self) -> str:
        return "template" if self.in_template else "az ml only"


@dataclass(frozen=True)
class Endpoint:
    key: str
    name: str
    auth_mode: str  # ARM value
    public_network_access: str  # ARM value
    traffic: tuple[tuple[str, int], ...]  # deployment name -> percent, template-managed deployments only
    deployments: tuple[Deployment, ...]
    comments: tuple[str, ...]
    yaml_file: str
    yaml: tuple[tuple[str, Any], ...]
    yaml_comments: tuple[str, ...]
    inbound: str  # for the summary

    @property
    def template_deployments(self) -> tuple[Deployment, ...]:
        return tuple(d for d in self.deployments if d.in_template)


@dataclass(frozen=True)
class InferenceDns:
    """The wildcard A record seed 000 asks for: '*.<workspace GUID>.inference.<region>' in the api zone."""

    zone: str
    region: str
    managed_by_zone_group: bool
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class OnlineEndpoints:
    endpoints: tuple[Endpoint, ...]
    dns: InferenceDns | None
    summary_file: str = "endpoints/README.md"

    @property
    def azure_private_endpoint_count(self) -> int:
        return sum(len(d.azure_private_endpoints) for e in self.endpoints for d in e.deployments)

    @property
    def legacy_note(self) -> str | None:
        """Why private endpoints appear outside the template; only when some deployment causes them."""
        if not self.azure_private_endpoint_count:
            return None
        return ("For each deployment with `egress_public_network_access: disabled`, Azure creates one private "
                "endpoint to the workspace, one to its blob storage and one to its container registry (seed 000, "
                "Appendix). They appear under each resource's private endpoint connections, not in this template.")

    @property
    def traffic_endpoints(self) -> tuple[Endpoint, ...]:
        return tuple(e for e in self.endpoints if e.traffic)


def _key(*parts: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", "_".join(parts).lower()).strip("_")
    return key if key[:1].isalpha() else f"r_{key}"


def _arm_asset(value: str, kind: str) -> Any:
    asset = parse_asset(value, kind)
    assert asset is not None, value  # validated by AML515
    if asset.registry is not None:
        return value  # ARM accepts registry asset IDs as they are
    return WorkspaceChild(f"/{kind}/{asset.name}/versions/{asset.version}")


# Seed 000, Appendix: per deployment with egress disabled, to these services.
AZURE_PRIVATE_ENDPOINTS = ("workspace", "blob storage", "container registry")
_LEGACY_PES = ("Azure creates three private endpoints for this deployment, outside this template: to the "
               "workspace, its blob storage and its container registry (seed 000, Appendix).")
_IMMUTABLE = "egress_public_network_access cannot be changed after creation: a change needs a new deployment (AML502)."


def _deployment(intent: Intent, endpoint: OnlineEndpoint, deployment: OnlineDeployment) -> Deployment:
    blocker = arm_blocker(deployment)
    properties: list[tuple[str, Any]] = [("endpointComputeType", "Managed"),
                                         ("model", _arm_asset(deployment.model, "models"))]
    yaml: list[tuple[str, Any]] = [("name", deployment.name), ("endpoint_name", endpoint.name),
                                   ("model", deployment.model)]
    code = deployment.code
    if code is not None:
        code_yaml: list[tuple[str, Any]] = [("code", code.path if code.path is not None else code.asset)]
        code_arm: list[tuple[str, Any]] = []
        if code.asset is not None:
            code_arm.append(("codeId", _arm_asset(code.asset, "codes")))
        if code.scoring_script is not None:
            code_yaml.append(("scoring_script", code.scoring_script))
            code_arm.append(("scoringScript", code.scoring_script))
        yaml.append(("code_configuration", tuple(code_yaml)))
        if code_arm:
            properties.append(("codeConfiguration", tuple(code_arm)))
    if deployment.environment is not None:
        properties.append(("environmentId", _arm_asset(deployment.environment, "environments")))
        yaml.append(("environment", deployment.environment))
    elif deployment.image is not None:
        yaml.append(("environment", (("image", deployment.image),)))
    properties += [("instanceType", deployment.instance_type), ("scaleSettings", (("scaleType", "Default"),))]
    yaml += [("instance_type", deployment.instance_type), ("instance_count", deployment.instance_count)]
    comments: list[str] = []
    yaml_comments: list[str] = []
    flag = deployment.egress_public_network_access
    if flag is not None and legacy_mode(intent):
        properties.append(("egressPublicNetworkAccess", ACCESS[flag]))
        yaml.append(("egress_public_network_access", flag))
        comments.append(_IMMUTABLE)
        yaml_comments.append(_IMMUTABLE)
        if flag == "disabled":
            comments.append(_LEGACY_PES)
            yaml_comments.append(_LEGACY_PES)
    if blocker is not None:
        yaml_comments.append(f"Not in the Bicep or Terraform output: {blocker} (AML517).")
    mode = intent.workspace.managed_network.isolation_mode
    if not legacy_mode(intent):
        outbound = f"workspace managed network ({mode})"
    elif flag == "disabled":
        outbound = "legacy: egress disabled, private endpoints to the workspace's resources only"
    else:
        outbound = "legacy: public outbound (egress enabled)" if flag else "legacy: public outbound (flag unset)"
    return Deployment(
        key=_key(endpoint.name, deployment.name), name=deployment.name, in_template=blocker is None,
        sku_capacity=deployment.instance_count, properties=tuple(properties), comments=tuple(comments),
        yaml_file=f"endpoints/{endpoint.name}/deployment-{deployment.name}.yml", yaml=tuple(yaml),
        yaml_comments=tuple(yaml_comments), outbound=outbound,
        azure_private_endpoints=AZURE_PRIVATE_ENDPOINTS if egress_disabled(intent, deployment) else (),
    )


def _endpoint(intent: Intent, endpoint: OnlineEndpoint) -> Endpoint:
    deployments = tuple(_deployment(intent, endpoint, d) for d in endpoint.deployments)
    in_template = {d.name for d in deployments if d.in_template}
    shares = [(d.name, d.traffic) for d in endpoint.deployments if d.traffic is not None]
    # Traffic must add up to 100, so the template sets it only when it creates every deployment that takes some.
    traffic = tuple(shares) if all(name in in_template for name, _ in shares) else ()
    comments = []
    if endpoint.public_network_access == "disabled":
        comments.append("Public network access is disabled: scoring requests arrive only through the workspace's "
                        "private endpoint (seed 000, Secure inbound scoring requests).")
    cli_only = [d.name for d in deployments if not d.in_template]
    if cli_only:
        comments.append(f"Created with az ml, not here (AML517): {', '.join(cli_only)}; see "
                        f"endpoints/{endpoint.name}/.")
    if shares and not traffic:
        comments.append("Traffic is set with az ml once those deployments exist (see endpoint.yml).")
    yaml_comments = ["Traffic is set once the deployments exist:",
                     f"  az ml online-endpoint update --name {endpoint.name} --traffic "
                     + '"' + " ".join(f"{n}={t}" for n, t in shares) + '"'] if shares else []
    return Endpoint(
        key=_key(endpoint.name), name=endpoint.name, auth_mode=AUTH_MODES[endpoint.auth_mode],
        public_network_access=ACCESS[endpoint.public_network_access], traffic=traffic, deployments=deployments,
        comments=tuple(comments), yaml_file=f"endpoints/{endpoint.name}/endpoint.yml",
        yaml=(("name", endpoint.name), ("auth_mode", endpoint.auth_mode),
              ("public_network_access", endpoint.public_network_access)),
        yaml_comments=tuple(yaml_comments),
        inbound=("workspace private endpoint only" if endpoint.public_network_access == "disabled"
                 else "public internet"),
    )


def _dns(intent: Intent) -> InferenceDns | None:
    if intent.inbound.private_endpoint is None and intent.inbound.existing_private_endpoint is None:
        return None
    managed = intent.inbound.private_endpoint is not None and intent.dns.zones != "none"
    lines = [f"Online endpoints share the workspace's private endpoint. Their names resolve through the wildcard "
             f"A record *.<workspace GUID>.inference.{intent.location} in {INFERENCE_ZONE} (seed 000).",
             "The GUID is the workspace's workspaceId property (azurerm: workspace_id), known only after "
             "creation: see the workspace_guid output."]
    if managed:
        lines.append("The private DNS zone group on the workspace private endpoint makes Azure write this record; "
                     "nothing to add by hand.")
    else:
        lines.append("Records are managed by hand here: add the record named by the inference_dns_record output, "
                     "pointing at the workspace private endpoint's IP for that name (az network private-endpoint "
                     "show --query customDnsConfigs).")
    return InferenceDns(INFERENCE_ZONE, intent.location, managed, tuple(lines))


def build_endpoints(intent: Intent) -> OnlineEndpoints | None:
    if not intent.endpoints:
        return None
    return OnlineEndpoints(tuple(_endpoint(intent, e) for e in intent.endpoints), _dns(intent))


def endpoint_outputs(intent: Intent) -> tuple:
    """The workspace GUID and the inference record name, which exist only after deployment (seed 000)."""
    from amlgen.plan.model import Output, Ref

    if not intent.endpoints:
        return ()
    outputs = [Output("workspace_guid", "The workspace's immutable GUID (property workspaceId).",
                      Ref("resource", "online_endpoints", "workspace_guid"))]
    if _dns(intent) is not None:
        outputs.append(Output("inference_dns_record",
                              f"Wildcard A record for online endpoints, in the {INFERENCE_ZONE} zone.",
                              Ref("resource", "online_endpoints", "inference_dns_record")))
    return tuple(outputs)
