// Runs a URL reproducer's calls in a real Node — new URL(input, base), URL.canParse, property
// assignments, URLSearchParams, url.domainToASCII / domainToUnicode — and records what each gave
// (nodefuzz-triage confirm). The calls come from url_explain --scenario, which decodes the fuzz
// input and says what the standard gives; nodefuzz-triage compares.
//
// Usage: node url.mjs < run.json
//   run.json: {"steps": [...]}, url_explain's steps (fuzzers/url/explain/url_explain.cc).
// Output: {"event": "started"}, then {"event": "record", node, versions, observations: [one per
// step]}, one JSON object per line. A URL observation holds ok, canParse (a parse), error (when
// it threw) and the components; URLSearchParams' entries and string; a domain call's value.
import url from 'node:url';

const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const run = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const pick = ({ ada, icu, uv }) => ({ ada, icu, uv });
emit({ event: 'started', node: process.version, versions: pick(process.versions) });

const kComponents = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port',
                     'pathname', 'search', 'hash'];
const components = (u) => Object.fromEntries(kComponents.map((k) => [k, u[k]]));
const failure = (e) => ({ ok: false, error: `${e.name}: ${e.message}` });

let current = null;  // the URL parses make and setters change
let params = null;   // the URLSearchParams the params-* steps change
const observations = [];
const paramsState = () => ({ entries: [...params], string: params.toString() });

for (const step of run.steps) {
  let seen;
  try {
    switch (step.op) {
      case 'parse': {
        const args = step.base === undefined ? [step.input] : [step.input, step.base];
        const canParse = URL.canParse(...args);
        try {
          current = new URL(...args);
          seen = { ok: true, canParse, ...components(current) };
        } catch (e) {
          current = null;
          seen = { ...failure(e), canParse };
        }
        break;
      }
      case 'reparse':
        seen = current ? { ok: true, ...components(new URL(current.href)) } : { skipped: 'no URL to reparse' };
        break;
      case 'set':
        if (!current) {
          seen = { skipped: 'no URL to assign to' };
          break;
        }
        current[step.property] = step.value;
        seen = { ok: true, ...components(current) };
        break;
      case 'params': params = new URLSearchParams(step.input); seen = paramsState(); break;
      case 'params-append': params.append(step.name, step.value); seen = paramsState(); break;
      case 'params-set': params.set(step.name, step.value); seen = paramsState(); break;
      case 'params-delete': params.delete(step.name); seen = paramsState(); break;
      case 'params-delete-pair': params.delete(step.name, step.value); seen = paramsState(); break;
      case 'params-sort': params.sort(); seen = paramsState(); break;
      case 'params-rebuild': params = new URLSearchParams(params.toString()); seen = paramsState(); break;
      case 'domainToASCII':
      case 'domainToUnicode': {
        const input = step.input_from === undefined ? step.input : observations[step.input_from]?.value;
        seen = { value: url[step.op](input ?? '') };
        break;
      }
      default:
        seen = { skipped: `unknown step ${step.op}` };
    }
  } catch (e) {
    seen = failure(e);
  }
  observations.push(seen);
}
emit({ event: 'record', node: process.version, versions: pick(process.versions), observations });
