import type { Example, Out } from "../example.js";
import { type Downloader, type Flags2Program, flags2Main, flagsMain } from "./common.js";

/**
 * True when the arguments ask for the book's first version (flags.py and friends): nothing but
 * `--dest` / `--url`. Any country code or flags2 option (and `-h`) selects the flags2 version.
 */
export function wantsFirstVersion(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--dest" || arg === "--url") i++;
    else if (!(arg.startsWith("--dest=") || arg.startsWith("--url="))) return false;
  }
  return true;
}

/**
 * One `pnpm demo flags <name>` command: the first version with no options, the flags2 version
 * (the book's command line) with any.
 */
export function flagsExample(
  name: string,
  summary: string,
  first: Downloader,
  second: Flags2Program,
): Example & { flags2: Flags2Program } {
  return {
    name,
    summary,
    flags2: second,
    async run(args: string[], out: Out) {
      if (wantsFirstVersion(args)) return flagsMain(name, args, out, first);
      await flags2Main(second, args, out);
      return 0;
    },
  };
}

/** The flags2 program behind a `flags <name>` example. */
export function programOf(example: Example & { flags2: Flags2Program }): Flags2Program {
  return example.flags2;
}
