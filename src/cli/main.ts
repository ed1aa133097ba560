#!/usr/bin/env node
// The `trailwise` executable: everything lives in program.ts, so tests can run the CLI in-process.
import {runCli} from './program.js';

// trailwise supports Node 20: the SDK's notice about its own future Node requirement is not the user's to act on mid-scan.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await runCli(process.argv.slice(2));
