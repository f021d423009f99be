"""Plan types for a customer-managed virtual network (seed 003): VNets, egress control, and their rules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NetSubnet:
    key: str  # identifier-safe; also the plan's subnet_<key> reference
    name: str
    prefix: str
    purpose: str
    route_table: bool = False  # 0.0.0.0/0 through the hub firewall
    nsg: bool = False
    nat_gateway: bool = False
    service_endpoints: tuple[str, ...] = ()
    service_endpoint_policy: bool = False
    delegation: str | None = None  # service the subnet is delegated to


@dataclass(frozen=True)
class Vnet:
    key: str  # hub | spoke
    name: str
    address_space: tuple[str, ...]
    purpose: str
    subnets: tuple[NetSubnet, ...]


@dataclass(frozen=True)
class Peering:
    key: str  # hub_to_spoke | spoke_to_hub
    name: str
    local: str  # Vnet key
    remote: str


@dataclass(frozen=True)
class NetworkRule:
    """An Azure Firewall network rule: service tags on ports."""

    name: str
    protocols: tuple[str, ...]  # TCP | UDP
    destinations: tuple[str, ...]  # service tags
    ports: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class ApplicationRule:
    """An Azure Firewall application rule: host names over HTTP(S)."""

    name: str
    fqdns: tuple[str, ...]
    protocols: tuple[tuple[str, int], ...]  # (Http | Https, port)
    description: str


@dataclass(frozen=True)
class Firewall:
    name: str
    policy_name: str
    public_ip_name: str
    sku_tier: str  # Standard | Premium
    sources: tuple[str, ...]  # compute subnet prefixes the rules admit
    network_rules: tuple[NetworkRule, ...]
    application_rules: tuple[ApplicationRule, ...]
    threat_intel_mode: str = "Deny"  # traffic to and from known malicious addresses is dropped, not only logged
    idps_mode: str | None = None  # intrusion detection and prevention: a Premium-tier feature


@dataclass(frozen=True)
class SecurityRule:
    """An outbound NSG rule."""

    name: str
    priority: int
    protocol: str  # Tcp | Udp | *
    ports: tuple[str, ...]
    destination: str  # service tag (or Internet)
    description: str


@dataclass(frozen=True)
class SecurityGroup:
    name: str
    rules: tuple[SecurityRule, ...]
    comment: str


@dataclass(frozen=True)
class NatGateway:
    name: str
    public_ip_name: str


@dataclass(frozen=True)
class ServiceEndpointPolicy:
    name: str
    alias: str  # service endpoint policy alias (Global service)


@dataclass(frozen=True)
class DnsResolver:
    name: str
    inbound_name: str
    vnet: str  # Vnet key
    subnet: str  # subnet key of the inbound endpoint


@dataclass(frozen=True)
class CustomerNetwork:
    outbound: str  # hub_spoke_firewall | nsg_nat
    vnets: tuple[Vnet, ...]  # hub first when there is one
    peerings: tuple[Peering, ...]
    firewall: Firewall | None
    route_table_name: str | None  # with the firewall: every compute subnet's default route
    security_group: SecurityGroup | None
    nat_gateway: NatGateway | None
    service_endpoint_policy: ServiceEndpointPolicy | None
    notes: tuple[str, ...]
    dns_resolver: DnsResolver | None = None  # why-comments at the top of the network file

    def vnet(self, key: str) -> Vnet:
        for vnet in self.vnets:
            if vnet.key == key:
                return vnet
        raise KeyError(key)

    @property
    def subnets(self) -> tuple[tuple[Vnet, NetSubnet], ...]:
        return tuple((vnet, subnet) for vnet in self.vnets for subnet in vnet.subnets)
