"""aiohttp anchor for bench/http.bench.ts: N small GETs with C concurrent tasks; prints one JSON line."""
import asyncio, json, sys, time

import aiohttp

URL = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
C = int(sys.argv[3]) if len(sys.argv) > 3 else 50


async def worker(session, n):
    for _ in range(n):
        async with session.get(URL) as resp:
            await resp.read()


async def batch(session, n):
    await asyncio.gather(*[worker(session, n // C) for _ in range(C)])


async def main():
    async with aiohttp.ClientSession() as session:
        await batch(session, 1000)  # warm-up: open the connections
        cpu0, t0 = time.process_time(), time.perf_counter()
        await batch(session, N)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - t0
    print(json.dumps({"rps": N / wall, "cpu_us": cpu / N * 1e6, "version": aiohttp.__version__}))


asyncio.run(main())
