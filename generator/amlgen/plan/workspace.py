"""The workspace: its ARM resource, the settings Azure fixes at creation, and the notes a reviewer reads."""

from __future__ import annotations

from amlgen.analysis.decisions import creates, name_of
from amlgen.arm.build import LOCATION, TAGS, access
from amlgen.arm.model import ImmutableSetting, Param, Ref, Resource, ScanSkip, Value
from amlgen.intent.model import FqdnRule, Intent
from amlgen.kinds.associated import KINDS
from amlgen.plan.access import IDENTITY, user_assigned, workspace_identity

MODULE = "workspace"
KEY = "workspace"
NAME = Param("workspace_name")

ISOLATION = {
    "disabled": "Disabled",
    "allow_internet_outbound": "AllowInternetOutbound",
    "allow_only_approved_outbound": "AllowOnlyApprovedOutbound",
}


def provisions_network(intent: Intent) -> bool:
    """Whether the managed network is provisioned with the workspace (provisionNetworkNow)."""
    network = intent.workspace.managed_network
    return network.isolation_mode != "disabled" and network.provision_on_creation


def firewall_sku(intent: Intent) -> str | None:
    """The managed Azure Firewall's SKU (ARM value), when FQDN rules make Azure create one."""
    network = intent.workspace.managed_network
    has_fqdn = any(isinstance(rule, FqdnRule) for rule in network.outbound_rules)
    if has_fqdn and network.isolation_mode == "allow_only_approved_outbound":
        return network.firewall_sku.capitalize()
    return None


def associated_id(intent: Intent, key: str) -> Value:
    """A resource the workspace depends on: created here, or an existing one by its ID input."""
    return Ref(key) if creates(intent, key) else Param(f"{key}_id")


def _notes(intent: Intent) -> tuple[str, ...]:
    notes = []
    if intent.workspace.managed_network.isolation_mode != "disabled":
        notes.append("A managed virtual network cannot be turned off once enabled (AML111).")
    sku = firewall_sku(intent)
    if sku is not None:
        notes.append(f"FQDN rules make Azure provision a managed Azure Firewall, {sku} SKU, billed to this "
                     "subscription (AML109).")
    if intent.workspace.public_network_access == "disabled":
        notes.append("Public network access is disabled: clients reach the workspace through its private endpoint.")
    return tuple(notes)


def workspace(intent: Intent) -> Resource:
    ws = intent.workspace
    managed_network: dict[str, Value] = {"isolationMode": ISOLATION[ws.managed_network.isolation_mode]}
    sku = firewall_sku(intent)
    if sku is not None:
        managed_network["firewallSku"] = sku
    properties: dict[str, Value] = {
        "friendlyName": ws.friendly_name or name_of(intent, "workspace"),
        "description": ws.description or f"Azure Machine Learning workspace {intent.name}, rendered by amlgen.",
    }
    properties.update((kind.workspace_property, associated_id(intent, kind.key)) for kind in KINDS
                      if kind.workspace_property is not None)
    properties["publicNetworkAccess"] = access(ws.public_network_access == "enabled")
    if user_assigned(intent):
        properties["primaryUserAssignedIdentity"] = Ref(IDENTITY)
    notes = [("properties.v1LegacyMode",
              "Managed online endpoints and the managed virtual network need v1 legacy mode off (Network isolation "
              "with managed online endpoints).")]
    image_build = intent.network.image_build_compute if intent.network is not None else None
    if image_build is not None:
        properties["imageBuildCompute"] = image_build
        notes.append(("properties.imageBuildCompute", "The registry is behind a private endpoint and cannot build "
                      "images; this compute cluster does (Plan for network isolation)."))
    properties["v1LegacyMode"] = ws.v1_legacy_mode
    properties["managedNetwork"] = managed_network
    if provisions_network(intent):
        properties["provisionNetworkNow"] = True
        notes.append(("properties.provisionNetworkNow",
                      "Provision the managed network with the workspace (Configure a managed virtual network: "
                      "Manually provision a managed VNet): online deployments need it, and left to the first "
                      "compute it takes about 30 minutes and can time out. It acts only at creation, so later "
                      "changes are not sent (azurerm would replace the workspace for one)."))
    if sku is not None:
        notes.append(("properties.managedNetwork.firewallSku",
                      "The firewall exists because of the FQDN outbound rules; its SKU sets throughput and cost."))
    skips: tuple[ScanSkip, ...] = ()
    if ws.public_network_access == "disabled":
        skips = (ScanSkip("CKV_AZURE_243", (
            "clients reach the workspace through its private endpoint; the check looks only for inline "
            "private-endpoint outbound rules, which amlgen writes as outboundRules child resources"), ("bicep",)),)
    return Resource(
        key=KEY,
        title="Machine Learning workspace",
        type="Microsoft.MachineLearningServices/workspaces",
        name=NAME,
        module=MODULE,
        location=LOCATION,
        tags=TAGS,
        identity=workspace_identity(intent),
        properties=properties,
        comments=_notes(intent),
        notes=tuple(notes),
        scan_skips=skips,
        creation_only=("properties.provisionNetworkNow",) if provisions_network(intent) else (),
    )


def immutable_settings(intent: Intent) -> tuple[ImmutableSetting, ...]:
    managed = intent.workspace.managed_network.isolation_mode != "disabled"
    provision = ImmutableSetting(
        key="workspace.provision_network_on_creation",
        label="Managed network provisioned with the workspace",
        value="true" if provisions_network(intent) else "false",
        reason=("provisionNetworkNow acts only when the workspace is created: turning it on later provisions "
                "nothing on the existing workspace (provision its network with 'az ml workspace provision-network' "
                "before online deployments or compute need it), and the Terraform output ignores later changes, "
                "for which azurerm would replace the workspace."),
        changeable_from=("true",),
    )
    return (provision, ImmutableSetting(
        key="workspace.managed_network",
        label="Workspace managed virtual network",
        value="enabled" if managed else "disabled",
        reason=("Azure cannot turn a workspace's managed virtual network off once it is enabled (AML111); "
                "turning it off means a new workspace." if managed else
                "It can be enabled later, but once enabled Azure cannot turn it off again (AML111)."),
        changeable_from=("disabled",),
        intent_path=("workspace", "managed_network", "isolation_mode"),
    ),)
