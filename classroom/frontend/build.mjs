// Build the classroom page's script and style sheet (see README.md here):
//
//   ../static/classroom-page.js    the page script, one minified file;
//   ../static/classroom-page.css   its style sheet;
//   ../static/classroom-page.LICENSES.txt  the licence of every package bundled into them.
//
// The script's first line names the SHA-256 of this folder's sources (sourceDigest below);
// tests/test_classroom.py computes it again, so a change here without a rebuild fails there.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "static");
const SOURCES = ["package.json", "package-lock.json", "build.mjs", "src"];

/** Every source file, relative to this folder, "/"-separated, sorted. */
function sourceFiles() {
  const files = [];
  for (const entry of SOURCES) {
    const full = join(HERE, entry);
    if (!statSync(full).isDirectory()) {
      files.push(entry);
      continue;
    }
    for (const name of readdirSync(full, { recursive: true })) {
      if (statSync(join(full, name)).isFile()) files.push(`${entry}/${name.split(sep).join("/")}`);
    }
  }
  return files.sort();
}

/** SHA-256 over each source file's path and bytes (tests/test_classroom.py does the same). */
function sourceDigest(files) {
  const hash = createHash("sha256");
  for (const path of files) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(HERE, path)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

// ipywidgets' widget manager base imports sanitize-html (with PostCSS and htmlparser2, about
// 230 KB minified) only for inline_sanitize, which shows descriptions written as HTML
// (description_allow_html). The page's manager overrides inline_sanitize (src/page.js) and no
// explorer uses such a description, so the import gets a stub that says so if ever called.
const noSanitizer = {
  name: "no-sanitizer",
  setup(build) {
    build.onResolve({ filter: /^sanitize-html$/ }, (args) => ({
      path: args.path,
      namespace: "no-sanitizer",
    }));
    build.onLoad({ filter: /.*/, namespace: "no-sanitizer" }, () => ({
      contents:
        'export default function sanitize() { throw new Error("sanitize-html is not in the classroom page script"); }',
      loader: "js",
    }));
  },
};

/** The licence of each npm package with code in the bundle, from its package.json and files. */
function licences(metafile) {
  const folders = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = input.match(/^(node_modules\/(?:.*\/node_modules\/)?(@[^/]+\/)?[^/]+)\//);
      if (match && bytesInOutput > 0) folders.add(match[1]);
    }
  }
  const parts = [];
  for (const folder of [...folders].sort()) {
    const meta = JSON.parse(readFileSync(join(HERE, folder, "package.json"), "utf8"));
    const file = readdirSync(join(HERE, folder)).find((name) => /^(licen[cs]e|copying)/i.test(name));
    const text = file
      ? readFileSync(join(HERE, folder, file), "utf8").trim()
      : `(the package ships no licence file; its package.json declares ${meta.license})`;
    parts.push(`${meta.name} ${meta.version} (${meta.license})\n\n${text}\n`);
  }
  return parts.join(`\n${"-".repeat(78)}\n\n`);
}

const sources = sourceFiles();
const digest = sourceDigest(sources);
const result = await esbuild.build({
  absWorkingDir: HERE,
  entryPoints: { "classroom-page": "src/page.js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outdir: OUT,
  legalComments: "none",
  metafile: true,
  banner: {
    js: `/* glutelab classroom page (classroom/frontend), sources sha256 ${digest}; licences: classroom-page.LICENSES.txt */`,
    css: "/* glutelab classroom page (classroom/frontend); licences: classroom-page.LICENSES.txt */",
  },
  define: { "process.env.NODE_ENV": '"production"' },
  plugins: [noSanitizer],
  logLevel: "info",
});
writeFileSync(join(OUT, "classroom-page.LICENSES.txt"), licences(result.metafile));
console.log(`sources sha256 ${digest} (${sources.length} files)`);
console.log(`bundled packages: ${relative(HERE, OUT)}/classroom-page.LICENSES.txt`);
