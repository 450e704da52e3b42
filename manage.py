#!/usr/bin/env python
"""Same as the ``govit`` command."""

from govit.__main__ import main

if __name__ == "__main__":
    main()
