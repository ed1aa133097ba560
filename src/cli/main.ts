#!/usr/bin/env node
// The `trailwise` executable: everything lives in program.ts, so tests can run the CLI in-process.
import {runCli} from './program.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await runCli(process.argv.slice(2));
