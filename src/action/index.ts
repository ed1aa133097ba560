// The Action's entry point (bundled into dist/index.js): all the work is in main.ts.
import {run} from './main.js';

await run();
