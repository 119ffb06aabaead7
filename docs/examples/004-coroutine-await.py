async def inner():
    return 1
async def outer():
    await inner()
