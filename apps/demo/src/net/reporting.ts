/** The crawler's `reporting.py`: one line per URL, then the totals. */
import type { Out } from "../example.js";
import { formatFixed } from "../pyrepr.js";
import { ctime, timeTime } from "../pytime.js";
import type { Crawler, FetchStatistic } from "./crawling.js";

/** Record stats of various sorts. */
class Stats {
  private readonly stats = new Map<string, number>();

  add(key: string, count = 1): void {
    this.stats.set(key, (this.stats.get(key) ?? 0) + count);
  }

  report(out: Out): void {
    for (const [key, count] of [...this.stats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      out.print(String(count).padStart(10), key);
    }
  }
}

/** Print a report on all completed URLs. */
export function report(crawler: Crawler, out: Out): void {
  const t1 = crawler.t1 ?? timeTime();
  const dt = t1 - crawler.t0;
  const speed = dt && crawler.maxTasks ? crawler.done.length / dt / crawler.maxTasks : 0;
  const stats = new Stats();
  out.print("*** Report ***");
  const show = [...crawler.done].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  for (const stat of show) urlReport(stat, stats, out);
  out.print(
    "Finished",
    crawler.done.length,
    `urls in ${formatFixed(dt, 3)} secs`,
    `(max_tasks=${crawler.maxTasks})`,
    `(${formatFixed(speed, 3)} urls/sec/task)`,
  );
  stats.report(out);
  out.print("Todo:", crawler.q.qsize());
  out.print("Done:", crawler.done.length);
  out.print("Date:", ctime(), "local time");
}

/** Print a report on the state for this URL, and update the Stats. */
function urlReport(stat: FetchStatistic, stats: Stats, out: Out): void {
  if (stat.exception) {
    stats.add("fail");
    stats.add(`fail_${stat.exception.name}`);
    out.print(stat.url, "error", stat.exception.message);
  } else if (stat.nextUrl) {
    stats.add("redirect");
    out.print(stat.url, stat.status, "redirect", stat.nextUrl);
  } else if (stat.contentType === "text/html") {
    stats.add("html");
    stats.add("html_bytes", stat.size);
    out.print(
      stat.url,
      stat.status,
      stat.contentType,
      stat.encoding,
      stat.size,
      `${stat.numNewUrls}/${stat.numUrls}`,
    );
  } else {
    if (stat.status === 200) {
      stats.add("other");
      stats.add("other_bytes", stat.size);
    } else {
      stats.add("error");
      stats.add("error_bytes", stat.size);
      stats.add(`status_${stat.status}`);
    }
    out.print(stat.url, stat.status, stat.contentType, stat.encoding, stat.size);
  }
}
