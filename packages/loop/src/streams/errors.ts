/**
 * Python's OSError family, as asyncio streams raise it, built from Node's system errors.
 *
 * Node reports a failed socket call as an `Error` with a `code` ("ECONNRESET") and a negative
 * `errno`; Python raises a class per condition (`ConnectionResetError`) with a positive `errno`.
 * {@link fromNodeError} maps one to the other and keeps Node's `code` and `syscall` and the
 * original error as `cause`, so that both `instanceof ConnectionResetError` and
 * `e.code === "ECONNRESET"` work.
 * @module
 */
import { constants } from "node:os";
import { AsyncioError, TimeoutError } from "@tsio/future";

/**
 * Fields an {@link OSError} carries besides its message (and `cause`, from ErrorOptions). A
 * plain options object; the constructor throws nothing.
 *
 * @example
 * ```ts
 * const options: OSErrorOptions = { errno: 111, code: "ECONNREFUSED", syscall: "connect" };
 * throw new OSError("Connect call failed ('127.0.0.1', 1)", options);
 * ```
 */
export interface OSErrorOptions extends ErrorOptions {
  /** The POSIX error number, positive as in Python (111 for ECONNREFUSED). */
  errno?: number;
  /** The system's text for the error ("Connection refused"). */
  strerror?: string;
  /** Node's error code ("ECONNREFUSED"). */
  code?: string;
  /** The system call that failed ("connect", "read", "getaddrinfo"). */
  syscall?: string;
}

/**
 * Python's `OSError`: a system call failed. `errno` is Python's (positive) error number,
 * `strerror` its text, `code` Node's name for it.
 *
 * @example
 * ```ts
 * try { yield* openConnection("127.0.0.1", 1); } catch (e) {
 *   if (e instanceof OSError) console.log(e.errno, e.code); // 111 "ECONNREFUSED"
 * }
 * ```
 */
export class OSError extends AsyncioError {
  /**
   * The POSIX error number, positive as in Python; undefined when not a system error.
   * @example
   * ```ts
   * new OSError("refused", { errno: 111 }).errno; // 111
   * ```
   */
  readonly errno: number | undefined;
  /**
   * The system's text for the error.
   * @example
   * ```ts
   * new OSError("refused", { strerror: "Connection refused" }).strerror; // "Connection refused"
   * ```
   */
  readonly strerror: string | undefined;
  /**
   * Node's error code, e.g. "ECONNRESET".
   * @example
   * ```ts
   * new OSError("reset", { code: "ECONNRESET" }).code; // "ECONNRESET"
   * ```
   */
  readonly code: string | undefined;
  /**
   * The system call that failed, when known.
   * @example
   * ```ts
   * new OSError("refused", { syscall: "connect" }).syscall; // "connect"
   * ```
   */
  readonly syscall: string | undefined;

  constructor(message?: string, options?: OSErrorOptions) {
    super(message, options);
    this.errno = options?.errno;
    this.strerror = options?.strerror;
    this.code = options?.code;
    this.syscall = options?.syscall;
  }
}

/**
 * Python's `ConnectionError`: the base of the connection failures below.
 * @example
 * ```ts
 * if (e instanceof ConnectionError) reconnect();
 * ```
 */
export class ConnectionError extends OSError {}

/**
 * Python's `BrokenPipeError` (EPIPE): writing to a connection the peer has closed.
 * @example
 * ```ts
 * try { writer.write(data); yield* writer.drain(); } catch (e) { if (e instanceof BrokenPipeError) ... }
 * ```
 */
export class BrokenPipeError extends ConnectionError {}

/**
 * Python's `ConnectionAbortedError` (ECONNABORTED): the connection was aborted locally, or a
 * TLS handshake took too long.
 * @example
 * ```ts
 * if (e instanceof ConnectionAbortedError) console.log("aborted");
 * ```
 */
export class ConnectionAbortedError extends ConnectionError {}

/**
 * Python's `ConnectionRefusedError` (ECONNREFUSED): nothing listens on that address.
 * @example
 * ```ts
 * try { yield* openConnection("127.0.0.1", 1); } catch (e) { if (e instanceof ConnectionRefusedError) ... }
 * ```
 */
export class ConnectionRefusedError extends ConnectionError {}

/**
 * Python's `ConnectionResetError` (ECONNRESET): the peer reset the connection, or the stream
 * was used after its connection was lost.
 * @example
 * ```ts
 * try { yield* reader.read(100); } catch (e) { if (e instanceof ConnectionResetError) ... }
 * ```
 */
export class ConnectionResetError extends ConnectionError {}

/**
 * Python's `FileNotFoundError` (ENOENT): e.g. no Unix socket at that path.
 * @example
 * ```ts
 * try { yield* openUnixConnection("/tmp/none.sock"); } catch (e) { if (e instanceof FileNotFoundError) ... }
 * ```
 */
export class FileNotFoundError extends OSError {}

/**
 * Python's `PermissionError` (EACCES, EPERM): e.g. binding a port below 1024 without rights.
 * @example
 * ```ts
 * if (e instanceof PermissionError) console.log("not allowed");
 * ```
 */
export class PermissionError extends OSError {}

/**
 * Python's `socket.gaierror`: a host name could not be resolved. `errno` is getaddrinfo's
 * (negative) code, as in Python (-2 for "Name or service not known").
 * @example
 * ```ts
 * try { yield* openConnection("no-such-host.invalid", 80); } catch (e) { if (e instanceof gaierror) ... }
 * ```
 */
export class gaierror extends OSError {}

/**
 * Python's `ssl.SSLError`: the TLS layer failed (handshake, protocol).
 * @example
 * ```ts
 * if (e instanceof SSLError) console.log("TLS failed:", e.message);
 * ```
 */
export class SSLError extends OSError {}

/**
 * Python's `ssl.SSLCertVerificationError`: the peer's certificate could not be verified
 * (self-signed, expired, wrong host name). `verifyMessage` says why.
 * @example
 * ```ts
 * try { yield* openConnection(host, 443, { ssl: true }); } catch (e) {
 *   if (e instanceof SSLCertVerificationError) console.log(e.verifyMessage);
 * }
 * ```
 */
export class SSLCertVerificationError extends SSLError {
  /**
   * Why verification failed, e.g. "self-signed certificate".
   * @example
   * ```ts
   * const err = new SSLCertVerificationError("certificate verify failed", "self-signed certificate");
   * err.verifyMessage; // "self-signed certificate"
   * ```
   */
  readonly verifyMessage: string;
  constructor(message: string, verifyMessage: string, options?: OSErrorOptions) {
    super(message, options);
    this.verifyMessage = verifyMessage;
  }
}

/** The C library's texts for the errors sockets meet (Linux wording, as Python prints it). */
const STRERROR: Record<string, string> = {
  ECONNRESET: "Connection reset by peer",
  ECONNREFUSED: "Connection refused",
  ECONNABORTED: "Software caused connection abort",
  EPIPE: "Broken pipe",
  ETIMEDOUT: "Connection timed out",
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address",
  EHOSTUNREACH: "No route to host",
  ENETUNREACH: "Network is unreachable",
  ENOTCONN: "Transport endpoint is not connected",
  ESHUTDOWN: "Cannot send after transport endpoint shutdown",
};

/** getaddrinfo failures: Node's code -> [Python's errno (EAI_*), text]. */
const GAI: Record<string, [number, string]> = {
  ENOTFOUND: [-2, "Name or service not known"],
  EAI_NONAME: [-2, "Name or service not known"],
  EAI_AGAIN: [-3, "Temporary failure in name resolution"],
  EAI_FAIL: [-4, "Non-recoverable failure in name resolution"],
  ENODATA: [-5, "No address associated with hostname"],
  EAI_NODATA: [-5, "No address associated with hostname"],
};

/** OpenSSL verification codes as Node names them -> OpenSSL's text. */
const CERT_VERIFY: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "self-signed certificate in certificate chain",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "unable to verify the first certificate",
  UNABLE_TO_GET_ISSUER_CERT: "unable to get issuer certificate",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "unable to get local issuer certificate",
  CERT_HAS_EXPIRED: "certificate has expired",
  CERT_NOT_YET_VALID: "certificate is not yet valid",
  CERT_REVOKED: "certificate revoked",
  CERT_UNTRUSTED: "certificate not trusted",
  CERT_REJECTED: "certificate rejected",
  CERT_SIGNATURE_FAILURE: "certificate signature failure",
  INVALID_CA: "invalid CA certificate",
  ERR_TLS_CERT_ALTNAME_INVALID: "Hostname mismatch, certificate is not valid for the host",
};

type ErrorClass = new (message: string, options?: OSErrorOptions) => OSError;

const BY_CODE: Record<string, ErrorClass> = {
  ECONNRESET: ConnectionResetError,
  ECONNREFUSED: ConnectionRefusedError,
  ECONNABORTED: ConnectionAbortedError,
  EPIPE: BrokenPipeError,
  ESHUTDOWN: BrokenPipeError,
  ENOENT: FileNotFoundError,
  EACCES: PermissionError,
  EPERM: PermissionError,
};

interface NodeSystemError extends Error {
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
  hostname?: unknown;
  reason?: unknown;
}

/**
 * Python's text for an address: `('127.0.0.1', 8888)`, or the path of a Unix socket.
 * @internal
 */
export function formatAddress(host: string | undefined | null, port?: number | null): string {
  if (port === undefined || port === null) return `'${host ?? ""}'`;
  return `('${host ?? ""}', ${port})`;
}

/**
 * Python's error for a Node error: the class Python would raise (ConnectionResetError for
 * ECONNRESET, gaierror for ENOTFOUND, SSLCertVerificationError for an untrusted certificate,
 * TimeoutError for ETIMEDOUT, OSError otherwise), with Python's `[Errno N] text` message plus
 * `context` when given. Errors that are already ours pass through unchanged.
 *
 * @param error - what Node gave (an `Error` with `code`/`errno`), or anything else.
 * @param context - appended to the message, e.g. "Connect call failed ('127.0.0.1', 1)".
 * @example
 * ```ts
 * socket.on("error", (e) => reader.setException(fromNodeError(e)));
 * ```
 */
export function fromNodeError(error: unknown, context?: string): Error {
  if (error instanceof OSError || error instanceof AsyncioError) return error;
  if (!(error instanceof Error)) {
    return new OSError(context ?? String(error), { cause: error });
  }
  const e = error as NodeSystemError;
  const code = typeof e.code === "string" ? e.code : undefined;
  const syscall = typeof e.syscall === "string" ? e.syscall : undefined;
  const suffix = context === undefined ? "" : `: ${context}`;
  if (code === undefined) return new OSError(`${e.message}${suffix}`, { cause: e });

  const gai = GAI[code];
  if (gai !== undefined || syscall === "getaddrinfo") {
    const [errno, text] = gai ?? [undefined, e.message];
    const host = typeof e.hostname === "string" ? ` (host '${e.hostname}')` : "";
    return new gaierror(`[Errno ${errno}] ${text}${host}${suffix}`, {
      errno,
      strerror: text,
      code,
      syscall,
      cause: e,
    });
  }

  const verify = CERT_VERIFY[code];
  if (verify !== undefined) {
    const detail =
      code === "ERR_TLS_CERT_ALTNAME_INVALID" && typeof e.reason === "string"
        ? `: ${e.reason}`
        : "";
    return new SSLCertVerificationError(
      `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${verify}${detail}${suffix}`,
      verify,
      { errno: 1, strerror: verify, code, syscall, cause: e },
    );
  }
  if (code.startsWith("ERR_SSL_") || code === "EPROTO" || code.startsWith("ERR_TLS_")) {
    return new SSLError(`[SSL] ${e.message}${suffix}`, { code, syscall, cause: e });
  }

  const errno = (constants.errno as Record<string, number | undefined>)[code];
  const strerror = STRERROR[code] ?? e.message;
  const message = `[Errno ${errno ?? code}] ${strerror}${suffix}`;
  const options: OSErrorOptions = { errno, strerror, code, syscall, cause: e };
  if (code === "ETIMEDOUT") {
    // Python's TimeoutError is asyncio's (an OSError in Python); keep the system fields on it.
    return Object.assign(new TimeoutError(message, { cause: e }), {
      errno,
      strerror,
      code,
      syscall,
    });
  }
  const Cls = BY_CODE[code] ?? OSError;
  return new Cls(message, options);
}

/**
 * Python's error for a failed bind: `[Errno 98] error while attempting to bind on address
 * ('127.0.0.1', 8888): address already in use`, as an OSError (PermissionError for EACCES).
 * @internal
 */
export function bindError(error: unknown, address: string): Error {
  const mapped = fromNodeError(error);
  if (!(mapped instanceof OSError) || mapped.errno === undefined) return mapped;
  const text = (mapped.strerror ?? mapped.message).toLowerCase();
  const hint =
    mapped.code === "EADDRINUSE"
      ? " (another server listens there: stop it, or pass port 0 to get a free port)"
      : "";
  const Cls = mapped instanceof PermissionError ? PermissionError : OSError;
  return new Cls(
    `[Errno ${mapped.errno}] error while attempting to bind on address ${address}: ${text}${hint}`,
    {
      errno: mapped.errno,
      strerror: mapped.strerror,
      code: mapped.code,
      syscall: mapped.syscall,
      cause: error,
    },
  );
}
