import { run } from "@tsio/loop";
import { gatherAll, sleep } from "@tsio/task";
import type { Example, Out } from "../example.js";

function* preprocessReviews(reviewSens: string[], spacing: (sentence: string) => string) {
  function* one(sentence: string) {
    // twin: each sentence "preprocessed" concurrently
    yield* sleep(0);
    return spacing(sentence);
  }
  return yield* gatherAll(reviewSens.map((s) => one(s)));
}

class ReviewDataset {
  // twin: the seed shows only the method
  spacing(sentence: string): string {
    // twin: stands for the seed's self.spacing (Python's ' '.join(sentence.split()))
    return sentence.split(/\s+/).filter(Boolean).join(" ");
  }

  /**
   * JavaScript cannot block, so the one entry into tsio from synchronous code hands back the
   * Promise that run() returns instead of its value.
   */
  convertInputToDataset(reviewSens: string[], _padTokenLabelId: number): Promise<string[]> {
    const preprocessedReviews = run(preprocessReviews(reviewSens, (s) => this.spacing(s)));
    return preprocessedReviews; // twin: the seed's "..."
  }
}

async function demo(_args: string[], out: Out): Promise<undefined> {
  out.print(
    await new ReviewDataset().convertInputToDataset(["정말   좋아요", "별로  예요 "], -100),
  );
  return undefined;
}

export default {
  name: "002-preprocess-reviews",
  summary: "run() as the entry from synchronous code (a method)",
  run: demo,
} satisfies Example;
