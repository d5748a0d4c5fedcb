"""The command line: click commands only. Each parses options, calls one library function and
formats the result; library errors become one `Error: ...` line (exit 1, usage errors 2).

The commands live by what they do: fetching.py (archive, import, parse), reading.py (list,
search, show, render, site), upkeep.py (reextract, reindex, verify, migrate, gc); options.py
holds what they share.
"""

from __future__ import annotations

import click

from archiver import __version__
from archiver.cli import fetching, reading, upkeep
from archiver.cli.options import FORMATS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archiver")
def cli() -> None:
    """Keep a durable, readable archive of news articles.

    Articles are fetched, extracted (headline, byline, dates, body) and stored as Markdown
    with YAML front matter under the archive directory.
    """


for command in (
    fetching.archive,
    fetching.parse,
    reading.render,
    fetching.import_,
    reading.list_,
    reading.search,
    reading.show,
    upkeep.reextract,
    upkeep.reindex,
    upkeep.verify,
    upkeep.migrate,
    reading.site,
    upkeep.gc,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="archiver")


__all__ = ["FORMATS", "cli", "main"]
