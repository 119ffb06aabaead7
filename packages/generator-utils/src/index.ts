export { isCoroutine, isCoroutineFunction } from "./coroutines.js";
export { GeneratorExit, RuntimeError, StopIteration } from "./exceptions.js";
export { close, next, prime, send, throwInto } from "./protocol.js";
export { PyGenerator } from "./py-generator.js";
export { type GeneratorLike, type GeneratorState, getGeneratorState } from "./state.js";
export { yieldFrom } from "./yield-from.js";
