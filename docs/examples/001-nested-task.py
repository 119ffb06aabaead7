import asyncio

async def nested():
    return 42

async def main():
    # nested()함수가 동시에 실행되도록 예약
    task = asyncio.create_task(nested())

    # task 변수를 취소하거나 완료될때까지 대기
    await task

asyncio.run(main())
