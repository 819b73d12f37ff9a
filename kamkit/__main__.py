"""``python -m kamkit`` runs the command line."""

from .cli import main

main(prog_name="kamkit")
