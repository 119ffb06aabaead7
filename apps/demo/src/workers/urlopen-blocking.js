// A worker thread that runs one urlopenReadShared (see urllib.js) for a thread blocked in
// Atomics.wait: started with `new Worker(url, { workerData })`, which boots at once, where a
// pool's submit() posts its call only when the submitting thread returns to its event loop.
import { workerData } from "node:worker_threads";
import { urlopenReadShared } from "./urllib.js";

await urlopenReadShared(workerData.url, workerData.timeout, workerData.shared);
