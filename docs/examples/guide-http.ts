import { aiohttp, createTask, run, sleep } from "tsio";

function* main() {
  const session = new aiohttp.ClientSession({
    baseUrl: "http://127.0.0.1:8765/",
    timeout: new aiohttp.ClientTimeout({ total: 10 }),
  });
  try {
    // async with session.get(url) as resp: data = await resp.json()
    const data = yield* session.get("delay/0.1").with((resp) => resp.json());

    // Cancelling the task that waits on a request aborts it and frees its connection.
    const slow = createTask(session.get("delay/5"));
    yield* sleep(0.5);
    slow.cancel();

    return data;
  } finally {
    yield* session.close();
  }
}

console.log(await run(main()));
