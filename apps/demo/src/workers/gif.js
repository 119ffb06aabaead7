// The seed server's stand-in flag, shared by the flag server (src/flags/server.ts) and the
// worker-thread server of the blocking get_flag example (gif-server.js). Plain JavaScript so
// that a worker can import it with Node's own loader.

/**
 * A 1x1 GIF89a carrying the upper-case code in a comment block: 41 bytes for a two-letter
 * code (the seeds print `41 bytes b'GIF89a'`).
 * @param {string} cc
 * @returns {Buffer}
 */
export function gifBody(cc) {
  const comment = Buffer.from(cc.toUpperCase());
  return Buffer.concat([
    Buffer.from("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00", "latin1"),
    Buffer.from("!\xfe", "latin1"),
    Buffer.from([comment.length]),
    comment,
    Buffer.from([0]),
    Buffer.from(",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;", "latin1"),
  ]);
}
