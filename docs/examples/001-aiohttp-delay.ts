import { aiohttp, createTask, run } from "tsio";

function* call(session: aiohttp.ClientSession, delay: number) {
  console.log(`call ${delay}짜리 시작`);
  // `async with session.get(...) as response:` is `.with(function* (response) { ... })`
  return yield* session.get(`http://127.0.0.1:8765/delay/${delay}`).with(function* (response) {
    const result = yield* response.json();
    console.log(`call ${delay}짜리 끝`);
    return result;
  });
}

function* main() {
  const start = Date.now() / 1000;

  const session = new aiohttp.ClientSession();
  try {
    // both requests scheduled at once
    const twoTask = createTask(call(session, 2));
    const threeTask = createTask(call(session, 3));

    yield* twoTask;
    yield* threeTask;

    const end = Date.now() / 1000;
    console.log(end - start); // about 3, not 5
  } finally {
    yield* session.close();
  }
}

await run(main());
