// Bundles trailwise with esbuild into single ESM files:
//   node scripts/build.mjs                      dist/index.js (the GitHub Action, committed) and dist/cli.js with its
//                                               chunks in dist/cli-chunks/ (the CLI, built by `npm run build`, not committed)
//   node scripts/build.mjs --check              rebuilds the Action in a temp dir; exit 1 if dist/index.js differs
//   node scripts/build.mjs --action-out FILE    builds only the Action, to FILE (tests run the bundle of the source)
//   node scripts/build.mjs --cli-only           builds only dist/cli.js (npm's `prepare`: git installs, `npm pack`)
//   node scripts/build.mjs --validators-out F   builds only the standalone validators (src/precompiled-validators.ts
//                                               as the bundles have it), to F (tests compare them with ajv's)
// Every schema known at build time is compiled here to ajv standalone code (scripts/standalone-validators.ts), which
// replaces src/precompiled-validators.ts in both bundles: the CLI and the Action then validate without compiling a
// schema at start-up.
// The output depends only on the sources and the lockfile (paths are relative to the repository, no timestamps), so
// a rebuild of an unchanged tree gives the same bytes and the check can compare them.
import {existsSync} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {tsImport} from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ACTION_ENTRY = 'src/action/index.ts';
const ACTION_OUT = 'dist/index.js';
const CLI_ENTRY = 'src/cli/main.ts';
const CLI_OUT = 'dist/cli.js';

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies (undici, the AWS SDK's) call require(); an ESM bundle has none unless we make one.
  banner: {js: "import {createRequire as __trailwiseCreateRequire} from 'node:module'; const require = __trailwiseCreateRequire(import.meta.url);"},
  define: {'process.env.NODE_ENV': '"production"'},
};

// ink imports react-devtools-core only when DEV is set; marking it external would hoist a static import that fails.
const stubDevtools = {
  name: 'stub-react-devtools-core',
  setup(b) {
    b.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
    b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {initialize() {}, connectToDevTools() {}};'}));
  },
};

// The Action never renders a terminal: if ink or react ever gets pulled in, fail the build instead of shipping it.
const forbidInk = {
  name: 'forbid-ink',
  setup(b) {
    b.onResolve({filter: /^(ink|react|react-reconciler)(\/|$)/}, (args) => ({
      errors: [{text: `the Action bundle must not load ${args.path} (imported by ${path.relative(root, args.importer)})`}],
    }));
  },
};

const VALIDATORS = 'trailwise-validators';

/** The standalone validators, generated once per build (the Action and the CLI share them). */
let generated;
async function standaloneValidators() {
  if (!generated) {
    const {generateStandaloneValidators, BUILTIN_POLICY_DIR} = await tsImport('./standalone-validators.ts', import.meta.url);
    generated = await generateStandaloneValidators(BUILTIN_POLICY_DIR);
  }
  return generated;
}

// src/precompiled-validators.ts (none, in the sources) becomes the generated index, which imports one module per
// validator from the `trailwise-validators:` namespace.
const precompiledValidators = {
  name: 'precompiled-validators',
  setup(b) {
    const resolveDir = path.join(root, 'src');
    b.onLoad({filter: /[\\/]src[\\/]precompiled-validators\.ts$/}, async () => ({contents: (await standaloneValidators()).index, loader: 'js', resolveDir}));
    b.onResolve({filter: new RegExp(`^${VALIDATORS}:`)}, (args) => ({path: args.path.slice(VALIDATORS.length + 1), namespace: VALIDATORS}));
    b.onLoad({filter: /.*/, namespace: VALIDATORS}, async (args) => ({contents: (await standaloneValidators()).modules[args.path], loader: 'js', resolveDir}));
  },
};

async function buildAction(outfile) {
  // Minified because the bundle is committed (7 MB → 3.6 MB, mostly AWS SDK clients); names are kept so that a
  // "trailwise bug" stack trace still says which function failed.
  await build({...common, entryPoints: [ACTION_ENTRY], outfile, minify: true, keepNames: true, plugins: [forbidInk, precompiledValidators]});
}

// The CLI is split into chunks (`dist/cli-chunks/`) loaded by each command's `import()`: `--help`, `rules` and
// `evaluate` then parse only what they run, not the AWS SDK clients, ink and React of `scan` and `audit`.
const CLI_CHUNKS = 'cli-chunks';

async function buildCli(outfile) {
  const outdir = path.dirname(outfile);
  await rm(path.join(outdir, CLI_CHUNKS), {recursive: true, force: true});
  await build({
    ...common,
    entryPoints: {[path.basename(outfile, '.js')]: CLI_ENTRY},
    outdir,
    splitting: true,
    chunkNames: `${CLI_CHUNKS}/[name]-[hash]`,
    jsx: 'automatic',
    // Whitespace only (names stay, so a bug's stack trace still says which function failed): every command parses
    // less, the standalone validators' chunk most (7 MB pretty-printed, 2.9 MB without the indentation).
    minifyWhitespace: true,
    plugins: [stubDevtools, precompiledValidators],
  });
}

async function buildValidators(outfile) {
  await build({...common, entryPoints: ['src/precompiled-validators.ts'], outfile, plugins: [precompiledValidators]});
}

async function check() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'trailwise-build-'));
  try {
    const fresh = path.join(dir, 'index.js');
    await buildAction(fresh);
    const committedPath = path.join(root, ACTION_OUT);
    const committed = existsSync(committedPath) ? await readFile(committedPath) : undefined;
    if (!committed) {
      console.error(`${ACTION_OUT} is missing: run \`npm run build\` and commit ${ACTION_OUT}.`);
      return 1;
    }
    if (!committed.equals(await readFile(fresh))) {
      console.error(`${ACTION_OUT} does not match a fresh build of ${ACTION_ENTRY}: run \`npm run build\` and commit ${ACTION_OUT}.`);
      return 1;
    }
    console.log(`${ACTION_OUT} matches a fresh build.`);
    return 0;
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}

async function main(argv) {
  if (argv.includes('--check')) return check();
  if (argv.includes('--cli-only')) {
    await buildCli(path.join(root, CLI_OUT));
    return 0;
  }
  const validatorsIndex = argv.indexOf('--validators-out');
  if (validatorsIndex !== -1) {
    if (!argv[validatorsIndex + 1]) {
      console.error('--validators-out needs a file name');
      return 2;
    }
    await buildValidators(path.resolve(argv[validatorsIndex + 1]));
    return 0;
  }
  const outIndex = argv.indexOf('--action-out');
  if (outIndex !== -1) {
    const outfile = argv[outIndex + 1];
    if (!outfile) {
      console.error('--action-out needs a file name');
      return 2;
    }
    await buildAction(path.resolve(outfile));
    return 0;
  }
  await buildAction(path.join(root, ACTION_OUT));
  console.log(`built ${ACTION_OUT}`);
  if (existsSync(path.join(root, CLI_ENTRY))) {
    await buildCli(path.join(root, CLI_OUT));
    console.log(`built ${CLI_OUT}`);
  } else {
    console.log(`skipped ${CLI_OUT}: ${CLI_ENTRY} does not exist yet`);
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // esbuild has already printed the located errors; one line says which build failed.
  console.error(`build failed: ${err instanceof Error ? err.message.split('\n')[0] : err}`);
  process.exitCode = 1;
}
