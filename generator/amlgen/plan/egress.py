"""How compute egress leaves a customer-managed network (Plan for network isolation): the hub firewall
(plan/firewall.py) or NSG rules with a NAT gateway, an NSG on every compute subnet, and the service endpoint policy of
data exfiltration prevention. Every egress value (priorities, directions, next hops) is decided here or there.
"""

from __future__ import annotations

from amlgen.analysis.network import firewall_set, hosts_compute, nsg_denies_unlisted, nsg_set, public_ip_inbound
from amlgen.arm.build import LOCATION, TAGS
from amlgen.arm.deployment import EgressRule
from amlgen.arm.model import Ref, Resource
from amlgen.azure.tables import MACHINE_LEARNING_STORAGE_ALIAS, RequiredOutbound
from amlgen.intent.model import Intent
from amlgen.plan import firewall
from amlgen.plan.egress_rules import security_rules
from amlgen.plan.network import ENDPOINT_POLICY, NAT_GATEWAY, SECURITY_GROUP

MODULE = "network"
FILE = "egress.tf"


def _security_group(intent: Intent) -> Resource:
    network = intent.network
    assert network is not None
    inbound = public_ip_inbound(network, intent.location, intent.cloud)
    deny = nsg_denies_unlisted(network)
    if network.outbound == "hub_spoke_firewall":
        why = ("Every compute subnet has an NSG (landing zones commonly deny subnets without one). Egress is filtered "
               "by the hub firewall, so the NSG names no outbound destination; "
               + ("it admits the services that manage compute through its public IPs." if inbound else
                  "compute has no public IP, so Azure's default rules (no inbound from the internet) are all it "
                  "needs."))
    elif deny:
        why = ("network.unlisted_outbound: deny. The NSG allows the required outbound set (Configure inbound and "
               "outbound network traffic) and the intent's additions by name, then denies all other outbound."
               if hosts_compute(network) else "network.unlisted_outbound: deny. The NSG allows the private endpoints "
               "in the virtual network and the intent's destinations by name, then denies all other outbound.")
    else:
        why = ("network.unlisted_outbound: allow. Outbound is open" + (" through the NAT gateway" if
               network.outbound == "nsg_nat" else "") + ": the NSG names only the intent's destinations, and "
               "Azure's default rules allow the rest.")
    egress = "the NAT gateway" if network.outbound == "nsg_nat" else "the subnet's outbound path"
    rows = nsg_set(network, intent.location, intent.cloud)
    rules = security_rules(rows, egress, deny, inbound)
    comments = [why]
    hosts = [row.destination for row in rows if row.kind == "fqdn"]
    if hosts:
        comments.append("allow-internet-fqdns-outbound is for these host names, which NSGs cannot name: "
                        + ", ".join(hosts) + ".")
    return Resource(key=SECURITY_GROUP, type="Microsoft.Network/networkSecurityGroups",
                    title="compute subnets' network security group",
                    name=f"nsg-{intent.name}-compute", module=MODULE, label="compute", file=FILE, location=LOCATION,
                    tags=TAGS, properties={"securityRules": rules} if rules else {}, comments=tuple(comments))


def _nat_gateway(intent: Intent) -> tuple[Resource, ...]:
    address = firewall.public_ip("nat_public_ip", "nat_gateway", f"pip-ng-{intent.name}")
    gateway = Resource(key=NAT_GATEWAY, type="Microsoft.Network/natGateways", name=f"ng-{intent.name}",
                       title="NAT gateway",
                       module=MODULE, file=FILE, location=LOCATION, tags=TAGS, sku={"name": "Standard"},
                       properties={"publicIpAddresses": [{"id": Ref(address.key)}]},
                       comments=("Outbound internet for compute without public IPs (Plan for network isolation: "
                                 "Removing firewall requirement).",))
    return address, gateway


def _endpoint_policy(intent: Intent) -> Resource:
    return Resource(
        key=ENDPOINT_POLICY, type="Microsoft.Network/serviceEndpointPolicies", name=f"se-{intent.name}-ml-storage",
        title="service endpoint policy",
        module=MODULE, label="ml_storage", file=FILE, location=LOCATION, tags=TAGS,
        properties={"serviceEndpointPolicyDefinitions": [{"name": "azure-machine-learning", "properties": {
            "service": "Global", "serviceResources": [MACHINE_LEARNING_STORAGE_ALIAS]}}]},
        comments=("Storage through the subnets' service endpoint reaches only Azure Machine Learning's own storage "
                  "accounts (the alias), so compute gets its set-up scripts without an outbound path to any other "
                  "account.",))


def egress_resources(intent: Intent) -> tuple[Resource, ...]:
    network = intent.network
    assert network is not None
    resources: list[Resource] = []
    if network.outbound == "hub_spoke_firewall" and network.hub is not None:
        resources += firewall.firewall(intent)
    resources += firewall.existing_hub_rules(intent)
    if network.outbound == "hub_spoke_firewall":
        resources.append(firewall.route_table(intent))
    resources.append(_security_group(intent))
    if network.outbound == "nsg_nat":
        resources += _nat_gateway(intent)
    if network.exfiltration_prevention:
        resources.append(_endpoint_policy(intent))
    return tuple(resources)


def _documented(control: str, row: RequiredOutbound) -> EgressRule:
    why = f"{row.purpose}; {row.detail}" if row.detail else row.purpose
    return EgressRule(control, "outbound", row.destination, row.protocol, ", ".join(str(p) for p in row.ports), why,
                      row.cited(), row.source.url if row.source else "")


def egress_docs(intent: Intent) -> tuple[EgressRule, ...]:
    """Every egress rule of the customer network with its source, for `amlgen explain` and ARCHITECTURE.md."""
    network = intent.network
    if network is None:
        return ()
    found: list[EgressRule] = []
    if network.outbound == "hub_spoke_firewall":
        control = "hub firewall"
        if network.existing_hub is not None:
            control += (" (network team)" if network.existing_hub.firewall_rules == "network_team"
                        else " (existing policy)")
        found += [_documented(control, row) for row in firewall_set(network, intent.location, intent.cloud)]
    for inbound in public_ip_inbound(network, intent.location, intent.cloud):
        cited = f'{inbound.source.title}, "{inbound.section}"'
        found.append(EgressRule("compute NSG", "inbound", inbound.source_tag, "TCP", inbound.ports, inbound.purpose,
                                cited, inbound.source.url))
        if network.outbound == "hub_spoke_firewall":
            found.append(EgressRule("route", "outbound", inbound.source_tag, "Any", "*",
                                    "the replies to the service go to the internet directly, past the firewall",
                                    cited, inbound.source.url))
    found += [_documented("compute NSG", row) for row in nsg_set(network, intent.location, intent.cloud)]
    if nsg_denies_unlisted(network):
        found.append(EgressRule("compute NSG", "outbound", "*", "Any", "*", "deny: anything the rules above do not "
                                "name (network.unlisted_outbound: deny)", "the intent", ""))
    return tuple(found)
