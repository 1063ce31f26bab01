// Sends raw request bytes to a real Node's HTTP server over one loopback TCP connection and
// records what Node made of them, as one JSON object on stdout:
//   { node, llhttp, requests: [{method, url, httpVersion, headers, body}], clientErrors: [...],
//     response (base64 of every byte the server wrote back), closedBy }
// Usage: node http_server.mjs '<server options as JSON>' < request-bytes
//   server options: what http.createServer takes (insecureHTTPParser, httpValidation, ...).
// The server listens on 127.0.0.1 only. A parser that never returns blocks this process; the
// caller's timeout is what notices it (nodefuzz-triage confirm).
import http from 'node:http';
import net from 'node:net';

const options = JSON.parse(process.argv[2] || '{}');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const bytes = Buffer.concat(chunks);

const record = {
  node: process.version, llhttp: process.versions.llhttp, options,
  requests: [], clientErrors: [], response: '', closedBy: null,
};
const server = http.createServer(options, (req, res) => {
  const body = [];
  req.on('data', (d) => body.push(d));
  req.on('end', () => {
    record.requests.push({
      method: req.method, url: req.url, httpVersion: req.httpVersion,
      headers: req.rawHeaders, body: Buffer.concat(body).toString('base64'),
    });
    res.end(`served ${record.requests.length}\n`);
  });
});
server.on('clientError', (err, socket) => {
  record.clientErrors.push({ code: err.code, reason: err.reason ?? err.message, bytesParsed: err.bytesParsed });
  socket.destroy();
});
server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1', () => {
    socket.write(bytes);
    // Half-close after a pause, as a client that has sent everything: the server may still answer.
    setTimeout(() => socket.end(), 300);
  });
  const answer = [];
  socket.on('data', (d) => answer.push(d));
  socket.on('end', () => { record.closedBy ??= 'server'; });
  socket.on('close', () => {
    record.response = Buffer.concat(answer).toString('base64');
    record.closedBy ??= 'client';
    server.close();
    process.stdout.write(JSON.stringify(record) + '\n');
  });
});
