// Jobs of the seeds that run in worker threads or child processes by module and export name.
// Plain JavaScript, imported by the workers with Node's own loader (tsup copies it to
// dist/workers/).
import { closeSync, openSync, readSync, writeSync } from "node:fs";

/** Python's time.sleep: blocks this thread. */
function sleep(seconds) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}

/** seed 001 `blocking_io()`: 100 bytes of /dev/urandom, read with blocking calls. */
export function blockingIo() {
  const fd = openSync("/dev/urandom", "r");
  try {
    const buf = Buffer.alloc(100);
    readSync(fd, buf, 0, 100, null);
    return new Uint8Array(buf);
  } finally {
    closeSync(fd);
  }
}

/**
 * seed 001 `cpu_bound()`: `sum(i * i for i in range(10 ** 7))` = 333333283333335000000, past
 * 2**53: summed in exact doubles while they stay below 2**53, carried into a BigInt.
 */
export function cpuBound(n = 10 ** 7) {
  let total = 0n;
  let partial = 0;
  for (let i = 0; i < n; i++) {
    partial += i * i;
    if (partial > 2 ** 52) {
      total += BigInt(partial);
      partial = 0;
    }
  }
  return total + BigInt(partial);
}

/**
 * seed 000 `return_after_5_secs(message)`: a blocking sleep, then the message. With `flags` (an
 * Int32Array on shared memory), it stores 1 in `flags[0]` as its sleep begins and 1 in
 * `flags[1]` as it returns, so that the main thread can tell where the job is without waiting
 * for the result's message (Python's future is marked done by the worker thread itself).
 */
export function returnAfter(seconds, message, flags) {
  if (flags) {
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
  }
  sleep(seconds);
  if (flags) Atomics.store(flags, 1, 1);
  return message;
}

/**
 * seed 003's `spin(msg, signal)`: the thread spinner. It writes each frame at once to `fd`
 * (standard output: a worker's process.stdout would wait for the main thread, which is blocked
 * in slow_function), or collects the text when `fd` is null, and returns what it wrote.
 * `signal[0]` is Python's `signal.go` (1: go on). `cycle` is the seed's `'|\-\\'`, four
 * characters.
 */
export function spin(msg, signal, interval, fd, cycle) {
  let text = "";
  const write = (s) => {
    if (fd !== null) writeSync(fd, s);
    text += s;
  };
  let status = "";
  for (let i = 0; ; i = (i + 1) % cycle.length) {
    status = `${cycle[i]} ${msg}`;
    write(status);
    write("\x08".repeat(status.length));
    sleep(interval);
    if (Atomics.load(signal, 0) === 0) break;
  }
  write("".repeat(status.length) + "\x08".repeat(status.length));
  return text;
}
