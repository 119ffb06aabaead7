from time import time
import aiohttp
import asyncio

async def call(session, delay):
    print(f'call {delay}짜리 시작')
    # 전달 받은 session으로 async 처리
    async with session.get(f'http://httpbin.org/delay/{delay}') as response:
        result = await response.json()
        print(f'call {delay}짜리 끝')
        return result

async def main():
    # 타이머 시작
    start = time()

    # 비동기 처리 세션 생성
    async with aiohttp.ClientSession() as session:
        # 작업 동시 예약
        two_task = asyncio.create_task(call(session, 2))
        three_task = asyncio.create_task(call(session, 3))

        # await asyncio.sleep(1)
        # 다른 작업도 가능

        result1 = await two_task
        result2 = await three_task

        end = time()
        print(end - start)

asyncio.run(main())
