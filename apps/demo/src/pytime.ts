/**
 * Python's `time.time()`: seconds since the epoch as a float, with sub-millisecond digits
 * (Date.now() has whole milliseconds only).
 */
export function timeTime(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

/** Python's `time.perf_counter()`: a monotonic clock in seconds. */
export function perfCounter(): number {
  return performance.now() / 1000;
}

/**
 * `time.strftime('%X')` in the C locale: the local time as `HH:MM:SS`.
 * @example
 * ```ts
 * strftimeX(new Date(2024, 0, 1, 17, 13, 52)); // "17:13:52"
 * ```
 */
export function strftimeX(date: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/**
 * `time.ctime()`: the local time as `Thu Nov  6 06:14:49 2025` (the day padded with a space).
 * @example
 * ```ts
 * ctime(new Date(2025, 10, 6, 6, 14, 49)); // "Thu Nov  6 06:14:49 2025"
 * ```
 */
export function ctime(date: Date = new Date()): string {
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][date.getDay()];
  const month = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
  ][date.getMonth()];
  return `${day} ${month} ${String(date.getDate()).padStart(2)} ${strftimeX(date)} ${date.getFullYear()}`;
}
