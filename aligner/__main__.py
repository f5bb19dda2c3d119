"""Allow ``python -m aligner``."""

from aligner.cli import main

if __name__ == "__main__":
    main()
