"""CPython anchor for bench/sync.bench.ts: prints one JSON line (seconds per case)."""
import asyncio, json, sys, time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
TASKS = int(sys.argv[2]) if len(sys.argv) > 2 else 100
ITERS = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000


async def producer(q, n):
    for i in range(n):
        await q.put(i)


async def consumer(q, n):
    for _ in range(n):
        await q.get()


async def queue_main(p, c):
    q = asyncio.Queue(100)
    await asyncio.gather(*[producer(q, N // p) for _ in range(p)],
                         *[consumer(q, N // c) for _ in range(c)])


async def lock_user(lock):
    for _ in range(ITERS):
        async with lock:
            await asyncio.sleep(0)


async def lock_main():
    lock = asyncio.Lock()
    await asyncio.gather(*[lock_user(lock) for _ in range(TASKS)])


def best(fn, repeat=2):
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        asyncio.run(fn())
        t = min(t, time.perf_counter() - t0)
    return t


print(json.dumps({
    "queue_1_1": best(lambda: queue_main(1, 1)),
    "queue_10_10": best(lambda: queue_main(10, 10)),
    "lock": best(lock_main, 1),
}))
