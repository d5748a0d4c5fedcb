"""The batch importer: many URLs through fetch -> parse -> store, concurrent across hosts and
polite to each (in-flight limit, minimum gap, robots.txt, Retry-After), retried per host,
resumable from a job ledger in the archive, and reported URL by URL.

One coordinating thread owns every decision; fetch threads only make requests, a process
pool parses, and one writer thread stores, so the archive has a single writer.
"""

from archiver.batch.ledger import LEDGER_PATH, Ledger, job_key
from archiver.batch.politeness import Job, Politeness
from archiver.batch.progress import TerminalProgress, report_writer
from archiver.batch.results import Observer, Result, Status, Summary
from archiver.batch.runner import (
    Backpressure,
    ImportOptions,
    Seams,
    check_sources,
    run_import,
)

__all__ = [
    "LEDGER_PATH",
    "Backpressure",
    "ImportOptions",
    "Job",
    "Ledger",
    "Observer",
    "Politeness",
    "Result",
    "Seams",
    "Status",
    "Summary",
    "TerminalProgress",
    "check_sources",
    "job_key",
    "report_writer",
    "run_import",
]
