/** The simulator's entry for the CLI: traces, the HTML report, the --json summary, the progress bar. */
export { createProgress } from './progress.js';
export { renderReport } from './report.js';
export { summaryOf } from './result.js';
export type { SimulationResult } from './result.js';
export { loadTrace, rescaleToP99 } from './traces.js';
