"""Address ranges Azure refuses in a virtual network (Azure Virtual Network FAQ, "What address ranges can I use in
my VNets?")."""

from __future__ import annotations

import ipaddress

RESERVED_RANGES: dict[str, str] = {
    "224.0.0.0/4": "multicast",
    "255.255.255.255/32": "broadcast",
    "127.0.0.0/8": "loopback",
    "169.254.0.0/16": "link-local",
    "168.63.129.16/32": "Azure's internal DNS, DHCP and health probe address",
}


def reserved_overlap(prefix: ipaddress.IPv4Network) -> str | None:
    """The reserved range a prefix overlaps, as 'RANGE (purpose)', or None."""
    for cidr, purpose in RESERVED_RANGES.items():
        if prefix.overlaps(ipaddress.IPv4Network(cidr)):
            return f"{cidr} ({purpose})"
    return None
