export { isCoroutine, isCoroutineFunction } from "./coroutines.js";
