// @tsio/future installed alone, from CommonJS: a Future on a minimal loop.
const assert = require("node:assert/strict");
const { _setRunningLoop, CancelledError, Future, InvalidStateError } = require("@tsio/future");
const { createMiniLoop } = require("./mini-loop.cjs");

const loop = createMiniLoop({ Future, _setRunningLoop });
const fut = loop.createFuture();
loop.callSoon(() => fut.setException(new RangeError("boom")));
fut.then(
  () => assert.fail("the future failed"),
  (e) => {
    assert.ok(e instanceof RangeError);
    assert.equal(fut.exception(), e);
    assert.throws(() => fut.setResult(1), InvalidStateError);
    const other = new Future({ loop });
    other.cancel();
    assert.throws(() => other.result(), CancelledError);
    console.log("@tsio/future (cjs): ok");
  },
);
