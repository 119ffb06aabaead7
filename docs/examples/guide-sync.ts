import { createTask, gather, Lock, Queue, run, sleep } from "tsio";

function* producer(q: Queue<number>, n: number) {
  for (let i = 0; i < n; i++) yield* q.put(i); // waits while the queue is full
}

function* consumer(q: Queue<number>, seen: number[]) {
  for (;;) {
    const item = yield* q.get();
    seen.push(item);
    q.taskDone();
  }
}

const lock = new Lock();
let balance = 0;

function* deposit(amount: number) {
  // async with lock: ...
  yield* lock.with(function* () {
    const b = balance;
    yield* sleep(0.01);
    balance = b + amount;
  });
}

function* withdraw(amount: number) {
  using _held = yield* lock.hold(); // released at the end of the block, on every path
  const b = balance;
  yield* sleep(0.01);
  balance = b - amount;
}

function* main() {
  const q = new Queue<number>({ maxsize: 2 });
  const seen: number[] = [];
  const workers = [createTask(consumer(q, seen)), createTask(consumer(q, seen))];
  yield* producer(q, 10);
  yield* q.join(); // every item got and marked done
  for (const w of workers) w.cancel();

  yield* gather(deposit(100), deposit(50), withdraw(30));
  return [seen.length, balance];
}

console.log(await run(main())); // [ 10, 120 ]
