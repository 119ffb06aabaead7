import { gatherAll, run, sleep } from "tsio";

function* preprocessReviews(reviewSens: string[], spacing: (s: string) => string) {
  return yield* gatherAll(
    reviewSens.map(function* (sentence) {
      yield* sleep(0); // stands for real asynchronous work
      return spacing(sentence);
    }),
  );
}

export class Converter {
  constructor(private readonly spacing: (s: string) => string) {}

  // A synchronous method cannot wait in JavaScript: asyncio.run(...) becomes `run(...)`, a
  // Promise, so the method returns a Promise (or is async) and its caller awaits it.
  async convertInputToDataset(reviewSens: string[], _padTokenLabelId: number) {
    const preprocessedReviews = await run(preprocessReviews(reviewSens, this.spacing));
    return preprocessedReviews;
  }
}
