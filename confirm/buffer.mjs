// Runs an encoding reproducer's calls in a real Node — Buffer.from(s, enc), buf.write(s, 0,
// length, enc), buf.toString(enc), atob, buffer.isUtf8 / isAscii, TextDecoder — and records what
// each gave (nodefuzz-triage confirm). The calls come from enc_explain --scenario, which decodes
// the fuzz input and says what the models give; nodefuzz-triage compares.
//
// Usage: node buffer.mjs < run.json
//   run.json: {"steps": [...]}, enc_explain's steps (fuzzers/encoding/explain/enc_explain.cc);
//   strings are arrays of UTF-16 code units, bytes arrays of numbers.
// Output: {"event": "started"}, then {"event": "record", node, versions, observations: [one per
// step]}, one JSON object per line.
import { isAscii, isUtf8 } from 'node:buffer';

const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const run = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const pick = ({ simdutf, nbytes, base64, uv }) => ({ simdutf, nbytes, base64, uv });
emit({ event: 'started', node: process.version, versions: pick(process.versions) });

// Built a unit at a time: lone surrogates stay as they are.
const string = (units) => units.reduce((s, u) => s + String.fromCharCode(u), '');
const units = (s) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));

const observations = [];
for (const step of run.steps) {
  let seen;
  try {
    switch (step.op) {
      case 'buffer-from':
        seen = { bytes: [...Buffer.from(string(step.string), step.encoding)] };
        break;
      case 'buffer-write': {
        const buf = Buffer.alloc(step.length);
        const written = buf.write(string(step.string), 0, step.length, step.encoding);
        seen = { written, bytes: [...buf.subarray(0, written)] };
        break;
      }
      case 'buffer-to-string':
        seen = { string: units(Buffer.from(step.bytes).toString(step.encoding)) };
        break;
      case 'atob':
        try {
          seen = { ok: true, bytes: units(atob(string(step.string))) };
        } catch (e) {
          seen = { ok: false, error: `${e.name}: ${e.message}` };
        }
        break;
      case 'is-utf8': seen = { value: isUtf8(Buffer.from(step.bytes)) }; break;
      case 'is-ascii': seen = { value: isAscii(Buffer.from(step.bytes)) }; break;
      case 'text-decode':
        try {
          seen = { ok: true, string: units(new TextDecoder('utf-8', { fatal: step.fatal, ignoreBOM: true }).decode(Buffer.from(step.bytes))) };
        } catch (e) {
          seen = { ok: false, error: `${e.name}: ${e.message}` };
        }
        break;
      default:
        seen = { skipped: `unknown step ${step.op}` };
    }
  } catch (e) {
    seen = { ok: false, error: `${e.name}: ${e.message}` };
  }
  observations.push(seen);
}
emit({ event: 'record', node: process.version, versions: pick(process.versions), observations });
