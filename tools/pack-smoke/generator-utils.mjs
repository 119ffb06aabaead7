// @tsio/generator-utils installed alone: Python's send / throw / close / yield from.
import assert from "node:assert/strict";
import {
  close,
  GeneratorExit,
  getGeneratorState,
  next,
  StopIteration,
  send,
  throwInto,
  yieldFrom,
} from "@tsio/generator-utils";

const log = [];
function* echo() {
  try {
    for (;;) {
      try {
        log.push(yield log.length);
      } catch (e) {
        if (e instanceof GeneratorExit) throw e;
        log.push(`caught ${e.message}`);
      }
    }
  } catch (e) {
    if (e instanceof GeneratorExit) log.push("closed");
    throw e;
  }
}
const gen = echo();
assert.equal(next(gen), 0);
assert.equal(send(gen, "a"), 1);
assert.equal(throwInto(gen, new Error("x")), 2);
close(gen);
assert.deepEqual(log, ["a", "caught x", "closed"]);
assert.equal(getGeneratorState(gen), "GEN_CLOSED");

function* inner() {
  const got = yield 1;
  return `inner got ${got}`;
}
function* outer() {
  return yield* yieldFrom(inner());
}
const o = outer();
next(o);
assert.throws(
  () => send(o, "v"),
  (e) => e instanceof StopIteration && e.value === "inner got v",
);
console.log("@tsio/generator-utils (esm): ok");
