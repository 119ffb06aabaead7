// workerpool's worker for bench/executors.bench.ts.
const workerpool = require("workerpool");

workerpool.worker({ inc: (x) => x + 1 });
