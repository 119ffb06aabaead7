loop.run_until_complete(
    asyncio.gather(coroutines...)
)
loop.close()
