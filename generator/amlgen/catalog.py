"""The rule catalog: one entry per diagnostic amlgen can emit.

IDs are stable: a published ID never changes meaning and is never reused. Sources name the Azure article
(title and link) and its section, so a reviewer can check the requirement.
"""

from __future__ import annotations

from amlgen.azure.sources import (
    BICEP_LOOPS,
    COMPUTE_CLUSTER,
    COMPUTE_INSTANCE,
    COMPUTE_TARGETS,
    DEFAULT_OUTBOUND_ACCESS,
    ENDPOINT_VM_SIZES,
    ENDPOINT_WALKTHROUGH,
    EXFILTRATION_PREVENTION,
    FIREWALL_DNS_PROXY,
    MACHINE_LEARNING_POLICY,
    MANAGED_NETWORK,
    NETWORK_ISOLATION_PLANNING,
    NETWORK_TRAFFIC,
    ONLINE_ENDPOINT_ISOLATION,
    PRIVATE_DNS_AT_SCALE,
    PRIVATE_ENDPOINT,
    QUOTAS,
    RESOURCE_NAME_RULES,
    SECURE_ONLINE_ENDPOINT,
    SECURE_TRAINING,
    TEMPLATE_LIMITS,
    VM_RETIREMENTS,
    VM_SIZES,
    VNET_FAQ,
    Article,
)
from amlgen.records import dataclass


def cited(*sources: tuple[Article, str]) -> str:
    """Where a rule comes from: each article by title, section and link."""
    return "; ".join(article.cite(section) for article, section in sources)


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
    Rule("AML013", "error", "The YAML is nested deeper than an intent can be",
         "Remove the extra levels of brackets or indentation; an intent is at most a few levels deep.",
         "amlgen input format",
         "The deepest value of an intent is six levels down; a file nested past 32 levels is refused before it "
         "is built, so a few kilobytes of '[[[[' cannot exhaust the loader."),
    Rule("AML014", "error", "The file holds more than one YAML document",
         "Keep one document: remove the '---' line and everything after it, or move that part into its own "
         "intent file.", "amlgen input format",
         "An intent describes one workspace; a second document would be ignored by some tools and merged by "
         "others, so amlgen refuses it."),
    Rule("AML015", "error", "The intent file does not exist",
         "Check the path (it is relative to the folder amlgen runs in), or pass '-' to read the intent from "
         "standard input.", "amlgen input format"),
    Rule("AML016", "error", "The intent path is a folder",
         "Pass the intent file inside the folder, for example DIR/intent.yaml.", "amlgen input format"),
    Rule("AML017", "error", "The intent file cannot be read",
         "Give the user running amlgen read access to the file (for example chmod u+r FILE), or copy it "
         "somewhere readable.", "amlgen input format"),
    # --- shape: the model -----------------------------------------------------------------------
    Rule("AML010", "error", "Unknown key",
         "Remove the key or correct its spelling; 'amlgen schema' lists the keys.", "amlgen intent schema"),
    Rule("AML011", "error", "A value has the wrong type or is not one of the allowed values",
         "Write the value the fix names for that field.", "amlgen intent schema",
         "amlgen reads YAML 1.2, as the published JSON Schema and editors do: yes, no, on, off, 1:30 and "
         "2022-05-24 are text, never booleans, numbers or dates. A field that wants a number or a boolean "
         "refuses text, and a field that wants text refuses a plain number or boolean: quote it. Each "
         "diagnostic's fix names what to write for its field, and says when YAML 1.1 would have read the "
         "value differently."),
    Rule("AML012", "error", "A required key is missing",
         "Add the key the message names.", "amlgen intent schema"),
    # --- workspace and managed virtual network --------------------------------------------------
    Rule("AML101", "error", "v1_legacy_mode must be false with a managed virtual network or online endpoints",
         "Set workspace.v1_legacy_mode: false.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Limitations"), (SECURE_ONLINE_ENDPOINT, "Limitations")),
         "With v1_legacy_mode enabled you cannot create a managed online endpoint, and the v2 network "
         "isolation features, the workspace managed virtual network among them, are not available."),
    Rule("AML102", "error", "FQDN and service-tag outbound rules need allow_only_approved_outbound",
         "Set managed_network.isolation_mode: allow_only_approved_outbound, or keep only "
         "private_endpoint rules.",
         cited((NETWORK_ISOLATION_PLANNING, "Allow only approved outbound mode")),
         "Under allow_internet_outbound all internet traffic is already allowed; the service rejects "
         "FQDN and service-tag rules in that mode. Private endpoint rules work in both modes."),
    Rule("AML103", "error", "Outbound rules need a workspace managed virtual network",
         "Set managed_network.isolation_mode to allow_internet_outbound or allow_only_approved_outbound, "
         "or remove the rules.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Secure outbound access with workspace managed virtual network"))),
    Rule("AML104", "error", "Outbound rule names must be unique",
         "Rename one of the rules; the name is the rule's resource name in the workspace.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Manage outbound rules"))),
    Rule("AML105", "error", "Not a valid fully qualified domain name",
         "Use a host name such as 'pypi.org', optionally with one leading '*.' wildcard label.",
         cited((NETWORK_ISOLATION_PLANNING, "Outbound FQDN table"))),
    Rule("AML106", "error", "Unknown Azure service tag",
         "Use a service tag Azure publishes (for example AzureActiveDirectory, AzureResourceManager, "
         "Storage.EastUS); the message names the closest ones.",
         cited((NETWORK_ISOLATION_PLANNING, "Outbound service tag table")) + "; the tags and their regional "
         "forms: Azure IP Ranges and Service Tags, vendored in amlgen/azure/service_tags.json"),
    Rule("AML107", "error", "Invalid protocol or port range",
         "Use TCP, UDP, ICMP or '*', and ports as '443', '80,443' or '8080-8089' within 1-65535.",
         cited((NETWORK_ISOLATION_PLANNING, "Outbound service tag table"))),
    Rule("AML108", "error", "The private endpoint sub-resource does not exist on that resource type",
         "Use one of the sub-resources the message lists for that resource type.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Secure outbound access with workspace managed virtual network"))),
    Rule("AML109", "info", "FQDN outbound rules make Azure provision a managed Azure Firewall",
         "Expect the firewall's cost; set managed_network.firewall_sku: basic for lower throughput needs.",
         cited((NETWORK_ISOLATION_PLANNING, "Allow only approved outbound mode")),
         "The firewall is created in the managed virtual network when the first FQDN rule is "
         "applied and is billed to the workspace's subscription."),
    Rule("AML110", "error", "FQDN outbound rules allow only ports 80 and 443",
         "Remove other ports from the FQDN rule; use a service-tag or private-endpoint rule for other ports.",
         cited((NETWORK_ISOLATION_PLANNING, "Outbound FQDN table"))),
    Rule("AML111", "info", "A managed virtual network cannot be turned off after it is enabled",
         "Make sure the isolation mode is the one you want before the first deployment.",
         cited((NETWORK_ISOLATION_PLANNING, "Recommended architecture (Managed Network Isolation pattern)"))),
    Rule("AML112", "error", "include_spark needs a workspace managed virtual network",
         "Set managed_network.isolation_mode to allow_internet_outbound or allow_only_approved_outbound, or "
         "remove include_spark.",
         cited((MANAGED_NETWORK, "Configure for serverless Spark jobs"))),
    Rule("AML113", "error", "Online deployments need the managed network provisioned before they are created",
         "Keep managed_network.provision_on_creation: true (the default), or set include_spark: true.",
         cited((MANAGED_NETWORK, "Manually provision a managed VNet")),
         "To create an online deployment the managed network must already be provisioned, manually or by "
         "creating a compute instance first. Left to the first compute, provisioning takes about 30 minutes "
         "and can time out the deployment, so amlgen provisions it with the workspace (provisionNetworkNow) "
         "and orders every online deployment after it and after the outbound rules."),
    Rule("AML114", "info", "Bicep cannot provision the managed network for serverless Spark",
         "With Bicep, run 'az ml workspace provision-network --include-spark' once the deployment has "
         "finished; the Terraform output calls the provisionManagedNetwork action itself (azapi).",
         cited((MANAGED_NETWORK, "Configure for serverless Spark jobs")),
         "Spark needs the provisionManagedNetwork action with includeSpark; provisionNetworkNow provisions "
         "with the default options only. ARM templates cannot call an action, so the Bicep output provisions "
         "the network at creation and leaves the Spark step to the CLI."),
    Rule("AML115", "warning", "Serverless Spark needs a private endpoint rule to storage with spark_enabled",
         "Add a private_endpoint outbound rule to the storage account Spark reads, with spark_enabled: true.",
         cited((MANAGED_NETWORK, "Configure for serverless Spark jobs"))),
    # --- associated resources -------------------------------------------------------------------
    Rule("AML201", "error", "The container registry must be Premium when the workspace has a private endpoint",
         "Set resources.container_registry.sku: Premium.",
         cited((SECURE_ONLINE_ENDPOINT, "Prerequisites")),
         "Only the Premium tier of Azure Container Registry supports private endpoints."),
    Rule("AML202", "error", "Associated resources must be in the workspace's subscription",
         "Use a storage account, key vault, registry and Application Insights from the workspace's "
         "subscription (another resource group is fine).",
         cited((ONLINE_ENDPOINT_ISOLATION, "Limitations"), (SECURE_ONLINE_ENDPOINT, "Limitations"))),
    Rule("AML203", "error", "Malformed resource ID, or an ID of the wrong resource type",
         "Use a full ARM ID: /subscriptions/<guid>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>.",
         "Azure Resource Manager resource IDs"),
    Rule("AML204", "warning", "An associated resource is public while the workspace is private",
         "Remove public_network_access from the resource, or set it to disabled.",
         cited((SECURE_ONLINE_ENDPOINT, "Create workspace and secured resources"))),
    Rule("AML205", "error", "An existing resource cannot also carry creation settings",
         "Remove name, sku and the other creation settings, or remove existing_id to create it here.",
         "amlgen intent schema"),
    Rule("AML206", "warning", "A private workspace without a private endpoint cannot be reached",
         "Add inbound.private_endpoint, or set workspace.public_network_access: enabled.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Inbound communication to the Azure Machine Learning workspace"))),
    Rule("AML207", "error", "A unique name suffix needs the subscription and the resource group",
         "Set subscription_id and resource_group (the deployment's), or remove naming.unique_suffix.",
         "Azure Resource Manager template functions (uniqueString)",
         "The suffix is uniqueString(subscription_id, resource_group, name), computed when amlgen renders so "
         "Bicep and Terraform use the same names; without both inputs it cannot be computed."),
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
         cited((NETWORK_ISOLATION_PLANNING, "Private IP address shortage in your main network"))),
    Rule("AML305", "error", "Declare either a new virtual network and subnet, or an existing subnet ID",
         "Set inbound.private_endpoint.subnet_id, or virtual_network and subnet, not both or neither.",
         "amlgen intent schema"),
    # --- customer-managed virtual network ----------------------------------------------------------
    Rule("AML306", "error", "A customer virtual network and the workspace managed network cannot both control outbound",
         "Set workspace.managed_network.isolation_mode: disabled, or remove the network section.",
         cited((NETWORK_ISOLATION_PLANNING, "Recommended architecture (use your Azure VNet)")),
         "Compute in a managed network never reaches your VNet's firewall or NSGs, so the two designs "
         "contradict each other; pick one."),
    Rule("AML307", "error", "The private endpoint subnet is declared twice",
         "Remove inbound.private_endpoint: network.spoke.private_endpoints holds the private endpoints.",
         "amlgen intent schema"),
    Rule("AML308", "error", "Peered virtual networks overlap",
         "Give the hub and the spoke address spaces that do not overlap; peering needs distinct ranges.",
         cited((NETWORK_ISOLATION_PLANNING, "Required inbound and outbound configurations"))),
    Rule("AML309", "error", "A compute subnet is too small for the compute declared on it",
         "Use a larger prefix, or fewer nodes; each compute instance and cluster node takes one private IP "
         "and Azure reserves five addresses per subnet.",
         cited((NETWORK_ISOLATION_PLANNING, "Private IP address shortage in your main network"))),
    Rule("AML310", "error", "The firewall architecture needs a hub virtual network",
         "Add network.hub (address_space and firewall_subnet_prefix), or use outbound: nsg_nat.",
         cited((NETWORK_ISOLATION_PLANNING, "Recommended architecture (use your Azure VNet)"))),
    Rule("AML311", "error", "Data exfiltration prevention needs the firewall",
         "Use outbound: hub_spoke_firewall with exfiltration_prevention, or set exfiltration_prevention: false.",
         cited((NETWORK_ISOLATION_PLANNING, "Recommended architecture with data exfiltration prevention")),
         "The allow-list includes host names (mcr.microsoft.com and others), which only a firewall's "
         "application rules can filter; NSGs leave the internet open through the NAT gateway."),
    Rule("AML312", "error", "A registry behind a private endpoint cannot build images",
         "Declare a compute cluster under compute.clusters and name it in compute.image_build_compute (or name an "
         "existing one with image_build_compute_existing: true).",
         cited((NETWORK_ISOLATION_PLANNING, "Image build compute setting for ACR behind VNet"),
               (MANAGED_NETWORK, "Configure image builds")),
         "Azure builds environment images with the registry's own tasks, which cannot reach a registry closed to "
         "public networks; image builds then fail. This holds in the managed network and in a customer network "
         "alike, so a private registry without image-build compute is refused."),
    Rule("AML313", "error", "AzureFirewallSubnet must be a /26 or larger",
         "Use a /26 (or larger) prefix for network.hub.firewall_subnet_prefix.", "Azure Firewall FAQ"),
    Rule("AML314", "error", "Isolated network names must be unique",
         "Give each entry of network.isolated_networks its own name; it names resources and inputs.",
         cited((NETWORK_ISOLATION_PLANNING, "Private IP address shortage in your main network"))),
    Rule("AML315", "error", "The spoke declares no compute subnet",
         "Add network.spoke.training or network.spoke.scoring.",
         cited((NETWORK_ISOLATION_PLANNING, "Recommended architecture (use your Azure VNet)"))),
    Rule("AML316", "error", "The DNS resolver's inbound subnet must be a /28 or larger",
         "Use a /28 (or larger) prefix for network.hub.dns_resolver_inbound_prefix.",
         "Azure DNS Private Resolver"),
    Rule("AML317", "warning", "A DNS resolver without private DNS zones resolves private link names publicly",
         "Use dns.zones: create so the zones are linked to the hub, or remove dns_resolver_inbound_prefix.",
         cited((NETWORK_ISOLATION_PLANNING, "DNS resolution of private link resources"))),
    Rule("AML318", "error", "Say whether the NSG denies outbound traffic it does not name",
         "Set network.unlisted_outbound: deny (the NSG allows the required set and your additions, then denies the "
         "rest) or allow (outbound stays open through the NAT gateway).",
         cited((NETWORK_ISOLATION_PLANNING, "Removing firewall requirement"),
               (NETWORK_TRAFFIC, "Basic configuration")),
         "Allow rules alone restrict nothing: Azure's default rules allow all outbound to the internet and the "
         "virtual network. Only a final deny makes the allow rules the complete list, so the intent must choose."),
    Rule("AML319", "error", "unlisted_outbound applies to the NSG modes only",
         "Remove network.unlisted_outbound: the hub firewall denies what it does not allow.",
         "amlgen intent schema"),
    Rule("AML320", "error", "An NSG that denies unlisted outbound cannot allow a host name",
         "Allow a service tag instead, use outbound: hub_spoke_firewall (its application rules filter host names), "
         "or set unlisted_outbound: allow.",
         cited((NETWORK_TRAFFIC, "Scenario: Third party firewall or Azure Firewall without service tags")),
         "NSGs filter addresses, not names: the only NSG rule that reaches a host name is one to the Internet "
         "tag, which would reopen what the deny closes."),
    Rule("AML321", "warning", "Subnets with neither a NAT gateway nor a route have no outbound path",
         "Use outbound: nsg_nat (a NAT gateway) or hub_spoke_firewall (a route to the firewall).",
         cited((DEFAULT_OUTBOUND_ACCESS, ""), (NETWORK_TRAFFIC, "Basic configuration")),
         "Azure retires default outbound access: subnets created with Network API 2025-07-01 and later are "
         "private by default, and amlgen turns it off explicitly, so the NSG's allow rules have no path to the "
         "internet behind them."),
    Rule("AML322", "warning", "The service tag file has no regional tag for the location",
         "Check the location; if Azure now publishes the regional tags there, refresh the vendored service tag "
         "file (amlgen/azure/service_tags.json).",
         cited((SECURE_TRAINING, "Compute instance/cluster or serverless compute with no public IP")),
         "The articles ask for BatchNodeManagement.<region> and Storage.<region>; without the region the global "
         "tags open every region, Storage among them a read/write path to any account."),
    Rule("AML323", "warning", "amlgen cannot tell whether the private endpoints' subnet is in another subscription",
         "Set subscription_id: a subnet in another subscription gets its private endpoints in its own resource "
         "group and region.",
         cited((PRIVATE_ENDPOINT, "Private endpoint properties")),
         "A private endpoint must be in the same subscription and region as its virtual network. When the intent "
         "names its own subscription, amlgen creates endpoints in a subnet of another subscription there (a Bicep "
         "module scoped to the subnet's resource group, a Terraform provider alias), at the network's location."),
    Rule("AML324", "error", "Declare the hub once: either created here or existing",
         "Keep network.hub (amlgen creates the hub) or network.existing_hub (the network team's), not both.",
         "amlgen intent schema"),
    Rule("AML325", "error", "The existing firewall's private address is not an IPv4 address",
         "Set network.existing_hub.firewall_private_ip to the firewall's private IP, such as 10.0.0.4.",
         cited((NETWORK_TRAFFIC, "Basic configuration"))),
    Rule("AML326", "error", "The spoke needs an address space, or an existing virtual network",
         "Set network.spoke.address_space, or network.spoke.existing_id to plug into an existing spoke.",
         "amlgen intent schema"),
    Rule("AML327", "error", "An existing spoke's subnets are existing subnets of that spoke",
         "With spoke.existing_id, give every subnet the existing_id of a subnet of that virtual network (and no "
         "address_space); without it, remove existing_id and owns from the subnets.",
         cited((NETWORK_ISOLATION_PLANNING, "Recommended architecture (use your Azure VNet)")),
         "amlgen never creates or replaces a subnet in a virtual network it does not own: it only attaches what "
         "the intent says it owns."),
    Rule("AML328", "warning", "Owning the service endpoint policy sets the subnet's service endpoints",
         "Make sure the subnet needs no other service endpoint, or attach the policy yourself.",
         cited((EXFILTRATION_PREVENTION, "3. Enable storage endpoint for the subnet"))),
    Rule("AML329", "error", "A subnet owns an attachment the architecture does not have",
         "Own route_table with hub_spoke_firewall, nat_gateway with nsg_nat, service_endpoint_policy with "
         "exfiltration_prevention.", "amlgen intent schema"),
    Rule("AML330", "error", "An existing spoke in another subscription",
         "Deploy into the spoke's subscription (subscription_id), or attach the NSG and route table there yourself.",
         "Azure Virtual Network",
         "A subnet takes NSGs, route tables and service endpoint policies of its own subscription only."),
    Rule("AML401", "error", "An existing private DNS zone ID is missing",
         "Add the zone the message names to dns.zone_ids, or use dns.zones: create.",
         cited((NETWORK_ISOLATION_PLANNING, "DNS resolution of private link resources")),
         "Without the notebooks zone, the studio's notebooks break; without the api zone, the "
         "workspace and its online endpoints cannot be resolved."),
    Rule("AML402", "error", "A DNS zone ID names a zone this deployment does not use",
         "Remove the entry, or correct the zone name to one listed in the message.",
         cited((NETWORK_ISOLATION_PLANNING, "DNS resolution of private link resources"))),
    Rule("AML403", "info", "Custom DNS: conditional forwarders are needed",
         "Create conditional forwarders to 168.63.129.16 for every zone listed in DNS-FORWARDERS.md.",
         cited((NETWORK_ISOLATION_PLANNING, "DNS resolution of private link resources"))),
    Rule("AML405", "error", "The DNS zone name belongs to another Azure cloud",
         "Use the zone names of the intent's cloud, or correct the cloud setting.",
         cited((NETWORK_ISOLATION_PLANNING, "DNS resolution of private link resources"))),
    Rule("AML406", "error", "An isolated network shares a private DNS zone with the workspace's network",
         "Give the isolated network its own zones: its private endpoints have other IPs than the "
         "workspace network's, and one zone holds one A record per name.",
         cited((NETWORK_ISOLATION_PLANNING, "Private IP address shortage in your main network"))),
    Rule("AML404", "error", "dns.zone_ids is only used with dns.zones: existing or policy",
         "Set dns.zones: existing (or policy), or remove dns.zone_ids.", "amlgen intent schema"),
    Rule("AML407", "error", "The virtual networks amlgen creates cannot resolve the private endpoints",
         "Set dns.servers to DNS servers that resolve the private link zones, or dns.firewall_proxy: true with "
         "the hub firewall.",
         cited((NETWORK_ISOLATION_PLANNING, "DNS resolution of private link resources and application on compute "
                                            "instance")),
         "With dns.zones none or policy no private DNS zone is linked to these networks, so Azure DNS answers "
         "with the public addresses: with public network access off, compute reaches nothing."),
    Rule("AML408", "warning", "Existing private DNS zones are not linked to the networks amlgen creates",
         "Set dns.link_zones: true (amlgen links them where they live), or dns.servers that resolve them.",
         cited((NETWORK_ISOLATION_PLANNING, "DNS resolution of private link resources and application on compute "
                                            "instance"))),
    Rule("AML409", "error", "The firewall DNS proxy needs the hub firewall amlgen creates",
         "Use network.outbound: hub_spoke_firewall with network.hub, or point dns.servers at your own firewall.",
         cited((FIREWALL_DNS_PROXY, "DNS proxy"))),
    Rule("AML410", "error", "A DNS server is not an IPv4 address",
         "Write each entry of dns.servers as an IPv4 address, such as 10.0.0.4.", "Azure Virtual Network"),
    Rule("AML411", "error", "dns.link_zones links existing zones only",
         "Set dns.zones: existing, or remove link_zones.", "amlgen intent schema"),
    # --- managed online endpoints and the legacy egress mode ---------------------------------------
    Rule("AML501", "error", "egress_public_network_access does not apply with a workspace managed virtual network",
         "Remove egress_public_network_access from the deployment; the managed network secures its outbound.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Secure outbound access with workspace managed virtual network")),
         "With a managed virtual network the flag no longer applies and the service rejects it, so amlgen "
         "never writes egressPublicNetworkAccess unless the isolation mode is disabled."),
    Rule("AML502", "info", "egress_public_network_access cannot be changed after the deployment is created",
         "Choose the value before the first deployment; changing it later means a new deployment.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Appendix (Secure outbound access with legacy network isolation method)")),
         "Attempting to change the flag while updating the deployment fails with an error."),
    Rule("AML503", "error", "A deployment with public outbound needs a workspace that allows public access",
         "Set workspace.public_network_access: enabled, or egress_public_network_access: disabled.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Appendix (supported configurations table)"),
               (SECURE_ONLINE_ENDPOINT, "Scenarios")),
         "Outbound communication from a deployment is to the workspace API; with public outbound the "
         "workspace must accept that public communication."),
    Rule("AML504", "error", "Deployments with egress disabled need a Premium container registry",
         "Set resources.container_registry.sku: Premium.",
         cited((SECURE_ONLINE_ENDPOINT, "Prerequisites")),
         "Azure creates a private endpoint to the workspace's registry for each such deployment; only "
         "Premium registries support private endpoints."),
    Rule("AML505", "warning", "Registry and storage may need to be in the workspace's resource group",
         "Deploy the workspace into the resource group of the existing registry and storage account.",
         cited((SECURE_ONLINE_ENDPOINT, "Prerequisites"),
               (ONLINE_ENDPOINT_ISOLATION, "Limitations"),
               (SECURE_ONLINE_ENDPOINT, "Limitations")),
         "The 2022 version of the secure online endpoint article required the registry and storage account in "
         "the workspace's resource group for deployments with egress disabled; the current articles allow "
         "another resource group in the same subscription. amlgen cannot see the workspace's resource group, "
         "so it warns."),
    Rule("AML506", "warning", "Logs are only partly available for network-isolated deployments",
         "Read console and event logs with 'az ml online-deployment get-logs' or the studio's log tab.",
         cited((SECURE_ONLINE_ENDPOINT, "Limitations")),
         "The 2022 version of the article said Log Analytics and Application Insights are not supported; the "
         "current one says metrics and AMLOnlineEndpointTrafficLog work, AMLOnlineEndpointConsoleLog and "
         "AMLOnlineEndpointEventLog do not."),
    Rule("AML507", "warning", "Images from mcr.microsoft.com are unreachable with egress disabled",
         "Build the image inside the virtual network, push it to the workspace's container registry and "
         "reference it from there.", cited((SECURE_ONLINE_ENDPOINT, "Limitations")),
         "Curated environments, registry environments and MLflow no-code deployments pull from MCR."),
    Rule("AML508", "warning", "A workspace private endpoint created before 2022-05-24 must be recreated",
         "Recreate the workspace private endpoint before using it with online endpoints.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Limitations"), (SECURE_ONLINE_ENDPOINT, "Limitations"))),
    Rule("AML509", "warning", "With egress disabled a deployment cannot download assets from other storage",
         "Register the model and code in this workspace so they live on its default storage account.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Appendix (Important)")),
         "Such a deployment reaches only the workspace, its blob storage and its registry."),
    Rule("AML510", "error", "Deployments with egress disabled need a workspace private endpoint",
         "Add inbound.private_endpoint (or declare inbound.existing_private_endpoint).",
         cited((ONLINE_ENDPOINT_ISOLATION, "Appendix"), (SECURE_ONLINE_ENDPOINT, "Prerequisites"))),
    Rule("AML511", "error", "A deployment takes an environment or an image, not both",
         "Keep environment (a registered environment) or image (a container image).",
         "amlgen intent schema"),
    Rule("AML512", "error", "Code needs exactly one of path or asset, and an asset needs a scoring script",
         "Set code.path to a local folder, or code.asset to 'azureml:<name>:<version>' with code.scoring_script.",
         "amlgen intent schema",
         "ARM's codeConfiguration requires scoringScript next to the code asset ID."),
    Rule("AML513", "error", "Traffic shares of an endpoint must add up to 100",
         "Give the deployments traffic values that sum to 100, or leave traffic out everywhere.",
         "Azure Machine Learning online endpoints (traffic)"),
    Rule("AML514", "error", "Endpoint names must be unique, and deployment names unique in their endpoint",
         "Rename one of them.", "Azure Machine Learning online endpoints"),
    Rule("AML515", "error", "Malformed asset reference",
         "Use 'azureml:<name>:<version>' or 'azureml://registries/<registry>/<kind>/<name>/versions/<version>'.",
         cited((ENDPOINT_WALKTHROUGH, "Create the Online Deployment Configuration"))),
    Rule("AML516", "warning", "A private online endpoint needs a workspace private endpoint to be reached",
         "Add inbound.private_endpoint, or set the endpoint's public_network_access: enabled.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Secure inbound scoring requests"))),
    Rule("AML517", "info", "This deployment is created with az ml only",
         "Run 'az ml online-deployment create -f' with the generated deployment YAML, or use a registered "
         "code asset and environment so the template creates it.",
         cited((ENDPOINT_WALKTHROUGH, "Create the Online Deployment")),
         "ARM takes only registered assets: a local code folder or an inline image must be uploaded or "
         "registered by the CLI."),
    Rule("AML518", "error", "An online deployment uses a workspace asset nothing creates",
         "Declare the asset under assets: with path (a model or code) or image (an environment) to create it, or "
         "existing: true when it is registered before the deployment; or reference a registry asset by its ID.",
         cited((ONLINE_ENDPOINT_ISOLATION, "Secure outbound access with workspace managed virtual network"),
               (ENDPOINT_WALKTHROUGH, "Create the Online Deployment Configuration")),
         "ARM creates a deployment only from registered assets. One that names a model, code or environment of "
         "a workspace the same template creates fails on the first apply with a 404 on that asset, so amlgen "
         "creates every declared asset before the deployments, or reads existing ones first and stops there, "
         "naming the asset, when one is missing."),
    Rule("AML519", "error", "An asset sets one source: a path (model, code), an image (environment) or existing",
         "Give a model or code asset a path, an environment an image, or set existing: true; model_type applies "
         "to models only.", "amlgen intent schema"),
    Rule("AML520", "warning", "An existing asset must be registered in the workspace this deployment creates",
         "Register it once the workspace exists (az ml model create, az ml code create, az ml environment create) "
         "and apply again, or declare it with a path or image so the template creates it.",
         cited((ENDPOINT_WALKTHROUGH, "Create the Online Deployment Configuration")),
         "amlgen creates the workspace, so on the first apply nothing can be registered in it yet: the template "
         "reads the asset before any deployment and stops there, naming it, until it exists."),
    Rule("AML521", "error", "An asset is declared twice", "Keep one declaration per kind, name and version.",
         "amlgen intent schema"),
    Rule("AML522", "error", "Malformed asset source",
         "Use azureml://datastores/<datastore>/paths/<path> or an https blob URL for a path, and "
         "<registry host>/<repository>:<tag> for an image.", "Azure Machine Learning asset paths"),
    # --- compute ------------------------------------------------------------------------------------
    Rule("AML800", "error", "A compute name breaks Azure's naming rules",
         "Use 3-24 letters, digits and hyphens, starting with a letter and ending with a letter or digit.",
         cited((COMPUTE_CLUSTER, "Create"), (COMPUTE_INSTANCE, "Create")),
         "A compute instance's name must also be unique in its Azure region, across workspaces and subscriptions; "
         "that is known only when Azure creates it, so amlgen cannot check it."),
    Rule("AML801", "error", "Two computes of the workspace have the same name",
         "Give each cluster and instance its own name: they share the workspace's compute names.",
         cited((COMPUTE_TARGETS, "Azure Machine Learning compute (managed)"))),
    Rule("AML802", "error", "The compute VM size is not an Azure VM size, or not one compute instances run on",
         "Write an Azure VM size name (Standard_ followed by the size, for example Standard_DS3_v2); for a compute "
         "instance choose a series the article lists for instances (FX runs compute clusters only).",
         cited((COMPUTE_TARGETS, "Supported VM series and sizes"), (VM_SIZES, "")),
         "Only what is certainly refused is an error here; a well-formed size outside the listed series is AML811."),
    Rule("AML803", "error", "A cluster's minimum node count is above its maximum",
         "Set min_nodes at most max_nodes (0 lets the cluster scale to zero).",
         cited((COMPUTE_CLUSTER, "Create"))),
    Rule("AML804", "error", "Compute asks for public IPs the network gives no inbound path",
         "Remove public_ip (compute without public IPs needs no inbound), or use a customer network with "
         "network.compute_public_ip: true.",
         cited((SECURE_TRAINING, "Compute instance/cluster with public IP"), (NETWORK_ISOLATION_PLANNING,
                                                                              "Compute instances and clusters")),
         "Nodes with public IPs are managed through AzureMachineLearning (44224) and BatchNodeManagement inbound; "
         "only network.compute_public_ip opens that path in the NSG and routes it past the firewall. The managed "
         "network and the default customer network give compute no public IP."),
    Rule("AML805", "error", "Compute is declared but has no network to run in",
         "Enable the workspace's managed network, or declare a customer network with a training subnet.",
         cited((NETWORK_ISOLATION_PLANNING, "Compute instances and clusters"))),
    Rule("AML806", "error", "image_build_compute names no declared compute cluster",
         "Declare the cluster under compute.clusters, or set compute.image_build_compute_existing: true if it "
         "exists already in the workspace.",
         cited((NETWORK_ISOLATION_PLANNING, "Image build compute setting for ACR behind VNet"))),
    Rule("AML807", "error", "A compute instance's assigned user is not a Microsoft Entra object and tenant ID",
         "Write the user's object ID and tenant ID as GUIDs (az ad user show --id <user> --query id).",
         cited((COMPUTE_INSTANCE, "Create on behalf of"))),
    Rule("AML808", "error", "Serverless compute settings need a customer network's training subnet",
         "Remove compute.serverless (in the managed network serverless compute needs no settings), or declare "
         "network.spoke.training.",
         cited((NETWORK_ISOLATION_PLANNING, "Compute instances and clusters"))),
    Rule("AML809", "error", "A compute uses the workspace's user-assigned identity, which does not exist",
         "Set workspace.identity: user_assigned, or give the compute identity: system_assigned.",
         cited((COMPUTE_CLUSTER, "Set up managed identity"))),
    Rule("AML810", "error", "The image-build compute is named twice",
         "Keep compute.image_build_compute and remove network.image_build_compute (its older place).",
         cited((NETWORK_ISOLATION_PLANNING, "Image build compute setting for ACR behind VNet"))),
    Rule("AML811", "warning", "The compute VM size is not in the series the article lists as supported",
         "Choose a size of a supported series (the message suggests close ones); `az ml compute list-sizes` lists "
         "the sizes a region offers Azure Machine Learning compute.",
         cited((COMPUTE_TARGETS, "Supported VM series and sizes"), (VM_SIZES, "")),
         "The name is well formed, but Azure may refuse it or the region may not offer it: Azure Machine Learning "
         "doesn't support every VM size Azure Compute offers, and amlgen's list of sizes is the supported series' "
         "sizes as their size articles list them, so a newer size can be missing from it."),
    Rule("AML812", "error", "The compute VM size belongs to a retired series",
         "Choose a size of a current series (the message suggests close ones); the retirement articles name the "
         "replacements.",
         cited((COMPUTE_TARGETS, "Supported VM series and sizes"),
               (VM_RETIREMENTS, "Retired and retiring VM size series")),
         "The article still lists NC, NC Promo, NCv2, ND, NV, HB and NCv3, but Azure has retired them: a retired "
         "series is no longer available and can't be provisioned."),
    # --- network policy enforcement -------------------------------------------------------------
    Rule("AML701", "error", "The definition does not take this effect",
         "Use one of the effects the message lists: the built-in's effect parameter allows only those.",
         cited((MACHINE_LEARNING_POLICY, ""))),
    Rule("AML702", "error", "The private DNS zone built-ins need the landing-zone DNS mode and the central zones",
         "Set dns.zones: policy and dns.zone_ids with the ID of every zone the message names.",
         cited((PRIVATE_DNS_AT_SCALE, "")),
         "Each DeployIfNotExists built-in takes the ID of the central zone it writes the private endpoint's records "
         "into; amlgen also grants its identity Network Contributor there."),
    Rule("AML703", "error", "A definition is assigned twice", "Keep one assignment of each definition.",
         "amlgen intent schema"),
    Rule("AML704", "error", "The assignment would deny this deployment's own workspace",
         "Set workspace.public_network_access: disabled, or assign the definition with effect Audit.",
         cited((NETWORK_ISOLATION_PLANNING, "Network policy enforcement")),
         "A Deny assignment refuses every workspace with public network access, this one included."),
    # --- names ----------------------------------------------------------------------------------
    Rule("AML601", "error", "A resource name breaks Azure's naming rules",
         "Change the name, or the top-level name prefix it is derived from.",
         cited((RESOURCE_NAME_RULES, "")) + "; outbound rules: the Microsoft.MachineLearningServices REST "
         "specification's rule name pattern (3-33 letters, digits, hyphens and underscores)"),
    Rule("AML602", "info", "The name must be globally unique",
         "If deployment fails with a name conflict, set an explicit name for the resource.",
         "Azure naming rules for resources"),
    Rule("AML603", "error", "A tag breaks Azure's tag limits",
         "Keep at most 50 tags, names of 1-128 characters without < > % & \\ ? /, names that differ in more "
         "than case, and values of at most 256 characters.",
         "Azure Resource Manager, Use tags to organize your Azure resources (Limitations)",
         "amlgen applies every tag to every resource it creates, so the strictest limit of those resources "
         "applies: storage accounts take tag names of at most 128 characters."),
    Rule("AML604", "error", "An address prefix overlaps a range Azure reserves",
         "Choose a prefix outside 224.0.0.0/4, 255.255.255.255/32, 127.0.0.0/8, 169.254.0.0/16 and "
         "168.63.129.16/32, for example from 10.0.0.0/8.",
         cited((VNET_FAQ, "What address ranges can I use in my VNets?"))),
    Rule("AML605", "error", "Two subnets of one virtual network have the same name",
         "Give each subnet its own name (network.spoke.<role>.name).",
         cited((RESOURCE_NAME_RULES, "Microsoft.Network: virtualNetworks/subnets")),
         "Subnet names are unique in their virtual network, compared without regard to case; Bicep would "
         "declare two inline subnets with one name and the deployment would fail."),
    Rule("AML606", "error", "subscription_id is not a subscription ID",
         "Write the subscription's GUID, for example 00000000-0000-0000-0000-000000000000 (az account show "
         "--query id).", "Azure Resource Manager resource IDs"),
    Rule("AML608", "error", "Not an Azure region of the intent's cloud",
         "Use a region name such as eastus or westeurope (az account list-locations -o table), and the cloud "
         "it belongs to.", "Azure regions per cloud: amlgen/azure/regions.json (with its sources)"),
    Rule("AML609", "error", "Managed online endpoints do not run on that VM size",
         "Use a VM size from the managed online endpoints SKU list, spelled like Standard_DS3_v2.",
         cited((ENDPOINT_VM_SIZES, ""))),
    Rule("AML610", "warning", "More instances or deployments than Azure allows by default",
         "Request an endpoint limit increase for the region before deploying, or lower the count.",
         cited((QUOTAS, "Azure Machine Learning online endpoints and batch endpoints")),
         "By default a deployment takes at most 50 instances and an endpoint at most 20 deployments; both "
         "limits allow an exception, so this is a warning (--strict fails on it)."),
    Rule("AML611", "error", "More outbound rules than one ARM deployment can create",
         "Keep at most 800 outbound rules; merge FQDN rules for one service into a wildcard ('*.example.com').",
         cited((TEMPLATE_LIMITS, "Template limits"), (BICEP_LOOPS, "Loop limits"),
               (MANAGED_NETWORK, "Limitations")),
         "The rules are created one at a time by one Bicep module, which is one ARM template: a template deploys "
         "at most 800 resources, copies included, and a loop takes at most 800 iterations. The managed network "
         "itself documents no limit on the number of rules."),
    # --- the command line and the output folder ---------------------------------------------------
    Rule("AML901", "warning", "The intent flips a setting Azure fixes at creation",
         "Keep the deployed value; or recreate the resource (a new workspace, a new deployment), then record "
         "the new value with `amlgen render --accept-flips`.",
         cited((NETWORK_ISOLATION_PLANNING, "Recommended architecture (Managed Network Isolation pattern)"),
               (ONLINE_ENDPOINT_ISOLATION, "Appendix (Secure outbound access with legacy network isolation method)")),
         "A workspace's managed virtual network cannot be turned off once enabled (AML111), and a legacy "
         "deployment's egress_public_network_access cannot be changed once it exists (AML502): applying such a "
         "change fails, or needs the resource deleted and created again. The output folder's "
         ".amlgen-manifest.json records the values deployed; `render` keeps the deployed value there (until "
         "--accept-flips), so every render and check warns again until the resource is recreated, and "
         "`check --baseline` compares with the output deployed today, such as the base branch's."),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
