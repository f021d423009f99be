"""Intent model for the workspace assets online deployments use: registered models, code and environments.

A deployment names an asset of this workspace ('azureml:<name>:<version>'); the template must either create
it or check that it exists before the deployment needs it, so every such asset is declared here. Shape only:
cross-field rules, with IDs, live in amlgen.rules.assets.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema, field_validator

from amlgen.intent.base import StrictModel

AssetKind = Literal["model", "code", "environment"]
# A version is text; `version: 1` is accepted too, so the schema says so and editors accept what amlgen does.
Version = Annotated[str, WithJsonSchema({
    "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 0}],
    "description": "Asset version. Versions are immutable: new content, new version.",
})]


class Asset(StrictModel):
    kind: AssetKind = Field(description="model, code or environment.")
    name: str = Field(min_length=1, description="Asset name, as deployments reference it (azureml:<name>:<version>).")
    version: Version = Field(min_length=1)
    path: str | None = Field(
        default=None,
        description="Create a model or code asset from this storage path: azureml://datastores/<datastore>/paths/"
                    "<path> or an https URL of a blob container folder.",
    )
    image: str | None = Field(default=None, description="Create an environment from this container image.")
    model_type: Literal["custom_model", "mlflow_model", "triton_model"] | None = Field(
        default=None, description="Models only: the model's format (custom_model by default)."
    )
    existing: bool = Field(
        default=False,
        description="Registered outside this deployment: the template reads it first and stops, naming it, when it "
                    "is missing.",
    )
    description: str | None = Field(default=None, min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        """`version: 1` is the version '1'."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value
