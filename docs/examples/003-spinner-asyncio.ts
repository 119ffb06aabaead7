import { CancelledError, createTask, getEventLoop, sleep } from "tsio";

function* spin(msg: string) {
  const write = (text: string) => process.stdout.write(text);
  let status = "";
  for (let i = 0; ; i++) {
    const char = "|/-\\"[i % 4];
    status = `${char} ${msg}`;
    write(status);
    write("\x08".repeat(status.length));
    try {
      yield* sleep(0.1);
    } catch (e) {
      if (e instanceof CancelledError) break;
      throw e;
    }
  }
  write(" ".repeat(status.length) + "\x08".repeat(status.length));
}

function* slowFunction() {
  yield* sleep(3);
  return 42;
}

function* supervisor() {
  const spinner = createTask(spin("thingking.."));
  console.log("spinner object:", String(spinner));
  const result = yield* slowFunction();
  spinner.cancel();
  return result;
}

const loop = getEventLoop();
const result = await loop.runUntilComplete(supervisor());
loop.close();
console.log("Answer:", result);
