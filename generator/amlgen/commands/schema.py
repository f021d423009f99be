"""`amlgen schema`: the JSON Schema of the intent, generated from the pydantic model."""

from __future__ import annotations

import json
from pathlib import Path

import typer

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_text() -> str:
    from amlgen.intent.model import Intent

    generated = Intent.model_json_schema()
    generated["title"] = "amlgen intent, version 1"
    generated["description"] = ("A network-isolated Azure Machine Learning deployment, rendered to Bicep or "
                                "Terraform by amlgen.")
    return json.dumps({"$schema": SCHEMA_DIALECT, **generated}, indent=2, ensure_ascii=False) + "\n"


def schema(out: Path | None = typer.Option(None, "--out", "-o", help="Write the schema to this file instead.")) -> None:
    """Print the intent's JSON Schema (editors use it to complete and check intents)."""
    text = schema_text()
    if out is None:
        typer.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8", newline="\n")
    typer.echo(f"wrote {out}")
