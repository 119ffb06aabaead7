import asyncio
import time

async def func(ind):
    t = time.time()
    print("func {} called at".format(ind), t)
    await asyncio.sleep(ind) # simluate I/O operation (from different sources for each function)
    print("func {} term at".format(ind), time.time())


loop = asyncio.get_event_loop()
cur_t = time.time()
loop.run_until_complete(
    asyncio.gather(
        func(1),
        func(2),
        func(3)
    )
)
print("total loop elapsed ", time.time() - cur_t)

loop.close()
