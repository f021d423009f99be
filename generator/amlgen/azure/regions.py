"""How a regional service tag names its region: `Storage.EastUS2` for location `eastus2`.

The suffix is the region's display name without spaces, as Azure's service tag files spell it
("Azure IP Ranges and Service Tags", where `Storage.EastUS2` carries `"region": "eastus2"`). NSGs and
route tables accept the suffix in any case, but Azure Firewall takes a lower-case `Storage.eastus2` for
an IP address, not a tag (Azure/azure-cli-extensions#2922), so amlgen writes the service's own spelling.
A location missing here gets the global tag instead, with a warning (AML322).
"""

from __future__ import annotations

# location -> service tag region suffix, for Azure's public cloud, Azure Government and Azure operated by
# 21Vianet.
SERVICE_TAG_REGIONS: dict[str, str] = {
    # Americas
    "eastus": "EastUS", "eastus2": "EastUS2", "westus": "WestUS", "westus2": "WestUS2", "westus3": "WestUS3",
    "centralus": "CentralUS", "northcentralus": "NorthCentralUS", "southcentralus": "SouthCentralUS",
    "westcentralus": "WestCentralUS", "canadacentral": "CanadaCentral", "canadaeast": "CanadaEast",
    "brazilsouth": "BrazilSouth", "brazilsoutheast": "BrazilSoutheast", "mexicocentral": "MexicoCentral",
    "chilecentral": "ChileCentral",
    # Europe
    "northeurope": "NorthEurope", "westeurope": "WestEurope", "uksouth": "UKSouth", "ukwest": "UKWest",
    "francecentral": "FranceCentral", "francesouth": "FranceSouth", "germanywestcentral": "GermanyWestCentral",
    "germanynorth": "GermanyNorth", "switzerlandnorth": "SwitzerlandNorth", "switzerlandwest": "SwitzerlandWest",
    "norwayeast": "NorwayEast", "norwaywest": "NorwayWest", "swedencentral": "SwedenCentral",
    "swedensouth": "SwedenSouth", "polandcentral": "PolandCentral", "italynorth": "ItalyNorth",
    "spaincentral": "SpainCentral", "austriaeast": "AustriaEast", "belgiumcentral": "BelgiumCentral",
    # Asia Pacific, Middle East, Africa
    "australiaeast": "AustraliaEast", "australiasoutheast": "AustraliaSoutheast",
    "australiacentral": "AustraliaCentral", "australiacentral2": "AustraliaCentral2", "eastasia": "EastAsia",
    "southeastasia": "SoutheastAsia", "japaneast": "JapanEast", "japanwest": "JapanWest",
    "koreacentral": "KoreaCentral", "koreasouth": "KoreaSouth", "centralindia": "CentralIndia",
    "southindia": "SouthIndia", "westindia": "WestIndia", "jioindiacentral": "JioIndiaCentral",
    "jioindiawest": "JioIndiaWest", "uaenorth": "UAENorth", "uaecentral": "UAECentral",
    "southafricanorth": "SouthAfricaNorth", "southafricawest": "SouthAfricaWest", "qatarcentral": "QatarCentral",
    "israelcentral": "IsraelCentral", "newzealandnorth": "NewZealandNorth", "indonesiacentral": "IndonesiaCentral",
    "malaysiawest": "MalaysiaWest",
    # Azure Government
    "usgovvirginia": "USGovVirginia", "usgovarizona": "USGovArizona", "usgovtexas": "USGovTexas",
    "usdodcentral": "USDoDCentral", "usdodeast": "USDoDEast",
    # Azure operated by 21Vianet
    "chinaeast": "ChinaEast", "chinaeast2": "ChinaEast2", "chinaeast3": "ChinaEast3", "chinanorth": "ChinaNorth",
    "chinanorth2": "ChinaNorth2", "chinanorth3": "ChinaNorth3",
}

REGION_PLACEHOLDER = ".<region>"  # how the articles (and amlgen's tables) write a regional tag


def tag_region(location: str) -> str | None:
    """The service tag suffix of a location (`eastus2` -> `EastUS2`), or None when amlgen does not know it."""
    return SERVICE_TAG_REGIONS.get(location.lower().replace(" ", ""))


def regional(tag: str, location: str) -> str:
    """A tag written `Name.<region>` in the region of the location; the global `Name` when the location is
    unknown (which opens every region: AML322 says so)."""
    if not tag.endswith(REGION_PLACEHOLDER):
        return tag
    base = tag.removesuffix(REGION_PLACEHOLDER)
    region = tag_region(location)
    return f"{base}.{region}" if region else base
