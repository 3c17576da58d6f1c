// The JavaScript a route needs before it can show: the entry chunk, the lazy chunks of the route's screens, and
// everything they import statically — from the build's manifest, gzipped as the server sends them.
// Usage: node web/scripts/bundle-size.mjs [screen …]   (default: the agent workspace behind the signed-in shell)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));
const screens = process.argv.slice(2);
const wanted = screens.length ? screens : ['src/shell/PortalShell.tsx', 'src/screens/agent/AgentWorkspace.tsx'];

const files = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const child of chunk.imports ?? []) visit(child);
};
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
visit(entry);
for (const key of wanted) {
  if (!manifest[key]) throw new Error(`no chunk for ${key} in the manifest`);
  visit(key);
}
let raw = 0;
let gzip = 0;
for (const file of files) {
  const bytes = readFileSync(path.join(dist, file));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
console.log(
  `${wanted.join(' + ')}: ${files.size} JS files, ${(raw / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzipped`,
);
