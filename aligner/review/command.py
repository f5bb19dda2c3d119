"""``aligner review``: start the local review app on a results file."""

from __future__ import annotations

import errno
import webbrowser
from pathlib import Path

import click

from aligner.errors import AlignerError
from aligner.review import default_db_path, default_reviewer
from aligner.review.app import ReviewApp
from aligner.review.server import WILDCARD_HOSTS, ReviewServer
from aligner.review.store import DecisionStore

DEFAULT_PORT = 8765


def open_app(results: str, db: str | None, reviewer: str | None) -> ReviewApp:
    """The review app over ``results`` with its store; library errors become click errors."""
    db_path = Path(db) if db else default_db_path(results)
    try:
        return ReviewApp(results, DecisionStore(db_path), reviewer or default_reviewer())
    except AlignerError as exc:
        raise click.ClickException(str(exc)) from exc


def bind(app: ReviewApp, host: str, port: int) -> ReviewServer:
    try:
        return ReviewServer(app, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} on {host} is in use; choose another with --port, "
                "or --port 0 for any free port"
            ) from exc
        raise click.ClickException(f"cannot listen on {host}:{port} ({exc})") from exc


@click.command()
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite file for decisions; created if absent. Default: review.sqlite beside "
    "RESULTS. Example: --db ~/reviews/erudit.sqlite",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="TCP port; 0 picks any free port. Example: --port 8800",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Keep the loopback default unless the network is trusted: "
    "anyone who can reach the port can read the results. Example: --host 127.0.0.1",
)
@click.option(
    "--reviewer",
    default=None,
    help="Name recorded with each decision. Default: your OS user name. Example: "
    "--reviewer 'M. Tremblay'",
)
@click.option("--no-browser", is_flag=True, help="Only print the URL; do not open a browser.")
def review(
    results: str, db: str | None, port: int, host: str, reviewer: str | None, no_browser: bool
) -> None:
    """Review flagged beads of RESULTS (from `aligner check --format jsonl`) in a browser.

    Decisions are saved at once in the SQLite database (--db), keyed by record id and the
    bead's sentences, so they survive restarts and re-runs of `check`. Several reviewers
    may use one database at the same time. Stop with Ctrl-C.

    \b
    Examples:
      aligner review out.jsonl
      aligner review out.jsonl --db shared/review.sqlite --reviewer alice --port 0
    """
    app = open_app(results, db, reviewer)
    orphans = app.orphaned_decisions()
    if orphans:
        click.echo(
            f"note: {orphans} decision(s) in {app.store.path} match no bead of {results} "
            "(their sentences changed); they are kept in the database",
            err=True,
        )
    server = bind(app, host, port)
    if host in WILDCARD_HOSTS or host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: listening on {host}, not loopback: anyone who can reach port "
            f"{server.port} can read these results",
            err=True,
        )
    progress = app.progress(app.store.all())
    click.echo(
        f"Reviewing {results}: {progress['reviewed']} / {progress['total']} flagged beads "
        f"reviewed; decisions in {app.store.path} (reviewer: {app.reviewer})"
    )
    click.echo(f"Open {server.url}  (Ctrl-C to stop)")
    if not no_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("\nstopped; every decision is saved")
    finally:
        server.server_close()
