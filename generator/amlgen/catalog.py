"""The rule catalog: one entry per diagnostic amlgen can emit.

IDs are stable: a published ID never changes meaning and is never reused. Sources name the seed
document (shared/seeds/NNN_*.txt) and its section, so a reviewer can check the requirement.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # error | warning | info
    title: str
    fix: str
    source: str
    detail: str = ""


_RULES = [
    # --- loading: the file itself ---------------------------------------------------------------
    Rule("AML001", "error", "The intent file cannot be read as UTF-8 text",
         "Save the file as UTF-8.", "amlgen input format"),
    Rule("AML002", "error", "The intent file is larger than the size limit",
         "Split the intent, or remove generated content pasted into it; intents are small by design.",
         "amlgen input format",
         "Intents over 4 MiB are refused before parsing so a runaway file cannot exhaust memory."),
    Rule("AML003", "error", "The intent file is not valid YAML",
         "Correct the YAML syntax at the position shown.", "amlgen input format"),
    Rule("AML004", "error", "A key appears twice in the same mapping",
         "Keep one of the duplicate keys; YAML would silently keep only the last.", "amlgen input format"),
    Rule("AML005", "error", "YAML anchors and aliases are not accepted",
         "Write the value out in full; intents are reviewed, so every value should be visible.",
         "amlgen input format",
         "Aliases make a reviewed file say more than it shows, and nested aliases can expand "
         "exponentially (the 'billion laughs' attack), so amlgen refuses them."),
    Rule("AML006", "error", "The intent must be a YAML mapping at the top level",
         "Start the file with 'version: 1' and the other top-level keys.", "amlgen input format"),
    Rule("AML007", "error", "Tab characters cannot indent YAML",
         "Indent with spaces.", "amlgen input format"),
    # --- shape: the model -----------------------------------------------------------------------
    Rule("AML010", "error", "Unknown key",
         "Remove the key or correct its spelling; 'amlgen schema' lists the keys.", "amlgen intent schema"),
    Rule("AML011", "error", "A value has the wrong type or is not one of the allowed values",
         "Use a value of the type and from the set the message names.", "amlgen intent schema"),
    Rule("AML012", "error", "A required key is missing",
         "Add the key the message names.", "amlgen intent schema"),
    # --- workspace and managed virtual network --------------------------------------------------
    Rule("AML101", "error", "v1_legacy_mode must be false with a managed virtual network or online endpoints",
         "Set workspace.v1_legacy_mode: false.",
         "seed 000, Limitations; seed 004, Limitations",
         "With v1_legacy_mode enabled you cannot create a managed online endpoint, and the v2 network "
         "isolation features, the workspace managed virtual network among them, are not available."),
    Rule("AML102", "error", "FQDN and service-tag outbound rules need allow_only_approved_outbound",
         "Set managed_network.isolation_mode: allow_only_approved_outbound, or keep only "
         "private_endpoint rules.",
         "seed 003, Allow only approved outbound mode",
         "Under allow_internet_outbound all internet traffic is already allowed; the service rejects "
         "FQDN and service-tag rules in that mode. Private endpoint rules work in both modes."),
    Rule("AML103", "error", "Outbound rules need a workspace managed virtual network",
         "Set managed_network.isolation_mode to allow_internet_outbound or allow_only_approved_outbound, "
         "or remove the rules.", "seed 000, Secure outbound access with workspace managed virtual network"),
    Rule("AML104", "error", "Outbound rule names must be unique",
         "Rename one of the rules; the name is the rule's resource name in the workspace.",
         "seed 000, Manage outbound rules"),
    Rule("AML105", "error", "Not a valid fully qualified domain name",
         "Use a host name such as 'pypi.org', optionally with one leading '*.' wildcard label.",
         "seed 003, Outbound FQDN table"),
    Rule("AML106", "error", "Unknown Azure service tag",
         "Use a service tag Azure publishes (for example AzureActiveDirectory, AzureResourceManager, "
         "Storage.EastUS).", "seed 003, Outbound service tag table"),
    Rule("AML107", "error", "Invalid protocol or port range",
         "Use TCP, UDP, ICMP or '*', and ports as '443', '80,443' or '8080-8089' within 1-65535.",
         "seed 003, Outbound service tag table"),
    Rule("AML108", "error", "The private endpoint sub-resource does not exist on that resource type",
         "Use one of the sub-resources the message lists for that resource type.",
         "seed 000, Secure outbound access with workspace managed virtual network"),
    Rule("AML109", "info", "FQDN outbound rules make Azure provision a managed Azure Firewall",
         "Expect the firewall's cost; set managed_network.firewall_sku: basic for lower throughput needs.",
         "seed 003, Allow only approved outbound mode",
         "The firewall is created in the managed virtual network when the first FQDN rule is "
         "applied and is billed to the workspace's subscription."),
    Rule("AML110", "error", "FQDN outbound rules allow only ports 80 and 443",
         "Remove other ports from the FQDN rule; use a service-tag or private-endpoint rule for other ports.",
         "seed 003, Outbound FQDN table"),
    Rule("AML111", "info", "A managed virtual network cannot be turned off after it is enabled",
         "Make sure the isolation mode is the one you want before the first deployment.",
         "seed 003, Recommended architecture (Managed Network Isolation pattern)"),
    # --- associated resources -------------------------------------------------------------------
    Rule("AML201", "error", "The container registry must be Premium when the workspace has a private endpoint",
         "Set resources.container_registry.sku: Premium.",
         "seed 002, Prerequisites; seed 004, Prerequisites",
         "Only the Premium tier of Azure Container Registry supports private endpoints."),
    Rule("AML202", "error", "Associated resources must be in the workspace's subscription",
         "Use a storage account, key vault, registry and Application Insights from the workspace's "
         "subscription (another resource group is fine).",
         "seed 000, Limitations; seed 004, Limitations"),
    Rule("AML203", "error", "Malformed resource ID, or an ID of the wrong resource type",
         "Use a full ARM ID: /subscriptions/<guid>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>.",
         "Azure Resource Manager resource IDs"),
    Rule("AML204", "warning", "An associated resource is public while the workspace is private",
         "Remove public_network_access from the resource, or set it to disabled.",
         "seed 002, Create workspace and secured resources"),
    Rule("AML205", "error", "An existing resource cannot also carry creation settings",
         "Remove name, sku and the other creation settings, or remove existing_id to create it here.",
         "amlgen intent schema"),
    Rule("AML206", "warning", "A private workspace without a private endpoint cannot be reached",
         "Add inbound.private_endpoint, or set workspace.public_network_access: enabled.",
         "seed 000, Inbound communication to the Azure Machine Learning workspace"),
    # --- network and DNS ------------------------------------------------------------------------
    Rule("AML301", "error", "Invalid CIDR prefix",
         "Write an IPv4 prefix such as 10.0.1.0/24 whose host bits are zero.", "Azure Virtual Network"),
    Rule("AML302", "error", "A subnet prefix falls outside its virtual network",
         "Choose a subnet prefix inside one of the virtual network's address prefixes.",
         "Azure Virtual Network"),
    Rule("AML303", "error", "Subnet prefixes overlap",
         "Give each subnet its own, non-overlapping prefix.", "Azure Virtual Network"),
    Rule("AML304", "error", "The private endpoint subnet is too small",
         "Use a /28 or larger prefix; Azure reserves five addresses in every subnet.",
         "seed 003, Private IP address shortage in your main network"),
    Rule("AML305", "error", "Declare either a new virtual network and subnet, or an existing subnet ID",
         "Set inbound.private_endpoint.subnet_id, or virtual_network and subnet, not both or neither.",
         "amlgen intent schema"),
    Rule("AML401", "error", "An existing private DNS zone ID is missing",
         "Add the zone the message names to dns.zone_ids, or use dns.zones: create.",
         "seed 003, DNS resolution of private link resources",
         "Without the notebooks zone, the studio's notebooks break; without the api zone, the "
         "workspace and its online endpoints cannot be resolved."),
    Rule("AML402", "error", "A DNS zone ID names a zone this deployment does not use",
         "Remove the entry, or correct the zone name to one listed in the message.",
         "seed 003, DNS resolution of private link resources"),
    Rule("AML403", "info", "Custom DNS: conditional forwarders are needed",
         "Create conditional forwarders to 168.63.129.16 for every zone listed in DNS-FORWARDERS.md.",
         "seed 003, DNS resolution of private link resources"),
    Rule("AML404", "error", "dns.zone_ids is only used with dns.zones: existing",
         "Set dns.zones: existing, or remove dns.zone_ids.", "amlgen intent schema"),
    # --- names ----------------------------------------------------------------------------------
    Rule("AML601", "error", "A resource name breaks Azure's naming rules",
         "Change the name, or the top-level name prefix it is derived from.",
         "Azure naming rules for resources"),
    Rule("AML602", "info", "The name must be globally unique",
         "If deployment fails with a name conflict, set an explicit name for the resource.",
         "Azure naming rules for resources"),
    Rule("AML603", "error", "A tag breaks Azure's tag limits",
         "Keep at most 50 tags, names of 1-128 characters without < > % & \\ ? /, names that differ in more "
         "than case, and values of at most 256 characters.",
         "Azure Resource Manager, Use tags to organize your Azure resources (Limitations)",
         "amlgen applies every tag to every resource it creates, so the strictest limit of those resources "
         "applies: storage accounts take tag names of at most 128 characters."),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
