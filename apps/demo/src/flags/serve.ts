import { numberOption, parseOptions } from "../args.js";
import { type Example, type Out, UsageError } from "../example.js";
import { scaled } from "../scale.js";
import { COUNTRY_CODES } from "./countries.js";
import { type FlagServerOptions, PortInUseError, startFlagServer } from "./server.js";

const USAGE = `usage: pnpm demo flags serve [--port N] [--host ADDR] [--delay S | --delay-min S --delay-max S]
                             [--error-rate R] [--quiet]

  --port N          port to listen on (default 8000; 0 takes any free port)
  --host ADDR       address to listen on (default 127.0.0.1)
  --delay S         wait S seconds before every answer under /flags/ (the book's DELAY server)
  --delay-min S, --delay-max S
                    wait a random time between the two instead
  --error-rate R    answer 418 to a fraction R (0 to 1) of requests (the book's ERROR server)
  --quiet           do not log each request`;

/** The flag server's default port (the book's LOCAL server, http://localhost:8000/flags). */
export const DEFAULT_FLAG_PORT = 8000;

/** Reads the serve options; UsageError for bad ones. */
export function serveOptions(args: string[]): FlagServerOptions & { quiet: boolean } {
  const { values } = parseOptions(
    {
      args,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        delay: { type: "string" },
        "delay-min": { type: "string" },
        "delay-max": { type: "string" },
        "error-rate": { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    },
    USAGE,
  );
  if (values.help) throw new UsageError(USAGE, 0);
  const seconds = (name: string, text: string | undefined) => {
    const value = numberOption(name, text, { min: 0 });
    return value === undefined ? undefined : scaled(value);
  };
  const options = {
    port:
      numberOption("port", values.port, { min: 0, max: 65535, integer: true }) ?? DEFAULT_FLAG_PORT,
    host: values.host ?? "127.0.0.1",
    delay: seconds("delay", values.delay),
    delayMin: seconds("delay-min", values["delay-min"]),
    delayMax: seconds("delay-max", values["delay-max"]),
    errorRate: numberOption("error-rate", values["error-rate"], { min: 0, max: 1 }),
    quiet: values.quiet === true,
  };
  if (
    options.delay !== undefined &&
    (options.delayMin !== undefined || options.delayMax !== undefined)
  ) {
    throw new UsageError("give --delay or --delay-min/--delay-max, not both");
  }
  if ((options.delayMin === undefined) !== (options.delayMax === undefined)) {
    throw new UsageError("--delay-min and --delay-max go together");
  }
  if (
    options.delayMin !== undefined &&
    options.delayMax !== undefined &&
    options.delayMin > options.delayMax
  ) {
    throw new UsageError("--delay-min must not be greater than --delay-max");
  }
  return options;
}

/** Resolves at SIGINT or SIGTERM (Ctrl-C), or when the signal aborts. */
function untilStopped(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    signal?.addEventListener("abort", stop);
  });
}

/**
 * `flags serve`: runs the flag server until Ctrl-C. `signal` stops it too (for tests).
 */
export async function serve(args: string[], out: Out, signal?: AbortSignal): Promise<number> {
  const { quiet, ...options } = serveOptions(args);
  let server: Awaited<ReturnType<typeof startFlagServer>>;
  try {
    server = await startFlagServer({
      ...options,
      log: quiet ? undefined : (line) => out.print(out.colors.dim(line)),
    });
  } catch (e) {
    if (e instanceof PortInUseError) throw new UsageError(e.message);
    throw e;
  }
  const mode: string[] = [];
  if (options.delay !== undefined) mode.push(`delay ${options.delay}s`);
  if (options.delayMin !== undefined)
    mode.push(`delay ${options.delayMin}s to ${options.delayMax}s`);
  if (options.errorRate) mode.push(`error rate ${options.errorRate}`);
  out.print(
    `Serving the flags of ${COUNTRY_CODES.length} countries at ${out.colors.bold(`${server.url}/flags/`)}` +
      (mode.length > 0 ? ` (${mode.join(", ")})` : ""),
  );
  out.print(out.colors.dim("Press Ctrl-C to stop."));
  await untilStopped(signal);
  await server.close();
  out.print("Flag server stopped.");
  return 0;
}

export default {
  name: "serve",
  summary: "a flag server on 127.0.0.1 (194 countries; --delay, --error-rate)",
  run: (args, out) => serve(args, out),
} satisfies Example;
