// Has a real Node's HTTP client read raw response bytes from a loopback server, and records what
// it made of them, as one JSON object on stdout:
//   { node, llhttp, responses: [{statusCode, headers, body}], errors: [...] }
// Usage: node http_client.mjs '<request options as JSON>' < response-bytes
//   request options: what http.request takes (insecureHTTPParser, httpValidation, method, ...)
//   plus "requests": how many requests to send one after another on one kept-alive socket
//   (default 1), so that what the client takes for the next response shows.
import http from 'node:http';
import net from 'node:net';

const { requests = 1, ...options } = JSON.parse(process.argv[2] || '{}');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const bytes = Buffer.concat(chunks);

const record = { node: process.version, llhttp: process.versions.llhttp, options, responses: [], errors: [] };
const server = net.createServer((socket) => {
  socket.once('data', () => socket.write(bytes));  // the whole stream answers the first request
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const port = server.address().port;
  const send = (n) => {
    if (n === requests) return finish();
    const req = http.request({ host: '127.0.0.1', port, path: `/${n}`, agent, ...options }, (res) => {
      const body = [];
      res.on('data', (d) => body.push(d));
      res.on('end', () => {
        record.responses.push({ statusCode: res.statusCode, headers: res.rawHeaders,
                                body: Buffer.concat(body).toString('base64') });
        send(n + 1);
      });
    });
    req.on('error', (err) => { record.errors.push({ code: err.code, message: err.message }); finish(); });
    req.setTimeout(1000, () => { record.errors.push({ code: 'TIMEOUT', message: `request ${n} got no answer` }); req.destroy(); });
    req.end();
  };
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    agent.destroy();
    server.close();
    process.stdout.write(JSON.stringify(record) + '\n');
  };
  send(0);
});
