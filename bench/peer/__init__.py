"""Label Studio beside our app: the harness (`labelstudio`) and the data (`data`) that the
interop check (`bench/interop.py`, `make interop`) and the peer benchmark (`bench/peers.py`)
share. Not part of the `annotator` package and never run by `make test`."""
