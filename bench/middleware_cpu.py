"""CPU time per request of each middleware of the stack, in one process: each middleware of the
production ``MIDDLEWARE`` alone around a view that returns constant JSON, the whole stack, and
the view alone, taking turns, so that the machine's other load weighs on all alike.

    .venv/bin/python bench/middleware_cpu.py                  # GET / as an anonymous reader
    .venv/bin/python bench/middleware_cpu.py --rounds 20 --requests 4000

``bench/floor.py`` measures the whole stack under gunicorn against a plain Django view; this
one says which middleware costs what (CPU time of the process, so a busy machine stretches
each turn less than it stretches wall-clock time). Run it in two checkouts to compare them.
No database or cache is touched by this request: the stack sees an anonymous ``GET /``."""

from __future__ import annotations

import argparse
import statistics
import time

from production_env import use_production_settings

use_production_settings(host="testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.exception import convert_exception_to_response  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

ANSWER = {"name": "newsapi", "links": {"api": "http://testserver/api/v1/"}}


def view(request):
    return JsonResponse(ANSWER)


def chain(middleware: list[str]):
    handler = convert_exception_to_response(view)
    for path in reversed(middleware):
        handler = convert_exception_to_response(import_string(path)(handler))
    return handler


def cpu_per_request(handler, requests: int) -> float:
    """Microseconds of CPU time per request through ``handler``."""
    factory = RequestFactory()
    # HTTPS as behind the load balancer, so that no middleware answers with a redirect.
    made = [factory.get("/", secure=True, REMOTE_ADDR="10.0.0.1") for _ in range(requests)]
    started = time.process_time()
    for request in made:
        handler(request)
    return (time.process_time() - started) / requests * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=12, help="turns of every stack")
    parser.add_argument("--requests", type=int, default=2000, help="requests per turn")
    args = parser.parse_args()

    stack = list(settings.MIDDLEWARE)
    stacks = {"none": [], "all": stack}
    for path in stack:
        stacks[path] = [path]
    handlers = {name: chain(middleware) for name, middleware in stacks.items()}
    for handler in handlers.values():
        cpu_per_request(handler, 200)  # warm up
    samples: dict[str, list[float]] = {name: [] for name in handlers}
    for round_number in range(args.rounds):
        names = list(handlers)
        if round_number % 2:
            names.reverse()
        for name in names:
            samples[name].append(cpu_per_request(handlers[name], args.requests))

    median = {name: statistics.median(values) for name, values in samples.items()}
    print(f"{args.rounds} rounds of {args.requests} requests, CPU µs per request (median)\n")
    print(f"- view alone: {median['none']:.1f}")
    print(f"- whole stack: {median['all']:.1f} (the stack: {median['all'] - median['none']:.1f})\n")
    print("| middleware | µs of CPU per request |")
    print("| --- | ---: |")
    for path in stack:
        print(f"| {path} | {median[path] - median['none']:.1f} |")


if __name__ == "__main__":
    main()
