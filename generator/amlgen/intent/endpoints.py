"""Intent model for managed online endpoints and their deployments (Network isolation with managed online endpoints;
Secure managed online endpoints by using network isolation).

Field names follow the CLI v2 YAML of the secure online endpoint samples (auth_mode, public_network_access,
egress_public_network_access, instance_type, instance_count). Shape only: cross-field rules, with IDs,
live in amlgen.rules.endpoints.
"""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import Field, field_validator

from amlgen.intent.base import Access, StrictModel, iso_date


class CodeConfiguration(StrictModel):
    """The scoring code: a local folder the CLI uploads, or a registered code asset."""

    path: str | None = Field(
        default=None,
        description="Local folder, relative to the intent file; the deployment YAML names it relative to its own "
                    "folder, where az ml resolves it. ARM cannot upload a folder, so such a deployment is created "
                    "with az ml only.",
    )
    asset: str | None = Field(default=None, description="Registered code asset, 'azureml:<name>:<version>'.")
    scoring_script: str | None = Field(default=None, description="Scoring script inside the code, e.g. score.py.")


class OnlineDeployment(StrictModel):
    name: str = Field(description="Deployment name, unique in its endpoint.")
    model: str = Field(description="'azureml:<name>:<version>' or 'azureml://registries/<r>/models/<n>/versions/<v>'.")
    code: CodeConfiguration | None = None
    environment: str | None = Field(
        default=None, description="Environment asset: 'azureml:<name>:<version>' or a registry environment ID."
    )
    image: str | None = Field(
        default=None, description="Container image; the CLI registers an environment for it (az ml only)."
    )
    instance_type: str = Field(description="VM size, for example Standard_F2s_v2.")
    instance_count: int = Field(default=1, ge=1)
    traffic: int | None = Field(default=None, ge=0, le=100, description="Percent of the endpoint's traffic.")
    egress_public_network_access: Access | None = Field(
        default=None,
        description="Legacy network isolation only (workspace managed network disabled). Cannot be changed "
                    "after the deployment is created.",
    )


class OnlineEndpoint(StrictModel):
    name: str = Field(description="Endpoint name, unique in the Azure region.")
    auth_mode: Literal["key", "aml_token", "aad_token"] = "key"
    public_network_access: Access = Field(
        default="disabled",
        description="disabled: scoring requests arrive only through the workspace's private endpoint.",
    )
    deployments: list[OnlineDeployment] = Field(default_factory=list)


class ExistingPrivateEndpoint(StrictModel):
    """A workspace private endpoint that exists outside this deployment (Network isolation with managed online
    endpoints: Limitations)."""

    resource_id: str = Field(description="ARM ID of the Microsoft.Network/privateEndpoints resource.")
    created: datetime.date = Field(description="Creation date, from the private endpoint's properties.")

    _created = field_validator("created", mode="before")(iso_date)
