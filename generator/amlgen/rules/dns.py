"""DNS that resolves: the virtual networks amlgen creates must resolve the private link zones of their private
endpoints, through zones linked to them or DNS servers that know them (Plan for network isolation, "DNS resolution of
private link resources and application on compute instance")."""

from __future__ import annotations

import ipaddress

from amlgen.analysis.decisions import inbound_private_endpoints
from amlgen.rules import Context, check

DNS = ("dns",)


def _creates_vnets(ctx: Context) -> bool:
    pe = ctx.intent.inbound.private_endpoint
    return ctx.intent.network is not None or (pe is not None and pe.virtual_network is not None)


def _hub_firewall(ctx: Context) -> bool:
    network = ctx.intent.network
    return network is not None and network.outbound == "hub_spoke_firewall" and network.hub is not None


@check(emits=("AML407", "AML408", "AML409", "AML410", "AML411"), reads=("dns", "network", "inbound", "resources"))
def check_resolution(ctx: Context) -> None:
    dns = ctx.intent.dns
    for index, server in enumerate(dns.servers):
        try:
            ipaddress.IPv4Address(server)
        except ValueError:
            ctx.report("AML410", f"'{server}' is not an IPv4 address", (*DNS, "servers", index))
    if dns.firewall_proxy and not _hub_firewall(ctx):
        ctx.report("AML409", "firewall_proxy needs the hub firewall amlgen creates (network.outbound: "
                   "hub_spoke_firewall with network.hub)", (*DNS, "firewall_proxy"))
    if dns.link_zones and dns.zones != "existing":
        ctx.report("AML411", f"link_zones links existing zones, but dns.zones is {dns.zones}", (*DNS, "link_zones"))
    if not _creates_vnets(ctx) or not inbound_private_endpoints(ctx.intent):
        return
    resolves = bool(dns.servers) or (dns.firewall_proxy and _hub_firewall(ctx))
    if dns.zones in ("none", "policy") and not resolves:
        ctx.report("AML407", f"dns.zones is {dns.zones}, and the virtual networks amlgen creates use Azure DNS, "
                   "which has no private zone linked to them: compute resolves the public names and, with public "
                   "access off, reaches nothing", (*DNS, "zones"))
    if dns.zones == "existing" and not (resolves or dns.link_zones):
        ctx.report("AML408", "the existing zones resolve only in the virtual networks linked to them, and nothing "
                   "links them to the networks amlgen creates", (*DNS, "zones"))
