// Has a real Node's HTTP client read a reproducer's response bytes from a loopback server and
// records what it made of them (nodefuzz-triage confirm; the bytes come from the target's explain
// tool, which decodes the fuzz input and cuts the stream where the RFC 9112 model ends each
// request's answer).
//
// Usage: node http_client.mjs < run.json
//   run.json: {"options": what http.request takes (insecureHTTPParser, ...), "exchanges":
//              [{"method", "answer": bytes}]}: the client sends one request per exchange on one
//              kept-alive socket, the next once the response before has ended, as an
//              application does; the server answers the n-th request on that connection with
//              the n-th answer. Bytes are JSON strings, one code point U+0000..U+00FF per byte.
// Output: JSON objects, one per line — {"event": "started"}, {"event": "sent"}, then the record:
// {"event": "record", node, versions, options, option_honoured, responses: [{request,
// statusCode, headers, body, complete, at}], interim: [{request, statusCode, at}], errors:
// [{request, code, message, at}], connections: how many the client opened}.
// Times (at) are milliseconds since the first request was sent. Only 127.0.0.1 is listened on.
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const latin1 = (buf) => Buffer.from(buf).toString('latin1');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const run = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const options = run.options ?? {};
const exchanges = run.exchanges ?? [];
const pick = ({ llhttp, ada, simdutf, nbytes, uv }) => ({ llhttp, ada, simdutf, nbytes, uv });
emit({ event: 'started', node: process.version, versions: pick(process.versions) });

const startedAt = performance.now();
const at = () => Math.round(performance.now() - startedAt);
const record = { responses: [], interim: [], errors: [], connections: 0 };

// The stream is one connection's worth: a connection after the first is closed at once, which
// the client reports as an error of the request it sent there.
const server = net.createServer((socket) => {
  socket.on('error', () => {});
  if (++record.connections > 1) {
    socket.destroy();
    return;
  }
  let received = '';
  let answered = 0;
  socket.on('data', (d) => {
    received += latin1(d);
    // One answer per request head read (the client's requests have no body).
    for (let end; (end = received.indexOf('\r\n\r\n')) >= 0; received = received.slice(end + 4)) {
      if (answered < exchanges.length) socket.write(Buffer.from(exchanges[answered++].answer, 'latin1'));
    }
  });
});

let finished = false;
const finish = () => {
  if (finished) return;
  finished = true;
  agent.destroy();
  server.close();
  // Whether this Node honours httpValidation on its client is not checked (null).
  emit({ event: 'record', node: process.version, versions: pick(process.versions), options,
         option_honoured: options.httpValidation === undefined ? true : null, ...record });
};
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const send = (n) => {
    if (n >= exchanges.length) return finish();
    const req = http.request({ host: '127.0.0.1', port, path: `/${n}`, agent,
                               method: exchanges[n].method, ...options }, (res) => {
      const response = { request: n, statusCode: res.statusCode, headers: res.rawHeaders,
                         body: '', complete: false, at: at() };
      record.responses.push(response);
      res.on('data', (d) => { response.body += latin1(d); });
      res.on('end', () => {
        response.complete = res.complete;
        send(n + 1);
      });
      res.on('error', () => {});
    });
    req.on('information', (info) => {
      record.interim.push({ request: n, statusCode: info.statusCode, at: at() });
    });
    req.on('upgrade', (res, socket) => {
      record.responses.push({ request: n, statusCode: res.statusCode, headers: res.rawHeaders,
                              body: '', complete: true, upgrade: true, at: at() });
      socket.destroy();
      finish();
    });
    req.on('error', (err) => {
      record.errors.push({ request: n, code: err.code, message: err.message, at: at() });
      finish();
    });
    // A response the client frames as longer than the answer waits here.
    req.setTimeout(1000, () => {
      record.errors.push({ request: n, code: 'TIMEOUT', message: `no end of response ${n + 1} within 1 s`, at: at() });
      req.destroy();
      finish();
    });
    req.end();
    if (n === 0) emit({ event: 'sent' });
  };
  send(0);
});
