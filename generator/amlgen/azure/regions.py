"""How a regional service tag names its region: `Storage.EastUS2` for location `eastus2`.

The suffix is the one Azure's service tag file for the intent's cloud publishes for that tag
(`service_tags.json`, "Azure IP Ranges and Service Tags", read by lists.py): the region's name without
spaces, in the file's own spelling. NSGs and route tables accept the suffix in any case, but Azure Firewall
takes a lower-case `Storage.eastus2` for an IP address, not a tag (Azure/azure-cli-extensions#2922), so
amlgen writes the file's spelling. A tag the file does not publish for the location gets the global tag
instead, with a warning (AML322).
"""

from __future__ import annotations

from amlgen.azure.lists import regional_suffix

REGION_PLACEHOLDER = ".<region>"  # how the articles (and amlgen's tables) write a regional tag


def regional(tag: str, location: str, cloud: str) -> str:
    """A tag written `Name.<region>` in the region of the location; the global `Name` when the cloud's service
    tag file has no regional form of it there (which opens every region: AML322 says so)."""
    if not tag.endswith(REGION_PLACEHOLDER):
        return tag
    base = tag.removesuffix(REGION_PLACEHOLDER)
    region = regional_suffix(base, location, cloud)
    return f"{base}.{region}" if region else base
