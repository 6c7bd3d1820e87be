"""The middleware floor in instructions, which do not move with the machine's load: requests of
``GET /`` made by calling the WSGI application in one process (no server, no socket), counted
by valgrind's callgrind inside ``functools.reduce``, which runs them and nothing else.

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=functools_reduce \\
        --callgrind-out-file=/dev/null .venv/bin/python bench/floor_instructions.py 200
    valgrind ... .venv/bin/python bench/floor_instructions.py 200 --plain

The first counts newsapi's ``/`` through its whole middleware stack (production settings, an
anonymous reader over plain HTTP); ``--plain`` the plain Django view of ``bench/plain_django.py``.
valgrind prints the total as "Collected"; divided by the requests, it is the instructions of
one request. Without valgrind it prints the CPU time per request instead, as noisy as the
machine. ``bench/floor.py`` measures the same under gunicorn, where the server's own work per
request (the same for both) is added to each."""

from __future__ import annotations

import argparse
import functools
import io
import sys
import time
import warnings
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def application(plain: bool):
    sys.path.insert(0, str(PROJECT / "bench"))
    if plain:
        import plain_django

        return plain_django.application
    from production_env import use_production_settings

    use_production_settings(host="127.0.0.1")
    warnings.simplefilter("ignore")  # WhiteNoise's missing STATIC_ROOT: no static file is asked
    from config.wsgi import application

    return application


def environ() -> dict:
    """What gunicorn hands the application for ``GET /`` from wrk."""
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/",
        "QUERY_STRING": "",
        "RAW_URI": "/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_CONNECTION": "keep-alive",
        "HTTP_USER_AGENT": "wrk",
        "HTTP_ACCEPT": "*/*",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.input_terminated": True,
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50000",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("requests", type=int, nargs="?", default=200)
    parser.add_argument("--plain", action="store_true", help="the plain Django view instead")
    args = parser.parse_args()
    app = application(args.plain)

    def start_response(status, headers, exc_info=None) -> None:
        pass

    def request(count: int, _) -> int:
        answer = app(environ(), start_response)
        b"".join(answer)
        answer.close()
        return count + 1

    for _ in range(50):  # first requests fill per-process caches: not counted
        request(0, None)
    started = time.process_time()
    functools.reduce(request, range(args.requests), 0)
    cpu_us = (time.process_time() - started) / args.requests * 1e6
    print(f"{args.requests} requests, {cpu_us:.1f} µs of CPU each (not under valgrind: noisy)")


if __name__ == "__main__":
    main()
