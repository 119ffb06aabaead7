import { type AbstractEventLoop, getRunningLoop, RuntimeError } from "@tsio/future";

/**
 * asyncio's `mixins._LoopBoundMixin`: a primitive binds to the loop that runs when it first has
 * to wait, and refuses to wait on another loop afterwards. Creating one needs no loop.
 * @internal
 */
export class LoopBound {
  /** @internal */ _loop: AbstractEventLoop | null = null;

  /**
   * The running loop, binding this primitive to it on first use.
   * @throws {RuntimeError} with no running loop, or when bound to a different loop.
   * @internal
   */
  _getLoop(): AbstractEventLoop {
    const loop = getRunningLoop();
    if (this._loop === null) this._loop = loop;
    if (loop !== this._loop) {
      throw new RuntimeError(
        `${String(this)} is bound to a different event loop: create primitives inside the loop that uses them`,
      );
    }
    return loop;
  }
}
