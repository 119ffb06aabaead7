>>> import asyncio

>>> async def main():
...     print('hello')
...     await asyncio.sleep(1)
...     print('world')

>>> asyncio.run(main())
hello
world

>>> main() # 단지 코루틴을 호출하는 것이 이를 실행되도록 예약하는 것 X.
<coroutine object main at 0x1053bb7c8>
