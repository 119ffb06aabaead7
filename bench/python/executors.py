"""CPython anchor for bench/executors.bench.ts: prints one JSON line."""
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, wait

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
NP = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
SPIN = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000_000


def inc(x):
    return x + 1


def spin(lo, hi):
    acc = 0
    for i in range(lo, hi):
        acc = (acc + (i * i) % 7) % 1000003
    return acc


def per_task(executor, n, repeat=3):
    best = float("inf")
    wait([executor.submit(inc, i) for i in range(1000)])  # workers up
    for _ in range(repeat):
        t0 = time.perf_counter()
        wait([executor.submit(inc, i) for i in range(n)])
        best = min(best, time.perf_counter() - t0)
    return best / n * 1e6


def split(executor, parts):
    step = SPIN // parts
    t0 = time.perf_counter()
    wait([executor.submit(spin, i * step, (i + 1) * step) for i in range(parts)])
    return time.perf_counter() - t0


if __name__ == "__main__":
    res = {}
    with ThreadPoolExecutor(2) as ex:
        res["thread_us"] = per_task(ex, N)
    with ProcessPoolExecutor(2) as ex:
        res["process_us"] = per_task(ex, NP)
    with ProcessPoolExecutor(1) as one, ProcessPoolExecutor(2) as two:
        split(one, 2), split(two, 2)  # warm up
        res["process_speedup"] = split(one, 2) / split(two, 2)
    with ThreadPoolExecutor(1) as one, ThreadPoolExecutor(2) as two:
        res["thread_speedup"] = split(one, 2) / split(two, 2)
    print(json.dumps(res))
