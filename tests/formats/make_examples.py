"""Regenerate annotator/formats/examples/ from the sample records:

    python -m tests.formats.make_examples
"""

from __future__ import annotations

from annotator.formats import catalog

from .helpers import write_bytes
from .test_catalog import _for


def main() -> None:
    for module in catalog.FORMATS.values():
        manifest, records = _for(module)
        module.EXAMPLE.write_bytes(write_bytes(module, manifest, records))
        print(module.EXAMPLE)


if __name__ == "__main__":
    main()
