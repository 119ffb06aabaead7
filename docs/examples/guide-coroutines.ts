import { run, sleep } from "tsio";

// async def greet(name): ...
function* greet(name: string) {
  yield* sleep(0.5); // await asyncio.sleep(0.5)
  return `hello, ${name}`;
}

const coro = greet("world"); // runs nothing yet: a coroutine object
const text: string = await run(coro); // runs it on a new event loop; a Promise of its result
console.log(text); // hello, world
