"""CPython anchor for bench/core.bench.ts: prints one JSON line."""
import asyncio, json, sys, time, tracemalloc, gc

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000

async def noop():
    return 1

async def gather_main():
    await asyncio.gather(*[noop() for _ in range(N)])

async def switcher(n):
    for _ in range(n):
        await asyncio.sleep(0)

async def switch_main():
    a = asyncio.create_task(switcher(N // 2))
    b = asyncio.create_task(switcher(N // 2))
    await a
    await b

sleep_bytes = 0
async def sleeper():
    await asyncio.sleep(0.5)

async def sleep_main():
    global sleep_bytes
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [asyncio.create_task(sleeper()) for _ in range(N)]
    await asyncio.sleep(0.1)
    sleep_bytes = (tracemalloc.get_traced_memory()[0] - before) / N
    tracemalloc.stop()
    await asyncio.gather(*tasks)

def best(fn, repeat=2):
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter(); asyncio.run(fn()); t = min(t, time.perf_counter() - t0)
    return t

res = {"gather": best(gather_main), "switch": best(switch_main)}
# tracemalloc slows things; time the sleep case without it, measure bytes separately
async def sleep_timed():
    tasks = [asyncio.create_task(sleeper()) for _ in range(N)]
    await asyncio.gather(*tasks)
res["sleep"] = best(sleep_timed, 1)
asyncio.run(sleep_main())
res["sleep_bytes"] = sleep_bytes
print(json.dumps(res))
