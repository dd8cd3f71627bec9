"""Every page's rerun on an existing database, through Streamlit's AppTest: which pages slow
down as a project grows?

    .venv/bin/python bench/pages.py DATABASE_URL [--pages curation,assignment,...] [--user lead]
                                    [--password PASSWORD] [--runs 2]

Logs in (the user must exist; `bench/scale.py` makes `lead` with the password below), then for
each page (the url paths of annotator/ui/routes.py; default every page) runs the app `--runs`
times and prints each rerun's wall seconds. The first rerun of a page also pays for its first
visit (module imports, cold database pages). Figures only; nothing is asserted but that no page
raised. Used on the 100,000-document projects of bench/scale.py (see the README's "Performance
and scale").
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from _common import ROOT

from annotator.ui.routes import ROUTES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database")
    parser.add_argument("--pages", default=",".join(route.url_path for route in ROUTES))
    parser.add_argument("--user", default="lead")
    parser.add_argument("--password", default="a long password")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    os.environ["ANNOTATOR_DATABASE_URL"] = args.database
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    app.run()
    app.text_input(key="login_username").input(args.user)
    app.text_input(key="login_password").input(args.password)
    app.button[0].click().run()
    print(f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, load average {os.getloadavg()[0]:.1f}")
    failed = False
    for page in args.pages.split(","):
        app._page_hash = calc_hash(page)  # what st.navigation keys a page by (its url path)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            app.run()
            times.append(time.perf_counter() - started)
        problem = f"  raised: {str(app.exception[0].value)[:160]}" if app.exception else ""
        failed = failed or bool(problem)
        print(f"{page:<12} {' '.join(f'{t:6.2f}' for t in times)} s{problem}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
