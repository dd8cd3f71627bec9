"""A Label Studio export of one task, as a lead would upload it: its spans with any label
string, so that tests can bring labels the codebook lacks."""

from __future__ import annotations

import json


def label_studio_tasks(text: str, spans: list[tuple[int, int, str]], annotator: str = "ann@example.org") -> bytes:
    result = [{"id": f"r{n}", "type": "labels", "from_name": "label", "to_name": "text",
               "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}
              for n, (start, end, label) in enumerate(spans)]
    return json.dumps([{"id": 1, "data": {"text": text}, "annotations": [
        {"id": 1, "completed_by": {"email": annotator}, "result": result}]}]).encode()
