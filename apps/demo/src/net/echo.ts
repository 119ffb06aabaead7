import type { Coroutine } from "@tsio/future";
import {
  type InetAddress,
  openConnection,
  run,
  type Server,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "@tsio/loop";
import { gatherAll } from "@tsio/task";
import { numberOption, parseOptions } from "../args.js";
import { type Example, type Out, UsageError } from "../example.js";
import { formatFixed, pyRepr, reprStr, tuple } from "../pyrepr.js";
import { perfCounter } from "../pytime.js";

const USAGE = `usage: pnpm demo echo [-n CLIENTS] [--port N] [--message TEXT] [-v]

The asyncio docs' TCP echo server and client (streams: startServer, openConnection), in one
program: the server on 127.0.0.1, then CLIENTS clients at once, each sending its message and
reading the echo. Up to 5 clients, every line of both sides is printed (the docs' lines, after
"server:" or "client:"); beyond that a summary, unless -v.
  -n, --clients N   clients at once (default 1)
  --port N          the server's port (default 8888; 0 takes any free one)
  --message TEXT    what each client sends (default 'Hello World!'; with several, '#i' added)
  -v, --verbose     print every line however many clients`;

async function echo(args: string[], out: Out): Promise<number> {
  const { values } = parseOptions(
    {
      args,
      options: {
        clients: { type: "string", short: "n" },
        port: { type: "string" },
        message: { type: "string" },
        verbose: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    },
    USAGE,
  );
  if (values.help) throw new UsageError(USAGE, 0);
  const clients =
    numberOption("clients", values.clients, { integer: true, min: 1, max: 10_000 }) ?? 1;
  const port = numberOption("port", values.port, { integer: true, min: 0, max: 65535 }) ?? 8888;
  const message = values.message ?? "Hello World!";
  const verbose = values.verbose === true || clients <= 5;
  // Both sides print in one terminal here: each line says who speaks.
  const server = (text: string) => {
    if (verbose) out.print(`server: ${text}`);
  };
  const client = (text: string) => {
    if (verbose) out.print(`client: ${text}`);
  };
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();

  // The server (the docs' handle_echo).
  function* handleEcho(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
    const data = yield* reader.read(100);
    const msg = decoder.decode(data);
    const addr = writer.getExtraInfo("peername") as unknown as unknown[];

    server(`Received ${reprStr(msg)} from ${pyRepr(tuple(...addr))}`);

    server(`Send: ${reprStr(msg)}`);
    writer.write(data);
    yield* writer.drain();

    server("Close the connection");
    writer.close();
    yield* writer.waitClosed();
  }

  // The client (the docs' tcp_echo_client).
  function* tcpEchoClient(msg: string, serverPort: number): Coroutine<string> {
    const [reader, writer] = yield* openConnection("127.0.0.1", serverPort);

    client(`Send: ${reprStr(msg)}`);
    writer.write(encoder.encode(msg));
    yield* writer.drain();

    const data = yield* reader.read(100);
    const answer = decoder.decode(data);
    client(`Received: ${reprStr(answer)}`);

    client("Close the connection");
    writer.close();
    yield* writer.waitClosed();
    return answer;
  }

  function* main(): Coroutine<number> {
    let srv: Server<InetAddress>;
    try {
      srv = yield* startServer(handleEcho, "127.0.0.1", port);
    } catch (e) {
      if (
        (e as { errno?: number; code?: string }).code === "EADDRINUSE" ||
        /in use/i.test(String(e))
      ) {
        throw new UsageError(
          `port ${port} on 127.0.0.1 is busy: stop what listens there, or pick another with --port N (0 takes any free one)`,
        );
      }
      throw e;
    }
    const addrs = srv.sockets.map((sock) => pyRepr(tuple(...sock.getsockname()))).join(", ");
    out.print(`server: Serving on ${addrs}`);
    const serverPort = srv.sockets[0]?.getsockname()[1] as number;
    try {
      const t0 = perfCounter();
      const messages = Array.from({ length: clients }, (_, i) =>
        clients === 1 ? message : `${message} #${i + 1}`,
      );
      const answers = yield* gatherAll(messages.map((m) => tcpEchoClient(m, serverPort)));
      const echoed = answers.filter((a, i) => a === messages[i]).length;
      if (!verbose || clients > 1) {
        out.print(
          `${clients} client${clients === 1 ? "" : "s"} at once: ${echoed} echo${echoed === 1 ? "" : "es"} came back intact in ${formatFixed(perfCounter() - t0, 3)}s`,
        );
      }
      return echoed === clients ? 0 : 1;
    } finally {
      srv.close();
      yield* srv.waitClosed();
    }
  }

  return run(main());
}

export default {
  name: "echo",
  summary: "the asyncio docs' TCP echo server and clients (streams)",
  run: echo,
} satisfies Example;
