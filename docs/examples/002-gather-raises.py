import asyncio

# return_exceptions=False
async def factorial(name, number):
    f = 1
    if number == 4:
        raise ValueError('에러')
    for i in range(2, number + 1):
        print(f"Task {name}: Compute factorial({i})...")
        await asyncio.sleep(1)
        f *= i
    print(f"Task {name}: factorial({number}) = {f}")
    return f

async def main():
    # 동시에 3개를 예약
    result = await asyncio.gather(
        factorial("A", 2),
        factorial("B", 3),
        factorial("C", 4),
        return_exceptions=False
    )

    print(result)

asyncio.run(main())
