/**
 * StreamReader cases ported from CPython 3.13's Lib/test/test_asyncio/test_streams.py
 * (the ones that feed the reader by hand).
 */
import {
  CancelledError,
  type Coroutine,
  IncompleteReadError,
  LimitOverrunError,
  RuntimeError,
  ValueError,
} from "@tsio/future";
import { type EventLoop, newEventLoop, StreamReader } from "@tsio/loop";
import { type AwaitableLike, gather, sleep } from "@tsio/task";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

const DATA = Buffer.from("line1\nline2\nline3\n");
const b = (s: string): Buffer => Buffer.from(s);

let loop: EventLoop;
beforeEach(() => {
  loop = newEventLoop();
});
afterEach(() => {
  loop.close();
});

function run<T>(aw: AwaitableLike<T>): Promise<T> {
  return loop.runUntilComplete(aw);
}

function reader(limit?: number): StreamReader {
  return new StreamReader({ loop, limit });
}

describe("feeding and read()", () => {
  test("feed empty data", () => {
    const stream = reader();
    stream.feedData(b(""));
    expect(stream._buffer).toEqual(b(""));
  });

  test("feed nonempty data", () => {
    const stream = reader();
    stream.feedData(DATA);
    expect(stream._buffer).toEqual(DATA);
  });

  test("feedData copies: changing the source later does not change the stream", async () => {
    const stream = reader();
    const src = Buffer.from("abc");
    stream.feedData(src);
    src[0] = 0x7a;
    expect((await run(stream.read(3))).toString()).toBe("abc");
  });

  test("read zero", async () => {
    const stream = reader();
    stream.feedData(DATA);
    expect(await run(stream.read(0))).toEqual(b(""));
    expect(stream._buffer).toEqual(DATA);
  });

  test("read waits for data", async () => {
    const stream = reader();
    const task = loop.createTask(stream.read(30));
    loop.callSoon(() => stream.feedData(DATA));
    expect(await run(task)).toEqual(DATA);
    expect(stream._buffer).toEqual(b(""));
  });

  test("read without line breaks", async () => {
    const stream = reader();
    stream.feedData(b("line1"));
    stream.feedData(b("line2"));
    expect(await run(stream.read(5))).toEqual(b("line1"));
    expect(stream._buffer).toEqual(b("line2"));
  });

  test("read stops at eof", async () => {
    const stream = reader();
    const task = loop.createTask(stream.read(1024));
    loop.callSoon(() => stream.feedEof());
    expect(await run(task)).toEqual(b(""));
    expect(stream._buffer).toEqual(b(""));
  });

  test("read(-1) reads until eof", async () => {
    const stream = reader();
    const task = loop.createTask(stream.read(-1));
    loop.callSoon(() => {
      stream.feedData(b("chunk1\n"));
      stream.feedData(b("chunk2"));
      stream.feedEof();
    });
    expect(await run(task)).toEqual(b("chunk1\nchunk2"));
    expect(stream._buffer).toEqual(b(""));
  });

  test("read raises the exception set", async () => {
    const stream = reader();
    stream.feedData(b("line\n"));
    expect(await run(stream.read(2))).toEqual(b("li"));
    stream.setException(new ValueError("boom"));
    await expect(run(stream.read(2))).rejects.toBeInstanceOf(ValueError);
  });

  test("invalid limit", () => {
    expect(() => new StreamReader({ loop, limit: 0 })).toThrow(/imit/);
    expect(() => new StreamReader({ loop, limit: -1 })).toThrow(ValueError);
  });

  test("read is not bounded by the limit", async () => {
    const stream = reader(3);
    stream.feedData(b("chunk"));
    expect(await run(stream.read(5))).toEqual(b("chunk"));
    expect(stream._buffer).toEqual(b(""));
  });

  test("feedData after feedEof is an error", () => {
    const stream = reader();
    stream.feedEof();
    expect(() => stream.feedData(b("x"))).toThrow(RuntimeError);
  });

  test("feedData refuses a string", () => {
    const stream = reader();
    expect(() => stream.feedData("text" as unknown as Uint8Array)).toThrow(/Uint8Array/);
  });
});

describe("readline()", () => {
  test("waits for the rest of the line", async () => {
    const stream = reader();
    stream.feedData(b("chunk1 "));
    const task = loop.createTask(stream.readline());
    loop.callSoon(() => {
      stream.feedData(b("chunk2 "));
      stream.feedData(b("chunk3 "));
      stream.feedData(b("\n chunk4"));
    });
    expect(await run(task)).toEqual(b("chunk1 chunk2 chunk3 \n"));
    expect(stream._buffer).toEqual(b(" chunk4"));
  });

  test("limit with existing data", async () => {
    let stream = reader(3);
    stream.feedData(b("li"));
    stream.feedData(b("ne1\nline2\n"));
    await expect(run(stream.readline())).rejects.toBeInstanceOf(ValueError);
    // The remaining data stays after the error.
    expect(stream._buffer).toEqual(b("line2\n"));

    stream = reader(3);
    stream.feedData(b("li"));
    stream.feedData(b("ne1"));
    stream.feedData(b("li"));
    await expect(run(stream.readline())).rejects.toBeInstanceOf(ValueError);
    // No "\n" at all: the whole buffer is consumed.
    expect(stream._buffer).toEqual(b(""));
  });

  test("at_eof", async () => {
    const stream = reader();
    expect(stream.atEof()).toBe(false);
    stream.feedData(b("some data\n"));
    expect(stream.atEof()).toBe(false);
    await run(stream.readline());
    expect(stream.atEof()).toBe(false);
    stream.feedData(b("some data\n"));
    stream.feedEof();
    await run(stream.readline());
    expect(stream.atEof()).toBe(true);
  });

  test("limit, with data fed after the call", async () => {
    let stream = reader(7);
    loop.callSoon(() => {
      stream.feedData(b("chunk1"));
      stream.feedData(b("chunk2"));
      stream.feedData(b("chunk3\n"));
      stream.feedEof();
    });
    await expect(run(stream.readline())).rejects.toBeInstanceOf(ValueError);
    expect(stream._buffer).toEqual(b(""));

    stream = reader(7);
    loop.callSoon(() => {
      stream.feedData(b("chunk1"));
      stream.feedData(b("chunk2\n"));
      stream.feedData(b("chunk3\n"));
      stream.feedEof();
    });
    await expect(run(stream.readline())).rejects.toBeInstanceOf(ValueError);
    expect(stream._buffer).toEqual(b("chunk3\n"));

    // The limit is strict.
    stream = reader(7);
    stream.feedData(b("1234567\n"));
    expect(await run(stream.readline())).toEqual(b("1234567\n"));
    expect(stream._buffer).toEqual(b(""));

    stream.feedData(b("12345678\n"));
    await expect(run(stream.readline())).rejects.toBeInstanceOf(ValueError);
    expect(stream._buffer).toEqual(b(""));

    stream.feedData(b("12345678"));
    await expect(run(stream.readline())).rejects.toBeInstanceOf(ValueError);
    expect(stream._buffer).toEqual(b(""));
  });

  test("the ValueError says what the limit is and how to raise it", async () => {
    const stream = reader(4);
    stream.feedData(b("too long a line\n"));
    const err = await run(stream.readline()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValueError);
    expect((err as Error).message).toMatch(/^Separator is found, but chunk is longer than limit/);
    expect((err as Error).message).toMatch(/limit is 4 bytes.*\{ limit \}/);
    expect((err as Error).cause).toBeInstanceOf(LimitOverrunError);
  });

  test("no limit, no wait", async () => {
    const stream = reader();
    stream.feedData(DATA.subarray(0, 6));
    stream.feedData(DATA.subarray(6));
    expect(await run(stream.readline())).toEqual(b("line1\n"));
    expect(stream._buffer).toEqual(b("line2\nline3\n"));
  });

  test("eof returns the incomplete line", async () => {
    const stream = reader();
    stream.feedData(b("some data"));
    stream.feedEof();
    expect(await run(stream.readline())).toEqual(b("some data"));
  });

  test("empty eof", async () => {
    const stream = reader();
    stream.feedEof();
    expect(await run(stream.readline())).toEqual(b(""));
  });

  test("read byte count after readline", async () => {
    const stream = reader();
    stream.feedData(DATA);
    await run(stream.readline());
    expect(await run(stream.read(7))).toEqual(b("line2\nl"));
    expect(stream._buffer).toEqual(b("ine3\n"));
  });

  test("exception", async () => {
    const stream = reader();
    stream.feedData(b("line\n"));
    expect(await run(stream.readline())).toEqual(b("line\n"));
    stream.setException(new ValueError());
    await expect(run(stream.readline())).rejects.toBeInstanceOf(ValueError);
    expect(stream._buffer).toEqual(b(""));
  });
});

describe("readuntil()", () => {
  test("separator validation", async () => {
    const stream = reader();
    await expect(run(stream.readuntil(b("")))).rejects.toThrow(/Separator should be/);
    await expect(run(stream.readuntil([b("")]))).rejects.toThrow(/Separator should be/);
    await expect(run(stream.readuntil([]))).rejects.toThrow(/Separator should contain/);
    await expect(run(stream.readuntil(42 as unknown as string))).rejects.toThrow(TypeError);
  });

  test("multi chunks", async () => {
    const stream = reader();
    stream.feedData(b("lineAAA"));
    expect(await run(stream.readuntil(b("AAA")))).toEqual(b("lineAAA"));
    expect(stream._buffer).toEqual(b(""));

    stream.feedData(b("lineAAA"));
    expect(await run(stream.readuntil("AAA"))).toEqual(b("lineAAA"));
    expect(stream._buffer).toEqual(b(""));

    stream.feedData(b("lineAAAxxx"));
    expect(await run(stream.readuntil("AAA"))).toEqual(b("lineAAA"));
    expect(stream._buffer).toEqual(b("xxx"));
  });

  test("multi chunks 1", async () => {
    const stream = reader();
    stream.feedData(b("QWEaa"));
    stream.feedData(b("XYaa"));
    stream.feedData(b("a"));
    expect(await run(stream.readuntil("aaa"))).toEqual(b("QWEaaXYaaa"));
    expect(stream._buffer).toEqual(b(""));

    stream.feedData(b("QWEaa"));
    stream.feedData(b("XYa"));
    stream.feedData(b("aa"));
    expect(await run(stream.readuntil("aaa"))).toEqual(b("QWEaaXYaaa"));
    expect(stream._buffer).toEqual(b(""));

    stream.feedData(b("aaa"));
    expect(await run(stream.readuntil("aaa"))).toEqual(b("aaa"));
    expect(stream._buffer).toEqual(b(""));

    stream.feedData(b("Xaaa"));
    expect(await run(stream.readuntil("aaa"))).toEqual(b("Xaaa"));
    expect(stream._buffer).toEqual(b(""));

    stream.feedData(b("XXX"));
    stream.feedData(b("a"));
    stream.feedData(b("a"));
    stream.feedData(b("a"));
    expect(await run(stream.readuntil("aaa"))).toEqual(b("XXXaaa"));
    expect(stream._buffer).toEqual(b(""));
  });

  test("separator split across chunks that arrive while waiting", async () => {
    const stream = reader();
    const task = loop.createTask(stream.readuntil("\r\n\r\n"));
    loop.callSoon(() => stream.feedData(b("GET / HTTP/1.1\r\nHost: x\r")));
    loop.callSoon(() => loop.callSoon(() => stream.feedData(b("\n\r"))));
    loop.callSoon(() => loop.callSoon(() => loop.callSoon(() => stream.feedData(b("\nbody")))));
    expect(await run(task)).toEqual(b("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    expect(stream._buffer).toEqual(b("body"));
  });

  test("eof", async () => {
    const stream = reader();
    const data = b("some dataAA");
    stream.feedData(data);
    stream.feedEof();
    const err = await run(stream.readuntil("AAA")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompleteReadError);
    expect((err as Error).message).toMatch(/undefined expected bytes/);
    expect((err as IncompleteReadError).partial).toEqual(data);
    expect((err as IncompleteReadError).expected).toBeNull();
    expect(stream._buffer).toEqual(b(""));
  });

  test("limit, separator found or not", async () => {
    const stream = reader(3);
    stream.feedData(b("some dataAA"));
    const notFound = await run(stream.readuntil("AAA")).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(LimitOverrunError);
    expect((notFound as Error).message).toMatch(/not found/);
    expect(stream._buffer).toEqual(b("some dataAA"));

    stream.feedData(b("A"));
    const found = await run(stream.readuntil("AAA")).catch((e: unknown) => e);
    expect(found).toBeInstanceOf(LimitOverrunError);
    expect((found as Error).message).toMatch(/is found/);
    expect(stream._buffer).toEqual(b("some dataAAA"));
  });

  test("multi separator", async () => {
    const stream = reader();
    stream.feedData(b("line 1\nline 2\r"));
    expect(await run(stream.readuntil(["\r", "\n"]))).toEqual(b("line 1\n"));
    expect(await run(stream.readuntil(["\r", "\n"]))).toEqual(b("line 2\r"));
    expect(stream._buffer).toEqual(b(""));

    // The first end position wins, even for a longer separator.
    stream.feedData(b("ABCDEFG"));
    expect(await run(stream.readuntil([b("DEF"), b("BCDE")]))).toEqual(b("ABCDE"));
    expect(stream._buffer).toEqual(b("FG"));
  });

  test("multi separator limit", async () => {
    const stream = reader(3);
    stream.feedData(b("some dataA"));
    const err = await run(stream.readuntil(["A", "ome dataA"])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LimitOverrunError);
    expect((err as Error).message).toMatch(/is found/);
    expect(stream._buffer).toEqual(b("some dataA"));
  });

  test("multi separator: negative offset", async () => {
    const stream = reader();
    stream.feedData(b("data"));
    const task = loop.createTask(stream.readuntil(["A", "long sep"]));
    loop.callSoon(() => stream.feedData(b("Z")));
    loop.callSoon(() => stream.feedData(b("Aaaa")));
    expect(await run(task)).toEqual(b("dataZA"));
    expect(stream._buffer).toEqual(b("aaa"));
  });

  test("a Uint8Array separator", async () => {
    const stream = reader();
    stream.feedData(b("some data\r\n"));
    expect(await run(stream.readuntil(new Uint8Array([13, 10])))).toEqual(b("some data\r\n"));
    expect(stream._buffer).toEqual(b(""));
  });

  test("a multi-byte UTF-8 string separator", async () => {
    const stream = reader();
    stream.feedData(b("a→b→"));
    expect((await run(stream.readuntil("→"))).toString()).toBe("a→");
  });
});

describe("readexactly()", () => {
  test("zero or less", async () => {
    const stream = reader();
    stream.feedData(DATA);
    expect(await run(stream.readexactly(0))).toEqual(b(""));
    expect(stream._buffer).toEqual(DATA);
    await expect(run(stream.readexactly(-1))).rejects.toThrow(/less than zero/);
    expect(stream._buffer).toEqual(DATA);
  });

  test("waits for every byte", async () => {
    const stream = reader();
    const n = 2 * DATA.length;
    const task = loop.createTask(stream.readexactly(n));
    loop.callSoon(() => {
      stream.feedData(DATA);
      stream.feedData(DATA);
      stream.feedData(DATA);
    });
    expect(await run(task)).toEqual(Buffer.concat([DATA, DATA]));
    expect(stream._buffer).toEqual(DATA);
  });

  test("not bounded by the limit", async () => {
    const stream = reader(3);
    stream.feedData(b("chunk"));
    expect(await run(stream.readexactly(5))).toEqual(b("chunk"));
    expect(stream._buffer).toEqual(b(""));
  });

  test("eof: IncompleteReadError with the partial bytes", async () => {
    const stream = reader();
    const n = 2 * DATA.length;
    const task = loop.createTask(stream.readexactly(n));
    loop.callSoon(() => {
      stream.feedData(DATA);
      stream.feedEof();
    });
    const err = await run(task).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompleteReadError);
    expect((err as IncompleteReadError).partial).toEqual(DATA);
    expect((err as IncompleteReadError).expected).toBe(n);
    expect((err as Error).message).toBe("18 bytes read on a total of 36 expected bytes");
    expect(stream._buffer).toEqual(b(""));
  });

  test("exception", async () => {
    const stream = reader();
    stream.feedData(b("line\n"));
    expect(await run(stream.readexactly(2))).toEqual(b("li"));
    stream.setException(new ValueError());
    await expect(run(stream.readexactly(2))).rejects.toBeInstanceOf(ValueError);
  });
});

describe("exceptions, waiters and cancellation", () => {
  test("exception()", () => {
    const stream = reader();
    expect(stream.exception()).toBeUndefined();
    const exc = new ValueError();
    stream.setException(exc);
    expect(stream.exception()).toBe(exc);
  });

  test("setException wakes the waiting read", async () => {
    const stream = reader();
    function* setErr(): Coroutine<void> {
      stream.setException(new ValueError("bad"));
    }
    const t1 = loop.createTask(stream.readline());
    const t2 = loop.createTask(setErr());
    await run(gather(t1, t2, { returnExceptions: true }));
    expect(() => t1.result()).toThrow(ValueError);
  });

  test("setException after the waiting read was cancelled", async () => {
    const stream = reader();
    const t = loop.createTask(stream.readline());
    await run(sleep(0));
    t.cancel();
    await run(sleep(0));
    // Must not try to set an exception on the cancelled waiter.
    stream.setException(new RuntimeError("message"));
    await run(sleep(0));
    expect(stream._waiter).toBeNull();
    expect(t.cancelled()).toBe(true);
  });

  test("cancelling readexactly keeps the buffered bytes for the next read", async () => {
    const stream = reader();
    stream.feedData(b("abc"));
    const t = loop.createTask(stream.readexactly(5));
    await run(sleep(0));
    t.cancel();
    await expect(run(t)).rejects.toBeInstanceOf(CancelledError);
    stream.feedData(b("de"));
    expect(await run(stream.readexactly(5))).toEqual(b("abcde"));
  });

  test("cancelling readuntil keeps the partial line", async () => {
    const stream = reader();
    stream.feedData(b("partial "));
    const t = loop.createTask(stream.readline());
    await run(sleep(0));
    t.cancel();
    await expect(run(t)).rejects.toBeInstanceOf(CancelledError);
    stream.feedData(b("line\n"));
    expect(await run(stream.readline())).toEqual(b("partial line\n"));
  });

  test("two readers at once: the second one is told", async () => {
    const stream = reader();
    const t1 = loop.createTask(stream.read(10));
    const t2 = loop.createTask(stream.read(10));
    await run(sleep(0));
    expect(t2.done()).toBe(true);
    expect(() => t2.result()).toThrow(/read\(\) called while another coroutine is already waiting/);
    stream.feedData(b("x"));
    expect(await run(t1)).toEqual(b("x"));
  });
});

describe("repr", () => {
  test("default", () => {
    expect(String(reader())).toBe("<StreamReader>");
  });
  test("non-default limit", () => {
    expect(String(reader(123))).toBe("<StreamReader limit=123>");
  });
  test("eof", () => {
    const stream = reader();
    stream.feedEof();
    expect(String(stream)).toBe("<StreamReader eof>");
  });
  test("data", () => {
    const stream = reader();
    stream.feedData(b("data"));
    expect(String(stream)).toBe("<StreamReader 4 bytes>");
  });
  test("exception", () => {
    const stream = reader();
    stream.setException(new RuntimeError());
    expect(String(stream)).toBe("<StreamReader exception=RuntimeError()>");
  });
  test("waiter", async () => {
    const stream = reader();
    const t = loop.createTask(stream.read(1));
    await run(sleep(0));
    expect(String(stream)).toMatch(/^<StreamReader waiter=<Future pending[\S ]*>>$/);
    stream.feedEof();
    await run(t);
    expect(String(stream)).toBe("<StreamReader eof>");
  });
});

describe("buffer management", () => {
  test("many small chunks then big reads keep every byte in order", async () => {
    const stream = reader(1 << 20);
    const parts: Buffer[] = [];
    for (let i = 0; i < 5000; i++) {
      const part = b(`${i},`);
      parts.push(part);
      stream.feedData(part);
    }
    stream.feedEof();
    const all = await run(stream.read());
    expect(all.toString()).toBe(Buffer.concat(parts).toString());
  });

  test("views returned by reads are not overwritten by later data", async () => {
    const stream = reader();
    stream.feedData(b("first\nsecond\n"));
    const first = await run(stream.readline());
    stream.feedData(b("third\n".repeat(1000)));
    const second = await run(stream.readline());
    expect(first.toString()).toBe("first\n");
    expect(second.toString()).toBe("second\n");
  });
});
