import asyncio

async def nested():
    return 42

async def main():
    # 코루틴 함수를 await을 안붙이고 호출하면 호출되지 않음
    # 코루틴은 생성이 되지만 await하지 않음 -> 그래서 아무것도 실행하지 않는다.
    nested()

    # 42 반환됨
    print(await nested()) 

asyncio.run(main())
