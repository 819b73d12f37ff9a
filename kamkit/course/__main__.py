"""``python -m kamkit.course update | build | check``: the Portuguese lessons."""

if __name__ == "__main__":
    from kamkit.course.translation import main

    raise SystemExit(main())
