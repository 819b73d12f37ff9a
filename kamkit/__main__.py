"""``python -m kamkit`` runs the command line."""

if __name__ == "__main__":  # not when a worker process re-imports the main module
    from kamkit.cli import main

    main(prog_name="kamkit")
