"""The intent: loading YAML with positions, the pydantic model by topic, and schema validation."""
