export {
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileNotFoundError,
  fromNodeError,
  gaierror,
  OSError,
  type OSErrorOptions,
  PermissionError,
  SSLCertVerificationError,
  SSLError,
} from "./errors.js";
export {
  type OpenConnectionOptions,
  type OpenUnixConnectionOptions,
  openConnection,
  openUnixConnection,
} from "./open-connection.js";
export type { ClientConnectedCallback } from "./protocol.js";
export { DEFAULT_LIMIT, type Separator, StreamReader, type StreamReaderOptions } from "./reader.js";
export {
  Server,
  type StartServerOptions,
  type StartUnixServerOptions,
  startServer,
  startUnixServer,
  TransportSocket,
} from "./server.js";
export { type ClientSSL, type ServerSSL, SSL_HANDSHAKE_TIMEOUT } from "./tls.js";
export { type InetAddress, type SockAddr, SocketTransport } from "./transport.js";
export { type StartTlsWriterOptions, StreamWriter } from "./writer.js";
