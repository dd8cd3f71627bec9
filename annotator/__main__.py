"""`python -m annotator ...`"""

from .cli.process import run

run()
