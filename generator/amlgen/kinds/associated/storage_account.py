"""The workspace's default storage account (blob and file)."""

from __future__ import annotations

from typing import Literal

from amlgen.arm.build import LOCATION, TAGS, access, default_action
from amlgen.arm.model import Resource, ScanSkip
from amlgen.azure.names import NAME_RULES, compact
from amlgen.azure.private_link import PrivateLinkGroup, Record, zone
from amlgen.azure.roles import CONTRIBUTOR, STORAGE_BLOB_DATA_CONTRIBUTOR
from amlgen.kinds.associated.base import MODULE, AssociatedKind, KindFacts, NamePart, NetworkedSpec

Sku = Literal["Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_GZRS", "Standard_RAGRS", "Standard_RAGZRS"]
DEFAULT_SKU = "Standard_ZRS"


class StorageAccount(NetworkedSpec):
    sku: Sku | None = None


BLOB = PrivateLinkGroup(
    "blob",
    (zone("privatelink.blob.core.windows.net", "privatelink.blob.core.chinacloudapi.cn",
          "privatelink.blob.core.usgovcloudapi.net", "storage blob endpoint"),),
    (Record(0, "{name}", "blob endpoint"),),
    "storage_blob",
)
FILE = PrivateLinkGroup(
    "file",
    (zone("privatelink.file.core.windows.net", "privatelink.file.core.chinacloudapi.cn",
          "privatelink.file.core.usgovcloudapi.net", "storage file endpoint"),),
    (Record(0, "{name}", "file endpoint"),),
    "storage_file",
)

NAME = NamePart("storage_account_name", "storage account", NAME_RULES["storage_account"],
                lambda prefix: f"st{compact(prefix)}",
                unique=lambda prefix, suffix: f"st{compact(prefix)[:9]}{suffix}")  # 24 characters at most


def _skips(replication: str, public: bool) -> tuple[ScanSkip, ...]:
    skips = []
    if replication in ("LRS", "ZRS"):
        skips.append(ScanSkip("CKV_AZURE_206", (
            f"the intent chose Standard_{replication}: geo-replication is an availability choice, not isolation"),
            ("terraform", "bicep")))
    skips.append(ScanSkip("CKV_AZURE_43", (
        "the name is a parameter checkov cannot always resolve; amlgen derives it within the naming rules"),
        ("bicep",)))
    if not public:
        skips.append(ScanSkip("CKV_AZURE_33", (
            "the workspace uses blob and file, not queues; queue logging is set through the data plane, which "
            "is closed here"), ("terraform",)))
    skips += [
        ScanSkip("CKV2_AZURE_1", "Microsoft-managed keys encrypt the account; the intent asks for no "
                 "customer-managed key", ("terraform",)),
        ScanSkip("CKV2_AZURE_38", "blob soft delete is a data-retention policy of the data owner, outside the "
                 "network isolation amlgen renders", ("terraform",)),
        ScanSkip("CKV2_AZURE_40", "the workspace's system datastores authenticate with the account key "
                 "(systemDatastoresAuthMode accessKey)", ("terraform",)),
        ScanSkip("CKV2_AZURE_41", "the account key stays enabled for the workspace's datastores; SAS expiry is "
                 "the data owner's policy", ("terraform",)),
    ]
    return tuple(skips)


def lower(spec: StorageAccount, facts: KindFacts) -> tuple[Resource, ...]:
    sku = spec.sku or DEFAULT_SKU
    public = facts.public_network_access
    return (Resource(
        key="storage_account",
        title=KIND.label,
        type=KIND.arm_type,
        name=NAME.param(),
        module=MODULE,
        location=LOCATION,
        tags=TAGS,
        kind="StorageV2",
        sku={"name": sku},
        properties={
            "minimumTlsVersion": "TLS1_2",
            "supportsHttpsTrafficOnly": True,
            "allowBlobPublicAccess": False,
            "publicNetworkAccess": access(public),
            "networkAcls": {"defaultAction": default_action(public), "bypass": "AzureServices"},
        },
        comments=("Default storage of the workspace (blob and file).",),
        notes=(("properties.networkAcls.bypass", "The workspace reaches its storage as a trusted Azure service."),),
        scan_skips=_skips(sku.split("_", 1)[1], public),
        closed_data_plane=not public,
    ),)


KIND: AssociatedKind[StorageAccount] = AssociatedKind(
    key="storage_account",
    order=10,
    label="storage account",
    title="Storage account",
    arm_type="Microsoft.Storage/storageAccounts",
    spec=StorageAccount,
    workspace_property="storageAccount",
    names=(NAME,),
    lower=lower,
    private_link=(BLOB, FILE),
    identity_roles=(CONTRIBUTOR, STORAGE_BLOB_DATA_CONTRIBUTOR),
    description="Default storage of the workspace: datastores, job outputs and notebooks.",
)
