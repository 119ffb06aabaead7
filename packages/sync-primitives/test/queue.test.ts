// Port of CPython 3.13 Lib/test/test_asyncio/test_queues.py.
import {
  CancelledError,
  type Coroutine,
  getRunningLoop,
  TimeoutError,
  ValueError,
} from "@tsio/future";
import { createTask, sleep, taskGroup, waitFor } from "@tsio/task";
import { describe, expect, test } from "vitest";
import {
  Event,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
} from "../src/index.js";
import { raises, runOn } from "./helpers.js";

describe("QueueBasicTests", () => {
  test("str", () =>
    runOn(function* () {
      let q = new Queue<number>();
      expect(String(q).startsWith("<Queue")).toBe(true);

      // getters
      q = new Queue<number>();
      const getter = yield* taskGroup(function* (tg) {
        const getter = tg.createTask(q.get()); // a task that waits to get
        yield* sleep(0); // let it start waiting
        expect(String(q)).toContain("_getters[1]");
        q.putNowait(0); // resume the get coroutine
        return getter;
      });
      expect(yield* getter).toBe(0);

      // putters
      q = new Queue<number>(1);
      const putter = yield* taskGroup(function* (tg) {
        q.putNowait(1);
        const putter = tg.createTask(q.put(2)); // a task that waits to put
        yield* sleep(0);
        expect(String(q)).toContain("_putters[1]");
        q.getNowait(); // resume the put coroutine
        return putter;
      });
      expect(putter.done()).toBe(true);

      q = new Queue<number>();
      q.putNowait(1);
      expect(String(q)).toContain("_queue=[1]");
    }));

  test("empty", () =>
    runOn(function* () {
      const q = new Queue<number>();
      expect(q.empty()).toBe(true);
      yield* q.put(1);
      expect(q.empty()).toBe(false);
      expect(yield* q.get()).toBe(1);
      expect(q.empty()).toBe(true);
    }));

  test("full", () =>
    runOn(function* () {
      let q = new Queue<number>();
      expect(q.full()).toBe(false);
      q = new Queue<number>({ maxsize: 1 });
      yield* q.put(1);
      expect(q.full()).toBe(true);
    }));

  test("order", () =>
    runOn(function* () {
      const q = new Queue<number>();
      for (const i of [1, 3, 2]) yield* q.put(i);
      const items = [yield* q.get(), yield* q.get(), yield* q.get()];
      expect(items).toEqual([1, 3, 2]);
    }));

  test("maxsize", () =>
    runOn(function* () {
      const q = new Queue<number>({ maxsize: 2 });
      expect(q.maxsize).toBe(2);
      const haveBeenPut: number[] = [];
      function* putter() {
        for (let i = 0; i < 3; i++) {
          yield* q.put(i);
          haveBeenPut.push(i);
        }
        return true;
      }
      const t = createTask(putter());
      for (let i = 0; i < 2; i++) yield* sleep(0);
      // The putter is blocked after putting two items.
      expect(haveBeenPut).toEqual([0, 1]);
      expect(yield* q.get()).toBe(0);
      // Let the putter resume and put the last item.
      yield* sleep(0);
      expect(haveBeenPut).toEqual([0, 1, 2]);
      expect(yield* q.get()).toBe(1);
      expect(yield* q.get()).toBe(2);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }));
});

describe("QueueGetTests", () => {
  test("blocking get", () =>
    runOn(function* () {
      const q = new Queue<number>();
      q.putNowait(1);
      expect(yield* q.get()).toBe(1);
    }));

  test("get with putters", () =>
    runOn(function* () {
      const loop = getRunningLoop();
      const q = new Queue<number>(1);
      yield* q.put(1);
      const waiter = loop.createFuture<void>();
      q._putters.push(waiter);
      expect(yield* q.get()).toBe(1);
      expect(waiter.done()).toBe(true);
      expect(waiter.result()).toBeUndefined();
    }));

  test("blocking get wait", () =>
    runOn(function* () {
      const loop = getRunningLoop();
      const q = new Queue<number>();
      const started = new Event();
      let finished = false;
      function* queueGet() {
        started.set();
        const res = yield* q.get();
        finished = true;
        return res;
      }
      const queueGetTask = createTask(queueGet());
      yield* started.wait();
      expect(finished).toBe(false);
      loop.callLater(0.01, () => q.putNowait(1));
      const res = yield* queueGetTask;
      expect(finished).toBe(true);
      expect(res).toBe(1);
    }));

  test("nonblocking get", () => {
    const q = new Queue<number>();
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
  });

  test("nonblocking get exception", () => {
    const q = new Queue<number>();
    expect(() => q.getNowait()).toThrow(QueueEmpty);
  });

  test("get cancelled race", () =>
    runOn(function* () {
      const q = new Queue<string>();
      const t1 = createTask(q.get());
      const t2 = createTask(q.get());
      yield* sleep(0);
      t1.cancel();
      yield* sleep(0);
      expect(t1.done()).toBe(true);
      yield* q.put("a");
      yield* sleep(0);
      expect(yield* t2).toBe("a");
    }));

  test("get with waiting putters", () =>
    runOn(function* () {
      const q = new Queue<string>({ maxsize: 1 });
      createTask(q.put("a"));
      createTask(q.put("b"));
      expect(yield* q.get()).toBe("a");
      expect(yield* q.get()).toBe("b");
    }));

  test("why are getters waiting", () =>
    runOn(function* () {
      function* consumer(queue: Queue<number>, numExpected: number) {
        for (let i = 0; i < numExpected; i++) yield* queue.get();
      }
      function* producer(queue: Queue<number>, numItems: number) {
        for (let i = 0; i < numItems; i++) yield* queue.put(i);
      }
      const q = new Queue<number>(1);
      yield* taskGroup(function* (tg) {
        tg.createTask(producer(q, 5));
        tg.createTask(consumer(q, 5));
      });
    }));

  test("cancelled getters are not held in _getters", () =>
    runOn(function* () {
      const queue = new Queue<number>({ maxsize: 5 });
      yield* raises(TimeoutError, waitFor(queue.get(), 0.1));
      expect(queue._getters.length).toBe(0);
    }));
});

describe("QueuePutTests", () => {
  test("blocking put", () =>
    runOn(function* () {
      const q = new Queue<number>();
      yield* q.put(1); // no maxsize: does not block
      expect(yield* q.get()).toBe(1);
    }));

  test("blocking put wait", () =>
    runOn(function* () {
      const q = new Queue<number>({ maxsize: 1 });
      const started = new Event();
      let finished = false;
      function* queuePut() {
        started.set();
        yield* q.put(1);
        yield* q.put(2);
        finished = true;
      }
      getRunningLoop().callLater(0.01, () => q.getNowait());
      const queuePutTask = createTask(queuePut());
      yield* started.wait();
      expect(finished).toBe(false);
      yield* queuePutTask;
      expect(finished).toBe(true);
    }));

  test("nonblocking put", () => {
    const q = new Queue<number>();
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
  });

  test("get cancel drop one pending reader", () =>
    runOn(function* () {
      const q = new Queue<number>();
      let reader = createTask(q.get());
      yield* sleep(0);
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
      try {
        yield* reader;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        reader = createTask(q.get()); // try again
        yield* reader;
      }
      // 2 would mean that 1 was dropped
      expect(reader.result()).toBe(1);
    }));

  test("get cancel drop many pending readers", () =>
    runOn(function* () {
      const q = new Queue<number>();
      const [reader2, reader3] = yield* taskGroup(function* (tg) {
        const reader1 = tg.createTask(q.get());
        const reader2 = tg.createTask(q.get());
        const reader3 = tg.createTask(q.get());
        yield* sleep(0);
        q.putNowait(1);
        q.putNowait(2);
        reader1.cancel();
        yield* raises(CancelledError, reader1);
        yield* reader3;
        return [reader2, reader3] as const;
      });
      // The order in which concurrent readers receive results is undefined.
      expect(new Set([reader2.result(), reader3.result()])).toEqual(new Set([1, 2]));
    }));

  test("put cancel drop", () =>
    runOn(function* () {
      const q = new Queue<number>(1);
      q.putNowait(1);
      // putting a second item has to block (qsize 1)
      let writer = createTask(q.put(2));
      yield* sleep(0);
      expect(q.getNowait()).toBe(1);
      writer.cancel();
      try {
        yield* writer;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        writer = createTask(q.put(2)); // try again
        yield* writer;
      }
      expect(q.getNowait()).toBe(2);
      expect(q.qsize()).toBe(0);
    }));

  test("nonblocking put exception", () => {
    const q = new Queue<number>({ maxsize: 1 });
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
  });

  test("float maxsize", () =>
    runOn(function* () {
      let q = new Queue<number>({ maxsize: 1.3 });
      q.putNowait(1);
      q.putNowait(2);
      expect(q.full()).toBe(true);
      expect(() => q.putNowait(3)).toThrow(QueueFull);
      q = new Queue<number>({ maxsize: 1.3 });
      yield* q.put(1);
      yield* q.put(2);
      expect(q.full()).toBe(true);
    }));

  test("put cancelled", () =>
    runOn(function* () {
      const q = new Queue<number>();
      function* queuePut() {
        yield* q.put(1);
        return true;
      }
      const t = createTask(queuePut());
      expect(yield* q.get()).toBe(1);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }));

  test("put cancelled race", () =>
    runOn(function* () {
      const q = new Queue<string>({ maxsize: 1 });
      const putA = createTask(q.put("a"));
      const putB = createTask(q.put("b"));
      const putC = createTask(q.put("X"));
      yield* sleep(0);
      expect(putA.done()).toBe(true);
      expect(putB.done()).toBe(false);
      putC.cancel();
      yield* sleep(0);
      expect(putC.done()).toBe(true);
      expect(q.getNowait()).toBe("a");
      yield* sleep(0);
      expect(q.getNowait()).toBe("b");
      yield* putB;
    }));

  test("put with waiting getters", () =>
    runOn(function* () {
      const q = new Queue<string>();
      const t = createTask(q.get());
      yield* sleep(0);
      yield* q.put("a");
      expect(yield* t).toBe("a");
    }));

  test("why are putters waiting", () =>
    runOn(function* () {
      const queue = new Queue<number>(2);
      function* putter(item: number) {
        yield* queue.put(item);
      }
      function* getter() {
        yield* sleep(0);
        const num = queue.qsize();
        for (let i = 0; i < num; i++) queue.getNowait();
      }
      yield* taskGroup(function* (tg) {
        tg.createTask(getter());
        for (let i = 0; i < 4; i++) tg.createTask(putter(i));
      });
    }));

  test("cancelled puts are not held in _putters", () =>
    runOn(function* () {
      const queue = new Queue<number>({ maxsize: 1 });
      queue.putNowait(1);
      const putTask = createTask(queue.put(1));
      yield* sleep(0);
      expect(queue._putters.length).toBe(1);
      putTask.cancel();
      yield* raises(CancelledError, putTask);
      expect(queue._putters.length).toBe(0);
    }));

  test("cancelled put silences the missing-putter case", () =>
    runOn(function* () {
      const queue = new Queue<number>(1);
      queue.putNowait(1);
      const putTask = createTask(queue.put(1));
      yield* sleep(0);
      // getNowait() removes the putter's future from _putters...
      queue.getNowait();
      // ...so the cancelled put finds it gone: that must not fail.
      putTask.cancel();
      yield* raises(CancelledError, putTask);
    }));
});

describe("LifoQueueTests / PriorityQueueTests", () => {
  test("LIFO order", () =>
    runOn(function* () {
      const q = new LifoQueue<number>();
      for (const i of [1, 3, 2]) yield* q.put(i);
      expect([yield* q.get(), yield* q.get(), yield* q.get()]).toEqual([2, 3, 1]);
    }));

  test("priority order", () =>
    runOn(function* () {
      const q = new PriorityQueue<number>();
      for (const i of [1, 3, 2]) yield* q.put(i);
      expect([yield* q.get(), yield* q.get(), yield* q.get()]).toEqual([1, 2, 3]);
    }));
});

type AnyQueueClass = new (maxsize?: number | { maxsize?: number }) => Queue<unknown>;
const QUEUE_CLASSES: [string, AnyQueueClass][] = [
  ["Queue", Queue],
  ["LifoQueue", LifoQueue],
  ["PriorityQueue", PriorityQueue as AnyQueueClass],
];

describe.each(QUEUE_CLASSES)("%s: join tests", (_name, QClass) => {
  test("task done underflow", () => {
    const q = new QClass();
    expect(() => q.taskDone()).toThrow(ValueError);
    expect(() => q.taskDone()).toThrow("task_done() called too many times");
  });

  test("task done", () =>
    runOn(function* () {
      const q = new QClass() as Queue<number>;
      for (let i = 0; i < 100; i++) q.putNowait(i);
      let accumulator = 0;
      // Two workers get items and call taskDone after each; join, then check they all ran.
      let running = true;
      function* worker() {
        while (running) {
          const item = yield* q.get();
          accumulator += item;
          q.taskDone();
        }
      }
      yield* taskGroup(function* (tg) {
        const tasks = [tg.createTask(worker()), tg.createTask(worker())];
        yield* q.join();
        expect(accumulator).toBe(4950);
        // close the running workers
        running = false;
        for (let i = 0; i < tasks.length; i++) q.putNowait(0);
      });
    }));

  test("join empty queue", () =>
    runOn(function* () {
      const q = new QClass();
      // join() returns at once, before anything else (done twice for insurance)
      yield* q.join();
      yield* q.join();
    }));

  test("format", () => {
    const q = new QClass();
    expect(q._format()).toBe("maxsize=0");
    q._unfinishedTasks = 2;
    expect(q._format()).toBe("maxsize=0 tasks=2");
  });
});

describe.each(QUEUE_CLASSES)("%s: shutdown tests", (_name, QClass) => {
  function* shutsDown(coro: Coroutine<unknown>) {
    yield* raises(QueueShutDown, coro);
  }

  test("format", () => {
    const q = new QClass();
    q.shutdown();
    expect(q._format()).toBe("maxsize=0 shutdown");
  });

  test("shutdown empty", () =>
    runOn(function* () {
      const q = new QClass();
      const getTask = createTask(q.get());
      yield* sleep(0); // the get task waits before the shutdown
      q.shutdown({ immediate: false }); // unfinished tasks: 0 -> 0
      expect(q.qsize()).toBe(0);
      yield* q.join(); // finishes at once
      yield* sleep(0);
      expect(getTask.done()).toBe(true);
      yield* raises(QueueShutDown, getTask);
      yield* shutsDown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);
      yield* shutsDown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);
    }));

  test("shutdown nonempty", () =>
    runOn(function* () {
      const q = new QClass({ maxsize: 1 });
      q.putNowait("data");
      const joinTask = createTask(q.join());
      const putTask = createTask(q.put("data2"));
      yield* sleep(0);
      expect(putTask.done()).toBe(false);
      q.shutdown({ immediate: false }); // unfinished tasks: 1 -> 1
      expect(q.qsize()).toBe(1);
      yield* sleep(0);
      expect(putTask.done()).toBe(true);
      yield* raises(QueueShutDown, putTask);
      // get() still gets the item that is there
      expect(yield* q.get()).toBe("data");
      yield* sleep(0);
      expect(joinTask.done()).toBe(false);
      yield* shutsDown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);
      yield* shutsDown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);
      // one unfinished task: join() succeeds after taskDone()
      q.taskDone();
      yield* sleep(0);
      expect(joinTask.done()).toBe(true);
      yield* joinTask;
      expect(() => q.taskDone()).toThrow(ValueError);
    }));

  test("shutdown immediate", () =>
    runOn(function* () {
      const q = new QClass();
      q.putNowait("data");
      const joinTask = createTask(q.join());
      q.shutdown({ immediate: true }); // unfinished tasks: 1 -> 0
      expect(q.qsize()).toBe(0);
      yield* sleep(0);
      expect(joinTask.done()).toBe(true);
      yield* joinTask;
      yield* shutsDown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);
      yield* shutsDown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);
      expect(() => q.taskDone()).toThrow(ValueError);
    }));

  test("shutdown immediate with unfinished", () =>
    runOn(function* () {
      const q = new QClass();
      q.putNowait("data");
      q.putNowait("data");
      const joinTask = createTask(q.join());
      expect(yield* q.get()).toBe("data");
      q.shutdown({ immediate: true }); // unfinished tasks: 2 -> 1
      expect(q.qsize()).toBe(0);
      yield* sleep(0);
      expect(joinTask.done()).toBe(false);
      yield* shutsDown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);
      yield* shutsDown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);
      q.taskDone(); // the one unfinished task
      expect(() => q.taskDone()).toThrow(ValueError);
      yield* sleep(0);
      expect(joinTask.done()).toBe(true);
      yield* joinTask;
    }));
});
