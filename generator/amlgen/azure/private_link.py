"""Private link groups: the sub-resource a private endpoint connects to, the private DNS zones that resolve
it in each cloud, and the A records its DNS zone group writes.

Sources: "Azure Private Endpoint private DNS zone values" (https://learn.microsoft.com/azure/private-link/
private-endpoint-dns) and, for the workspace, "How to use your workspace with a custom DNS server"
(https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns). Each kind of resource declares its
own groups next to the rest of its definition; the workspace's group is here because every deployment
with an inbound private endpoint has it.
"""

from __future__ import annotations

from amlgen.records import dataclass

CLOUDS = ("AzureCloud", "AzureChinaCloud", "AzureUSGovernment")


@dataclass(frozen=True)
class Zone:
    names: tuple[tuple[str, str], ...]  # (cloud, zone name) for every cloud in CLOUDS
    purpose: str  # what the zone resolves, for the comment next to it

    def name(self, cloud: str) -> str:
        return dict(self.names)[cloud]


@dataclass(frozen=True)
class Record:
    """An A record the zone group writes: in the group's zone number `zone`, named by `pattern` ({name}: the
    target resource's name, {region}: the deployment's region, <workspace-guid>: known after creation)."""

    zone: int
    pattern: str
    serves: str


@dataclass(frozen=True)
class PrivateLinkGroup:
    group: str  # the private link group ID (sub-resource)
    zones: tuple[Zone, ...]
    records: tuple[Record, ...]
    endpoint_key: str  # names the private endpoint in generated code (kept stable: Terraform addresses)

    def zone_names(self, cloud: str) -> tuple[str, ...]:
        return tuple(zone.name(cloud) for zone in self.zones)


def zone(public: str, china: str, government: str, purpose: str) -> Zone:
    return Zone((("AzureCloud", public), ("AzureChinaCloud", china), ("AzureUSGovernment", government)), purpose)


# The workspace's API (and its online endpoints' wildcard record) and the studio's notebooks service.
WORKSPACE_GROUP = PrivateLinkGroup(
    "amlworkspace",
    (zone("privatelink.api.azureml.ms", "privatelink.api.ml.azure.cn", "privatelink.api.ml.azure.us",
          "workspace API and online endpoints"),
     zone("privatelink.notebooks.azure.net", "privatelink.notebooks.chinacloudapi.cn",
          "privatelink.notebooks.usgovcloudapi.net", "studio notebooks service")),
    (Record(0, "<workspace-guid>.workspace.{region}", "workspace API"),
     Record(0, "*.<workspace-guid>.inference.{region}", "online endpoint scoring"),
     Record(1, "ml-{name}-{region}-<workspace-guid>.{region}", "notebooks")),
    "amlworkspace",
)
