// Sends a reproducer's request bytes to a real Node's HTTP server over one loopback TCP
// connection, exactly as they are, and records what Node made of them (nodefuzz-triage confirm;
// the bytes and options come from the target's explain tool, which decodes the fuzz input).
//
// Usage: node http_server.mjs < run.json
//   run.json: {"stream": bytes, "options": what http.createServer takes (insecureHTTPParser,
//              httpValidation, ...), "upgrade_listener": bool}
//   bytes are JSON strings with one code point U+0000..U+00FF per byte (latin1).
// Output: one JSON object per line on stdout — {"event": "started"}, {"event": "sent"}, then the
// record: {"event": "record", node, versions, options, option_honoured, requests: [{method, url,
// httpVersion, headers, body, complete, upgrade, at}], client_errors: [{code, reason,
// bytesParsed, at}], response: what the server wrote back, closed: {by, at} or null}.
// Times (at) are milliseconds since the bytes were sent. The server runs with
// requireHostHeader: false unless told otherwise, so that a request without Host (most
// reproducers have none) reaches the handler with its body rather than a 400 written by Node's
// JavaScript layer after llhttp framed it.
//
// Only 127.0.0.1 is listened on. A parser that never returns stops this process's event loop:
// no timer fires, nothing more is printed, and nodefuzz-triage's time limit ends it.
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const latin1 = (buf) => Buffer.from(buf).toString('latin1');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const run = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const options = { requireHostHeader: false, ...(run.options ?? {}) };
const pick = ({ llhttp, ada, simdutf, nbytes, uv }) => ({ llhttp, ada, simdutf, nbytes, uv });
emit({ event: 'started', node: process.version, versions: pick(process.versions) });

// Sends `bytes` on one connection to a server made with `serverOptions`; resolves with the record.
function exchange(bytes, serverOptions, { upgradeListener = false, quiet = false } = {}) {
  return new Promise((resolve) => {
    let sentAt = performance.now();
    const at = () => Math.round(performance.now() - sentAt);
    const record = { requests: [], client_errors: [], response: '', closed: null };
    const server = http.createServer(serverOptions, (req, res) => {
      const request = { method: req.method, url: req.url, httpVersion: req.httpVersion,
                        headers: req.rawHeaders, body: '', complete: false, at: at() };
      record.requests.push(request);
      req.on('data', (d) => { request.body += latin1(d); });
      req.on('end', () => {
        request.complete = true;
        res.end(`served ${record.requests.length}\n`);
      });
    });
    const upgraded = (req, socket, head) => {
      record.requests.push({ method: req.method, url: req.url, httpVersion: req.httpVersion,
                             headers: req.rawHeaders, body: latin1(head), complete: true,
                             upgrade: true, at: at() });
      socket.destroy();
    };
    if (upgradeListener) server.on('upgrade', upgraded);
    server.on('connect', upgraded);
    server.on('clientError', (err, socket) => {
      record.client_errors.push({ code: err.code, reason: err.reason ?? err.message,
                                  bytesParsed: err.bytesParsed, at: at() });
      socket.destroy();
    });
    server.listen(0, '127.0.0.1', () => {
      const socket = net.connect(server.address().port, '127.0.0.1', () => {
        sentAt = performance.now();
        socket.write(bytes);
        if (!quiet) emit({ event: 'sent', bytes: bytes.length });
        // Half-close after a pause, as a client that has sent everything: the server may still
        // answer, and a body read until the end of the connection ends here.
        setTimeout(() => socket.end(), 300);
        // A connection the server keeps open after that: recorded as open (closed: null).
        setTimeout(() => socket.destroy(), 1500);
      });
      const answer = [];
      socket.on('data', (d) => answer.push(d));
      socket.on('end', () => { record.closed ??= { by: 'server', at: at() }; });
      socket.on('error', () => {});
      socket.on('close', () => {
        record.response = latin1(Buffer.concat(answer));
        server.close();
        resolve(record);
      });
    });
  });
}

// httpValidation is newer than some Nodes, which ignore an option they do not know: whether this
// one honours it shows in a header value with a control octet, which only a lenient parser takes.
let optionHonoured = true;
if (run.options?.httpValidation !== undefined && !run.options?.insecureHTTPParser) {
  const probe = await exchange(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\nX: \x01\r\n\r\n', 'latin1'),
                               options, { quiet: true });
  optionHonoured = probe.requests.length > 0;
}

// An option this Node ignores would only repeat the default run.
const record = optionHonoured
  ? await exchange(Buffer.from(run.stream, 'latin1'), options, { upgradeListener: Boolean(run.upgrade_listener) })
  : { requests: [], client_errors: [], response: '', closed: null };
emit({ event: 'record', node: process.version, versions: pick(process.versions), options,
       option_honoured: optionHonoured, ...record });
