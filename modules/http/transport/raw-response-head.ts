/** A response head split out of pre-built bytes, plus whatever body bytes followed it. */
export interface RawResponseHead {
  readonly status: number;
  readonly reason: string;
  readonly headers: [string, string][];
  readonly body: Buffer;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/;

/**
 * Split bytes built by the application (not the client) into status, headers and body, so
 * `sendRaw` can go through Node's writer and keep its pipelining order and keep-alive
 * bookkeeping. Strict on purpose: a malformed head is a programming error to report, not
 * something to guess about.
 *
 * @example
 * parseRawResponseHead(Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nhi')).status; // 200
 */
export function parseRawResponseHead(raw: Buffer): RawResponseHead {
  const end = raw.indexOf(HEAD_END);
  if (end < 0) throw new TypeError('sendRaw: bytes must start with a complete response head ending in CRLF CRLF');
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const match = STATUS_LINE.exec(statusLine);
  if (match === null) throw new TypeError(`sendRaw: malformed status line ${JSON.stringify(statusLine)}`);
  const headers: [string, string][] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new TypeError(`sendRaw: malformed header line ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'transfer-encoding') {
      throw new TypeError('sendRaw: chunked raw responses are not supported; use sendStart/sendChunk, which chunk for you');
    }
    headers.push([name, value]);
  }
  return { status: Number(match[1]), reason: match[2] ?? '', headers, body: raw.subarray(end + HEAD_END.length) };
}
