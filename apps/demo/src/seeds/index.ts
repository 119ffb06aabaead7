import type { Example } from "../example.js";
import funcGatherLoop from "./000-func-gather-loop.js";
import futureDone from "./000-future-done.js";
import loopRunForever from "./000-loop-run-forever.js";
import loopRunUntilCompleteGather from "./000-loop-run-until-complete-gather.js";
import pep3148AsCompleted from "./000-pep3148-as-completed.js";
import aiohttpDelay from "./001-aiohttp-delay.js";
import asyncioRunSource from "./001-asyncio-run-source.js";
import createTask from "./001-create-task.js";
import databasesSqlite from "./001-databases-sqlite.js";
import factorialGather from "./001-factorial-gather.js";
import factorialReturnExceptions from "./001-factorial-return-exceptions.js";
import helloWorld from "./001-hello-world.js";
import nestedCoroutine from "./001-nested-coroutine.js";
import nestedTask from "./001-nested-task.js";
import runInExecutor from "./001-run-in-executor.js";
import runInsideRunningLoop from "./001-run-inside-running-loop.js";
import sequentialAwait from "./001-sequential-await.js";
import waitForTimeout from "./001-wait-for-timeout.js";
import futureAwaitable from "./002-future-awaitable.js";
import gatherRaises from "./002-gather-raises.js";
import gatherReturnExceptions from "./002-gather-return-exceptions.js";
import nestedCoroutine2 from "./002-nested-coroutine.js";
import nestedTask2 from "./002-nested-task.js";
import preprocessReviews from "./002-preprocess-reviews.js";
import replHelloWorld from "./002-repl-hello-world.js";
import sayAfterAwait from "./002-say-after-await.js";
import sayAfterCreateTask from "./002-say-after-create-task.js";
import addPrintAdd from "./003-add-print-add.js";
import flagsAsyncio from "./003-flags-asyncio.js";
import getFlagBlockingVsNonblocking from "./003-get-flag-blocking-vs-nonblocking.js";
import spinnerAsyncio from "./003-spinner-asyncio.js";
import spinnerThread from "./003-spinner-thread.js";
import coroutineAwait from "./004-coroutine-await.js";
import generatorNext from "./004-generator-next.js";
import generatorReturnValue from "./004-generator-return-value.js";
import generatorSendThrow from "./004-generator-send-throw.js";
import yieldFrom from "./004-yield-from.js";

/** The seeds' 37 examples, in the seeds' order (see SEED-EXAMPLES.md). */
export const seedExamples: readonly Example[] = [
  funcGatherLoop,
  loopRunForever,
  loopRunUntilCompleteGather,
  pep3148AsCompleted,
  futureDone,
  helloWorld,
  runInsideRunningLoop,
  sequentialAwait,
  createTask,
  asyncioRunSource,
  factorialGather,
  factorialReturnExceptions,
  waitForTimeout,
  nestedCoroutine,
  nestedTask,
  runInExecutor,
  aiohttpDelay,
  databasesSqlite,
  replHelloWorld,
  sayAfterAwait,
  sayAfterCreateTask,
  nestedCoroutine2,
  nestedTask2,
  futureAwaitable,
  preprocessReviews,
  gatherRaises,
  gatherReturnExceptions,
  spinnerThread,
  spinnerAsyncio,
  addPrintAdd,
  flagsAsyncio,
  getFlagBlockingVsNonblocking,
  generatorNext,
  generatorSendThrow,
  generatorReturnValue,
  yieldFrom,
  coroutineAwait,
];

/** The seeds' examples not runnable yet, and what each waits for (none left). */
export const pendingSeeds: ReadonlyArray<{ name: string; waitsFor: string }> = [];
