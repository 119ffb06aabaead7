export { TCPConnector, type TCPConnectorOptions } from "./connector.js";
export {
  type AbstractCookieJar,
  CookieJar,
  type CookieJarOptions,
  DummyCookieJar,
  type LooseCookies,
  type Morsel,
  parseSetCookieHeaders,
} from "./cookiejar.js";
export {
  ClientConnectionError,
  ClientConnectorCertificateError,
  ClientConnectorDNSError,
  ClientConnectorError,
  ClientConnectorSSLError,
  ClientError,
  ClientOSError,
  ClientPayloadError,
  ClientResponseError,
  ClientSSLError,
  type ConnectionKey,
  ConnectionTimeoutError,
  ContentTypeError,
  DecompressSizeError,
  InvalidURL,
  InvalidUrlClientError,
  InvalidUrlRedirectClientError,
  LineTooLong,
  NonHttpUrlClientError,
  NonHttpUrlRedirectClientError,
  PayloadTooLargeError,
  RedirectClientError,
  type RequestInfo,
  ServerConnectionError,
  ServerDisconnectedError,
  ServerTimeoutError,
  SocketTimeoutError,
  TooManyRedirects,
} from "./errors.js";
export {
  type AddFieldOptions,
  type FieldValue,
  FormData,
  type FormDataOptions,
} from "./formdata.js";
export { BasicAuth, type MimeType, parseMimetype } from "./helpers.js";
export { CIMultiDict, CIMultiDictProxy, type HeadersInit } from "./multidict.js";
export { ClientResponse, type JsonOptions, type TextOptions } from "./response.js";
export {
  ClientSession,
  type ClientSessionOptions,
  type OneOffRequestOptions,
  type Params,
  type RaiseForStatus,
  RequestContextManager,
  type RequestData,
  type RequestOptions,
  request,
} from "./session.js";
export { StreamIterator, StreamReader } from "./streams.js";
export { ClientTimeout, type ClientTimeoutOptions, DEFAULT_TIMEOUT } from "./timeout.js";
export {
  Signal,
  type TraceCallback,
  TraceConfig,
  type TraceContext,
  type TraceRequestEndParams,
  type TraceRequestExceptionParams,
  type TraceRequestStartParams,
  type TraceResponseChunkReceivedParams,
} from "./tracing.js";
