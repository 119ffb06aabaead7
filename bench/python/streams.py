"""CPython anchor for bench/streams.bench.ts: prints one JSON line.

The same two jobs with asyncio streams: echo round trips (readline on both sides) over many
connections, and the bulk throughput of one connection (writes with drain, reads until EOF).
"""
import asyncio, json, sys, time

CONNS = int(sys.argv[1]) if len(sys.argv) > 1 else 100
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 500
BULK = int(sys.argv[3]) if len(sys.argv) > 3 else 256 * 1024 * 1024
CHUNK = int(sys.argv[4]) if len(sys.argv) > 4 else 64 * 1024
HOST = "127.0.0.1"
LINE = b"x" * 63 + b"\n"


async def echo_lines(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line)
        await writer.drain()
    writer.close()


async def echo_client(port):
    reader, writer = await asyncio.open_connection(HOST, port)
    for _ in range(ROUNDS):
        writer.write(LINE)
        await writer.drain()
        line = await reader.readline()
        assert len(line) == len(LINE)
    writer.close()
    await writer.wait_closed()


async def echo():
    server = await asyncio.start_server(echo_lines, HOST, 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    await asyncio.gather(*[echo_client(port) for _ in range(CONNS)])
    server.close()
    await server.wait_closed()


async def count_bytes(reader, writer):
    n = 0
    while True:
        block = await reader.read(CHUNK)
        if not block:
            break
        n += len(block)
    writer.write(f"{n}\n".encode())
    await writer.drain()
    writer.close()


async def bulk():
    server = await asyncio.start_server(count_bytes, HOST, 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection(HOST, port)
    chunk = b"a" * CHUNK
    sent = 0
    while sent < BULK:
        writer.write(chunk)
        await writer.drain()
        sent += CHUNK
    writer.write_eof()
    reply = await reader.readline()
    assert int(reply) == BULK, reply
    writer.close()
    server.close()
    await server.wait_closed()


def best(fn, repeat=5):
    """Best wall time and best CPU time (user + system) of `repeat` runs, after a warm-up."""
    asyncio.run(fn())
    wall = cpu = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        asyncio.run(fn())
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu


echo_s, echo_cpu = best(echo)
bulk_s, bulk_cpu = best(bulk)
print(json.dumps({"echo_s": echo_s, "echo_cpu": echo_cpu, "bulk_s": bulk_s, "bulk_cpu": bulk_cpu}))
