"""The writer: puts a target's files into an output folder one file at a time, through a temporary file and an
atomic rename, touching nothing amlgen did not write, and all or nothing. `changes` decides what a write does
(and refuses what would lose a hand edit), `transaction` carries it out, `manifest` is the record it keeps."""

from amlgen.writer.changes import DOCS_ASIDE, Changes, check_output_folder, inspect, place_documents, plan_changes
from amlgen.writer.manifest import (
    HEADER_MARK,
    MANIFEST,
    Manifest,
    WriteError,
    generated_files,
    manifest_text,
    read_manifest,
)
from amlgen.writer.transaction import write_folders

__all__ = ["DOCS_ASIDE", "HEADER_MARK", "MANIFEST", "Changes", "Manifest", "WriteError", "check_output_folder",
           "generated_files", "inspect", "manifest_text", "place_documents", "plan_changes", "read_manifest",
           "write_folders"]
