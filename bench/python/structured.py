"""CPython anchor for bench/structured.bench.ts: prints one JSON line (seconds per case)."""
import asyncio, json, sys, time

N_GROUP = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
N_WAITFOR = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
N_ASCOMPLETED = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000


async def child():
    return 1


async def work():
    await asyncio.sleep(0)
    return 1


async def group_main():
    async with asyncio.TaskGroup() as tg:
        for _ in range(N_GROUP):
            tg.create_task(child())


async def waitfor_main():
    total = 0
    for _ in range(N_WAITFOR):
        total += await asyncio.wait_for(work(), 10)
    assert total == N_WAITFOR


async def ascompleted_main():
    tasks = [asyncio.create_task(child()) for _ in range(N_ASCOMPLETED)]
    total = 0
    for f in asyncio.as_completed(tasks):
        total += await f
    assert total == N_ASCOMPLETED


def best(fn, repeat=2):
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        asyncio.run(fn())
        t = min(t, time.perf_counter() - t0)
    return t


print(json.dumps({
    "taskgroup": best(group_main, 3),
    "waitfor": best(waitfor_main, 1),
    "ascompleted": best(ascompleted_main, 3),
}))
