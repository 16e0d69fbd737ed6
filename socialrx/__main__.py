"""``python -m socialrx``: the same as the ``socialrx`` command."""

from socialrx.cli import main

if __name__ == "__main__":
    main()
